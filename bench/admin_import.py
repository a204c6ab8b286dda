"""What an import from the admin costs the web server, and how it runs on a worker.

    createdb -h 127.0.0.1 -U postgres crm_bench_adminimport   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_adminimport \
        .venv/bin/python bench/admin_import.py --rows 100000

Migrates the database, makes a team and a staff member of it, and writes a CSV of --rows
people (national US phones, every 50th row with an email that is no email). Then, through the
admin's own views (Django's test client, in this process, as a web worker would run them):
1. the upload (store the file, read its columns and first rows): the time a web worker is
   held;
2. the file's page and one status poll;
3. the import: queued from the page, run by one `manage.py worker --queues imports` started
   here, its status polled every half second until it ends: the worker's time, and how
   often the progress bar moved.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_HTTPS", "false")
# Static URLs without a collectstatic manifest.
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from contacts.models import Contact, ContactImport  # noqa: E402
from crm.models import Membership, Team  # noqa: E402


def people(rows: int) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["First Name", "Last Name", "E-mail", "Phone Number", "Job Title", "Tags"])
    for n in range(1, rows + 1):
        email = "no-email" if n % 50 == 0 else f"lead{n}@bench.example"
        phone = f"(415) {n // 10000 + 201:03d}-{n % 10000:04d}"
        writer.writerow([f"Lead{n}", "Bench", email, phone, "Buyer", "bench; admin-import"])
    return text.getvalue().encode()


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    team = Team.objects.create(name=f"Admin import bench {time.time():.0f}")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=f"bench-{team.public_id}", is_staff=True)
    Membership.objects.create(user=user, team=team, role=Membership.Role.MEMBER)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    data = people(args.rows)
    print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}")

    upload = SimpleUploadedFile("bench.csv", data, content_type="text/csv")
    fields = {"team": team.pk, "file": upload, "default_region": "US"}
    fields |= {"on_duplicate": "skip", "match": "email"}
    url = reverse("admin:contacts_contactimport_add")
    response, upload_seconds = timed(lambda: client.post(url, fields))
    assert response.status_code == 302, response.content[:2000]
    contact_import = ContactImport.objects.get(team=team)
    page_url = reverse("admin:contacts_contactimport_change", args=[contact_import.pk])
    status_url = reverse("admin:contacts_contactimport_status", args=[contact_import.pk])
    _, page_seconds = timed(lambda: client.get(page_url))
    _, status_seconds = timed(lambda: client.get(status_url))
    print(f"upload (web worker): {upload_seconds:.2f} s")
    print(f"file's page: {page_seconds * 1000:.0f} ms; status poll: {status_seconds * 1000:.0f} ms")

    client.post(page_url, {"_import": "1"})
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--queues", "imports", "--concurrency", "1"],
        cwd=ROOT,
    )
    try:
        started = time.perf_counter()
        seen = set()
        while True:
            status = json.loads(client.get(status_url).content)
            seen.add(status["lines_done"])
            if status["finished"]:
                break
            time.sleep(0.5)
        run_seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
    print(f"queued to done (worker): {run_seconds:.1f} s; {status['summary']}")
    print(f"progress values seen by the page: {len(seen)}")
    print(f"contacts in the team: {Contact.objects.filter(team=team).count():,}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
