"""The time zone the admin shows and reads times in: the staff member's browser's.

`crm/static/crm/admin/staff_timezone.js` stores the browser's IANA zone in a cookie; for admin
pages this middleware activates it, so Django's admin renders every time, fills the date
filters ("Today", "Past 7 days") and reads typed times in that zone. Without the cookie (the
very first page, a browser that tells nothing) or with a zone that is not one, times are UTC.
The API is never affected: it always speaks UTC.
"""

import zoneinfo
from functools import cache
from urllib.parse import unquote

from django.utils import timezone

COOKIE = "staff_tz"
ADMIN_PATH = "/admin/"


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def staff_zone(request) -> zoneinfo.ZoneInfo | None:
    """The zone the request's browser reported, or None if it reported none that exists."""
    name = unquote(request.COOKIES.get(COOKIE, ""))  # the script encodes the "/"
    if name not in _zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


class StaffTimeZoneMiddleware:
    """Admin pages render and read times in the staff member's zone (`staff_zone`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = staff_zone(request) if request.path_info.startswith(ADMIN_PATH) else None
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
