"""The company pages as they show a company's contacts."""

from django.urls import reverse
from django.utils import timezone

from tests.admin.contacts.pages import changelist_url
from tests.factories import CompanyFactory, ContactFactory

# --- company pages -----------------------------------------------------------------------------


def test_company_page_links_to_its_contacts_and_counts_the_live_ones(admin_client, company):
    live = ContactFactory.create_batch(2, company=company, first_name="Livia")
    ContactFactory(company=company, first_name="Archie", archived_at=timezone.now())
    elsewhere = ContactFactory(company=CompanyFactory(team=company.team), first_name="Elsa")

    page = admin_client.get(reverse("admin:companies_company_change", args=[company.pk]))

    html = page.content.decode()
    link = f"{changelist_url()}?company__id__exact={company.pk}"
    assert f'href="{link}"' in html
    assert "2 live contact(s)" in html
    assert "Livia" not in html  # linked, never listed inline
    linked = set(admin_client.get(link).context["cl"].result_list)
    assert set(live) <= linked
    assert elsewhere not in linked


def test_company_list_shows_the_live_contact_count(admin_client, company):
    ContactFactory.create_batch(3, company=company)
    ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.get(reverse("admin:companies_company_changelist"))

    (row,) = response.context["cl"].result_list
    assert row.live_contacts == 3
    assert '<td class="field-live_contacts">3</td>' in response.content.decode()
