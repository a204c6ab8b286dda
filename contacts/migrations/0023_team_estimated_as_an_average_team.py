"""`team_id = ...` estimated as an average team's share of the contacts, known team or new.

With the default statistics target every team is in team_id's most-common-values list and
their frequencies sum to about 1, so a team new since the last ANALYZE (autovacuum runs one
only once a tenth of the table has changed) is estimated at a row or two, every index leading
with team_id looks as cheap, and the planner walked a team's newest-first index for a rare tag
or fetched a whole team row by row for a count. With a target of 1 the list keeps at most one
team, and only if ANALYZE's sample finds it clearly more common than the rest; every other
team, and any new one, is estimated at the rows left over divided by the number of distinct
teams (which ANALYZE still estimates): a team's average size.
"""

from django.db import migrations

TARGET = "ALTER TABLE contacts_contact ALTER COLUMN team_id SET STATISTICS {}"


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0022_update_events_planned_per_statement"),
    ]

    operations = [
        migrations.RunSQL(
            # The ANALYZE drops the old list now rather than at autovacuum's next visit.
            [TARGET.format(1), "ANALYZE contacts_contact"],
            [TARGET.format(-1), "ANALYZE contacts_contact"],
        ),
    ]
