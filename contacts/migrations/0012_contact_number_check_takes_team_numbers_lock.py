"""The contact trigger takes the team's numbers lock, and runs only when a number can change.

A contact's write of a number and a registry write of the same number in two concurrent
transactions could each miss the other (neither sees the other's uncommitted row), leaving a
listed number callable. Both now hold one transaction-level advisory lock per team, "the
team's numbers" (its key is `crm_team_numbers_lock_key`): registry writers take it exclusive
before writing (donotcall.services.lock_team_numbers), so their recheck sees every committed
contact; the trigger takes it shared before its probe, which, a later statement of a
volatile function, then sees every committed registry entry.

On UPDATE the trigger runs only when the team, a number or the flag itself changes (the flag
so that a stale value written back by a full save is still corrected, as in 0011): a save
that leaves the numbers alone neither probes nor waits for a registry write.
"""

from django.db import migrations

LOCK_KEY = """
CREATE FUNCTION crm_team_numbers_lock_key(team uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT hashtextextended('team-numbers:' || team::text, 0) $$;
"""

# The registry probe, as 0011 wrote it; this migration only puts the lock before it.
PROBE = """
    NEW.number_on_do_not_call_list := EXISTS (
        SELECT 1 FROM donotcall_donotcallentry AS e
        WHERE e.team_id = NEW.team_id AND e.number = NEW.phone AND e.removed_at IS NULL
    ) OR (NEW.phone_secondary IS NOT NULL AND EXISTS (
        SELECT 1 FROM donotcall_donotcallentry AS e
        WHERE e.team_id = NEW.team_id AND e.number = NEW.phone_secondary
          AND e.removed_at IS NULL
    ));"""


def _check_numbers(first: str = "") -> str:
    return f"""
CREATE OR REPLACE FUNCTION crm_contact_check_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{first}{PROBE}
    RETURN NEW;
END
$$;
"""


CHECK_NUMBERS = _check_numbers(
    "\n    PERFORM pg_advisory_xact_lock_shared(crm_team_numbers_lock_key(NEW.team_id));"
)
OLD_CHECK_NUMBERS = _check_numbers()

NOT_SKIPPED = "current_setting('crm.numbers_checked', true) IS DISTINCT FROM 'on'"

# WHEN cannot name OLD on INSERT: one trigger per event, the same function.
TRIGGERS = f"""
DROP TRIGGER contact_number_on_do_not_call_list ON contacts_contact;
CREATE TRIGGER contact_number_on_do_not_call_list
BEFORE INSERT ON contacts_contact FOR EACH ROW
WHEN ({NOT_SKIPPED})
EXECUTE FUNCTION crm_contact_check_numbers();
CREATE TRIGGER contact_number_on_do_not_call_list_changed
BEFORE UPDATE OF team_id, phone, phone_secondary, number_on_do_not_call_list
ON contacts_contact FOR EACH ROW
WHEN ({NOT_SKIPPED} AND (
    OLD.team_id IS DISTINCT FROM NEW.team_id
    OR OLD.phone IS DISTINCT FROM NEW.phone
    OR OLD.phone_secondary IS DISTINCT FROM NEW.phone_secondary
    OR OLD.number_on_do_not_call_list IS DISTINCT FROM NEW.number_on_do_not_call_list
))
EXECUTE FUNCTION crm_contact_check_numbers();
"""

OLD_TRIGGERS = f"""
DROP TRIGGER contact_number_on_do_not_call_list_changed ON contacts_contact;
DROP TRIGGER contact_number_on_do_not_call_list ON contacts_contact;
CREATE TRIGGER contact_number_on_do_not_call_list
BEFORE INSERT OR UPDATE OF team_id, phone, phone_secondary, number_on_do_not_call_list
ON contacts_contact FOR EACH ROW
WHEN ({NOT_SKIPPED})
EXECUTE FUNCTION crm_contact_check_numbers();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0011_contact_number_on_do_not_call_list"),
    ]

    operations = [
        migrations.RunSQL(LOCK_KEY, "DROP FUNCTION crm_team_numbers_lock_key(uuid)"),
        migrations.RunSQL(CHECK_NUMBERS, OLD_CHECK_NUMBERS),
        migrations.RunSQL(TRIGGERS, OLD_TRIGGERS),
    ]
