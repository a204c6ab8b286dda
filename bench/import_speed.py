"""How fast `manage.py import_contacts` loads a big, messy CSV, against the ceiling (a raw
COPY of the same rows already clean) and django-import-export in bulk mode.

    .venv/bin/pip install -r bench/requirements.txt      # django-import-export, py-spy
    .venv/bin/python bench/import_speed.py               # 100,000 and 1,000,000 rows (~25 min)
    .venv/bin/python bench/import_speed.py --rows 100000 --states fresh
    .venv/bin/python bench/import_speed.py --rows 100000 --without-history   # history's cost

DATABASE_URL names the server and the benchmark's own databases (default
postgres://postgres@127.0.0.1:5432/crm_importbench; the others are named after it). Every timed
run imports into a new team, in a database copied for that run from one of three templates, each
built once and migrated when the code's migrations move on (see STATES):

- fresh: a brand-new install, migrated and empty, never analysed. Its 1,000,000-row run is one
  team growing from nothing to a million contacts inside one import;
- curated: 100,000 contacts of 200 other teams, VACUUM ANALYZE: a new team is estimated at their
  average size (the state every measurement used before the other two were added);
- crowded: 1,000,000 contacts of 5 other teams, analysed before the imported team existed, so the
  statistics say it has none: a new customer in a big shared table, before autovacuum catches up.

The input is a synthetic CRM export, the same for a given size and seed (kept in
.local/import-bench/): accented names, phones in national ('(415) 555-0100', '415.555.0100') and
international ('+1 415 555 0100', '+44 20 7183 8750') formats, about 2% invalid rows (bad phone,
bad email, no last name), about 3% duplicates (an earlier row's email in another case), a Company
column naming 200 companies, tags separated by ';', Do Not Call as yes/no, custom fields as a
JSON column, notes with commas, quotes and line breaks; UTF-8 with a BOM, as Excel writes it.

For each size, on that file, each in its own process:

(a) importer: `manage.py import_contacts FILE --team T --default-region US --create-companies`,
    into a fresh team;
(b) raw COPY (the ceiling): the rows the importer writes (the file run once through its
    RowChecker and de-duplicated as its loader does, outside the timing, and written as a CSV of
    the contacts table's columns with generated UUIDs) streamed with `COPY contacts_contact FROM
    STDIN` into a team whose companies exist;
(c) django-import-export 4.4 in bulk mode (`use_bulk`, `batch_size = 1000`, `skip_unchanged`): a
    ModelResource for Contact with the same columns, the same rules (contacts.rules) as widgets,
    rows matched by email (ignoring case, through the unique index) and companies by name, into a
    fresh team whose companies exist; and the same "lean", as its maintainers advise for big
    imports of new rows: no lookup per row (force_init_instance), no diff (skip_diff), companies
    read once. At about 560 and 1,900 rows/s, both run for 100,000 rows only by default
    (--import-export-rows).

Seconds are wall clock from process start to exit (Django start-up included for (a) and (c));
rows/s is the input file's rows over those seconds, for every method (the raw COPY writes only the
~95% clean rows, so its rate is a slightly generous ceiling). Peak memory is the process's peak
resident set size (VmHWM, which the process reads itself as it exits: see record_peak_at_exit).
CPU seconds are the process's, its children's (the importer's checking process) and its
PostgreSQL sessions' (see CpuWatch). Each run also checks how many contacts it wrote against the
clean file.
"""

import argparse
import atexit
import bisect
import csv
import json
import os
import random
import re
import runpy
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_HTTPS", "false")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/crm_importbench"
DATA_DIR = ROOT / ".local" / "import-bench"
GENERATOR_VERSION = 2  # bump when the generator changes, so cached files are rebuilt
SIZES = [100_000, 1_000_000]

# The file's columns, as another CRM would name them (all matched by the importer's aliases).
HEADERS = [
    "First Name",
    "Last Name",
    "E-mail",
    "Phone Number",
    "Mobile",
    "Job Title",
    "Company",
    "Lead Status",
    "Lead Source",
    "Time Zone",
    "Do Not Call",
    "Tags",
    "Notes",
    "Custom Fields",
]

# ---------------------------------------------------------------------------------------------
# The synthetic file
# ---------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "José", "Zoë", "Amélie", "Björn", "François", "Łukasz", "Søren", "Núria", "Chloé", "Renée",
    "Mateo", "Ana", "Sarah", "Liam", "Noah", "Olivia", "Émile", "Inès", "Jürgen", "Dagný",
    "Siobhán", "Çağla", "Mariana", "João", "Hélène", "Thérèse", "Agnieszka", "Dorothée", "Ramón",
    "Sofía", "Lucía", "Matías", "Göran", "Åsa", "Mikael", "Priya", "Wei", "Yuki", "Aarav",
    "Fatima", "Oğuz", "Kateřina", "Tomáš", "Zsófia", "Bartłomiej", "Niamh", "Seán", "Mónica",
    "Raúl", "Léa", "Maëlle", "Noémie", "Jérôme", "Anaïs", "Gaël", "Loïc", "Benoît", "Cécile",
    "Zoltán", "David", "Emma", "James", "Mia", "Lena", "Ravi", "Chen", "Hannah", "Oscar",
]  # fmt: skip
LAST_NAMES = [
    "Núñez", "Müller", "Dubois", "Rossi", "Kowalski", "Tanaka", "Silva", "Olsen", "García",
    "Martínez", "López", "Gómez", "Pérez", "Sánchez", "Fernández", "Rodríguez", "Hernández",
    "Jiménez", "Álvarez", "Muñoz", "Schäfer", "Schröder", "Köhler", "Weiß", "Groß", "Lefèvre",
    "Leroy", "Côté", "Gagnon", "Bélanger", "Nguyễn", "Trần", "Lê", "Phạm", "Søndergaard",
    "Ødegård", "Åberg", "Håkansson", "Löfgren", "Nowak", "Wiśniewski", "Wójcik", "Kamiński",
    "Dvořák", "Novák", "Horváth", "Szabó", "Tóth", "Y\u0131lmaz", "Öztürk", "Çelik", "Şahin",
    "O'Brien", "O'Connor", "Van der Berg", "Chen", "Wang", "Smith", "Johnson", "Brown", "Taylor",
    "Anderson", "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Moore", "Kim",
    "Park", "Patel", "Singh", "Khan", "Ali", "Costa", "Santos", "Oliveira", "Pereira", "Ferreira",
]  # fmt: skip
COMPANY_WORDS = [
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Tyrell", "Cyberdyne",
    "Aperture", "Müller", "Société", "Nordström", "Café", "Zürich", "Łódź", "São Paulo",
    "Bergström", "Ibáñez", "Crédit", "Électrique", "Lumière", "Northwind", "Contoso", "Fabrikam",
    "Blue Yonder", "Pied Piper", "Stark", "Wonka", "Gringotts", "Oceanic", "Dunder", "Sirius",
]  # fmt: skip
COMPANY_KINDS = [
    "Logistics", "Software", "Holdings", "Analytics", "Consulting", "Foods", "Energy", "Labs",
    "Partners", "Médical", "Systèmes", "Ingeniería", "Handel", "Robotics", "Media", "Bau",
]  # fmt: skip
COMPANY_SUFFIXES = ["Inc.", "LLC", "GmbH", "S.A.", "SARL", "Ltd", "AG", "S.L.", "", "& Co.", "B.V."]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.fr", "web.de", "gmx.de", "hotmail.es", "icloud.com"]
JOB_TITLES = [
    "VP of Engineering", "Head of Sales", "Directeur Commercial", "CTO", "Office Manager",
    "Gerente de Compras", "Account Executive", "Founder & CEO", "Procurement Lead",
    "Geschäftsführer", "Responsable Achats", "Marketing Manager", "Operations Director",
]  # fmt: skip
LEAD_STATUSES = ["New", "new", "Contacted", "contacted", "QUALIFIED", "unqualified", "Converted"]
SOURCES = ["Trade show", "website", "referral", "LinkedIn", "cold-list", "webinar"]
TIMEZONES = [
    "America/New_York", "america/chicago", "America/Los_Angeles", "Europe/London",
    "Europe/Paris", "europe/berlin", "America/Denver", "America/Sao_Paulo", "Asia/Tokyo",
    "Europe/Madrid", "Australia/Sydney", "America/Mexico_City",
]  # fmt: skip
TAGS = [
    "vip", "enterprise", "warm-lead", "cold", "newsletter", "smb", "mid-market", "q3-campaign",
    "partner", "churn-risk", "Décideur", "follow-up", "Trade show 2024", "VIP",
]  # fmt: skip
NOTES = [
    'Met at booth 12, asked for "pricing" and a demo.',
    "Prefers e-mail; call only after 3pm.\nFollow up in Q3.",
    "Gatekeeper: ask for the assistant, Müller's office",
    "Referred by an existing customer; budget approved, timeline unclear.",
    "Asked us not to call on Fridays",
]
COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "500-1000", "1000+"]
INTERESTS = ["outbound-automation", "analytics", "crm-sync", "voice-ai", "compliance"]
US_AREA_CODES = [
    415, 212, 312, 617, 206, 303, 512, 646, 718, 213, 310, 404, 305, 702, 214, 650, 408, 503,
    720, 917,
]  # fmt: skip
# International numbers, all valid for their country.
INTERNATIONAL_PHONES = [
    lambda r: f"+44 20 7{r.randint(0, 999):03d} {r.randint(0, 9999):04d}",
    lambda r: "+33 1 " + " ".join(f"{r.randint(0, 99):02d}" for _ in range(4)),
    lambda r: f"+49 30 {r.randint(20_000_000, 99_999_999)}",
    lambda r: f"+34 91 {r.randint(100, 999)} {r.randint(0, 99):02d} {r.randint(0, 99):02d}",
    lambda r: f"+52 55 {r.randint(1000, 9999)} {r.randint(0, 9999):04d}",
    lambda r: f"+55 11 9{r.randint(1000, 9999)} {r.randint(0, 9999):04d}",
    lambda r: f"+61 2 9{r.randint(0, 999):03d} {r.randint(0, 9999):04d}",
]
BAD_PHONES = [
    "555-0100",
    "+1 415 555 01",
    "call after 5pm",
    "(415) 555-0100 ext. 12",
    "+44 20 7183",
    "000-000-0000",
    "+1 (123) 456-7890",
]
BAD_EMAILS = ["{local}@", "{local}.example.com", "{local}@@example.com", "{local} x@example.com"]

_TO_ASCII = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "\u0131": "i", "đ": "d"}
)


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_TO_ASCII))
    return re.sub(r"[^a-z0-9]+", "", text.encode("ascii", "ignore").decode().lower())


def company_names(rng: random.Random, count: int = 200) -> list[str]:
    names: dict[str, str] = {}
    while len(names) < count:
        name = " ".join(
            part
            for part in (
                rng.choice(COMPANY_WORDS),
                rng.choice(COMPANY_KINDS),
                rng.choice(COMPANY_SUFFIXES),
            )
            if part
        )
        names.setdefault(name.lower(), name)
    return list(names.values())


def us_phone(rng: random.Random) -> str:
    area, line = rng.choice(US_AREA_CODES), rng.randint(0, 9999)
    exchange = rng.randint(200, 999)
    if exchange % 100 == 11:  # N11 codes are not exchanges
        exchange += 1
    style = rng.random()
    if style < 0.35:
        return f"({area}) {exchange}-{line:04d}"
    if style < 0.55:
        return f"{area}.{exchange}.{line:04d}"
    if style < 0.65:
        return f"{area}-{exchange}-{line:04d}"
    if style < 0.85:
        return f"+1 {area} {exchange} {line:04d}"
    return f"+1 ({area}) {exchange}-{line:04d}"


def phone(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return us_phone(rng)
    return rng.choice(INTERNATIONAL_PHONES)(rng)


class FileGenerator:
    """Rows of the synthetic export; `row(index)` is deterministic given the seed."""

    INVALID, DUPLICATE = 0.02, 0.03

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.companies = company_names(self.rng)
        self.company_domains = {
            name: ascii_slug(name.split()[0]) + "-" + ascii_slug(name.split()[-1]) + ".example"
            for name in self.companies
        }
        # A few large accounts, a long tail of small ones.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.companies))]
        self.cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
        self.ascii_names = {name: ascii_slug(name) for name in FIRST_NAMES + LAST_NAMES}
        self.recent: list[list[str]] = []  # earlier valid rows with an email, for duplicates
        self.counts = {"invalid": 0, "duplicates": 0, "no_key": 0}

    def row(self, index: int) -> list[str]:
        rng = self.rng
        draw = rng.random()
        if draw < self.DUPLICATE and self.recent:
            # The same person again, exported twice: the email in another case.
            original = rng.choice(self.recent)
            self.counts["duplicates"] += 1
            duplicate = list(original)
            duplicate[2] = original[2].upper() if rng.random() < 0.5 else original[2].title()
            return duplicate
        row = self._valid_row(index)
        if draw < self.DUPLICATE + self.INVALID:
            self.counts["invalid"] += 1
            problem = rng.randrange(3)
            if problem == 0:
                row[3] = rng.choice(BAD_PHONES)
            elif problem == 1:
                local = row[2].partition("@")[0] if row[2] else "someone"
                row[2] = rng.choice(BAD_EMAILS).format(local=local)
            else:
                row[1] = rng.choice(["", "  "])
        elif not row[2] and not row[3]:
            self.counts["no_key"] += 1  # matched by name and company
        elif row[2]:
            self.recent.append(row)
            if len(self.recent) > 20_000:  # duplicates land in the same batch and in later ones
                self.recent = self.recent[10_000:]
        return row

    def _valid_row(self, index: int) -> list[str]:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        company = ""
        if rng.random() < 0.95:
            position = bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])
            company = self.companies[min(position, len(self.companies) - 1)]
        email = ""
        if rng.random() < 0.98:
            local = f"{self.ascii_names[first]}.{self.ascii_names[last]}{index}"
            if company and rng.random() < 0.6:
                domain = self.company_domains[company]
            else:
                domain = rng.choice(FREE_MAIL)
            if rng.random() < 0.1:  # as typed: the importer lower-cases the domain only
                local, domain = local.capitalize(), domain.capitalize()
            email = f"{local}@{domain}"
        tags = rng.sample(TAGS, rng.choice([0, 0, 1, 1, 2, 3]))
        custom = ""
        if rng.random() < 0.7:
            fields = {"company_size": rng.choice(COMPANY_SIZES), "score": rng.randint(1, 10)}
            if rng.random() < 0.5:
                fields["interest"] = rng.choice(INTERESTS)
            if rng.random() < 0.2:
                fields["newsletter"] = rng.random() < 0.5
            custom = json.dumps(fields, ensure_ascii=False)
        return [
            first,
            last,
            email,
            phone(rng) if rng.random() < 0.9 else "",
            us_phone(rng) if rng.random() < 0.3 else "",
            rng.choice(JOB_TITLES) if rng.random() < 0.7 else "",
            company,
            rng.choice(LEAD_STATUSES) if rng.random() < 0.8 else "",
            rng.choice(SOURCES) if rng.random() < 0.7 else "",
            rng.choice(TIMEZONES) if rng.random() < 0.6 else "",
            ("Yes" if rng.random() < 0.5 else "yes")
            if rng.random() < 0.08
            else rng.choice(["no", "No", ""]),
            (rng.choice([";", "; "])).join(tags),
            rng.choice(NOTES) if rng.random() < 0.15 else "",
            custom,
        ]


def generated_file(rows: int, seed: int) -> tuple[Path, dict]:
    """The synthetic CSV of `rows` rows (built once, then reused) and what it contains."""
    path = DATA_DIR / f"contacts-{rows}-seed{seed}-v{GENERATOR_VERSION}.csv"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text())
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generator = FileGenerator(seed)
    partial = path.with_suffix(".partial")
    # UTF-8 with a BOM, as Excel writes it.
    with partial.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADERS)
        for index in range(rows):
            writer.writerow(generator.row(index))
    partial.rename(path)
    meta = {"rows": rows, "seed": seed, "companies": generator.companies, **generator.counts}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False))
    print(
        f"  generated {path.name}: {rows:,} rows, {meta['invalid']:,} invalid, "
        f"{meta['duplicates']:,} duplicates, {meta['no_key']:,} with neither email nor phone "
        f"({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    return path, meta


# ---------------------------------------------------------------------------------------------
# The database, in the states users meet
# ---------------------------------------------------------------------------------------------

# Each state is a template database, built once (and migrated again when the code's migrations
# move on); every timed run gets a fresh copy of it, so the importer and the raw COPY start
# from the same table with the same statistics, and nothing one run leaves touches the next.
STATES = {
    "fresh": "a brand-new install: migrated, empty, never analysed",
    "curated": "100,000 contacts of 200 other teams, VACUUM ANALYZE",
    "crowded": "1,000,000 contacts of 5 other teams, analysed before the new team existed",
}
# (background contacts, background teams, analysed) for each state.
STATE_TABLES = {"fresh": (0, 0, False), "curated": (100_000, 200, True),
                "crowded": (1_000_000, 5, True)}  # fmt: skip


def database_url(name: str) -> str:
    """DATABASE_URL with another database name."""
    return urllib.parse.urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def admin_connection():
    import psycopg
    from psycopg.conninfo import make_conninfo

    return psycopg.connect(make_conninfo(os.environ["DATABASE_URL"], dbname="postgres"),
                           autocommit=True)  # fmt: skip


def use_database(name: str) -> None:
    """Point this process's Django connection at database `name`."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def database_exists(name: str) -> bool:
    with admin_connection() as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create_database(name: str, *, template: str | None = None) -> None:
    from psycopg import sql

    with admin_connection() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            # A file copy, then a checkpoint: the copy's writes are not left for the run.
            query += sql.SQL(" TEMPLATE {} STRATEGY FILE_COPY").format(sql.Identifier(template))
        conn.execute(query)
        conn.execute("CHECKPOINT")


BACKGROUND_TEAMS = "Import bench: background team"
BACKGROUND_SQL = """
INSERT INTO contacts_contact (
    id, team_id, first_name, last_name, email, phone, lead_status, source, do_not_call,
    custom_fields, tags, call_count, created_at, updated_at
)
SELECT
    gen_random_uuid(),
    (%(teams)s::uuid[])[1 + g %% cardinality(%(teams)s::uuid[])],
    (ARRAY['Sarah','José','Zoë','Liam','Amélie','Noah','Chloé','Mateo','Ana','Björn'])[1 + g %% 10],
    (ARRAY['Chen','Núñez','Müller','Smith','Dubois','Rossi','Kowalski','Tanaka','Silva',
           'Olsen'])[1 + (g / 10) %% 10],
    'person' || g || '@example' || (g %% 97) || '.com',
    '+1415' || lpad((g %% 10000000)::text, 7, '0'),
    (ARRAY['new','contacted','qualified','unqualified','converted'])[1 + g %% 5],
    'import', g %% 13 = 0, jsonb_build_object('company_size', (g %% 1000)::text),
    ARRAY['lead']::varchar[], 0, now(), now()
FROM generate_series(1, %(rows)s) AS g
"""


def template_name(state: str) -> str:
    return f"{os.environ['BENCH_DATABASE']}_{state}"


def ensure_template(state: str) -> None:
    """The state's template database, built when missing and migrated to the code's head.

    The curated table is the one earlier measurements used: other teams' contacts, analysed,
    so that a new team is estimated at their average size. The other two are what users meet
    first: a new install, where nothing was ever analysed, and a big table whose statistics
    predate the team being imported (autovacuum has not caught up; in CI it never runs).
    """
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    name = template_name(state)
    built = database_exists(name)
    if not built:
        create_database(name)
    use_database(name)
    pending = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    if built and not pending:
        return
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rows, team_count, analysed = STATE_TABLES[state]
    if not built and rows:
        from crm import services

        teams = [services.create_team(name=f"{BACKGROUND_TEAMS} {index}").pk
                 for index in range(team_count)]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(BACKGROUND_SQL, {"teams": teams, "rows": rows})
    if analysed:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    use_database(os.environ["BENCH_DATABASE"])
    print(f"  {'migrated' if built else 'built'} template {name} "
          f"({time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip


RUN_DATABASE_SUFFIX = "_run"


def fresh_copy(state: str) -> str:
    """A new database copied from the state's template, for one timed run; its name."""
    name = os.environ["BENCH_DATABASE"] + RUN_DATABASE_SUFFIX
    use_database(os.environ["BENCH_DATABASE"])
    create_database(name, template=template_name(state))
    use_database(name)
    if os.environ.get("BENCH_WITHOUT_HISTORY"):
        without_history()
    return name


def without_history() -> None:
    """Turn off the history triggers (history/) on the tables an import writes, for
    --without-history: what recording every change costs the importer and the raw COPY."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("contacts_contact", "crm_company", "donotcall_donotcallentry"):
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass"
                " AND tgname LIKE 'pgtrigger\\_%%'",
                [table],
            )
            for (trigger,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')


def fresh_team(label: str, team_id=None):
    from crm.models import Team

    name = f"Import bench: {label} {time.strftime('%H:%M:%S')}"
    return Team.objects.create(name=name, **({"id": team_id} if team_id else {}))


def contact_count(team) -> int:
    from contacts.models import Contact

    return Contact.objects.filter(team=team).count()


# ---------------------------------------------------------------------------------------------
# (b) The ceiling: the same rows, clean, as a CSV of the contacts table's columns
# ---------------------------------------------------------------------------------------------


def _pg_array(values: list[str]) -> str:
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


def clean_file(source: Path) -> tuple[Path, int, dict]:
    """The rows the importer would write, checked by its own RowChecker (outside the timing),
    for a team and companies whose IDs are made here: (the file, its rows, the team's ID and
    {company name: ID}), to be created in each run's database before the COPY."""
    from django.utils import timezone

    from contacts.imports import checking, reading
    from contacts.models import EDITABLE_FIELDS
    from crm import ids

    started = time.perf_counter()
    encoding = reading.detect_encoding(source)
    headers = reading.read_headers(source, file_format="csv", encoding=encoding)
    checker = checking.RowChecker(
        reading.Columns.from_headers(headers, extra_as_custom=False), default_region="US"
    )
    records = reading.read_records(source, file_format="csv", encoding=encoding)
    team_id = ids.uuid7()
    companies: dict[str, object] = {}  # lower(name) -> (name, ID)
    seen_emails: set[str] = set()
    seen_phones: set[str] = set()
    seen_names: set[tuple] = set()
    now = timezone.now().isoformat()
    target = source.with_name(source.stem + "-clean.csv")
    written = 0
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["id", "team_id", "company_id", *EDITABLE_FIELDS, "call_count", "created_at",
             "updated_at"]
        )  # fmt: skip
        for batch in checking.batches(records, checker, batch_size=5000):
            for row in batch.rows:
                # What the loader does with --match email --on-duplicate skip (the defaults): a
                # row is matched by its email, or by its phone when it has no email, or by
                # name and company when it has neither; a match is skipped.
                values = row.values
                email, phone = values.get("email"), values.get("phone")
                company_id = None
                if row.company_name:
                    key = row.company_name.lower()
                    if key not in companies:
                        companies[key] = (row.company_name, ids.uuid7())
                    company_id = companies[key][1]
                name = (values["first_name"].lower(), values["last_name"].lower(), company_id)
                if email:
                    if email.lower() in seen_emails:
                        continue
                elif phone:
                    if phone in seen_phones:
                        continue
                elif name in seen_names:
                    continue
                if email:
                    seen_emails.add(email.lower())
                if phone:
                    seen_phones.add(phone)
                if not email and not phone:
                    seen_names.add(name)
                cells = []
                for name in EDITABLE_FIELDS:
                    value = values.get(name)
                    if name == "lead_status":
                        value = value or "new"
                    elif name == "do_not_call":
                        value = "t" if value else "f"
                    elif name == "custom_fields":
                        value = json.dumps(value or {}, ensure_ascii=False)
                    elif name == "tags":
                        value = _pg_array(value or [])
                    cells.append(value)
                writer.writerow([ids.uuid7(), team_id, company_id, *cells, 0, now, now])
                written += 1
    print(
        f"  clean file for the raw COPY: {written:,} rows "
        f"({time.perf_counter() - started:.0f} s, not timed)",
        flush=True,
    )
    return target, written, {"team": team_id, "companies": dict(companies.values())}


def copy_team(ids_of: dict):
    """The raw COPY's team and companies, with the IDs its clean file names."""
    from companies.models import Company

    team = fresh_team("raw COPY", ids_of["team"])
    Company.objects.bulk_create(
        Company(id=company_id, team=team, name=name)
        for name, company_id in ids_of["companies"].items()
    )
    return team


def copy_worker(path: Path) -> None:
    """Stream a clean CSV into contacts_contact with COPY, as fast as the client can send it."""
    import psycopg

    with (
        psycopg.connect(os.environ["DATABASE_URL"]) as conn,
        conn.cursor() as cursor,
        path.open("rb") as file,
    ):
        columns = file.readline().decode().strip()
        # The ceiling sets no do-not-call flag: the contacts' row trigger, which would probe the
        # registry for every row, is skipped as the importer skips it (the importer then sets
        # the flag for its batches, set-based, within its own time).
        cursor.execute("SELECT set_config('crm.numbers_checked', 'on', true)")
        with cursor.copy(f"COPY contacts_contact ({columns}) FROM STDIN (FORMAT csv)") as copy:
            while data := file.read(1 << 20):
                copy.write(data)
    # Leaving the connection's block commits.


# ---------------------------------------------------------------------------------------------
# (c) django-import-export in bulk mode
# ---------------------------------------------------------------------------------------------


def import_export_worker(path: Path, team_id: str, *, lean: bool) -> None:
    """django-import-export in bulk mode. `lean`: as its maintainers advise for large imports of
    new rows: no instance lookup per row (force_init_instance), no diff (skip_diff, which turns
    skip_unchanged off), and companies looked up once rather than per row."""
    import django

    django.setup()
    import tablib
    from django.core.exceptions import ValidationError
    from django.db.models.functions import Lower
    from import_export import fields, instance_loaders, resources, widgets

    from companies.models import Company
    from contacts import rules
    from contacts.models import Contact
    from crm import ids

    team = Contact.team.field.related_model.objects.get(pk=ids.decode("team", team_id))

    class RuleWidget(widgets.Widget):
        """A cell through one of the shared contact rules; blank means `empty`."""

        def __init__(self, rule=None, empty=None, required=False):
            super().__init__()
            self.rule, self.empty, self.required = rule, empty, required

        def clean(self, value, row=None, **kwargs):
            text = "" if value is None else str(value).strip()
            if not text:
                if self.required:
                    raise ValueError("Required.")
                return self.empty
            if self.rule is None:
                return text
            try:
                return self.rule(text)
            except ValidationError as error:
                raise ValueError(" ".join(error.messages)) from error

    def yes_no(text):
        if text.lower() in {"true", "yes", "y", "1"}:
            return True
        if text.lower() in {"false", "no", "n", "0"}:
            return False
        raise ValidationError("Use yes/no, y/n, true/false or 1/0.")

    def us_phone_rule(text):
        return rules.normalize_phone(text, "US")

    def clean_tags(text):
        return rules.normalize_tags(re.split(r"[;,]", text))

    def clean_custom_fields(text):
        try:
            return rules.validate_custom_fields(json.loads(text))
        except ValueError as error:
            raise ValidationError("Custom fields must be a JSON object.") from error

    class TeamCompanyWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return Company.objects.filter(team=team, archived_at__isnull=True)

    class CachedCompanyWidget(TeamCompanyWidget):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.by_name = {c.name: c for c in self.get_queryset(None, None)}

        def clean(self, value, row=None, **kwargs):
            if not value:
                return None
            try:
                return self.by_name[value]
            except KeyError as error:
                raise ValueError(f"No company {value!r}.") from error

    class EmailInstanceLoader(instance_loaders.ModelInstanceLoader):
        """Match on the email ignoring case, through the (team, lower(email)) unique index."""

        def get_instance(self, row):
            try:
                email = self.resource.fields["email"].clean(row)
            except ValueError:
                return None  # reported as the row's validation error
            if not email:
                return None
            try:
                return (
                    self.get_queryset()
                    .alias(email_lower=Lower("email"))
                    .get(email_lower=email.lower())
                )
            except Contact.DoesNotExist:
                return None

    def column(name, attribute, rule=None, **options):
        return fields.Field(
            attribute=attribute, column_name=name, widget=RuleWidget(rule, **options)
        )

    class ContactResource(resources.ModelResource):
        first_name = column("First Name", "first_name", required=True)
        last_name = column("Last Name", "last_name", required=True)
        email = column("E-mail", "email", rules.normalize_email)
        phone = column("Phone Number", "phone", us_phone_rule)
        phone_secondary = column("Mobile", "phone_secondary", us_phone_rule)
        job_title = column("Job Title", "job_title")
        company = fields.Field(
            attribute="company",
            column_name="Company",
            widget=(CachedCompanyWidget if lean else TeamCompanyWidget)(Company, "name"),
        )
        lead_status = column("Lead Status", "lead_status", rules.normalize_lead_status, empty="new")
        source = column("Lead Source", "source")
        timezone = column("Time Zone", "timezone", rules.normalize_timezone)
        do_not_call = column("Do Not Call", "do_not_call", yes_no, empty=False)
        tags = column("Tags", "tags", clean_tags, empty=[])
        notes = column("Notes", "notes")
        custom_fields = column("Custom Fields", "custom_fields", clean_custom_fields, empty={})

        class Meta:
            model = Contact
            fields = (
                "first_name", "last_name", "email", "phone", "phone_secondary", "job_title",
                "company", "lead_status", "source", "timezone", "do_not_call", "tags", "notes",
                "custom_fields",
            )  # fmt: skip
            import_id_fields = ("email",)
            instance_loader_class = EmailInstanceLoader
            use_bulk = True
            batch_size = 1000
            skip_unchanged = True
            skip_html_diff = True
            report_skipped = False
            force_init_instance = lean
            skip_diff = lean

        def __init__(self):
            super().__init__()
            self.seen_emails: set[str] = set()

        def get_queryset(self):
            return Contact.objects.filter(team=team, archived_at__isnull=True)

        def init_instance(self, row=None):
            return Contact(team=team)

        def skip_row(self, instance, original, row, import_validation_errors=None):
            # A repeated email is skipped, as the importer does (bulk_create would fail on the
            # unique index for a repeat inside one batch and roll the whole import back).
            if not import_validation_errors and instance.email:
                key = instance.email.lower()
                if key in self.seen_emails:
                    return True
                self.seen_emails.add(key)
            return super().skip_row(instance, original, row, import_validation_errors)

    with path.open(encoding="utf-8-sig", newline="") as file:
        dataset = tablib.Dataset().load(file.read(), format="csv")
    result = ContactResource().import_data(dataset, dry_run=False, raise_errors=False)
    print(
        json.dumps(
            {
                "totals": dict(result.totals),
                "invalid_rows": len(result.invalid_rows),
                "base_errors": [str(error.error)[:300] for error in result.base_errors][:3],
                "row_errors": [str(errors[0].error)[:300] for _, errors in result.row_errors()][:3],
            }
        )
    )


# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------


def record_peak_at_exit(path: Path) -> None:
    """Write this process's peak RSS (VmHWM, kB) to `path` when it exits.

    Not ru_maxrss from wait4/RUSAGE_CHILDREN: Linux carries the parent's peak over fork and exec
    into the child's ru_maxrss (a `python -c pass` started by a 300 MB parent reports 310 MB),
    whereas VmHWM belongs to the address space the child's exec created.
    """

    def write():
        status = Path("/proc/self/status").read_text()
        path.write_text(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))

    atexit.register(write)


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a live process of this machine has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuWatch:
    """The CPU seconds of a measured process, of its children (the importer's checking process)
    and of its PostgreSQL sessions, read from /proc every 50 ms while it runs (Linux, with the
    server on this machine; otherwise the columns stay empty). On a machine other jobs keep
    busy, wall-clock seconds tell the share of the cores a run got; CPU seconds tell the work."""

    def __init__(self, pid: int, database: str):
        self.pid, self.database = pid, database
        self.seconds: dict[int, tuple[str, float]] = {}  # pid -> (role, CPU seconds)
        self.admin = admin_connection()
        self.others = set(self._sessions())  # this script's own, there before the run

    def _sessions(self) -> list[int]:
        query = (
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = %s AND backend_type = 'client backend'"
        )
        return [pid for (pid,) in self.admin.execute(query, [self.database]).fetchall()]

    def look(self) -> None:
        roles = {self.pid: "process"}
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            children = []
        roles |= {int(child): "children" for child in children}
        roles |= {pid: "postgres" for pid in self._sessions() if pid not in self.others}
        for pid, role in roles.items():
            seconds = cpu_seconds(pid)
            if seconds is not None:
                self.seconds[pid] = (role, seconds)

    def totals(self) -> dict:
        self.admin.close()
        totals = {"process": 0.0, "children": 0.0, "postgres": 0.0}
        for role, seconds in self.seconds.values():
            totals[role] += seconds
        return {f"cpu_{role}": seconds for role, seconds in totals.items()}


def run_timed(command: list[str], log: Path, database: str) -> dict:
    """Run this script's `command` in a process of its own, on `database`: wall-clock seconds
    from start to exit, its peak RSS (MB), its exit status and CPU seconds (CpuWatch)."""
    peak = log.with_suffix(".peak")
    peak.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--peak-file", str(peak), *command]
    env = {**os.environ, "DATABASE_URL": database_url(database)}
    with log.with_suffix(".out").open("w") as out, log.with_suffix(".err").open("w") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )  # fmt: skip
        watch = CpuWatch(process.pid, database)
        while process.poll() is None:
            watch.look()
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rss_mb": int(peak.read_text()) / 1024 if peak.exists() else float("nan"),
        "exit": process.returncode,
        "stdout": log.with_suffix(".out").read_text(),
        "stderr": log.with_suffix(".err").read_text(),
        **watch.totals(),
    }


def run_importer(path: Path, rows: int, state: str) -> dict:
    database = fresh_copy(state)
    team = fresh_team("importer")
    errors = DATA_DIR / f"importer-{rows}.errors.csv"
    run = run_timed(
        ["--manage", "import_contacts", str(path), "--team", team.public_id,
         "--default-region", "US", "--create-companies", "--errors", str(errors)],
        DATA_DIR / f"importer-{state}-{rows}", database,
    )  # fmt: skip
    summary = re.search(r"Read .*", run["stdout"])
    if run["exit"] not in (0, 2) or not summary:
        raise SystemExit(f"The importer failed (exit {run['exit']}):\n{run['stderr'][-3000:]}")
    run["written"] = contact_count(team)
    run["detail"] = summary.group(0)
    return run


def run_copy(clean: Path, rows: int, state: str, ids_of: dict) -> dict:
    database = fresh_copy(state)
    team = copy_team(ids_of)
    run = run_timed(["--worker", "copy", "--file", str(clean)],
                    DATA_DIR / f"copy-{state}-{rows}", database)  # fmt: skip
    if run["exit"] != 0:
        raise SystemExit(f"The raw COPY failed:\n{run['stderr'][-3000:]}")
    run["written"] = contact_count(team)
    run["detail"] = "COPY contacts_contact FROM STDIN (FORMAT csv), 1 MiB writes"
    return run


def run_import_export(path: Path, rows: int, state: str, companies: list[str], worker) -> dict:
    from companies import services

    database = fresh_copy(state)
    team = fresh_team("django-import-export")
    for name in companies:  # it looks companies up by name; it cannot create them
        services.create_company(team=team, name=name)
    run = run_timed(
        ["--worker", worker, "--file", str(path), "--team", team.public_id],
        DATA_DIR / f"{worker}-{state}-{rows}", database,
    )  # fmt: skip
    lines = run["stdout"].strip().splitlines()
    if run["exit"] != 0 or not lines:
        raise SystemExit(f"django-import-export failed:\n{run['stderr'][-3000:]}")
    outcome = json.loads(lines[-1])
    if outcome["base_errors"] or outcome["row_errors"]:
        raise SystemExit(f"django-import-export rolled back: {outcome}")
    run["written"] = contact_count(team)
    totals = outcome["totals"]
    run["detail"] = (
        f"{totals.get('new', 0):,} new, {totals.get('skip', 0):,} skipped, "
        f"{outcome['invalid_rows']:,} invalid"
    )
    return run


METHODS = {
    "importer": "importer (`import_contacts`)",
    "copy": "raw `COPY` of the clean rows (ceiling)",
    "import-export": "django-import-export, bulk, `skip_unchanged`",
    "import-export-lean": "django-import-export, bulk, lean",
}


def report(results: dict, sizes: list[int], states: list[str]) -> str:
    """The Markdown tables: each run, then the ratios against their targets."""
    lines = [
        "| rows in file | table before the run | method | seconds | rows/s | contacts written "
        "| peak RSS | CPU s: process, its children, PostgreSQL |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rows in sizes:
        for state in states:
            for method, label in METHODS.items():
                run = results.get((rows, state, method))
                if run is not None:
                    lines.append(
                        f"| {rows:,} | {state} | {label} | {run['seconds']:,.1f} | "
                        f"{rows / run['seconds']:,.0f} | {run['written']:,} | "
                        f"{run['rss_mb']:,.0f} MB | {run['cpu_process']:.1f}, "
                        f"{run['cpu_children']:.1f}, {run['cpu_postgres']:.1f} |"
                    )

    def rate(rows, state, method):
        run = results.get((rows, state, method))
        return rows / run["seconds"] if run else None

    def cells(values, unit):
        return [
            "n/a" if value is None else f"{value:.0%}" if unit == "%" else f"{value:.2f}x"
            for value in values
        ]

    def verdict(values, ok):
        values = [value for value in values if value is not None]
        return "n/a" if not values else "yes" if all(ok(value) for value in values) else "**no**"

    lines += [
        "",
        "| ratio | table | " + " | ".join(f"{rows:,} rows" for rows in sizes) + " | target | met |",
        "| --- | --- | " + " | ".join("---:" for _ in sizes) + " | --- | --- |",
    ]
    for label, method, target, unit in (
        ("importer ÷ raw COPY (rows/s)", "copy", 0.60, "%"),
        ("importer ÷ django-import-export, `skip_unchanged`", "import-export", 3.0, "x"),
        ("importer ÷ django-import-export, lean", "import-export-lean", 3.0, "x"),
    ):
        for state in states:
            values = [
                rate(rows, state, "importer") / rate(rows, state, method)
                if rate(rows, state, "importer") and rate(rows, state, method)
                else None
                for rows in sizes
            ]
            if all(value is None for value in values):
                continue
            target_text = f"≥ {target:.0%}" if unit == "%" else f"≥ {target:g}x"
            lines.append(
                f"| {label} | {state} | {' | '.join(cells(values, unit))} | {target_text} "
                f"| {verdict(values, lambda value, target=target: value >= target)} |"
            )
    for state in states:
        small = results.get((min(sizes), state, "importer"))
        large = results.get((max(sizes), state, "importer"))
        if small and large and len(sizes) > 1:
            growth = large["rss_mb"] / small["rss_mb"]
            padding = " | ".join("" for _ in sizes[:-1])
            lines.append(
                f"| importer peak RSS, {max(sizes):,} ÷ {min(sizes):,} rows | {state} | "
                f"{padding} | {growth:.2f}x | ≤ 1.2x | "
                f"{verdict([growth], lambda value: value <= 1.2)} |"
            )
    return "\n".join(lines)


def code_version() -> str:
    """The commit measured, and whether the importer's files differ from it."""

    def git(*command):
        return subprocess.run(
            ["git", *command], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--", "contacts")
    return git("rev-parse", "--short", "HEAD") + (" (contacts/ modified)" if dirty else "")


def main() -> None:
    if sys.argv[1:2] == ["--peak-file"]:  # a measured child process (see run_timed)
        record_peak_at_exit(Path(sys.argv[2]))
        del sys.argv[1:3]
    if sys.argv[1:2] == ["--manage"]:  # manage.py, run in this process
        sys.argv = ["manage.py", *sys.argv[2:]]
        runpy.run_path(str(ROOT / "manage.py"), run_name="__main__")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=SIZES, help="file sizes (default: both)"
    )
    parser.add_argument(
        "--states",
        nargs="+",
        choices=list(STATES),
        default=list(STATES),
        help="the tables to import into (default: all): "
        + "; ".join(f"{name}: {text}" for name, text in STATES.items()),
    )
    parser.add_argument(
        "--import-export-rows",
        type=int,
        nargs="*",
        default=[100_000],
        help="sizes to run django-import-export for, into the curated table (default: 100,000 "
        "only; at about 560 rows/s its 1,000,000-row run would take half an hour)",
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--without-history",
        action="store_true",
        help="every run with the history triggers turned off, to measure what they cost",
    )
    workers = ["copy", "import-export", "import-export-lean"]
    parser.add_argument("--worker", choices=workers, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--team", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker == "copy":
        return copy_worker(args.file)
    if args.worker:
        return import_export_worker(args.file, args.team, lean=args.worker.endswith("lean"))

    from psycopg.conninfo import conninfo_to_dict

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if args.without_history:
        os.environ["BENCH_WITHOUT_HISTORY"] = "1"
    os.environ["BENCH_DATABASE"] = conninfo_to_dict(os.environ["DATABASE_URL"])["dbname"]
    if not database_exists(os.environ["BENCH_DATABASE"]):
        create_database(os.environ["BENCH_DATABASE"])
    import django

    django.setup()
    states = [state for state in STATES if state in args.states]
    for state in states:
        ensure_template(state)
    sizes = sorted(args.rows)
    version = code_version()
    print(f"Importer at {version}")
    results: dict = {}
    started = time.perf_counter()
    for rows in sizes:
        print(f"\n{rows:,} rows", flush=True)
        path, meta = generated_file(rows, args.seed)
        clean, clean_rows, ids_of = clean_file(path)
        expected = rows - meta["invalid"] - meta["duplicates"]
        if clean_rows != expected:
            print(f"  note: {clean_rows:,} clean rows, {expected:,} expected from the generator")
        runs = []
        for state in states:
            runs += [
                (state, "importer", run_importer, (path, rows, state)),
                (state, "copy", run_copy, (clean, rows, state, ids_of)),
            ]
        if rows in args.import_export_rows and "curated" in states:
            for worker in ("import-export", "import-export-lean"):
                args_of = (path, rows, "curated", meta["companies"], worker)
                runs.append(("curated", worker, run_import_export, args_of))
        for state, method, run, run_args in runs:
            result = results[(rows, state, method)] = run(*run_args)
            print(
                f"  {state}, {method}: {result['seconds']:,.1f} s, "
                f"{rows / result['seconds']:,.0f} rows/s, {result['written']:,} written, "
                f"peak RSS {result['rss_mb']:,.0f} MB, CPU s {result['cpu_process']:.1f} + "
                f"{result['cpu_children']:.1f} + PostgreSQL {result['cpu_postgres']:.1f} — "
                f"{result['detail']}",
                flush=True,
            )
            if result["written"] != clean_rows:
                print(f"  note: {method} wrote {result['written']:,}, expected {clean_rows:,}")
        clean.unlink()
    use_database(os.environ["BENCH_DATABASE"])
    create_database(os.environ["BENCH_DATABASE"] + RUN_DATABASE_SUFFIX)  # empty, to save space
    table = report(results, sizes, states)
    print(f"\nTotal {time.perf_counter() - started:,.0f} s\n\n{table}")
    saved = DATA_DIR / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    saved.write_text(
        json.dumps(
            {
                "importer_version": version,
                "runs": [
                    {"rows": rows, "state": state, "method": method}
                    | {key: value for key, value in run.items() if key not in ("stdout", "stderr")}
                    for (rows, state, method), run in results.items()
                ],
            },
            indent=2,
        )
    )
    print(f"\nSaved {saved}")


if __name__ == "__main__":
    main()
