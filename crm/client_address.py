"""The address a request came from, for rate limits and login lockouts.

One definition for the API's rate limits and the admin's lockouts (django-axes calls it
through AXES_CLIENT_IP_CALLABLE).
"""

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR; behind TRUSTED_PROXY_COUNT proxies, the address the outermost one saw.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client's address is the TRUSTED_PROXY_COUNT-th entry from
    the right. Anything to its left was written by the client and is not believed.
    """
    remote = request.META.get("REMOTE_ADDR") or ""  # "" when unknown (a test's fake request)
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote  # not (all) through our proxies: the proxy's own address is what we know
    return hops[-proxies]
