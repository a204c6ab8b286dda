"""The contact trigger asks crm_numbers_on_registry (donotcall 0006) whether the contact's
numbers are listed, instead of its own copy of the probe: one definition for the trigger, the
registry's recheck and the contacts importer. It still takes the team's numbers lock shared
first (0012); the probe, inlined into the trigger's cached plan, is the same two index scans.
"""

from importlib import import_module

from django.db import migrations

# Reversed, the function is 0012's again.
before = import_module("contacts.migrations.0012_contact_number_check_takes_team_numbers_lock")


def _check_numbers(probe: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION crm_contact_check_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(crm_team_numbers_lock_key(NEW.team_id));{probe}
    RETURN NEW;
END
$$;
"""


CHECK_NUMBERS = _check_numbers("""
    NEW.number_on_do_not_call_list := (
        SELECT on_registry
        FROM crm_numbers_on_registry(NEW.team_id, NEW.phone, NEW.phone_secondary)
    );""")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0020_filter_indexes"),
        ("donotcall", "0006_numbers_on_registry_function"),
    ]

    operations = [
        migrations.RunSQL(CHECK_NUMBERS, before.CHECK_NUMBERS),
    ]
