"""Where an endpoint URL leads: its host's addresses, and whether one is off limits.

Checked when an endpoint is saved and again before every delivery, against the addresses
the connection then uses, so a name that later resolves inside (DNS rebinding) is refused.
"""

import ipaddress
import socket

from django.conf import settings

# The kinds of address a webhook may not reach, in the order an error names them.
FORBIDDEN_KINDS = (
    ("is_loopback", "loopback"),
    ("is_unspecified", "unspecified"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_reserved", "reserved"),  # before private: Python counts 240.0.0.0/4 as both
    ("is_private", "private"),
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(Exception):
    """A host that does not resolve, or resolves (in part) to an address off limits."""


def private_urls_allowed() -> bool:
    return settings.WEBHOOKS_ALLOW_PRIVATE_URLS


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every A and AAAA address of `host` (an IP literal is its own address)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeAddress(f"The host '{host}' does not resolve.") from error
    addresses = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeAddress(f"The host '{host}' does not resolve.")
    return addresses


def forbidden_kind(address: IPAddress) -> str | None:
    """Why a webhook may not reach `address` ('loopback', 'private'...), or None."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:10.0.0.1 reaches 10.0.0.1
        address = mapped
    for attribute, kind in FORBIDDEN_KINDS:
        if getattr(address, attribute):
            return kind
    if not address.is_global:  # shared address space (100.64.0.0/10) and the like
        return "non-public"
    return None


def safe_addresses(host: str, port: int) -> list[IPAddress]:
    """The addresses of `host` a delivery may connect to: all of them, or UnsafeAddress if
    any is off limits (one bad record is enough for a resolver to pick it). With
    WEBHOOKS_ALLOW_PRIVATE_URLS every address is allowed."""
    addresses = resolve(host, port)
    if private_urls_allowed():
        return addresses
    for address in addresses:
        kind = forbidden_kind(address)
        if kind is not None:
            raise UnsafeAddress(
                f"The host '{host}' resolves to a {kind} address ({address}); webhooks "
                "must reach public addresses."
            )
    return addresses
