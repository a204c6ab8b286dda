"""How fast the contact admin answers with a million contacts in one team.

    createdb -h 127.0.0.1 -U postgres crm_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/admin_speed.py

Seeds the team once (INSERT ... SELECT generate_series, in batches of 100,000; about
18,000 rows/s on 2 cores with every index in place), then times
admin pages as a team member through Django's test client (no network), each
several times, and prints the median and the slowest run. Seeding is skipped
when the team already has enough contacts, so reruns measure only.
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from companies import services as company_services  # noqa: E402
from companies.models import Company  # noqa: E402
from contacts.models import Contact  # noqa: E402
from crm import services  # noqa: E402
from crm.models import Membership, Team  # noqa: E402

TEAM_NAME = "Benchmark team"
BATCH = 100_000

SEED_SQL = """
INSERT INTO contacts_contact (
    id, team_id, company_id, first_name, last_name, email, phone, lead_status,
    source, do_not_call, custom_fields, tags, call_count, created_at, updated_at
)
SELECT
    gen_random_uuid(), %(team)s,
    (%(companies)s::uuid[])[1 + g %% array_length(%(companies)s::uuid[], 1)],
    (ARRAY['Sarah','José','Zoë','Liam','Amélie','Noah','Chloé','Mateo','Ana','Björn'])[1 + g %% 10],
    (ARRAY['Chen','Núñez','Müller','Smith','Dubois','Rossi','Kowalski','Tanaka','Silva',
           'Olsen'])[1 + (g / 10) %% 10] || '-' || g,
    'person' || g || '@example' || (g %% 97) || '.com',
    CASE WHEN g %% 9 = 0 THEN NULL ELSE '+1415' || lpad((g %% 10000000)::text, 7, '0') END,
    (ARRAY['new','contacted','qualified','unqualified','converted'])[1 + g %% 5],
    (ARRAY['trade-show','website','referral','import'])[1 + g %% 4],
    g %% 13 = 0,
    jsonb_build_object('company_size', (g %% 1000)::text),
    CASE WHEN g %% 3 = 0 THEN ARRAY['vip']::varchar[] ELSE ARRAY['lead']::varchar[] END,
    0,
    now() - (g * interval '30 seconds'),
    now() - (g * interval '30 seconds')
FROM generate_series(%(start)s, %(stop)s) AS g
"""


def seed(team: Team, contacts: int) -> None:
    have = Contact.objects.filter(team=team).count()
    if have >= contacts:
        print(f"Team already has {have:,} contacts; not seeding.")
        return
    companies = list(Company.objects.filter(team=team).values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(have + 1, contacts + 1, BATCH):
        stop = min(start + BATCH - 1, contacts)
        with connection.cursor() as cursor:
            cursor.execute(
                SEED_SQL,
                {"team": team.pk, "companies": companies, "start": start, "stop": stop},
            )
        rate = stop / (time.perf_counter() - started)
        print(f"  seeded {stop:,} contacts ({rate:,.0f} rows/s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE contacts_contact")


def timed(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches
    samples, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return statistics.median(samples), max(samples), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    team = Team.objects.filter(name=TEAM_NAME).first() or services.create_team(name=TEAM_NAME)
    for index in range(Company.objects.filter(team=team).count(), 200):
        company_services.create_company(team=team, name=f"Benchmark company {index}")
    seed(team, args.contacts)

    user, _ = get_user_model().objects.get_or_create(
        username="bench-member", defaults={"is_staff": True}
    )
    Membership.objects.get_or_create(user=user, team=team)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    company = Company.objects.filter(team=team).first()

    base = "/admin/contacts/contact/"
    pages = [
        ("change list, first page", base),
        ("change list, page 50", base + "?p=50"),
        ("search by name", base + "?q=amelie+dubois"),
        ("search by phone", base + "?q=(415)+000-1234"),
        ("filter: status + no-call", base + "?lead_status__exact=qualified&do_not_call__exact=1"),
        ("filter: company", base + f"?company__id__exact={company.pk}"),
        ("filter: tag", base + "?tag=vip"),
        ("change form", base + f"{Contact.objects.filter(team=team).first().pk}/change/"),
    ]
    total = Contact.objects.filter(team=team).count()
    print(f"\n{total:,} contacts in the team; {args.runs} runs each (median, slowest, queries)\n")
    for label, url in pages:
        median, worst, queries = timed(client, url, args.runs)
        print(f"| {label} | {median * 1000:,.0f} ms | {worst * 1000:,.0f} ms | {queries} |")


if __name__ == "__main__":
    main()
