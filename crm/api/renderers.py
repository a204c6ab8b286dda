"""The API's JSON renderer: DRF's JSONRenderer output, byte for byte, written by orjson.

DRF writes compact JSON with `json.dumps` (UTF-8 as is, `\\u2028` and `\\u2029` escaped,
dates through its encoder), which is the largest single cost of a list response. orjson
writes the same bytes for everything the API sends but three things, each handled here:

- `\\u2028` and `\\u2029` are escaped afterwards, as DRF does.
- Floats under 1e-4 in magnitude: `json` writes `1e-05`, orjson `0.00001` or `1.5e-7`. Any
  output that may hold one (a digit then `e-`, or `0.0000`) is written again by DRF's renderer;
  that is rare (only custom fields hold floats) and the check is one scan of the bytes.
- What orjson refuses (integers beyond 64 bits, keys that are not strings, lone surrogates)
  is written by DRF's renderer too, which then answers as it always did.

Dates, times, decimals and anything else not plain JSON go through DRF's encoder, so they read
as before. An indented answer (`Accept: application/json; indent=4`) is DRF's.
"""

import orjson
from rest_framework.renderers import JSONRenderer as DrfJSONRenderer

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_DIGITS = frozenset(b"0123456789")


class JSONRenderer(DrfJSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            content = orjson.dumps(data, default=self.encoder_class().default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        if _may_hold_small_float(content):
            return super().render(data, accepted_media_type, renderer_context)
        return content.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")


def _may_hold_small_float(content: bytes) -> bool:
    """Whether orjson may have written a float under 1e-4 (`0.00001`, `1.5e-7`): a digit then
    `e-`, or `0.0000`. Searched with bytes.find, which skips through a page many times faster
    than a regular expression with a character class."""
    if b"0.0000" in content:
        return True
    at = content.find(b"e-", 1)
    while at != -1:
        if content[at - 1] in _DIGITS:
            return True
        at = content.find(b"e-", at + 2)
    return False
