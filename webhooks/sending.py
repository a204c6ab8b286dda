"""HTTP POSTs of deliveries, to the addresses checked for them, following no redirects."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from webhooks.addresses import UnsafeAddress, safe_addresses

EXCERPT_BYTES = 1024
# How much more of an answer is read to keep its connection for the next request.
DRAIN_BYTES = 64 * 1024
USER_AGENT = "crm-webhooks/1"


class SendError(Exception):
    """No HTTP answer: the address was refused, or the connection failed or timed out."""


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str  # the first EXCERPT_BYTES of the body, decoded leniently
    duration_ms: int


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url` on a connection of its own, closed after the answer."""
    with Sender() as sender:
        return sender.post(url, body, headers)


class Sender:
    """POSTs on connections kept open between requests (HTTP keep-alive), one per host, for
    one thread: a drain job's worker thread sends an endpoint's deliveries one after another
    without a new TCP connection and TLS handshake for each.

    The host is resolved and every address checked (`safe_addresses`) each time a connection
    is opened, then it goes to a checked address while TLS still verifies the host's name: a
    second lookup by the HTTP library could otherwise get another answer. Connecting and each
    read wait at most WEBHOOKS_TIMEOUT_SECONDS. A redirect is an answer like any other (not
    2xx). A kept connection the receiver has meanwhile closed is replaced once, silently.
    """

    def __init__(self):
        self._open: dict[tuple[str, str, int], http.client.HTTPConnection] = {}

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        parts = urlsplit(url)
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        key = (parts.scheme, parts.hostname, port)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {**headers, "Content-Type": "application/json", "User-Agent": USER_AGENT}
        started = time.monotonic()
        try:
            connection = self._open.pop(key, None)
            if connection is not None:
                try:
                    return self._exchange(key, connection, path, body, headers, started)
                except ConnectionError:
                    pass  # closed by the receiver while idle: once more on a new one
                except BaseException:
                    connection.close()
                    raise
            connection = _open_connection(parts.hostname, port, https=https)
            return self._exchange(key, connection, path, body, headers, started)
        except UnsafeAddress as error:
            raise SendError(str(error)) from error
        except (OSError, http.client.HTTPException) as error:
            raise SendError(_describe(error)) from error

    def _exchange(self, key, connection, path: str, body: bytes, headers: dict, started: float):
        """One request and its answer; the connection is kept for the next one when the
        answer was read to its end (an answer longer than that is cut and closed)."""
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            excerpt = response.read(EXCERPT_BYTES)
            rest = response.read(DRAIN_BYTES) if not response.isclosed() else b""
        except BaseException:
            connection.close()
            raise
        if response.isclosed() and not response.will_close and len(rest) < DRAIN_BYTES:
            self._open[key] = connection
        else:
            connection.close()
        return Answer(
            status=response.status,
            excerpt=excerpt.decode("utf-8", errors="replace"),
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    def close(self) -> None:
        for connection in self._open.values():
            connection.close()
        self._open.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _open_connection(host: str, port: int, *, https: bool):
    """A connection to a checked address of `host`."""
    address = safe_addresses(host, port)[0]
    connection = _connection(host, port, https=https, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS)
    # http.client connects through this attribute: point it at the checked address.
    connection._create_connection = lambda _, *args: socket.create_connection(
        (str(address), port), *args
    )
    return connection


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
