"""Do-not-call in the admin reads as a warning in words, never as Django's green tick."""

from donotcall.models import Source
from donotcall.services import register_numbers
from tests.admin.contacts.pages import change_url, listing
from tests.factories import ContactFactory

LABEL = '<span class="warning-label">Do not call</span>'


def test_the_change_list_labels_do_not_call_contacts_in_red_words(admin_client, company):
    ContactFactory(company=company, first_name="Dana", do_not_call=True)
    ContactFactory(company=company, first_name="Cole", do_not_call=False)

    page = listing(admin_client).content.decode()

    assert page.count(LABEL) == 1
    rows = {row.split("</tr>")[0] for row in page.split("<tr")[1:]}
    (dana,) = [row for row in rows if "Dana" in row]
    (cole,) = [row for row in rows if "Cole" in row]
    assert LABEL in dana and "Do not call" not in cole
    assert "icon-yes.svg" not in page and "icon-no.svg" not in page
    assert "crm/admin/labels.css" in page


def test_the_change_form_labels_a_do_not_call_contact(admin_client, company):
    flagged = ContactFactory(company=company, do_not_call=True)
    callable_ = ContactFactory(company=company, do_not_call=False)

    assert LABEL in admin_client.get(change_url(flagged)).content.decode()
    assert LABEL not in admin_client.get(change_url(callable_)).content.decode()


LISTED = '<span class="warning-label">Number on do-not-call list</span>'


def test_a_contact_whose_number_is_on_the_registry_is_labelled_so(admin_client, team, company):
    register_numbers(team=team, numbers=["+14155550199"], source=Source.ADMIN)
    listed = ContactFactory(company=company, first_name="Lena", phone="+14155550199")
    other = ContactFactory(company=company, first_name="Omar", phone="+14155550100")

    assert LISTED in admin_client.get(change_url(listed)).content.decode()
    assert LISTED not in admin_client.get(change_url(other)).content.decode()
    rows = listing(admin_client).content.decode().split("<tr")[1:]
    (lena,) = [row for row in rows if "Lena" in row]
    assert LISTED in lena and LABEL not in lena
