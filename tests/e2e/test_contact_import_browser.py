"""Importing contacts from the admin in a real headless Chromium: upload, the file's reading,
the import run by a real worker with the page's progress bar polling until the summary
shows. Screenshots of the reading and of the finished import are saved in test-artifacts/."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from contacts.models import Contact
from tests.admin.contact_imports.pages import people
from tests.e2e import test_admin_browser as admin_browser
from tests.e2e.test_admin_browser import console_problems, log_in, screenshot
from tests.tasks import conftest as task_fixtures

# The fixtures of the admin's browser tests and of the task tests.
browser = admin_browser.browser
sales_floor = admin_browser.sales_floor
queue = task_fixtures.queue
start_worker = task_fixtures.start_worker

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 3000


def test_a_sales_person_uploads_a_file_checks_it_and_imports_it(
    browser,
    live_server,
    sales_floor,
    start_worker,
    tmp_path,
):
    path = tmp_path / "trade-show.csv"
    path.write_bytes(people(ROWS, bad_every=1000))
    worker = start_worker()
    log_in(browser, live_server)

    browser.get(f"{live_server.url}/admin/contacts/contactimport/add/")
    # A member of one team is not asked for it: it is filled in and hidden.
    team = browser.find_element(By.NAME, "team")
    assert team.get_attribute("type") == "hidden"
    assert team.get_attribute("value") == str(sales_floor["sarah"].team.pk)
    browser.find_element(By.NAME, "file").send_keys(str(path))
    browser.find_element(By.NAME, "default_region").send_keys("US")
    browser.find_element(By.CSS_SELECTOR, "#contact-import-upload input[type=submit]").click()

    WebDriverWait(browser, 10).until(lambda driver: "/change/" in driver.current_url)
    columns = browser.find_element(By.ID, "import-columns").text
    assert "Phone Number phone" in columns and "E-mail email" in columns
    assert "+14155550001" in browser.find_element(By.ID, "import-rows").text
    assert f" KB, {ROWS + 1:,} lines)" in browser.find_element(By.ID, "content").text  # 3,001
    screenshot(browser, "contact-import-reading")

    browser.find_element(By.NAME, "_import").click()
    progress = browser.find_element(By.ID, "import-progress")
    assert progress.is_displayed()
    # Grouped, as the page renders it and as its script redraws it after each poll.
    assert f" of {ROWS + 1:,} lines: " in browser.find_element(By.ID, "import-counts").text
    screenshot(browser, "contact-import-running")
    # The page polls the run's status and reloads itself with the summary when it ends.
    WebDriverWait(browser, 120).until(lambda driver: driver.find_elements(By.ID, "import-summary"))
    summary = browser.find_element(By.ID, "import-summary").text
    assert f"{ROWS - 3:,} created" in summary and "3 rejected" in summary
    assert browser.find_element(By.ID, "import-error-report").is_displayed()
    screenshot(browser, "contact-import-done")
    assert console_problems(browser) == []
    team = sales_floor["sarah"].team
    assert Contact.objects.filter(team=team, tags__contains=["imported"]).count() == ROWS - 3
    assert worker.stop() == 0
