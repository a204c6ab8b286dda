"""Choosing the response's media type from the `Accept` header."""

from django.utils.http import parse_header_parameters
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that a media type the client refuses is never chosen.

    DRF reads `Accept` by specificity and ignores quality values, so
    `Accept: application/json;q=0` ("anything but JSON") got JSON. Here a renderer whose
    media type the header gives q=0 (by the most specific range that matches it, as
    RFC 9110 says: `*/*, application/json;q=0` refuses JSON too), or does not match at
    all, is left out; when none is left, the answer is a 406.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        ranges = [_parse_range(token) for token in self.get_accept_list(request)]
        acceptable = [r for r in renderers if _quality(r.media_type, ranges) > 0]
        return super().select_renderer(request, acceptable, format_suffix)


def _parse_range(token: str) -> tuple[str, str, float]:
    """`application/json; q=0.5` -> ("application", "json", 0.5)."""
    try:
        full_type, params = parse_header_parameters(token)
    except ValueError:
        return "", "", 0.0
    main, _, sub = full_type.lower().partition("/")
    try:
        quality = float(params.get("q", 1))
    except ValueError:
        quality = 1.0
    return main, sub, min(max(quality, 0.0), 1.0)


def _quality(media_type: str, ranges: list[tuple[str, str, float]]) -> float:
    """The quality `ranges` give `media_type`: that of the most specific range matching it."""
    main, _, sub = media_type.lower().partition(";")[0].strip().partition("/")
    best, quality = -1, 0.0
    for range_main, range_sub, range_quality in ranges:
        if (range_main, range_sub) == (main, sub):
            specificity = 2
        elif (range_main, range_sub) == (main, "*"):
            specificity = 1
        elif (range_main, range_sub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best:
            best, quality = specificity, range_quality
    return quality
