"""A phone read from the database is parsed only when asked for more than its text, and then
answers exactly as phonenumber_field's own parsed object does."""

import copy
import pickle

import phonenumbers
import pytest
from phonenumber_field.phonenumber import PhoneNumber

from contacts.models import Contact
from tests.factories import ContactFactory

# A US number, an Italian one with its leading zero, and text the library cannot parse.
STORED = ["+14155550123", "+390612345678", "not a number"]


@pytest.mark.parametrize("text", STORED)
def test_a_stored_number_behaves_as_the_library_parses_it(db, text):
    contact = ContactFactory()
    Contact.objects.filter(pk=contact.pk).update(phone=text)  # stored as is, no rule
    expected = (
        PhoneNumber.from_string(text) if text.startswith("+") else PhoneNumber(raw_input=text)
    )

    stored = Contact.objects.get(pk=contact.pk).phone

    assert stored.raw_input == text
    assert stored.is_valid() == expected.is_valid()
    assert str(stored) == str(expected)
    assert stored == expected and expected == stored and stored == text
    assert hash(stored) == hash(expected)
    assert (stored.country_code, stored.national_number) == (
        expected.country_code,
        expected.national_number,
    )
    if expected.is_valid():
        assert stored.as_national == expected.as_national
        assert phonenumbers.region_code_for_number(stored) == (
            phonenumbers.region_code_for_number(expected)
        )


def test_a_stored_number_survives_copies_and_pickles_before_it_is_parsed(db):
    contact = ContactFactory(phone="+14155550123")
    for read in (
        lambda number: copy.deepcopy(number),
        lambda number: pickle.loads(pickle.dumps(number)),
    ):
        stored = read(Contact.objects.get(pk=contact.pk).phone)
        assert stored.as_e164 == "+14155550123"
        assert stored.country_code == 1


def test_a_contact_without_a_phone_reads_none(db):
    contact = ContactFactory(phone=None)
    assert Contact.objects.get(pk=contact.pk).phone is None


def test_a_page_of_contacts_is_answered_without_parsing_its_phones(api, team, company, monkeypatch):
    ContactFactory.create_batch(3, company=company, phone_secondary="+442071838750")
    parses = []
    real_parse = phonenumbers.parse
    monkeypatch.setattr(
        phonenumbers,
        "parse",
        lambda *args, **kwargs: parses.append(args) or real_parse(*args, **kwargs),
    )

    response = api.get("/api/crm/contacts", {"teamId": team.public_id})

    assert response.status_code == 200
    assert [c["phone_secondary"] for c in response.json()["contacts"]] == ["+442071838750"] * 3
    assert parses == []
