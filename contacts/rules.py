"""The rules a contact's values must follow, written once.

The API serializers, the admin form and the importer all call these functions,
so a value is accepted or refused the same way everywhere. Each one returns the
normalised value or raises `django.core.exceptions.ValidationError` with a
message fit to show to the person who typed the value. Plain length limits live
on the model fields (`Contact._meta`), which every path also goes through.
"""

import json
import math
import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models
from django.utils import timezone

PHONE_INPUT_MAX_LENGTH = 40
EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a usable address
TAG_MAX_LENGTH = 50
TAGS_MAX_COUNT = 50
TAG_FORBIDDEN_CHARACTERS = ",;"
CUSTOM_FIELDS_MAX_KEYS = 100
CUSTOM_FIELD_KEY_MAX_LENGTH = 100
CUSTOM_FIELDS_MAX_BYTES = 16 * 1024
CUSTOM_FIELDS_MAX_DEPTH = 10


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    QUALIFIED = "qualified", "Qualified"
    UNQUALIFIED = "unqualified", "Unqualified"
    CONVERTED = "converted", "Converted"


def normalize_phone(value: str, default_region: str | None = None) -> str:
    """The E.164 form of a phone number (`+1 (202) 555-0147` -> `+12025550147`).

    Without `default_region` the number must be international (start with `+`).
    The number must be valid for its country, not merely the right length:
    these numbers are dialled by campaigns.
    """
    text = str(value).strip()
    if len(text) > PHONE_INPUT_MAX_LENGTH:
        raise ValidationError(
            f"A phone number has at most {PHONE_INPUT_MAX_LENGTH} characters.", code="invalid"
        )
    if (national := _plain_nanp_number(text, default_region)) is not None:
        return f"+1{national}"
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None and default_region is None and not text.startswith("+"):
        raise ValidationError(
            f"'{text}' is not an international phone number: "
            "start with + and the country code, e.g. +14155551234.",
            code="invalid",
        )
    if number is None or not _is_valid_number(number):
        raise ValidationError(f"'{text}' is not a valid phone number.", code="invalid")
    if number.extension:
        raise ValidationError(
            f"'{text}' has an extension; store the number without it and put "
            "the extension in notes.",
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def readable_phone(value) -> str:
    """A stored number as people read it: international, grouped by spaces
    (`+14155551234` -> `+1 415 555 1234`)."""
    number = phonenumbers.parse(str(value))
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return text.replace("-", " ")


def normalize_phone_region(value: str) -> str:
    """A country code for national phone numbers (`us` -> `US`), as phonenumbers knows them;
    empty for none. A team's `phone_region` and the importer's `--default-region`."""
    region = str(value or "").strip().upper()
    if region and region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(
            f"'{region}' is not a two-letter country code such as US or GB.", code="invalid"
        )
    return region


# How North American numbers are usually written: digits, spaces, ( ) . - and a leading +.
_PLAIN_NUMBER = re.compile(r"\+?[0-9 ().\-]+")
_PLAIN_PUNCTUATION = str.maketrans("", "", " ().-")
_NANP_REGIONS = frozenset(phonenumbers.region_codes_for_country_code(1))


def _plain_nanp_number(text: str, default_region: str | None) -> str | None:
    """The ten digits of a valid US number written plainly, without phonenumbers.parse; None
    for anything else.

    Most numbers an import meets are US numbers in a handful of spellings ('(415) 555-0100',
    '415.555.0100', '+1 415 555 0100', '1-415-555-0100', E.164's '+14155550100'), and parse
    costs two to three times the validity check. For such a spelling parse would drop the
    punctuation, take the ten digits (after '+1', or after a leading 1 when the default region
    is North American) as the national number and find no extension; this does the same
    directly. Whatever else (another country, letters, an extension, a number not valid in the
    US) returns None and gets the library's full treatment: tests/test_phone_rule.py holds the
    two to the same answers.
    """
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    digits = text.translate(_PLAIN_PUNCTUATION)
    if digits.startswith("+1") and len(digits) == 12:
        national = digits[2:]
    elif default_region not in _NANP_REGIONS or digits.startswith("+"):
        return None
    elif len(digits) == 11 and digits.startswith("1"):
        national = digits[1:]
    elif len(digits) == 10:
        national = digits
    else:
        return None
    return national if _is_valid_for_region(national, "US") else None


def _is_valid_number(number: phonenumbers.PhoneNumber) -> bool:
    """phonenumbers.is_valid_number, with one check instead of two for most numbers.

    The library first finds the number's region, starting with its calling code's main
    region (the US for +1), which it picks when the number is valid there, and then checks
    the number's validity for that region a second time. So a number valid for the main
    region is valid, and the check for that region alone says so. Every other number gets
    the library's own answer.
    """
    region = _main_region(number.country_code)
    if region is not None and _is_valid_for_region(
        phonenumbers.national_significant_number(number), region
    ):
        return True
    return phonenumbers.is_valid_number(number)


def _is_valid_for_region(national: str, region: str) -> bool:
    """phonenumbers.is_valid_number_for_region for a number of the region's calling code,
    given its national significant number, in one or two regular expression matches.

    The library calls a number valid for a region when it matches the region's general
    pattern and the pattern of any one number type (fixed line, mobile, toll free...), each
    pattern tried only when its possible lengths include the number's: ten function calls
    and pattern cache lookups, most of a US number's check. The same patterns, picked once
    per region and length and joined into one alternation, give the same answer.
    """
    patterns = _validity_patterns(region, len(national))
    if patterns is None:
        return False
    general, any_type = patterns
    return general.fullmatch(national) is not None and any_type.fullmatch(national) is not None


# The number types phonenumbers' number type check tries (in _number_type_helper).
_NUMBER_TYPE_DESCRIPTIONS = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


@cache
def _validity_patterns(region: str, length: int) -> tuple[re.Pattern, re.Pattern] | None:
    """The region's general pattern and the alternation of its number types' patterns that
    apply to national numbers of `length` digits; None when none can be valid."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or not _applies(metadata.general_desc, length):
        return None
    types = [
        description.national_number_pattern
        for name in _NUMBER_TYPE_DESCRIPTIONS
        if _applies(description := getattr(metadata, name), length)
    ]
    if not types:
        return None
    general = metadata.general_desc.national_number_pattern
    return re.compile(general), re.compile("|".join(f"(?:{pattern})" for pattern in types))


def _applies(description: phonenumbers.PhoneNumberDesc | None, length: int) -> bool:
    """Whether the library would try a number type's pattern on a number of `length`
    digits: it has a pattern, and its possible lengths (when it lists any) include it."""
    return (
        description is not None
        and bool(description.national_number_pattern)
        and (not description.possible_length or length in description.possible_length)
    )


@cache
def _main_region(country_code: int) -> str | None:
    """The calling code's main region, when the library tries it first by validity (a
    region with "leading digits", such as Russia for +7, is picked by those instead)."""
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    return region if metadata is not None and metadata.leading_digits is None else None


def _one_of(choices: type[models.TextChoices], what: str):
    """A rule accepting one of `choices`' values, ignoring case and surrounding spaces."""
    allowed = frozenset(choices.values)  # .values builds a list on every call
    listing = ", ".join(choices.values)

    def normalize(value: str) -> str:
        text = str(value).strip().lower()
        if text not in allowed:
            raise ValidationError(
                f"'{str(value)[:30]}' is not a {what}; use one of {listing}.", code="invalid"
            )
        return text

    normalize.__doc__ = f"One of the {choices.__name__} values, ignoring case and spaces."
    return normalize


normalize_lead_status = _one_of(LeadStatus, "lead status")


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", "Answered"
    VOICEMAIL = "voicemail", "Voicemail"
    NO_ANSWER = "no_answer", "No answer"
    BUSY = "busy", "Busy"
    FAILED = "failed", "Failed"
    OPTED_OUT = "opted_out", "Opted out"


normalize_call_outcome = _one_of(CallOutcome, "call outcome")

# Clocks differ a little; a call that starts later than this has not happened yet.
CALL_CLOCK_SKEW = timedelta(minutes=5)
CALL_EARLIEST_START = datetime(2000, 1, 1, tzinfo=UTC)
CALL_MAX_SECONDS = 24 * 60 * 60


def check_call_started_at(value: datetime) -> datetime:
    """When a finished call started: an aware instant, since 2000 and not in the future."""
    if value.tzinfo is None:
        raise ValidationError("Give the UTC offset, e.g. 2024-01-15T10:00:00Z.", code="invalid")
    if value < CALL_EARLIEST_START:
        raise ValidationError("A campaign call cannot have started before 2000.", code="invalid")
    if value > timezone.now() + CALL_CLOCK_SKEW:
        raise ValidationError("A finished call cannot start in the future.", code="invalid")
    return value


YES_WORDS, NO_WORDS = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


def parse_yes_no(value) -> bool:
    """A yes/no answer as people type it in files and forms (yes/no, y/n, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValidationError("Answer yes/no, y/n, true/false or 1/0.", code="invalid")


_email_validator = EmailValidator(message="Enter a valid email address.")


def normalize_email(value: str) -> str:
    """A valid email address, trimmed, with its domain lower-cased."""
    text = str(value).strip()
    if len(text) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            f"An email address has at most {EMAIL_MAX_LENGTH} characters.", code="invalid"
        )
    _email_validator(text)
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


# Names in the tz database that are not places: the host's own setting and tzdata internals.
_NOT_ZONES = {"localtime", "Factory", "posixrules"}


@lru_cache(maxsize=1)
def _timezones_by_folded_name() -> dict[str, str]:
    return {
        name.casefold(): name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    }


def timezone_names() -> list[str]:
    """Every zone normalize_timezone accepts, sorted: for pickers."""
    return sorted(_timezones_by_folded_name().values())


def normalize_timezone(value: str) -> str:
    """The canonical spelling of an IANA time zone (`america/chicago` -> `America/Chicago`)."""
    text = str(value).strip()
    name = _timezones_by_folded_name().get(text.casefold())
    if name is None:
        raise ValidationError(
            f"'{text[:64]}' is not an IANA time zone, e.g. America/Chicago.", code="invalid"
        )
    return name


def normalize_tags(value) -> list[str]:
    """Tags trimmed, without blanks, de-duplicated ignoring case (first spelling kept)."""
    if not isinstance(value, list | tuple):
        raise ValidationError("Tags must be a list of strings.", code="invalid")
    tags: list[str] = []
    seen: set[str] = set()
    for position, item in enumerate(value):
        if not isinstance(item, str):
            raise ValidationError(f"Tag {position + 1} is not a string.", code="invalid")
        tag = item.strip()
        if not tag:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(
                f"Tag '{tag[:20]}…' is longer than {TAG_MAX_LENGTH} characters.", code="invalid"
            )
        if any(char in tag for char in TAG_FORBIDDEN_CHARACTERS):
            raise ValidationError(
                f"Tag '{tag[:20]}' contains ',' or ';', which separate tags in files and forms.",
                code="invalid",
            )
        if "\x00" in tag:
            raise ValidationError("Tags may not contain NUL characters.", code="invalid")
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > TAGS_MAX_COUNT:
        raise ValidationError(f"A contact has at most {TAGS_MAX_COUNT} tags.", code="invalid")
    return tags


def validate_custom_fields(value) -> dict:
    """A JSON object of at most 100 keys and 16 KiB, storable in PostgreSQL JSONB."""
    if not isinstance(value, dict):
        raise ValidationError("Custom fields must be a JSON object.", code="invalid")
    if len(value) > CUSTOM_FIELDS_MAX_KEYS:
        raise ValidationError(
            f"Custom fields have at most {CUSTOM_FIELDS_MAX_KEYS} keys.", code="invalid"
        )
    for key in value:
        if not isinstance(key, str) or not key.strip():
            raise ValidationError("Custom field names must be non-empty strings.", code="invalid")
        if len(key) > CUSTOM_FIELD_KEY_MAX_LENGTH:
            raise ValidationError(
                f"Custom field name '{key[:20]}…' is longer than "
                f"{CUSTOM_FIELD_KEY_MAX_LENGTH} characters.",
                code="invalid",
            )
    _check_json_values(value)
    try:
        encoded = json.dumps(value, ensure_ascii=False).encode()
    except UnicodeEncodeError as error:  # an unpaired surrogate
        raise ValidationError("Custom fields must be valid Unicode.", code="invalid") from error
    if len(encoded) > CUSTOM_FIELDS_MAX_BYTES:
        raise ValidationError(
            f"Custom fields take at most {CUSTOM_FIELDS_MAX_BYTES // 1024} KiB as JSON.",
            code="invalid",
        )
    return value


def merge_patch(target, patch):
    """RFC 7396 JSON Merge Patch: objects merge key by key, null removes a key."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def _check_json_values(value: dict) -> None:
    """Plain JSON, nested at most CUSTOM_FIELDS_MAX_DEPTH levels, with no NUL (JSONB refuses it).

    Walked with a stack rather than recursion, so no input can exhaust Python's.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > CUSTOM_FIELDS_MAX_DEPTH:
                raise ValidationError(
                    f"Custom fields nest at most {CUSTOM_FIELDS_MAX_DEPTH} levels deep.",
                    code="invalid",
                )
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            if "\x00" in item:
                raise ValidationError(
                    "Custom fields may not contain NUL characters.", code="invalid"
                )
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise ValidationError("Custom fields must be plain JSON values.", code="invalid")
        elif not (item is None or isinstance(item, bool | int)):
            raise ValidationError("Custom fields must be plain JSON values.", code="invalid")
