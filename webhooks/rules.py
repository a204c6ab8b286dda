"""The rules of an endpoint's fields, called by the API and the admin form alike."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from webhooks.addresses import UnsafeAddress, private_urls_allowed, safe_addresses
from webhooks.events import normalize_event_types

URL_MAX_LENGTH = 2000

__all__ = ["URL_MAX_LENGTH", "normalize_endpoint_url", "normalize_event_types"]


def normalize_endpoint_url(value: str) -> str:
    """An HTTPS URL whose host resolves to public addresses only (with
    WEBHOOKS_ALLOW_PRIVATE_URLS, HTTP and any address too); no user name or password."""
    url = value.strip()
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(f"At most {URL_MAX_LENGTH} characters.", code="invalid")
    schemes = ["https", "http"] if private_urls_allowed() else ["https"]
    try:
        URLValidator(schemes=schemes)(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (ValidationError, ValueError) as error:
        if urlsplit(url).scheme.lower() == "http" and "http" not in schemes:
            raise ValidationError("Use an https:// URL.", code="invalid") from error
        raise ValidationError(
            f"Enter a full {' or '.join(schemes)} URL, such as https://example.com/hooks.",
            code="invalid",
        ) from error
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            "Put no user name or password in the URL: verify the signature instead.",
            code="invalid",
        )
    if parts.fragment:
        raise ValidationError("A URL with a #fragment is not sent to servers.", code="invalid")
    if not private_urls_allowed():
        try:
            safe_addresses(parts.hostname, port)
        except UnsafeAddress as error:
            raise ValidationError(str(error), code="invalid") from error
    return url
