"""Public IDs in the TypeID format: `<prefix>_<26 base32 characters>`.

The suffix is a UUIDv7 written in Crockford's lowercase base32 alphabet, so IDs
sort by creation time and are stored in native `uuid` columns. Spec:
https://github.com/jetify-com/typeid/tree/main/spec
"""

import os
import time
import uuid

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
SUFFIX_LENGTH = 26


class InvalidId(ValueError):
    """A string that is not a well-formed ID with the expected prefix."""


def uuid7() -> uuid.UUID:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    random_bits = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 used
    value = (millis & (2**48 - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((random_bits >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # variant
    value |= random_bits & (2**62 - 1)  # rand_b
    return uuid.UUID(int=value)


# uuid7() as a PostgreSQL expression, for rows the database creates in bulk (the importer's
# staging table): a random v4 UUID whose first 48 bits become Unix milliseconds, and whose
# version nibble goes from 4 (0100) to 7 (0111) by setting bits 52 and 53.
UUID7_SQL = (
    "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing "
    "substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) "
    "FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid"
)


# Every pair of characters, by the 10 bits it writes: a list of IDs is a page of them, and
# 13 lookups cost half of 26 shifts of 5 bits.
_PAIRS = [first + second for first in ALPHABET for second in ALPHABET]
_PAIR_SHIFTS = tuple(range(SUFFIX_LENGTH * 5 - 10, -1, -10))


def encode(prefix: str, value: uuid.UUID) -> str:
    number = value.int  # 128 bits, read as 130 with two zeros in front
    return f"{prefix}_{''.join([_PAIRS[(number >> shift) & 1023] for shift in _PAIR_SHIFTS])}"


def decode(prefix: str, text: str) -> uuid.UUID:
    """The UUID inside `text`; InvalidId says what is wrong with it."""
    expected = f"{prefix}_<{SUFFIX_LENGTH} base32 characters>"
    if not isinstance(text, str):
        raise InvalidId(f"Expected a string like {expected}.")
    head, separator, suffix = text.rpartition("_")
    if not separator:
        raise InvalidId(f"'{_clip(text)}' is not an ID; expected {expected}.")
    if head != prefix:
        raise InvalidId(f"'{_clip(text)}' is not a {prefix}_ ID; expected {expected}.")
    if (
        len(suffix) != SUFFIX_LENGTH
        or any(char not in _VALUE for char in suffix)
        or suffix[0] > "7"  # 26 characters carry 130 bits; the top two must be zero
    ):
        raise InvalidId(f"'{_clip(text)}' is malformed; expected {expected}.")
    number = 0
    for char in suffix:
        number = (number << 5) | _VALUE[char]
    return uuid.UUID(int=number)


def json_schema(prefix: str) -> dict:
    """An ID with `prefix` as JSON Schema (for the OpenAPI document): the prefix, `_`, and 26
    base32 characters, the first at most 7."""
    return {
        "type": "string",
        "pattern": f"^{prefix}_[0-7][{ALPHABET}]{{{SUFFIX_LENGTH - 1}}}$",
        "example": f"{prefix}_01h455vb4pex5vsknk084sn02q",
    }


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
