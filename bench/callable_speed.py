"""How fast the contact list answers `callable=true|false` with a large do-not-call registry.

    .venv/bin/python bench/callable_speed.py [--contacts 100000] [--registry 100000]

Seeds one team once (INSERT ... SELECT generate_series): `--contacts` contacts (one in 50
flagged do-not-call) and `--registry` numbers on its registry, one in 20 of them a contact's
phone. Then times `GET /api/crm/contacts?limit=50` (with its count) through Django's test
client, 15 times per filter, and prints the median and the slowest.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_HTTPS", "false")

import django

django.setup()

from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from companies.models import Company  # noqa: E402
from crm.models import Team  # noqa: E402
from crm.services import create_team, issue_api_token  # noqa: E402

FILTERS = [
    {},
    {"callable": "true"},
    {"callable": "false"},
    {"callable": "true", "leadStatus": "new"},
]


def seeded_team(contacts: int, registry: int) -> Team:
    name = f"Callable bench {contacts}/{registry}"
    team = Team.objects.filter(name=name).first()
    if team is not None:
        return team
    team = create_team(name=name)
    company = Company.objects.create(team=team, name="Bench Co")
    with connection.cursor() as cursor:
        # The registry first: each contact written after it is checked against it.
        cursor.execute(
            """
            INSERT INTO donotcall_donotcallentry (id, team_id, number, source, created_at)
            SELECT gen_random_uuid(), %s, CASE WHEN g %% 20 = 0 THEN '+1415' ELSE '+1212' END
                || (2000000 + g), 'import', now()
            FROM generate_series(1, %s) AS g
            """,
            [team.pk, registry],
        )
        cursor.execute(
            """
            INSERT INTO contacts_contact (id, team_id, company_id, first_name, last_name, phone,
                lead_status, do_not_call, custom_fields, tags, call_count, created_at, updated_at)
            SELECT gen_random_uuid(), %s, %s, 'F' || g, 'L' || g, '+1415' || (2000000 + g),
                'new', g %% 50 = 0, '{}', '{}', 0, now() - g * interval '1 second', now()
            FROM generate_series(1, %s) AS g
            """,
            [team.pk, company.pk, contacts],
        )
        cursor.execute("ANALYZE contacts_contact")
        cursor.execute("ANALYZE donotcall_donotcallentry")
    return team


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--registry", type=int, default=100_000)
    options = parser.parse_args()
    team = seeded_team(options.contacts, options.registry)
    client = APIClient(HTTP_HOST="localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_api_token(team=team)[1]}")
    for filters in FILTERS:
        times = []
        for _ in range(15):
            started = time.perf_counter()
            response = client.get(
                "/api/crm/contacts", {"teamId": team.public_id, "limit": 50, **filters}
            )
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
        print(
            f"{filters or 'no filter'}: count {response.json()['count']:,}, "
            f"median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
