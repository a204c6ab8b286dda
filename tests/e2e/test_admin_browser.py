"""The admin as a sales person uses it, and the API docs, in a real headless Chromium.

Needs Debian's chromium and chromium-driver (`.ci/run` installs them). Without
them these tests are skipped, unless CRM_REQUIRE_BROWSER is set, as CI sets it:
then a missing browser is a failure, not a skip. Screenshots of the change list
and the change form are saved in test-artifacts/.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from calls.models import Call
from contacts.models import Contact
from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.admin import PASSWORD, staff_user

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# How long a lookup waits for its element to appear.
IMPLICIT_WAIT = 5

if not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CRM_REQUIRE_BROWSER"):
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # for CSP violations
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(IMPLICIT_WAIT)
    yield driver
    driver.quit()


@pytest.fixture
def sales_floor(db):
    """A member of one team, with contacts there and in another team."""
    team, rival = TeamFactory(name="Acme Sales"), TeamFactory(name="Rival Sales")
    company = CompanyFactory(team=team, name="Acme Inc")
    staff_user("sam", team, password=PASSWORD)
    sarah = ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        phone="+14155551234",
        lead_status="qualified",
        custom_fields={"company_size": "500-1000"},
    )
    ContactFactory(company=company, first_name="José", last_name="Núñez", lead_status="new")
    theirs = ContactFactory(
        company=CompanyFactory(team=rival), first_name="Rita", last_name="Rival"
    )
    return {"sarah": sarah, "theirs": theirs}


def log_in(browser, live_server):
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("sam")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Wait until the login's redirect has landed: the login page's own URL contains "/admin/"
    # too, and a page asked for before the redirect lands is replaced by it.
    WebDriverWait(browser, 10).until(lambda driver: "/login/" not in driver.current_url)


def listed_names(browser) -> set[str]:
    return {cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#result_list tbody th a")}


@contextmanager
def at_once(browser):
    """Lookups without the implicit wait, on a page known to be loaded: for elements that must
    be absent, where the wait only makes the empty answer take all of IMPLICIT_WAIT."""
    browser.implicitly_wait(0)
    try:
        yield
    finally:
        browser.implicitly_wait(IMPLICIT_WAIT)


def screenshot(browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_sales_person_searches_filters_edits_and_acts_on_their_contacts(
    browser, live_server, sales_floor
):
    log_in(browser, live_server)
    browser.get(f"{live_server.url}/admin/contacts/contact/")
    assert listed_names(browser) == {"Sarah Chen", "José Núñez"}
    screenshot(browser, "contact-change-list")

    search = browser.find_element(By.ID, "searchbar")
    search.send_keys("(415) 555-1234")
    search.submit()
    assert listed_names(browser) == {"Sarah Chen"}

    browser.get(f"{live_server.url}/admin/contacts/contact/")
    browser.find_element(By.LINK_TEXT, "Qualified").click()
    assert listed_names(browser) == {"Sarah Chen"}

    browser.get(f"{live_server.url}/admin/contacts/contact/{sales_floor['sarah'].pk}/change/")
    screenshot(browser, "contact-change-form")
    keys = browser.find_elements(By.NAME, "custom_fields-key")
    values = browser.find_elements(By.NAME, "custom_fields-value")
    kinds = browser.find_elements(By.NAME, "custom_fields-type")
    keys[1].send_keys("budget")
    Select(kinds[1]).select_by_value("number")
    values[1].send_keys("50000")
    browser.find_element(By.NAME, "_save").click()
    assert "was changed successfully" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    sarah = Contact.objects.get(pk=sales_floor["sarah"].pk)
    assert sarah.custom_fields == {"company_size": "500-1000", "budget": 50000}

    browser.get(f"{live_server.url}/admin/contacts/contact/?q=sarah")
    browser.find_element(By.CSS_SELECTOR, "#result_list input.action-select").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("mark_do_not_call")
    browser.find_element(By.NAME, "index").click()
    message = browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert "Marked 1 contact(s) as do not call." in message
    assert Contact.objects.get(pk=sales_floor["sarah"].pk).do_not_call is True

    browser.get(f"{live_server.url}/admin/contacts/contact/{sales_floor['sarah'].pk}/history/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#change-history tbody tr")
    screenshot(browser, "contact-history")
    assert [row.find_element(By.CSS_SELECTOR, ".history-actor").text for row in rows[:2]] == [
        "Staff user sam",
        "Staff user sam",
    ]
    assert "Do not call: no → yes" in rows[0].text
    assert "Custom fields:" in rows[1].text


def test_sales_person_cannot_open_another_teams_contact(browser, live_server, sales_floor):
    log_in(browser, live_server)

    browser.get(f"{live_server.url}/admin/contacts/contact/{sales_floor['theirs'].pk}/change/")

    assert "Rita" not in browser.page_source
    assert "Not Found" in browser.page_source or "not found" in browser.page_source.lower()


def test_staff_log_a_call_and_read_calls_in_their_own_time_zone(browser, live_server, sales_floor):
    # The browser's zone, as a staff member in New York has it.
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/New_York"})
    Contact.objects.filter(pk=sales_floor["sarah"].pk).update(do_not_call=True)
    log_in(browser, live_server)

    browser.get(f"{live_server.url}/admin/contacts/contact/")
    label = browser.find_element(By.CSS_SELECTOR, "#result_list .warning-label")
    assert label.text == "Do not call"
    assert label.value_of_css_property("background-color") == "rgba(186, 33, 33, 1)"
    with at_once(browser):  # the list above is loaded
        assert not browser.find_elements(By.CSS_SELECTOR, "#result_list img[src$='icon-yes.svg']")
    screenshot(browser, "contact-change-list-do-not-call")

    browser.get(f"{live_server.url}/admin/contacts/contact/{sales_floor['sarah'].pk}/change/")
    browser.find_element(By.LINK_TEXT, "Log a call").click()
    for name, value in (("started_at_0", "2024-01-15"), ("started_at_1", "10:00")):
        box = browser.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    browser.find_element(By.NAME, "duration_seconds").send_keys("95")
    Select(browser.find_element(By.NAME, "outcome")).select_by_value("voicemail")
    browser.find_element(By.NAME, "summary").send_keys("Left a message about the demo.")
    screenshot(browser, "log-a-call")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    assert "Logged Voicemail call" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    call = Call.objects.get()
    assert call.started_at.isoformat() == "2024-01-15T15:00:00+00:00"  # 10:00 in New York

    browser.get(f"{live_server.url}/admin/contacts/call/")
    row = browser.find_element(By.CSS_SELECTOR, "#result_list tbody tr")
    assert "2024-01-15 10:00 EST" in row.text
    assert "Sarah Chen" in row.text
    screenshot(browser, "call-change-list")
    assert console_problems(browser) == []


# --- under the Content-Security-Policy -----------------------------------------------------------


def console_problems(browser) -> list[str]:
    """The console's CSP violations and uncaught errors since the last call."""
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Uncaught" in entry["message"]
    ]


def test_the_admin_works_under_the_content_security_policy(browser, live_server, sales_floor):
    log_in(browser, live_server)
    browser.get(f"{live_server.url}/admin/contacts/contact/")
    assert listed_names(browser) == {"Sarah Chen", "José Núñez"}
    # The company filter's autocomplete box and its script (a file, not inline) work.
    assert browser.find_elements(By.CSS_SELECTOR, ".company-filter .select2-container")
    company = sales_floor["sarah"].company
    browser.execute_script(
        "django.jQuery('#company-filter')"
        ".append(new Option(arguments[1], arguments[0], true, true)).trigger('change');",
        str(company.pk),
        company.name,
    )
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("company__id__exact"))
    assert listed_names(browser) == {"Sarah Chen", "José Núñez"}

    browser.get(f"{live_server.url}/admin/contacts/contact/{sales_floor['sarah'].pk}/change/")
    rows = len(browser.find_elements(By.CSS_SELECTOR, "tr.custom-field-row"))
    browser.find_element(By.CSS_SELECTOR, "[data-add-row]").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.custom-field-row")) == rows + 1
    zone_box = browser.find_element(By.NAME, "timezone")
    suggestions = browser.find_elements(
        By.CSS_SELECTOR, f"datalist#{zone_box.get_attribute('list')} option"
    )
    assert "America/Los_Angeles" in {option.get_attribute("value") for option in suggestions}

    assert console_problems(browser) == []
    # The policy is enforced: a script injected inline is refused, and the console says so.
    browser.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.injected = 1;';"
        "document.body.appendChild(s);"
    )
    assert browser.execute_script("return window.injected") is None
    assert any("Content Security Policy" in problem for problem in console_problems(browser))


def test_the_api_docs_work_under_the_content_security_policy(browser, live_server, db):
    browser.get(f"{live_server.url}/api/docs/")

    WebDriverWait(browser, 15).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )
    paths = {
        element.text for element in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    }
    assert "/api/crm/contacts" in paths
    assert "/api/crm/companies/{id}" in paths
    screenshot(browser, "api-docs")
    assert console_problems(browser) == []
