"""The possible-duplicates page and the merge screen in a real headless Chromium: a sales
person finds two records of one person, keeps one, picks a value from the other, and merges;
adding a second record of a person warns, with the way to the merge. Screenshots of the
duplicates page, the merge screen and the warning are saved in test-artifacts/."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from contacts.models import Contact
from tests.e2e.test_admin_browser import browser, log_in, screenshot  # noqa: F401 (fixture)
from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.admin import PASSWORD, staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_sales_person_merges_two_records_of_one_person(browser, live_server):  # noqa: F811
    team = TeamFactory(name="Acme Sales")
    company = CompanyFactory(team=team, name="Acme Inc")
    staff_user("sam", team, password=PASSWORD)
    sarah = ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        phone="+14155551234",
        email="sarah.chen@example.com",
        job_title=None,
        tags=["vip"],
    )
    again = ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        phone="+14155551234",
        email="s.chen@example.com",
        job_title="VP of Engineering",
        tags=["warm-lead"],
        do_not_call=True,
    )

    log_in(browser, live_server)
    browser.get(f"{live_server.url}/admin/contacts/contact/")
    browser.find_element(By.CSS_SELECTOR, ".object-tools a[href$='/duplicates/']").click()
    WebDriverWait(browser, 10).until(lambda driver: "/duplicates/" in driver.current_url)
    groups = browser.find_elements(By.CSS_SELECTOR, "#duplicate-groups .duplicate-group")
    assert [group.text.split("\n")[0] for group in groups] == [
        "Same phone",
        "Same name and company",
    ]
    screenshot(browser, "contact-duplicates")

    groups[0].find_element(By.LINK_TEXT, "Merge…").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.ID, "merge-form"))
    assert len(browser.find_elements(By.NAME, "survivor")) == 2
    # Keep the first record, but take the second one's email.
    email_choices = browser.find_elements(By.NAME, "field:email")
    email_choices[1].click()
    job_title = browser.find_elements(By.NAME, "field:job_title")
    assert job_title[1].is_selected()  # the first record has none
    assert "Do not call" in browser.find_element(By.ID, "merge-table").text
    screenshot(browser, "contact-merge")

    browser.find_element(By.CSS_SELECTOR, "#merge-form input[type=submit]").click()
    # The click only starts the POST: wait for the redirect to the survivor's page.
    WebDriverWait(browser, 10).until(lambda driver: "/merge" not in driver.current_url)

    assert f"/admin/contacts/contact/{sarah.pk}/change/" in browser.current_url
    assert "Merged 1 contact(s) into Sarah Chen." in browser.page_source
    kept = Contact.objects.get(pk=sarah.pk)
    assert (kept.email, kept.job_title, kept.do_not_call) == (
        "s.chen@example.com",
        "VP of Engineering",
        True,
    )
    assert kept.tags == ["vip", "warm-lead"]
    assert Contact.objects.get(pk=again.pk).merged_into_id == sarah.pk


def test_adding_a_second_record_of_a_person_warns_and_leads_to_the_merge(
    browser,  # noqa: F811
    live_server,
):
    team = TeamFactory(name="Acme Sales", phone_region="US")
    company = CompanyFactory(team=team, name="Acme Inc")
    staff_user("sam", team, password=PASSWORD)
    sarah = ContactFactory(
        company=company, first_name="Sarah", last_name="Chen", phone="+14155551234"
    )

    log_in(browser, live_server)
    browser.get(f"{live_server.url}/admin/contacts/contact/add/")
    browser.find_element(By.NAME, "first_name").send_keys("Sarah")
    browser.find_element(By.NAME, "last_name").send_keys("Chen")
    browser.find_element(By.NAME, "phone").send_keys("(415) 555-1234")
    browser.execute_script(  # the company box is an autocomplete: pick the one company
        "django.jQuery('#id_company')"
        ".append(new Option(arguments[1], arguments[0], true, true)).trigger('change');",
        str(company.pk),
        company.name,
    )
    browser.find_element(By.NAME, "_save").click()

    warning = browser.find_element(By.CSS_SELECTOR, ".messagelist .warning")
    assert warning.text == (
        "Possible duplicate of Sarah Chen: Sarah Chen (same phone). Compare and merge…"
    )
    screenshot(browser, "contact-possible-duplicate-warning")
    warning.find_element(By.LINK_TEXT, "Compare and merge…").click()

    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.ID, "merge-form"))
    kept = browser.find_element(By.CSS_SELECTOR, "input[name=survivor]:checked")
    assert kept.get_attribute("value") == sarah.public_id  # the older record, by default
    assert Contact.objects.filter(team=team, first_name="Sarah").count() == 2
