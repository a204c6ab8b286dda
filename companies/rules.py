"""Rules for company values, shared by the API, the admin and the importer."""

from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator

DOMAIN_MAX_LENGTH = 253  # the DNS limit for a full name

_domain_validator = DomainNameValidator(message="Enter a domain name such as example.com.")


def normalize_domain(value: str) -> str:
    """A bare, lower-cased domain: `https://WWW.Example.com/` -> `www.example.com`."""
    text = str(value).strip().lower()
    for scheme in ("https://", "http://"):
        text = text.removeprefix(scheme)
    text = text.rstrip("/")
    if "/" in text or not text or len(text) > DOMAIN_MAX_LENGTH:
        raise ValidationError("Enter a domain name such as example.com.", code="invalid")
    _domain_validator(text)
    return text
