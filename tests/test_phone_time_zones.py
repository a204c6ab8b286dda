"""A contact's zones from its phone number agree with phonenumbers' own lookup.

contacts.windows builds North American numbers without phonenumbers.parse; this holds the
result to the library's on every +1 region's example numbers and their near-misses, and on
numbers of other countries.
"""

import phonenumbers
from phonenumbers import timezone

from contacts import windows
from tests.test_phone_rule import example_numbers, near_misses


def library_zones(e164: str) -> list[str]:
    number = phonenumbers.parse(e164, None)
    known = windows._known_zones()
    zones = timezone.time_zones_for_number(number)
    return sorted({zone for zone in zones if zone != timezone.UNKNOWN_TIMEZONE and zone in known})


def stored_numbers():
    for number in example_numbers():
        for digits in near_misses(number):
            text = f"+{number.country_code}{digits}"
            try:
                parsed = phonenumbers.parse(text, None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                yield phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def test_zones_from_a_phone_number_are_the_librarys():
    numbers = sorted(set(stored_numbers()))
    north_american = [number for number in numbers if number.startswith("+1")]
    assert len(north_american) > 100 and len(numbers) - len(north_american) > 500
    disagreements = [
        (number, windows.contact_time_zones(None, number), library_zones(number))
        for number in numbers
        if windows.contact_time_zones(None, number) != library_zones(number)
    ]
    assert disagreements == []
