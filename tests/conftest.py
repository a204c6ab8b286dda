import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from contacts import windows
from crm.api import authentication, ratelimit
from tests.factories import CompanyFactory, TeamFactory
from tests.kit import flush
from tests.kit.api import client_for


def pytest_configure(config):
    # transaction=True tests end with a flush of only what they touched (tests/kit/flush.py).
    flush.install()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database, compacted when reused (`--reuse-db`, the default here) as a new
    one is. Tests roll their rows back, and with autovacuum off (as on CI's server) the
    dead rows and index entries of every earlier session stay: the indexes grow, the
    planner prices them by their size, and the plan tests meet other plans than a new
    install's (a short search word's covering index, grown to a page per row, lost to a
    read of the rows)."""
    if request.config.getoption("create_db"):
        return  # new: nothing to compact
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("VACUUM FULL")


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    # Tests, the browser ones included, speak plain HTTP; production insists on HTTPS.
    # Set for the whole session: the live server builds its middleware once, at start.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Admin logins in tests need no slow password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Webhooks are received on http://127.0.0.1 in tests, as in local development.
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True
    # Pages render without a collectstatic run (production uses the hashed manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The limiter remembers blocked addresses in the process: no test inherits another's.
    ratelimit.reset()


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    # Live tokens are kept in the process for a few seconds: no test sees another's.
    authentication.forget_recent_tokens()


@pytest.fixture(autouse=True)
def _calling_clock_stands_still(monkeypatch):
    # `next_callable_at` is "now" for a contact inside its window: two reads a second apart
    # would differ by that second. Within a test the calling rules read one instant, unless the
    # test sets another.
    instant = windows.now()
    monkeypatch.setattr(windows, "now", lambda: instant)


@pytest.fixture
def team(db):
    return TeamFactory(name="Acme Sales")


@pytest.fixture
def company(team):
    return CompanyFactory(team=team, name="Acme Inc")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Rival Sales")


@pytest.fixture
def other_company(other_team):
    return CompanyFactory(team=other_team, name="Rival Inc")


@pytest.fixture
def api(team) -> APIClient:
    """An API client holding a token of `team`."""
    return client_for(team)


@pytest.fixture
def other_api(other_team) -> APIClient:
    """An API client holding a token of `other_team`."""
    return client_for(other_team)
