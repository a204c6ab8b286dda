"""Rate limits: per token (per team configurable), per address without a valid token, shared
through PostgreSQL or Redis, counted outside the request's transaction."""

import logging
import os
import threading
import uuid

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from contacts.models import Contact
from crm.api import ratelimit
from crm.models import RateLimitCounter
from tests.factories import ContactFactory, issue_token
from tests.kit.api import COMPANIES, CONTACTS, bearer, client_for

REDIS_URL = "redis://127.0.0.1:6379/0"
WINDOW_START = 1_800_000_000 - 1_800_000_000 % 60  # a minute boundary


class FrozenClock:
    def __init__(self):
        self.now = WINDOW_START + 10.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FrozenClock:
    frozen = FrozenClock()
    monkeypatch.setattr(ratelimit, "clock", frozen)
    return frozen


@pytest.fixture
def limits(settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    settings.API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE = 2
    return settings


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["postgresql", "redis"])
def store(request, settings):
    """Each test runs on both stores; Redis keys get a prefix of their own per test."""
    if request.param == "redis":
        # Skipped without a Redis server, except in CI, which has one (.ci/run).
        if not redis_available() and not os.environ.get("CRM_REQUIRE_REDIS"):
            pytest.skip("no Redis at 127.0.0.1:6379")
        prefix = f"crm-test-{uuid.uuid4().hex}:"
        settings.REDIS_URL = REDIS_URL
        settings.API_RATE_LIMIT_KEY_PREFIX = prefix
        yield request.param
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
    else:
        settings.REDIS_URL = None
        yield request.param


def listing(client, team):
    return client.get(CONTACTS, {"teamId": team.public_id})


def assert_rate_limited(response) -> None:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("Too many requests")
    assert int(response["Retry-After"]) >= 1


# --- headers -------------------------------------------------------------------------------------


def test_every_api_response_says_where_the_token_stands(api, team, limits, clock):
    first = listing(api, team)
    second = api.get(f"{CONTACTS}/cont_nope")

    assert first.status_code == 200
    assert first["RateLimit-Policy"] == '"token";q=3;w=60'
    assert first["RateLimit"] == '"token";r=2;t=50'
    assert second.status_code == 400
    assert second["RateLimit"] == '"token";r=1;t=50'


def test_requests_without_a_valid_token_show_the_address_policy(db, limits, clock):
    response = APIClient().get(CONTACTS)

    assert response.status_code == 401
    assert response["RateLimit-Policy"] == '"address";q=2;w=60'
    assert response["RateLimit"] == '"address";r=1;t=50'


def test_pages_outside_the_api_are_not_counted(db, limits, clock):
    response = APIClient().get("/healthz")

    assert response.status_code == 200
    assert "RateLimit" not in response


# --- limits --------------------------------------------------------------------------------------


def test_a_burst_over_the_limit_is_a_429_until_the_window_ends(store, team, limits, clock):
    api = client_for(team)
    answers = [listing(api, team) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    assert_rate_limited(answers[3])
    assert answers[3]["Retry-After"] == "50"
    assert answers[3]["RateLimit"] == '"token";r=0;t=50'

    clock.now += 49
    assert_rate_limited(listing(api, team))
    clock.now += 1  # the next window
    recovered = listing(api, team)
    assert recovered.status_code == 200
    assert recovered["RateLimit"] == '"token";r=2;t=60'


def test_a_rate_limited_post_writes_nothing(team, company, limits, clock):
    api = client_for(team)
    for _ in range(3):
        listing(api, team)

    response = api.post(
        CONTACTS,
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "Sarah",
            "lastName": "Chen",
        },
        format="json",
    )

    assert_rate_limited(response)
    assert not team.contacts.exists()


def test_a_teams_own_limit_replaces_the_default(store, team, limits, clock):
    team.api_rate_limit = 5
    team.save()
    api = client_for(team)

    answers = [listing(api, team).status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]


def test_one_teams_burst_does_not_limit_another_team(store, team, other_team, limits, clock):
    ours, theirs = client_for(team), client_for(other_team)
    for _ in range(4):
        listing(ours, team)

    assert_rate_limited(listing(ours, team))
    response = listing(theirs, other_team)
    assert response.status_code == 200
    assert response["RateLimit"] == '"token";r=2;t=50'


def test_each_token_has_its_own_budget(team, limits, clock):
    first, second = client_for(team), client_for(team)
    for _ in range(4):
        listing(first, team)

    assert listing(second, team).status_code == 200


def test_a_flood_of_bad_tokens_is_limited_per_address_before_any_token_lookup(
    store, team, limits, clock
):
    answers = [
        APIClient().get(CONTACTS, HTTP_AUTHORIZATION=f"Bearer crm_made_up_{n}") for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [401, 401, 429]
    assert_rate_limited(answers[2])
    assert answers[2]["RateLimit-Policy"] == '"address";q=2;w=60'

    with CaptureQueriesContext(connection) as queries:
        flood = [
            APIClient().get(CONTACTS, HTTP_AUTHORIZATION=f"Bearer crm_more_{n}") for n in range(20)
        ]

    assert {answer.status_code for answer in flood} == {429}
    assert not [query for query in queries if "crm_apitoken" in query["sql"]]
    # Another address is not affected, and neither is a valid token elsewhere.
    other_address = APIClient(REMOTE_ADDR="203.0.113.7").get(
        CONTACTS, HTTP_AUTHORIZATION="Bearer crm_made_up"
    )
    assert other_address.status_code == 401
    valid = APIClient(REMOTE_ADDR="203.0.113.8")
    valid.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(team)}")
    assert listing(valid, team).status_code == 200


def test_missing_and_malformed_authorization_count_against_the_address(db, limits, clock):
    answers = [
        APIClient().get(CONTACTS).status_code,
        APIClient().get(CONTACTS, HTTP_AUTHORIZATION="Basic abc").status_code,
        APIClient().get(CONTACTS).status_code,
    ]

    assert answers == [401, 401, 429]


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(db, limits, clock):
    answers = [
        APIClient().get(CONTACTS, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert answers == [401, 401, 429]


def test_behind_a_trusted_proxy_the_address_it_saw_is_limited(db, limits, clock):
    limits.TRUSTED_PROXY_COUNT = 1

    def through_proxy(client_address, spoofed="10.0.0.1"):
        # The client may send its own X-Forwarded-For; the proxy appends what it saw.
        return (
            APIClient()
            .get(CONTACTS, HTTP_X_FORWARDED_FOR=f"{spoofed}, {client_address}")
            .status_code
        )

    first = [through_proxy("198.51.100.1", spoofed=f"10.0.0.{n}") for n in range(3)]
    other = through_proxy("198.51.100.2")

    assert first == [401, 401, 429]
    assert other == 401


# --- the stores ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_requests_that_fail_and_roll_back_still_count(team, limits, clock):
    limits.API_RATE_LIMIT_PER_MINUTE = 2
    api = client_for(team)
    bad = {"teamId": team.public_id, "firstName": ""}

    answers = [api.post(CONTACTS, bad, format="json").status_code for _ in range(3)]

    assert answers == [400, 400, 429]
    assert RateLimitCounter.objects.get().hits == 3


@pytest.mark.django_db(transaction=True)
def test_the_counter_holds_no_lock_while_a_request_runs(team, company, limits, clock, monkeypatch):
    limits.API_RATE_LIMIT_PER_MINUTE = 100
    secret = issue_token(team)
    inside, release = threading.Event(), threading.Event()
    from companies.api.views import CompanyViewSet

    def slow_restore(company):
        inside.set()
        release.wait(timeout=30)
        return company

    monkeypatch.setattr(CompanyViewSet, "restore_service", staticmethod(slow_restore))
    answers = {}

    def send(name, method, url):
        try:
            client = bearer(secret)
            answers[name] = getattr(client, method)(url).status_code
        finally:
            connection.close()

    slow = threading.Thread(
        target=send, args=("slow", "post", f"{COMPANIES}/{company.public_id}/restore")
    )
    slow.start()
    try:
        assert inside.wait(timeout=10)
        quick = threading.Thread(
            target=send, args=("quick", "get", f"{COMPANIES}/{company.public_id}")
        )
        quick.start()
        quick.join(timeout=10)
        answered_meanwhile = not quick.is_alive()
    finally:
        release.set()
        slow.join(timeout=30)
        quick.join(timeout=30)

    assert answered_meanwhile
    assert answers == {"quick": 200, "slow": 200}
    assert RateLimitCounter.objects.get().hits == 2


def test_past_windows_are_purged(team, limits, clock):
    api = client_for(team)
    listing(api, team)
    APIClient().get(CONTACTS)
    assert RateLimitCounter.objects.count() == 2

    clock.now += 60
    listing(api, team)

    assert [(c.key.split(":")[0], c.hits) for c in RateLimitCounter.objects.all()] == [("token", 1)]


def test_an_unreachable_redis_lets_requests_through_with_a_warning(
    api, team, settings, clock, caplog
):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.API_RATE_LIMIT_PER_MINUTE = 1

    with caplog.at_level(logging.WARNING, logger="crm.api.ratelimit"):
        answers = [listing(api, team) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert "RateLimit" not in answers[0]
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1  # then the store is left alone for a few seconds
    assert "Rate limits are not enforced" in warnings[0]


# --- batches -------------------------------------------------------------------------------------


def archive_batch(client, contacts):
    operations = [{"op": "archive", "id": contact.public_id} for contact in contacts]
    return client.post(f"{CONTACTS}/batch", {"operations": operations}, format="json")


def test_a_batch_counts_one_request_per_operation(store, team, company, limits, clock):
    settings = limits
    settings.API_RATE_LIMIT_PER_MINUTE = 10
    api = client_for(team)
    contacts = ContactFactory.create_batch(4, company=company)

    first = archive_batch(api, contacts)
    second = archive_batch(api, contacts)
    over = archive_batch(api, contacts)

    assert first.status_code == 200, first.json()
    assert first["RateLimit"] == '"token";r=6;t=50'
    assert second["RateLimit"] == '"token";r=2;t=50'
    # A batch that would go over the limit is refused whole: nothing of it is done.
    assert_rate_limited(over)
    assert listing(api, team)["RateLimit"] == '"token";r=0;t=50'


def test_a_batch_over_the_limit_writes_nothing(store, team, company, limits, clock):
    api = client_for(team)  # 3 a minute
    contacts = ContactFactory.create_batch(4, company=company)

    response = archive_batch(api, contacts)

    assert_rate_limited(response)
    assert not Contact.objects.filter(archived_at__isnull=False).exists()


def test_a_malformed_batch_counts_one_request(store, team, limits, clock):
    api = client_for(team)

    response = api.post(f"{CONTACTS}/batch", {"operations": "all"}, format="json")

    assert response.status_code == 400
    assert response["RateLimit"] == '"token";r=2;t=50'


@pytest.mark.parametrize(
    "extra",
    [{"atomic": "yes"}, {"dryRun": True}],
    ids=["a bad atomic flag", "an unknown field"],
)
def test_a_batch_its_view_refuses_counts_one_request_whatever_its_operations(
    store, team, company, limits, clock, extra
):
    api = client_for(team)  # 3 a minute: four operations counted one each would be a 429
    operations = [
        {"op": "archive", "id": contact.public_id}
        for contact in ContactFactory.create_batch(4, company=company)
    ]

    response = api.post(f"{CONTACTS}/batch", {"operations": operations, **extra}, format="json")

    assert response.status_code == 400, response.json()
    assert response["RateLimit"] == '"token";r=2;t=50'


def test_a_post_to_batch_on_an_endpoint_without_batches_counts_one_request(
    store, team, limits, clock
):
    api = client_for(team)
    operations = [{"op": "create", "data": {"name": f"Acme {n}"}} for n in range(4)]

    response = api.post(f"{COMPANIES}/batch", {"operations": operations}, format="json")

    assert response.status_code in (404, 405), response.json()
    assert response["RateLimit"] == '"token";r=2;t=50'
