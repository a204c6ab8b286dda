"""Archiving and restoring a contact, and the contact list at 1,400 px, in a real headless
Chromium (see test_admin_browser.py for what it needs). Screenshots go to test-artifacts/."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from contacts.models import Contact
from tests.e2e import test_admin_browser as admin_browser
from tests.e2e.test_admin_browser import at_once, listed_names, log_in, screenshot
from tests.factories import CompanyFactory, ContactFactory

# The browser, the sales floor and the skip without a browser, as the admin's browser tests.
browser = admin_browser.browser
sales_floor = admin_browser.sales_floor
pytestmark = admin_browser.pytestmark


def message(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, ".messagelist").text


def wait_for_message(browser, text: str) -> None:
    """Wait until the page's messages say `text`. Right after a click the old page may still
    be shown, with messages of its own (an archived contact's notice, before its Restore)."""
    WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda driver: text in message(driver), message=f"no message saying {text!r}"
    )


def show_archived(browser) -> None:
    """Click the Archived filter and wait for its list: the old one has rows too."""
    browser.find_element(By.LINK_TEXT, "Archived").click()
    WebDriverWait(browser, 10).until(lambda driver: "archived=yes" in driver.current_url)


def test_a_contact_is_archived_listed_as_archived_and_restored(browser, live_server, sales_floor):
    sarah = sales_floor["sarah"]
    log_in(browser, live_server)

    browser.get(f"{live_server.url}/admin/contacts/contact/{sarah.pk}/change/")
    browser.find_element(By.LINK_TEXT, "Archive").click()
    screenshot(browser, "contact-archive-confirmation")
    assert "Archive the contact “Sarah Chen”?" in browser.find_element(By.ID, "content").text
    browser.find_element(By.CSS_SELECTOR, "input[value='Yes, archive it']").click()

    wait_for_message(browser, "Archived Sarah Chen.")
    assert listed_names(browser) == {"José Núñez"}  # the default list is the live one
    assert Contact.objects.get(pk=sarah.pk).archived_at is not None

    show_archived(browser)
    assert listed_names(browser) == {"Sarah Chen Archived"}  # the name and its label
    screenshot(browser, "contact-list-archived")

    browser.find_element(By.PARTIAL_LINK_TEXT, "Sarah Chen").click()
    wait_for_message(browser, "This contact was archived on")
    screenshot(browser, "contact-archived-page")
    browser.find_element(By.CSS_SELECTOR, "input[value='Restore']").click()

    wait_for_message(browser, "Restored Sarah Chen.")
    assert Contact.objects.get(pk=sarah.pk).archived_at is None
    browser.get(f"{live_server.url}/admin/contacts/contact/")
    assert listed_names(browser) == {"Sarah Chen", "José Núñez"}


def test_archive_and_restore_many_from_the_list(browser, live_server, sales_floor):
    log_in(browser, live_server)
    browser.get(f"{live_server.url}/admin/contacts/contact/")
    for box in browser.find_elements(By.CSS_SELECTOR, "#result_list input.action-select"):
        box.click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("archive")
    browser.find_element(By.NAME, "index").click()

    wait_for_message(browser, "Archived 2 contact(s).")
    with at_once(browser):  # the message is the new list's
        assert listed_names(browser) == set()

    show_archived(browser)
    browser.find_element(By.ID, "action-toggle").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("restore")
    browser.find_element(By.NAME, "index").click()

    wait_for_message(browser, "Restored 2 contact(s).")
    assert Contact.objects.live().filter(team=sales_floor["sarah"].team).count() == 2


def test_the_contact_list_fits_1400_px_and_phones_stay_on_one_line(
    browser, live_server, sales_floor
):
    team = sales_floor["sarah"].team
    company = CompanyFactory(team=team, name="Consolidated International Holdings Group")
    for n in range(8):
        ContactFactory(
            company=company,
            first_name="Maximiliana-Josefina",
            last_name=f"Vandersloot-Oyelaran {n}",
            email=f"maximiliana.vandersloot-oyelaran.{n}@consolidated-international.example",
            phone="+442071838750",
            do_not_call=n % 2 == 0,
            tags=["enterprise", "renewal-q3", "decision-maker"],
            lead_status="qualified",
        )
    log_in(browser, live_server)
    browser.set_window_size(1400, 1000)

    browser.get(f"{live_server.url}/admin/contacts/contact/")
    screenshot(browser, "contact-list-1400px")

    overflow = browser.execute_script(
        "const results = document.querySelector('#changelist .results');"
        "return [results.scrollWidth - results.clientWidth,"
        " document.documentElement.scrollWidth - document.documentElement.clientWidth];"
    )
    assert overflow == [0, 0], "the list scrolls sideways at 1,400 px"
    do_not_call = browser.find_element(By.CSS_SELECTOR, "#result_list th.column-do_not_call_status")
    assert do_not_call.is_displayed()
    assert do_not_call.location["x"] + do_not_call.size["width"] <= 1400
    phone_lines = browser.execute_script(
        "return [...document.querySelectorAll('#result_list td.field-readable_phone')]"
        ".map(cell => { const range = document.createRange(); range.selectNodeContents(cell);"
        " return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; });"
    )
    assert phone_lines and set(phone_lines) == {1}, phone_lines
