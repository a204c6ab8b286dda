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
