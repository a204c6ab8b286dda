"""The registry's own writes keep contacts' `number_on_do_not_call_list` true, whatever makes
them: statement-level AFTER INSERT, UPDATE and DELETE triggers on the registry recheck, in one
UPDATE, the contacts (live or archived) carrying a number whose being listed the statement
changed, as phone or secondary phone, through crm_numbers_on_registry (0006). The API, the
admin, the commands and a DBA's psql alike. They take the team's numbers lock exclusive first
(contacts 0012), so that the recheck sees every contact committed by a writer that held it.
"""

from django.db import migrations

# The (team, number) pairs whose being live the statement changed: for an UPDATE, those live
# on one side of it only (a new reason changes nothing; a removal, a new number or team does).
# Only rows whose flag changes are written. Two index probes per pair (contact_team_phone_idx,
# contact_team_phone2_idx): OFFSET 0 keeps the lateral subquery a probe per pair, where a join
# planned from the statistics hashed every team's contacts for an import batch. The contact
# trigger is skipped (crm.numbers_checked): it would compute, per row, the value this UPDATE
# writes. JIT is off: for an import's batch of 100,000 numbers compiling took most of the time.
RECHECK = """
CREATE FUNCTION crm_registry_recheck_contacts() RETURNS trigger LANGUAGE plpgsql
SET jit = off
SET crm.numbers_checked = 'on'
AS $$
DECLARE
    teams uuid[];
    numbers varchar[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(team_id), array_agg(number) INTO teams, numbers
        FROM added WHERE removed_at IS NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(team_id), array_agg(number) INTO teams, numbers
        FROM deleted WHERE removed_at IS NULL;
    ELSE
        SELECT array_agg(team_id), array_agg(number) INTO teams, numbers FROM (
            (SELECT team_id, number FROM old_entries WHERE removed_at IS NULL
             EXCEPT SELECT team_id, number FROM new_entries WHERE removed_at IS NULL)
            UNION ALL
            (SELECT team_id, number FROM new_entries WHERE removed_at IS NULL
             EXCEPT SELECT team_id, number FROM old_entries WHERE removed_at IS NULL)
        ) AS changed;
    END IF;
    IF teams IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(crm_team_numbers_lock_key(team))
    FROM (SELECT DISTINCT team FROM unnest(teams) AS given (team) ORDER BY team) AS locked;
    UPDATE contacts_contact AS c
    SET number_on_do_not_call_list = NOT c.number_on_do_not_call_list
    FROM (
        SELECT DISTINCT carrying.id
        FROM unnest(teams, numbers) AS changed (team, number)
        CROSS JOIN LATERAL (
            SELECT id FROM contacts_contact
            WHERE team_id = changed.team AND phone = changed.number
            UNION ALL
            SELECT id FROM contacts_contact
            WHERE team_id = changed.team AND phone_secondary = changed.number
            OFFSET 0
        ) AS carrying
    ) AS carrying
    WHERE c.id = carrying.id
      AND c.number_on_do_not_call_list <> (
        SELECT on_registry FROM crm_numbers_on_registry(c.team_id, c.phone, c.phone_secondary)
      );
    RETURN NULL;
END
$$;
"""

# A trigger with transition tables takes one event.
TRIGGERS = """
CREATE TRIGGER do_not_call_added_recheck_contacts
AFTER INSERT ON donotcall_donotcallentry REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION crm_registry_recheck_contacts();
CREATE TRIGGER do_not_call_changed_recheck_contacts
AFTER UPDATE ON donotcall_donotcallentry REFERENCING OLD TABLE AS old_entries
NEW TABLE AS new_entries
FOR EACH STATEMENT EXECUTE FUNCTION crm_registry_recheck_contacts();
CREATE TRIGGER do_not_call_deleted_recheck_contacts
AFTER DELETE ON donotcall_donotcallentry REFERENCING OLD TABLE AS deleted
FOR EACH STATEMENT EXECUTE FUNCTION crm_registry_recheck_contacts();
"""

DROP_TRIGGERS = """
DROP TRIGGER do_not_call_deleted_recheck_contacts ON donotcall_donotcallentry;
DROP TRIGGER do_not_call_changed_recheck_contacts ON donotcall_donotcallentry;
DROP TRIGGER do_not_call_added_recheck_contacts ON donotcall_donotcallentry;
"""


class Migration(migrations.Migration):
    dependencies = [
        # The contacts' flag, their number indexes and crm_team_numbers_lock_key.
        ("contacts", "0020_filter_indexes"),
        ("donotcall", "0006_numbers_on_registry_function"),
    ]

    operations = [
        migrations.RunSQL(RECHECK, "DROP FUNCTION crm_registry_recheck_contacts()"),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
