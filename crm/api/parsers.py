from io import BytesIO

from django.conf import settings
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import BaseParser

from crm import strict_json
from crm.api.errors import PayloadTooLarge


class JSONObjectParser(BaseParser):
    """Parses a request body that must be one JSON object.

    Refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413), JSON that
    crm.strict_json refuses, and bodies that are not objects. A body already read by
    `parse_ahead` is not parsed again: the view gets the object parsed then.
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        if not (media_type or "").lower().startswith(self.media_type):
            raise UnsupportedMediaType(media_type)  # DRF lets "*/*" through to here
        request = getattr((parser_context or {}).get("request"), "_request", None)
        read_ahead = getattr(request, _READ_AHEAD, None)
        if read_ahead is not None and read_ahead[0] == raw:
            return read_ahead[1]
        try:
            data = strict_json.loads(raw)
        except strict_json.InvalidJSON as error:
            raise ParseError(f"The request body is not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise ParseError(
                f"The request body must be a JSON object, not {strict_json.type_name(data)}."
            )
        return data


_READ_AHEAD = "_crm_json_object_read_ahead"  # (the raw body, the object parsed from it)


def parse_ahead(request) -> dict:
    """The body of `request` (Django's, before its view runs) as JSONObjectParser reads it,
    raising what it raises. The view's JSONObjectParser then returns this same object."""
    data = JSONObjectParser().parse(BytesIO(request.body), request.content_type)
    setattr(request, _READ_AHEAD, (request.body, data))
    return data
