"""The periodic clean-ups delete what has expired and keep the rest. Each is called as the
worker calls it, with the time it was scheduled for."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from contacts.tasks import purge_archived_records_past_retention
from crm.models import IdempotencyKey
from crm.tasks import delete_finished_jobs, purge_expired_idempotency_keys, purge_expired_sessions
from tests.factories import CompanyFactory, ContactFactory

SCHEDULED = int(timezone.now().timestamp())


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def post_with_key(api, team, key: str, name: str):
    response = api.post(
        "/api/crm/companies",
        {"teamId": team.public_id, "name": name},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.json()


def test_expired_idempotency_keys_go_and_fresh_ones_stay(api, team):
    post_with_key(api, team, "old-key", "Globex")
    post_with_key(api, team, "new-key", "Initech")
    IdempotencyKey.objects.filter(key="old-key").update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )

    assert purge_expired_idempotency_keys(timestamp=SCHEDULED) == 1

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new-key"]


def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["staff"] = "someone"
    store.set_expiry(int(expires_in.total_seconds()))
    store.create()
    return store.session_key


@pytest.mark.django_db
def test_expired_sessions_go_and_live_ones_stay():
    expired = session(timedelta(seconds=1))
    live = session(timedelta(days=1))
    Session.objects.filter(session_key=expired).update(expire_date=days_ago(1))

    purge_expired_sessions(timestamp=SCHEDULED)

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]


def test_records_archived_past_retention_go_and_the_rest_stay(team, company, settings):
    settings.ARCHIVE_RETENTION_DAYS = 30
    old_company = CompanyFactory(team=team, archived_at=days_ago(31))
    old_contact = ContactFactory(company=old_company, archived_at=days_ago(31))
    recent_company = CompanyFactory(team=team, archived_at=days_ago(29))
    recent_contact = ContactFactory(company=company, archived_at=days_ago(29))
    live_contact = ContactFactory(company=recent_company)

    assert purge_archived_records_past_retention(timestamp=SCHEDULED) == (1, 1)

    assert set(Contact.objects.values_list("pk", flat=True)) == {
        recent_contact.pk,
        live_contact.pk,
    }
    assert not Contact.objects.filter(pk=old_contact.pk).exists()
    assert not Company.objects.filter(pk=old_company.pk).exists()
    assert Company.objects.filter(pk=recent_company.pk).exists()


def queued_job(status: str, finished_days_ago: float) -> int:
    """A job in `status` whose last event is `finished_days_ago` old."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, status, args) "
            "VALUES ('default', 'some_task', 'todo', '{}') RETURNING id"
        )
        (job_id,) = cursor.fetchone()
        # Moved on as a worker moves it, so that the queue's triggers record the event.
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id])
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - make_interval(days => %s) "
            "WHERE job_id = %s",
            [finished_days_ago, job_id],
        )
    return job_id


def job_ids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM procrastinate_jobs")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_finished_jobs_go_after_their_retention_and_waiting_ones_stay(settings):
    settings.FINISHED_JOB_RETENTION_DAYS = 7
    old_failed = queued_job("failed", 8)
    old_cancelled = queued_job("cancelled", 8)
    recent_failed = queued_job("failed", 6)
    old_waiting = queued_job("todo", 8)
    before = job_ids()

    async_to_sync(delete_finished_jobs.func)(timestamp=SCHEDULED)

    after = job_ids()
    assert {old_failed, old_cancelled} <= before - after
    assert {recent_failed, old_waiting} <= after
