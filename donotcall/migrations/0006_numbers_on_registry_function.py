"""Whether a contact's numbers are on its team's registry, written once in PostgreSQL:
`crm_numbers_on_registry(team, phone, phone_secondary)`, either number live on the team's
registry, a probe of do_not_call_unique_live_number per number (matching the whole index, so
that no statistics can make it a scan of the team's registry). The contact trigger (contacts
0021), the registry's writers and the contacts importer (donotcall.services.NUMBERS_ON_REGISTRY)
read it.

It returns a one-row table rather than a boolean so that PostgreSQL inlines it into the
statement calling it, where it plans as the probes written inline would: a scalar SQL function
holding a subquery is never inlined, and was run as a function call per contact, two to three
times the probes' own cost.
"""

from django.db import migrations

NUMBERS_ON_REGISTRY = """
CREATE FUNCTION crm_numbers_on_registry(team uuid, phone varchar, phone_secondary varchar)
RETURNS TABLE (on_registry boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT EXISTS (
    SELECT 1 FROM donotcall_donotcallentry AS e
    WHERE e.team_id = team AND e.number = phone AND e.removed_at IS NULL
) OR (phone_secondary IS NOT NULL AND EXISTS (
    SELECT 1 FROM donotcall_donotcallentry AS e
    WHERE e.team_id = team AND e.number = phone_secondary AND e.removed_at IS NULL
))
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("donotcall", "0005_sharding_ready_references"),
    ]

    operations = [
        migrations.RunSQL(
            NUMBERS_ON_REGISTRY,
            "DROP FUNCTION crm_numbers_on_registry(uuid, varchar, varchar)",
        ),
    ]
