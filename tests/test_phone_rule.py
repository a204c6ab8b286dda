"""The phone rule accepts exactly the numbers libphonenumber calls valid.

contacts.rules checks validity with a shortcut for numbers of a calling code's main
region; this compares it with phonenumbers.is_valid_number on every region's example
numbers and on near-misses of them (one digit changed, one dropped, one added).
"""

import phonenumbers
import pytest
from django.core.exceptions import ValidationError

from contacts import rules


def example_numbers():
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in phonenumbers.PhoneNumberType.values():
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                yield number
    for country_code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        number = phonenumbers.example_number_for_non_geo_entity(country_code)
        if number is not None:
            yield number


def near_misses(number):
    national = str(number.national_number)
    yield national
    yield national[:-1] + str((int(national[-1]) + 1) % 10)
    yield national[:-1]
    yield national + "5"
    yield str((int(national[0]) + 1) % 10) + national[1:]


CASES = sorted(
    {
        f"+{number.country_code}{digits}"
        for number in example_numbers()
        for digits in near_misses(number)
    }
)


def accepted(text: str) -> bool:
    try:
        rules.normalize_phone(text)
    except ValidationError:
        return False
    return True


def library_says_valid(text: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text))
    except phonenumbers.NumberParseException:
        return False


def test_the_cases_cover_valid_and_invalid_numbers_of_many_countries():
    valid = [text for text in CASES if library_says_valid(text)]
    assert len(valid) > 1000
    assert len(CASES) - len(valid) > 1000
    assert len({phonenumbers.parse(text).country_code for text in valid}) > 200


@pytest.mark.parametrize("chunk", range(8))
def test_the_rule_agrees_with_libphonenumber(chunk):
    cases = CASES[chunk::8]
    disagreements = [text for text in cases if accepted(text) != library_says_valid(text)]
    assert disagreements == []


def library_e164(text: str, default_region: str | None) -> str | None:
    """What normalize_phone answered before its plain-US-number shortcut: the E.164 form of
    a number the library parses, finds valid and without an extension; None otherwise."""
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or number.extension:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def rule_e164(text: str, default_region: str | None) -> str | None:
    try:
        return rules.normalize_phone(text, default_region)
    except ValidationError:
        return None


def north_american_spellings():
    """The ways people write numbers of +1 (valid and not, US and Canadian and Caribbean),
    and the same digits a digit short, a digit long, or led by 0 or 1."""
    regions = sorted(phonenumbers.region_codes_for_country_code(1))
    nationals = set()
    for number in example_numbers():
        if number.country_code == 1:
            nationals.update(near_misses(number))
    nationals.update(["2015550123", "4155550100", "8005550199", "0415555010", "1415555010"])
    for national in sorted(nationals):
        a, b, c = national[:3], national[3:6], national[6:]
        yield from (
            national,
            f"1{national}",
            f"+1{national}",
            f"+{national}",
            f"({a}) {b}-{c}",
            f"{a}.{b}.{c}",
            f"{a}-{b}-{c}",
            f"1 ({a}) {b}-{c}",
            f"1-{a}-{b}-{c}",
            f"+1 {a} {b} {c}",
            f"+1 ({a}) {b}-{c}",
            f"+1-{a}-{b}-{c}.",
            f"+1 {a} {b} {c} x12",
            f"{a} {b} {c} ext. 7",
            f"+(1) {a} {b} {c}",
            f"1+{a}{b}{c}",
            f"(({a})){b}--{c}",
            f"{a}/{b}/{c}",
            f"011 1 {a} {b} {c}",
            f"+01{national}",
            f"{a}{b}{c}"[:-1],
        )
    yield from (f"+1 415 555 01{n:02}" for n in range(100))
    assert len(regions) > 20


@pytest.mark.parametrize("default_region", [None, "US", "CA", "JM", "GB", "DE"])
def test_plain_north_american_numbers_get_the_libraries_answer(default_region):
    spellings = sorted(set(north_american_spellings()))
    assert len(spellings) > 2000
    disagreements = [
        (text, rule_e164(text, default_region), library_e164(text, default_region))
        for text in spellings
        if rule_e164(text, default_region) != library_e164(text, default_region)
    ]
    assert disagreements == []
    assert sum(library_e164(text, default_region) is not None for text in spellings) > 500
