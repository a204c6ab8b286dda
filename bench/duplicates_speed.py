"""How fast the possible-duplicates list answers on a team of 100,000 contacts.

    createdb -h 127.0.0.1 -U postgres crm_bench_dup   # once
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_dup \
        .venv/bin/python bench/duplicates_speed.py

Seeds the team as bench/admin_speed.py does (every contact unique), then adds a copy of one
contact with a phone in fifty, with its phone, name and company and no email (a group by
phone and one by name per pair), and times the API's first and a later page, one kind, and
the admin's page, each several times (median, slowest, queries), through Django's test client.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_HTTPS", "false")

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from bench.admin_speed import seed, timed
from companies import services as company_services
from companies.models import Company
from contacts.models import Contact
from crm import services
from crm.models import Membership, Team

TEAM_NAME = "Duplicates benchmark team"

COPIES_SQL = """
INSERT INTO contacts_contact (
    id, team_id, company_id, first_name, last_name, email, phone, lead_status, do_not_call,
    custom_fields, tags, call_count, created_at, updated_at
)
SELECT gen_random_uuid(), team_id, company_id, first_name, last_name, NULL, phone,
       lead_status, false, '{}', '{}', 0, now(), now()
FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM contacts_contact
      WHERE team_id = %s AND phone IS NOT NULL) AS originals
WHERE n %% 50 = 0
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    team = Team.objects.filter(name=TEAM_NAME).first() or services.create_team(name=TEAM_NAME)
    for index in range(Company.objects.filter(team=team).count(), 200):
        company_services.create_company(team=team, name=f"Benchmark company {index}")
    if not Contact.objects.filter(team=team, email__isnull=True).exists():
        seed(team, args.contacts)
        with connection.cursor() as cursor:
            cursor.execute(COPIES_SQL, [team.pk])
            cursor.execute("VACUUM ANALYZE contacts_contact")

    user, _ = get_user_model().objects.get_or_create(
        username="bench-dup-member", defaults={"is_staff": True}
    )
    Membership.objects.get_or_create(user=user, team=team)
    token = services.issue_api_token(team=team, name="bench")[1]
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
    admin = Client(HTTP_HOST="localhost")
    admin.force_login(user)

    url = f"/api/crm/contacts/duplicates?teamId={team.public_id}"
    pages = [
        (api, "API, first page of 50", url),
        (api, "API, page at offset 1,000", url + "&offset=1000"),
        (api, "API, kind=name", url + "&kind=name"),
        (admin, "admin page, first", "/admin/contacts/contact/duplicates/"),
    ]
    total = Contact.objects.filter(team=team).count()
    print(f"\n{total:,} contacts in the team; {args.runs} runs each (median, slowest, queries)\n")
    for client, label, page in pages:
        median, worst, queries = timed(client, page, args.runs)
        print(f"| {label} | {median * 1000:,.0f} ms | {worst * 1000:,.0f} ms | {queries} |")


if __name__ == "__main__":
    main()
