"""What numbering transactions at commit costs writers: commits a second of concurrent
single-row contact updates (pgbench), with the change feed's triggers on and off.

    .venv/bin/python bench/feed_commit_rate.py                 # 1, 4 and 8 clients, 15 s each
    .venv/bin/python bench/feed_commit_rate.py --clients 8 --seconds 30 --rounds 3

Each transaction is one `UPDATE` of a contact's job title, committed on its own: history's
trigger writes its event, and with the feed on, the feed's triggers note the transaction and,
at commit, take the next number from the one-row counter, whose lock is held until the commit
has been flushed. That is the worst case for the feed: nothing but the commit happens in a
transaction, so the part that is serialized is as large a share as it gets (an API request
spends milliseconds in Python before its commit). Each client updates contacts of its own,
so the rows themselves never make clients wait for one another.

DATABASE_URL names the benchmark's database (default
postgres://postgres@127.0.0.1:5432/crm_feedbench); it is migrated and given one team and
400 contacts on first use. Runs alternate feed on and off, round by round, so that a change
in the machine's load falls on both.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/crm_feedbench"
CONTACTS = 400
EVENT_TABLES = ("history_companyevent", "history_contactevent", "history_donotcallentryevent")
SCRIPT = """\\set n :client_id * 50 + random(1, 50)
UPDATE contacts_contact SET job_title = 'Title ' || random()
 WHERE id = (SELECT id FROM bench_contacts WHERE n = :n);
"""


def psql(url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", url, "-Atqc", sql], check=True, capture_output=True, text=True
    ).stdout


def prepare(url: str) -> None:
    """Create, migrate and fill the database once."""
    parsed = urlparse(url)
    server = parsed._replace(path="/postgres").geturl()
    name = parsed.path.lstrip("/")
    if not psql(server, f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip():
        psql(server, f'CREATE DATABASE "{name}"')
    environment = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=environment)
    if psql(url, "SELECT to_regclass('bench_contacts')").strip():
        return
    fill = (
        "from companies.models import Company; from contacts.models import Contact; "
        "from crm.models import Team; "
        "team = Team.objects.create(name='Commit rate'); "
        "company = Company.objects.create(team=team, name='Bench'); "
        "Contact.objects.bulk_create(Contact(team=team, company=company, first_name='P', "
        f"last_name=str(n)) for n in range({CONTACTS}))"
    )
    subprocess.run([*manage, "shell", "-v0", "-c", fill], check=True, env=environment)
    psql(
        url,
        "CREATE TABLE bench_contacts AS "
        "SELECT row_number() OVER (ORDER BY id) AS n, id FROM contacts_contact; "
        "CREATE UNIQUE INDEX ON bench_contacts (n); ANALYZE",
    )


def set_feed(url: str, on: bool) -> None:
    verb = "ENABLE" if on else "DISABLE"
    psql(
        url,
        "; ".join(f"ALTER TABLE {t} {verb} TRIGGER events_note_transaction" for t in EVENT_TABLES),
    )


def commits_per_second(url: str, clients: int, seconds: int, script: Path) -> float:
    run = subprocess.run(
        [
            "pgbench",
            "-n",
            "-c",
            str(clients),
            "-j",
            str(min(clients, 2)),
            "-T",
            str(seconds),
            "-f",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(re.search(r"tps = ([0-9.]+)", run.stdout).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if max(args.clients) * 50 + 50 > CONTACTS:
        parser.error(f"at most {CONTACTS // 50 - 1} clients: each updates 50 contacts of its own")
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    prepare(url)
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write(SCRIPT)
        script.flush()
        print("clients | feed on (commits/s) | feed off (commits/s) | on / off")
        try:
            for clients in args.clients:
                on, off = [], []
                for _ in range(args.rounds):
                    for feed, results in ((True, on), (False, off)):
                        set_feed(url, feed)
                        results.append(
                            commits_per_second(url, clients, args.seconds, Path(script.name))
                        )
                mean_on, mean_off = sum(on) / len(on), sum(off) / len(off)
                print(
                    f"{clients} | {mean_on:.0f} | {mean_off:.0f} | {mean_on / mean_off:.0%}",
                    flush=True,
                )
        finally:
            set_feed(url, True)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
