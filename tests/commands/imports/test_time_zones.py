"""`import_contacts` keeps each contact's local time zones, as every other write does, so that
imported contacts are called in their own calling window (`callableAt`)."""

import pytest

from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS
from tests.kit.imports import run_import, write_csv

HEADER = ["first_name", "last_name", "email", "phone", "timezone"]


def imported(team, email: str) -> Contact:
    return Contact.objects.live().get(team=team, email=email)


def test_new_contacts_get_the_zones_of_their_timezone_or_phone(tmp_path, team, company):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            ["Ana", "Silva", "ana@example.com", "+5592987654321", ""],
            ["Raj", "Mehta", "raj@example.com", "+14155550100", "Asia/Kolkata"],
            ["Ivan", "Petrov", "ivan@example.com", "+79161234567", ""],
            ["No", "Phone", "nophone@example.com", "", ""],
        ],
    )

    run = run_import(path, team, "--company", company.public_id)

    assert run.counts["created"] == 4
    assert imported(team, "ana@example.com").time_zones == ["America/Manaus"]
    assert imported(team, "raj@example.com").time_zones == ["Asia/Kolkata"]
    assert len(imported(team, "ivan@example.com").time_zones) == 16
    assert imported(team, "nophone@example.com").time_zones == []


@pytest.mark.parametrize(
    ("stored", "row", "zones"),
    [
        # A new phone, on a contact without a timezone: the phone's zones.
        ({"phone": "+12125550100"}, ["+13105550100", ""], ["America/Los_Angeles"]),
        # A new phone, on a contact with a timezone: its timezone still rules.
        (
            {"phone": "+12125550100", "timezone": "Europe/Paris"},
            ["+13105550100", ""],
            ["Europe/Paris"],
        ),
        # A new timezone wins over the phone.
        ({"phone": "+12125550100"}, ["", "Asia/Tokyo"], ["Asia/Tokyo"]),
        # Neither given: unchanged.
        ({"phone": "+12125550100"}, ["", ""], ["America/New_York"]),
    ],
)
def test_updated_contacts_keep_zones_matching_their_timezone_and_phone(
    tmp_path, team, company, stored, row, zones
):
    person = ContactFactory(company=company, email="kim@example.com", **stored)
    path = write_csv(
        tmp_path, [[*HEADER, "job_title"], ["Kim", "Lee", "kim@example.com", *row, "CTO"]]
    )

    run = run_import(path, team, "--company", company.public_id, "--on-duplicate", "update")

    assert run.counts["updated"] == 1
    person.refresh_from_db()
    assert person.time_zones == zones


def test_imported_contacts_are_listed_by_their_calling_window(tmp_path, api, team, company):
    path = write_csv(
        tmp_path,
        [HEADER, ["Ana", "Silva", "ana@example.com", "+5592987654321", ""]],
    )
    run_import(path, team, "--company", company.public_id)

    def listed(instant: str) -> int:
        response = api.get(CONTACTS, {"teamId": team.public_id, "callableAt": instant})
        return response.json()["count"]

    assert listed("2026-03-10T11:30:00Z") == 0  # 07:30 in Manaus
    assert listed("2026-03-10T12:30:00Z") == 1  # 08:30
