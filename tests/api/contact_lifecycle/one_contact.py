"""Addressing one contact, and proving what a request did or did not change."""

from datetime import timedelta

from django.utils import timezone

from contacts.models import Contact
from crm import ids
from tests.kit import api as kit_api
from tests.kit.api import CONTACTS, detail_url

LONG_AGO = timezone.now() - timedelta(days=10)
UNKNOWN_ID = ids.encode("cont", ids.uuid7())


def detail(contact) -> str:
    return detail_url(CONTACTS, contact)


def patch(client, contact, **body):
    return client.patch(detail(contact), body, format="json")


def listed_ids(client, team, **params) -> list[str]:
    response = client.get(CONTACTS, {"teamId": team.public_id, **params})
    return kit_api.listed_ids(response, "contacts")


def snapshot(contact) -> dict:
    """Every stored column of the contact, to prove a refused write changed nothing."""
    contact = Contact.objects.defer("search_text").get(pk=contact.pk)
    return {
        field.attname: getattr(contact, field.attname)
        for field in Contact._meta.concrete_fields
        if field.attname != "search_text"
    }


def age(contact, when=LONG_AGO) -> None:
    """Put the contact's timestamps in the past, so a write that moves them shows."""
    Contact.objects.filter(pk=contact.pk).update(created_at=when, updated_at=when)
