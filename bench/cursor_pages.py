"""What a contact list page costs in PostgreSQL, by cursor and by offset, at several depths.

For every `ordering`, the statements the list runs for a page of `--limit` at each depth, by
`cursor` (the keyset ranges after the row before the page) and by `offset`, each timed by
EXPLAIN ANALYZE (the database's own time, without Python or the network), the median of
`--runs`. The largest team of the database is used; `--seed N` first adds a team of N contacts
(names and times repeating, three in five never called) in one statement.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python \\
        bench/cursor_pages.py [--seed 100000] [--limit 50] [--runs 5]
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from companies.models import Company  # noqa: E402
from contacts import selectors  # noqa: E402
from contacts.filtersets import ORDERINGS  # noqa: E402
from crm.api import keyset  # noqa: E402
from crm.models import Team  # noqa: E402
from crm.services import create_team  # noqa: E402


def seed(contacts: int) -> None:
    team = create_team(name=f"Cursor bench {Team.objects.count() + 1}")
    company = Company.objects.create(team=team, name="Cursor bench")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contacts_contact (
                id, team_id, company_id, first_name, last_name, email, lead_status,
                do_not_call, custom_fields, tags, call_count, created_at, updated_at,
                last_called_at
            )
            SELECT
                gen_random_uuid(), %(team)s, %(company)s,
                'First' || g %% 997, 'Last' || g %% 5003, 'person' || g || '@example.com',
                'new', false, '{}'::jsonb, '{}'::varchar[], 0,
                now() - g * interval '1 minute', now() - g %% 1000 * interval '1 second',
                CASE WHEN g %% 5 < 3 THEN NULL ELSE now() - g %% 20000 * interval '1 minute' END
            FROM generate_series(1, %(contacts)s) AS g
            """,
            {"team": team.pk, "company": company.pk, "contacts": contacts},
        )
        cursor.execute("VACUUM ANALYZE contacts_contact")


def execution_ms(queryset, runs: int) -> float:
    sql, params = queryset.query.sql_with_params()
    times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            times.append(cursor.fetchone()[0][0]["Execution Time"])
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0, help="first add a team of N contacts")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if options.seed:
        seed(options.seed)
    team = Team.objects.annotate(n=Count("contacts")).order_by("-n").first()
    size = team.n if team else 0
    if size < 1000:
        sys.exit("No team with 1,000 contacts or more: run with --seed 100000.")
    depths = [0, 1_000, size // 2, size - options.limit]
    print(f"team {team.public_id}: {size:,} contacts; page of {options.limit}; ms, median")
    print("| ordering | depth | cursor | offset |")
    print("| --- | ---: | ---: | ---: |")
    for ordering in ORDERINGS:
        filters = {"teamId": team.public_id, "ordering": ordering}
        contacts = selectors.contact_list(team=team, filters=filters).with_call_blockers(team)
        keys = keyset.sort_keys(contacts)
        for depth in depths:
            by_offset = contacts[depth : depth + options.limit]
            cursor_ms = 0.0
            if depth:
                before = contacts[depth - 1]
                values = [getattr(before, key.attribute) for key in keys]
                ranges = keyset.ranges_after(keys, values)
            else:
                ranges = [[]]
            for conditions in ranges:  # as keyset.page_after reads them, each in full here
                page = contacts.filter(*conditions)[: options.limit + 1]
                cursor_ms += execution_ms(page, options.runs)
            offset_ms = execution_ms(by_offset, options.runs)
            print(f"| `{ordering}` | {depth:,} | {cursor_ms:.2f} | {offset_ms:.2f} |")


if __name__ == "__main__":
    main()
