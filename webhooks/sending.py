"""One HTTP POST of a delivery, to the addresses checked for it, following no redirects."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from webhooks.addresses import UnsafeAddress, safe_addresses

EXCERPT_BYTES = 1024
USER_AGENT = "crm-webhooks/1"


class SendError(Exception):
    """No HTTP answer: the address was refused, or the connection failed or timed out."""


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str  # the first EXCERPT_BYTES of the body, decoded leniently
    duration_ms: int


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url` and read the status and the start of the answer.

    The host is resolved here and every address checked (`safe_addresses`), then the
    connection goes to a checked address while TLS still verifies the host's name: a second
    lookup by the HTTP library could otherwise get another answer. Connecting and each read
    wait at most WEBHOOKS_TIMEOUT_SECONDS. A redirect is an answer like any other (not 2xx).
    """
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    timeout = settings.WEBHOOKS_TIMEOUT_SECONDS
    started = time.monotonic()
    try:
        address = safe_addresses(parts.hostname, port)[0]
        connection = _connection(parts.hostname, port, https=https, timeout=timeout)
        # http.client connects through this attribute: point it at the checked address.
        connection._create_connection = lambda _, *args: socket.create_connection(
            (str(address), port), *args
        )
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    **headers,
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                },
            )
            response = connection.getresponse()
            excerpt = response.read(EXCERPT_BYTES)
        finally:
            connection.close()
    except UnsafeAddress as error:
        raise SendError(str(error)) from error
    except (OSError, http.client.HTTPException) as error:
        raise SendError(_describe(error)) from error
    return Answer(
        status=response.status,
        excerpt=excerpt.decode("utf-8", errors="replace"),
        duration_ms=round((time.monotonic() - started) * 1000),
    )


def _connection(host: str, port: int, *, https: bool, timeout: float):
    if https:
        return http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(host, port, timeout=timeout)


def _describe(error: Exception) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return f"No answer within {settings.WEBHOOKS_TIMEOUT_SECONDS:g} s."
    return f"{type(error).__name__}: {error}"[:1000]
