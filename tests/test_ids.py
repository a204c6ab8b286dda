"""Public IDs follow the TypeID specification (jetify-com/typeid, spec/valid.yml)."""

import uuid

import pytest

from crm import ids

SPEC_VALID = [
    ("prefix", "prefix_00000000000000000000000000", "00000000-0000-0000-0000-000000000000"),
    ("prefix", "prefix_0000000000000000000000000z", "00000000-0000-0000-0000-00000000001f"),
    ("prefix", "prefix_7zzzzzzzzzzzzzzzzzzzzzzzzz", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
    ("prefix", "prefix_01h455vb4pex5vsknk084sn02q", "01890a5d-ac96-774b-bcce-b302099a8057"),
]


@pytest.mark.parametrize(("prefix", "text", "hex_uuid"), SPEC_VALID)
def test_encodes_and_decodes_the_spec_examples(prefix, text, hex_uuid):
    assert ids.encode(prefix, uuid.UUID(hex_uuid)) == text
    assert ids.decode(prefix, text) == uuid.UUID(hex_uuid)


@pytest.mark.parametrize(
    "text",
    [
        "prefix_8zzzzzzzzzzzzzzzzzzzzzzzzz",  # overflows 128 bits
        "prefix_01h455vb4pex5vsknk084sn02",  # too short
        "prefix_01h455vb4pex5vsknk084sn02qq",  # too long
        "prefix_01h455vb4pex5vsknk084sn0iu",  # i and u are not in the alphabet
        "prefix_01H455VB4PEX5VSKNK084SN02Q",  # upper case
        "other_01h455vb4pex5vsknk084sn02q",  # wrong prefix
        "01h455vb4pex5vsknk084sn02q",  # no prefix
    ],
)
def test_refuses_invalid_ids(text):
    with pytest.raises(ids.InvalidId):
        ids.decode("prefix", text)


def test_new_ids_are_uuid7_and_sort_by_creation():
    first, second = ids.uuid7(), ids.uuid7()

    assert first.version == 7
    assert first.variant == uuid.RFC_4122
    assert ids.encode("cont", first)[:15] <= ids.encode("cont", second)[:15]


@pytest.mark.django_db
def test_the_sql_uuid7_has_the_same_layout():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ids.UUID7_SQL}, now() FROM generate_series(1, 50)")
        rows = cursor.fetchall()
    made_in_python = ids.uuid7()
    for value, now in rows:
        value = uuid.UUID(str(value))
        assert value.version == 7
        assert value.variant == uuid.RFC_4122
        millis = value.int >> 80
        assert abs(millis - now.timestamp() * 1000) < 5_000
        assert millis <= made_in_python.int >> 80
    assert len({value for value, _ in rows}) == 50
