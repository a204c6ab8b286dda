"""Writes for contacts. Callers pass values already checked by `contacts.rules`."""

from contacts.models import Contact


def create_contact(**fields) -> Contact:
    """A new contact; `team` and `company` must already be the caller's (see TeamObjectField)."""
    return Contact.objects.create(**fields)
