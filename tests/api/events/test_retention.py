"""The feed's retention: `purge_old_events` (run by the task queue) forgets transactions past
`EVENT_RETENTION_DAYS`; the feed then starts after them, and a cursor before them is a 410."""

import datetime

import pytest
from django.utils import timezone

from events.services import purge_old_events
from events.tasks import purge_old_feed_transactions
from history.models import CompanyEvent
from tests.factories import CompanyFactory, TeamFactory
from tests.kit.api import api_error, client_for

EVENTS = "/api/crm/events"

pytestmark = pytest.mark.django_db(transaction=True)


def feed(api, team, **parameters):
    return api.get(EVENTS, {"teamId": team.public_id, **parameters})


def test_purging_forgets_old_transactions_and_keeps_the_rest(settings):
    settings.EVENT_RETENTION_DAYS = 30
    team = TeamFactory()
    api = client_for(team)
    CompanyFactory(team=team, name="Old")
    [old] = feed(api, team).json()["events"]
    later = timezone.now() + datetime.timedelta(days=31)

    assert purge_old_events(now=later) == 1

    assert feed(api, team).json()["events"] == []  # from the oldest kept
    CompanyFactory(team=team, name="New")
    assert [e["state"]["name"] for e in feed(api, team).json()["events"]] == ["New"]
    api_error(feed(api, team, after=old["cursor"]), 410, "cursor_expired")
    assert CompanyEvent.objects.filter(name="Old").exists()  # history keeps its events


def test_purging_keeps_what_is_inside_retention_and_may_run_again(settings):
    settings.EVENT_RETENTION_DAYS = 30
    team = TeamFactory()
    api = client_for(team)
    CompanyFactory(team=team)

    assert purge_old_events() == 0
    assert purge_old_events() == 0

    assert len(feed(api, team).json()["events"]) == 1


def test_a_cursor_past_retention_is_a_410_before_any_purge(settings):
    team = TeamFactory()
    api = client_for(team)
    CompanyFactory(team=team, name="One")
    CompanyFactory(team=team, name="Two")
    first = feed(api, team).json()["events"][0]

    settings.EVENT_RETENTION_DAYS = 0

    error = api_error(feed(api, team, after=first["cursor"]), 410, "cursor_expired")
    assert "start" in error["message"]


def test_the_hourly_task_purges_with_the_retention_setting(settings):
    team = TeamFactory()
    api = client_for(team)
    CompanyFactory(team=team)
    settings.EVENT_RETENTION_DAYS = 0

    assert purge_old_feed_transactions(timestamp=int(timezone.now().timestamp())) == 1

    assert feed(api, team).json()["events"] == []
