"""`create_team`, `create_api_token` and `demo`, run through call_command."""

import hashlib
import json
import re

import pytest
from django.core.management import CommandError
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from crm import ids
from crm.management.commands import demo as demo_command
from crm.models import ApiToken, Team
from tests.kit.api import bearer
from tests.kit.commands import run_command

TEAM_ID = re.compile(r"^team_[0-9a-hjkmnp-tv-z]{26}$")


def run(*args, **options) -> str:
    """The command's stdout."""
    return run_command(*args, **options).stdout


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


# --- create_team --------------------------------------------------------------------------------


def test_create_team_sets_the_phone_region_national_numbers_are_read_in(db):
    team_id = last_line(run("create_team", "Northwind Sales", "--phone-region", "us"))

    assert Team.objects.get(pk=ids.decode("team", team_id)).phone_region == "US"


def test_create_team_refuses_a_phone_region_that_is_no_country(db):
    with pytest.raises(CommandError) as refused:
        run("create_team", "Northwind Sales", "--phone-region", "XX")

    assert str(refused.value) == (
        "--phone-region: 'XX' is not a two-letter country code such as US or GB."
    )
    assert not Team.objects.exists()


def test_create_team_prints_the_new_team_id_last(db):
    team_id = last_line(run("create_team", "Northwind Sales"))

    assert TEAM_ID.match(team_id)
    team = Team.objects.get(pk=ids.decode("team", team_id))
    assert team.name == "Northwind Sales"


def test_create_team_trims_the_name(db):
    team_id = last_line(run("create_team", "  Northwind Sales  "))

    assert Team.objects.get(pk=ids.decode("team", team_id)).name == "Northwind Sales"


def test_create_team_twice_makes_two_teams(db):
    first = last_line(run("create_team", "Northwind"))
    second = last_line(run("create_team", "Southwind"))

    assert first != second
    assert Team.objects.count() == 2


@pytest.mark.parametrize("name", ["", "   "])
def test_create_team_rejects_blank_name(db, name):
    with pytest.raises(CommandError):
        run("create_team", name)

    assert not Team.objects.exists()


def test_create_team_rejects_name_over_200_characters(db):
    with pytest.raises(CommandError):
        run("create_team", "x" * 201)

    assert not Team.objects.exists()


def test_create_team_rejects_nul_character_in_name(db):
    # PostgreSQL cannot store U+0000: bad input must be a CommandError, not a database crash.
    with pytest.raises(CommandError):
        run("create_team", "North\x00wind")

    assert not Team.objects.exists()


# --- create_api_token ---------------------------------------------------------------------------


def test_create_api_token_prints_a_token_that_authenticates(team):
    secret = last_line(run("create_api_token", team.public_id))

    response = bearer(secret).get("/api/crm/contacts", {"teamId": team.public_id})

    assert response.status_code == 200, response.json()
    assert response.json()["success"] is True


def test_create_api_token_token_reaches_only_its_own_team(team, other_team):
    secret = last_line(run("create_api_token", team.public_id))

    response = bearer(secret).get("/api/crm/contacts", {"teamId": other_team.public_id})

    assert response.status_code == 404


def test_create_api_token_stores_only_a_digest(team):
    secret = last_line(run("create_api_token", team.public_id, "--name", "CI pipeline"))

    token = ApiToken.objects.get()
    assert token.team == team
    assert token.name == "CI pipeline"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.display_prefix)
    assert len(token.display_prefix) < len(secret)
    stored = ApiToken.objects.values().get()
    assert not any(secret in str(value) for value in stored.values())


def test_create_api_token_tokens_carry_a_recognisable_prefix(team):
    secret = last_line(run("create_api_token", team.public_id))

    assert secret.startswith("crm_")
    assert len(secret) >= 40


def test_create_api_token_issues_a_new_token_each_time(team):
    first = last_line(run("create_api_token", team.public_id))
    second = last_line(run("create_api_token", team.public_id))

    assert first != second
    assert ApiToken.objects.filter(team=team).count() == 2
    for secret in (first, second):
        assert (
            bearer(secret).get("/api/crm/contacts", {"teamId": team.public_id}).status_code == 200
        )


@pytest.mark.parametrize(
    "team_id", ["", "team_", "team_123", "nonsense", "comp_01jabcdefghjkmnpqrstvwxyz0"]
)
def test_create_api_token_rejects_malformed_team_id(team, team_id):
    with pytest.raises(CommandError):
        run("create_api_token", team_id)

    assert not ApiToken.objects.exists()


def test_create_api_token_rejects_unknown_team(db):
    unknown = ids.encode("team", ids.uuid7())

    with pytest.raises(CommandError):
        run("create_api_token", unknown)

    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("name", ["x" * 101, "   ", "bad\x00name"])
def test_create_api_token_rejects_a_bad_name_instead_of_cutting_it(team, name):
    with pytest.raises(CommandError, match="Token name"):
        run("create_api_token", team.public_id, "--name", name)

    assert not ApiToken.objects.exists()


# --- demo ---------------------------------------------------------------------------------------


@pytest.fixture
def demo_dir(db, settings, tmp_path, monkeypatch):
    settings.LOCAL_DIR = tmp_path
    monkeypatch.setattr(demo_command, "DEMO_FILE", tmp_path / "demo.json")
    return tmp_path


def printed_token(output: str) -> str:
    tokens = set(re.findall(r"Authorization: Bearer (\S+?)\"", output))
    assert len(tokens) == 1, output
    return tokens.pop()


def test_demo_first_run_creates_team_company_and_token(demo_dir):
    output = run("demo")

    team = Team.objects.get()
    company = Company.objects.get()
    token = ApiToken.objects.get()
    assert company.team == team
    assert token.team == team
    assert token.revoked_at is None
    assert team.public_id in output
    assert company.public_id in output
    assert token.digest == ApiToken.digest_of(printed_token(output))


def test_demo_prints_curl_commands_that_carry_the_token(demo_dir):
    output = run("demo")

    secret = printed_token(output)
    curls = [line for line in output.splitlines() if line.startswith("curl")]
    assert len(curls) == 2
    assert output.count(f'-H "Authorization: Bearer {secret}"') == 2


def test_demo_curl_commands_work_against_the_api(demo_dir):
    output = run("demo")
    secret = printed_token(output)
    client = bearer(secret)

    body = json.loads(re.search(r"-d '(.*?)'", output, re.DOTALL).group(1))
    created = client.post("/api/crm/contacts", body, format="json")
    list_path = re.search(r'curl "http://127\.0\.0\.1:8000(/api/crm/contacts\?[^"]+)"', output)
    listed = client.get(list_path.group(1))

    assert created.status_code == 201, created.json()
    assert Contact.objects.count() == 1
    assert listed.status_code == 200, listed.json()
    assert [item["id"] for item in listed.json()["contacts"]] == [created.json()["contact"]["id"]]


def test_demo_second_run_reuses_team_company_and_token(demo_dir):
    first = run("demo")
    second = run("demo")

    assert printed_token(second) == printed_token(first)
    assert Team.objects.count() == 1
    assert Company.objects.count() == 1
    assert ApiToken.objects.count() == 1
    assert Team.objects.get().public_id in second


def test_demo_keeps_its_state_in_the_local_dir_readable_only_by_owner(demo_dir):
    output = run("demo")

    saved = json.loads((demo_dir / "demo.json").read_text())
    assert saved["token"] == printed_token(output)
    assert saved["team_id"] == Team.objects.get().public_id
    assert (demo_dir / "demo.json").stat().st_mode & 0o077 == 0


def test_demo_issues_a_new_token_when_the_saved_one_was_revoked(demo_dir):
    first = printed_token(run("demo"))
    ApiToken.objects.update(revoked_at=timezone.now())

    second = printed_token(run("demo"))

    assert second != first
    assert (
        bearer(second)
        .get("/api/crm/contacts", {"teamId": ApiToken.objects.get(revoked_at=None).team.public_id})
        .status_code
        == 200
    )


def test_demo_base_url_option_is_used_in_the_curl_commands(demo_dir):
    output = run("demo", "--base-url", "https://crm.example.com")

    assert "curl -X POST https://crm.example.com/api/crm/contacts" in output
    assert 'curl "https://crm.example.com/api/crm/contacts?teamId=' in output
