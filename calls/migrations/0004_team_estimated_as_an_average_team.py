"""`team_id = ...` estimated as an average team's share of the calls, known team or new, as
contacts migration 0023 does for the contacts: with every team in the most-common-values list,
a team new since the last ANALYZE was estimated at a row or two, and its list's count fetched
every call one by one through the campaign index instead of reading them in the table's order.
"""

from django.db import migrations

TARGET = "ALTER TABLE contacts_call ALTER COLUMN team_id SET STATISTICS {}"


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0003_sharding_ready_call_references"),
    ]

    operations = [
        migrations.RunSQL(
            # The ANALYZE drops the old list now rather than at autovacuum's next visit.
            [TARGET.format(1), "ANALYZE contacts_call"],
            [TARGET.format(-1), "ANALYZE contacts_call"],
        ),
    ]
