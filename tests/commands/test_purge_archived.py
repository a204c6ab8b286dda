"""`purge_archived`: archived contacts and companies go for good after the retention period."""

from datetime import timedelta

import pytest
from django.core.management import CommandError
from django.utils import timezone

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from crm.models import IdempotencyKey
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.commands import run_command

CALL = {
    "campaignId": "c1",
    "startedAt": "2024-01-15T10:00:00Z",
    "durationSeconds": 60,
    "outcome": "answered",
}


def purge(*args) -> str:
    """Run the command; its stdout."""
    return run_command("purge_archived", *args).stdout


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def archived(model, days: float, **fields):
    """A record (through its factory) archived `days` ago."""
    return model(archived_at=days_ago(days), **fields)


def exists(instance) -> bool:
    return type(instance).objects.filter(pk=instance.pk).exists()


def archive_through_api(api, contact, days: float) -> None:
    response = api.delete(f"/api/crm/contacts/{contact.public_id}")
    assert response.status_code == 200, response.json()
    Contact.objects.filter(pk=contact.pk).update(archived_at=days_ago(days))


# --- contacts -----------------------------------------------------------------------------------


def test_contacts_archived_before_the_retention_period_are_deleted(company):
    old = archived(ContactFactory, 11, company=company)
    recent = archived(ContactFactory, 9, company=company)
    live = ContactFactory(company=company)

    output = purge("--days", "10")

    assert not exists(old)
    assert exists(recent)
    assert exists(live)
    assert "contacts 1" in output


def test_a_purged_contact_takes_its_calls_with_it(api, company):
    contact = ContactFactory(company=company)
    kept = ContactFactory(company=company)
    for target in (contact, kept):
        response = api.post(f"/api/crm/contacts/{target.public_id}/calls", CALL, format="json")
        assert response.status_code == 201, response.json()
    archive_through_api(api, contact, days=40)

    purge("--days", "30")

    assert not exists(contact)
    assert not Call.objects.filter(contact_id=contact.pk).exists()
    assert Call.objects.filter(contact_id=kept.pk).count() == 1
    assert api.get(f"/api/crm/contacts/{contact.public_id}").status_code == 404


def test_default_retention_is_30_days(company):
    expired = archived(ContactFactory, 31, company=company)
    retained = archived(ContactFactory, 29, company=company)

    purge()

    assert not exists(expired)
    assert exists(retained)


def test_days_zero_purges_everything_archived_but_nothing_live(company):
    just_archived = archived(ContactFactory, 0.001, company=company)
    live = ContactFactory(company=company)

    purge("--days", "0")

    assert not exists(just_archived)
    assert exists(live)


def test_purge_reaches_every_team(company, other_company):
    ours = archived(ContactFactory, 40, company=company)
    theirs = archived(ContactFactory, 40, company=other_company)

    purge()

    assert not exists(ours)
    assert not exists(theirs)


def test_dry_run_deletes_nothing_and_reports_counts(api, team, company):
    old_contacts = [archived(ContactFactory, 40, company=company) for _ in range(2)]
    old_company = archived(CompanyFactory, 40, team=team)
    api.post(
        "/api/crm/companies",
        {"teamId": team.public_id, "name": "Keyed"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))

    output = purge("--dry-run")

    assert all(exists(contact) for contact in old_contacts)
    assert exists(old_company)
    assert IdempotencyKey.objects.count() == 1
    assert "contacts 2" in output
    assert "companies 1" in output
    assert "idempotency keys 1" in output


def test_dry_run_counts_what_a_real_run_then_deletes(team, company):
    archived(ContactFactory, 40, company=company)
    emptied = archived(CompanyFactory, 40, team=team)
    archived(ContactFactory, 40, company=emptied)
    archived(CompanyFactory, 40, team=team)
    still_held = archived(CompanyFactory, 40, team=team)
    archived(ContactFactory, 5, company=still_held)

    planned = purge("--dry-run")
    done = purge()

    assert "contacts 2" in planned and "contacts 2" in done
    assert "companies 2" in planned and "companies 2" in done


# --- companies ----------------------------------------------------------------------------------


def test_long_archived_company_without_contacts_is_deleted(team, company):
    old = archived(CompanyFactory, 40, team=team)
    recent = archived(CompanyFactory, 5, team=team)

    output = purge()

    assert not exists(old)
    assert exists(recent)
    assert exists(company)
    assert "companies 1" in output


def test_long_archived_company_goes_with_its_long_archived_contacts(team):
    old = archived(CompanyFactory, 40, team=team)
    contact = archived(ContactFactory, 40, company=old)

    purge()

    assert not exists(contact)
    assert not exists(old)


def test_long_archived_company_whose_contacts_are_within_retention_stays(team):
    old = archived(CompanyFactory, 40, team=team)
    contact = archived(ContactFactory, 5, company=old)

    output = purge()

    assert exists(old)
    assert exists(contact)
    assert "companies 0" in output


def test_company_archived_with_its_contacts_through_the_api_is_purged_together(api, team):
    globex = CompanyFactory(team=team, name="Globex")
    contact = ContactFactory(company=globex)
    response = api.delete(f"/api/crm/companies/{globex.public_id}?contacts=archive")
    assert response.status_code == 200, response.json()
    Company.objects.filter(pk=globex.pk).update(archived_at=days_ago(40))
    Contact.objects.filter(pk=contact.pk).update(archived_at=days_ago(40))

    purge()

    assert not exists(contact)
    assert not exists(globex)


def test_detached_contacts_survive_the_purge_of_their_old_company(api, team):
    globex = CompanyFactory(team=team, name="Globex")
    contact = ContactFactory(company=globex)
    api.delete(f"/api/crm/companies/{globex.public_id}?contacts=detach")
    Company.objects.filter(pk=globex.pk).update(archived_at=days_ago(40))

    purge()

    assert not exists(globex)
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.company_id is None and stored.archived_at is None


# --- idempotency keys ---------------------------------------------------------------------------


def test_expired_idempotency_keys_are_deleted_and_fresh_ones_kept(api, team):
    for key in ("old-key", "fresh-key"):
        response = api.post(
            "/api/crm/companies",
            {"teamId": team.public_id, "name": key},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert response.status_code == 201, response.json()
    IdempotencyKey.objects.filter(key="old-key").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    IdempotencyKey.objects.filter(key="fresh-key").update(
        created_at=timezone.now() - timedelta(hours=23)
    )

    output = purge()

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh-key"]
    assert "idempotency keys 1" in output


# --- bad input ----------------------------------------------------------------------------------


def test_negative_days_is_a_command_error(company):
    contact = archived(ContactFactory, 40, company=company)

    with pytest.raises(CommandError):
        purge("--days", "-1")

    assert exists(contact)


def test_non_numeric_days_is_a_command_error(db):
    with pytest.raises(CommandError):
        purge("--days", "thirty")
