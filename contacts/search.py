"""How a `search` query matches contacts: one definition for the API and the admin."""

import re

import phonenumbers
from django.db import models
from django.db.models.functions import Lower, StrIndex
from django.db.models.lookups import GreaterThan

# A query made only of these characters (and at least three digits) may be a phone number.
_PHONE_CHARACTERS = re.compile(r"^[\d\s().+\-/]*$")
_PHONE_PUNCTUATION = re.compile(r"[\s().+\-/]")
# The trigram index serves a word of at least this many characters.
TRIGRAM = 3
# True of every contact (no text sorts before the empty one); stated by a search for a word
# shorter than a trigram and by no other query, so that only such a search can read
# contact_team_search_text_idx, whose predicate it is: a longer word, given it in a table
# never analysed, read the whole team there instead of a few trigram entries.
SHORT_WORD_SCAN = models.Q(search_text__gte="")


class Unaccent(models.Func):
    """`crm_unaccent(text)`: unaccent() declared IMMUTABLE (contacts migration 0001),
    so it can feed a generated column and be folded to a constant in a search pattern."""

    function = "crm_unaccent"
    output_field = models.TextField()


def search_condition(text: str) -> models.Q:
    """Every word of `text` is part of `search_text`; or `text` is one phone number.

    Words are matched ignoring case and accents. A word like `555-1234` is
    matched by its digits. A whole query like `(415) 555-1234` or
    `+44 (0)20 7183 8750` also matches the number's digits as one string.
    """
    words = text.split()
    condition = models.Q()
    for word in words:
        condition &= _contains(_word_term(word))
    whole_number = _phone_digits(text)
    if whole_number and len(words) > 1:
        condition |= _contains(whole_number)
    return condition


def _contains(term: str) -> models.Q:
    if len(term) < TRIGRAM:
        # A pattern with no trigram in it makes the trigram index read every entry it has,
        # every team's (seconds at a million contacts), and the planner cannot tell. strpos()
        # is the same test in a form no index serves: the team's rows are read instead.
        position = StrIndex("search_text", Lower(Unaccent(models.Value(term))))
        return models.Q(GreaterThan(position, 0)) & SHORT_WORD_SCAN
    # LIKE '%term%' with %, _ and \ escaped by Django; the pattern is a constant at plan
    # time, so the trigram index serves it.
    return models.Q(search_text__contains=Lower(Unaccent(models.Value(term))))


def _word_term(word: str) -> str:
    digits = _PHONE_PUNCTUATION.sub("", word)
    return digits if digits.isascii() and digits.isdigit() and len(digits) >= 3 else word


def _phone_digits(text: str) -> str | None:
    text = text.strip()
    if sum(char.isdigit() for char in text) < 3 or not _PHONE_CHARACTERS.match(text):
        return None
    if text.startswith("+"):
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
    return re.sub(r"\D", "", text)
