"""The task queue's jobs in the admin: for superusers only, as its arguments name any team's
records."""

from crm.models import Membership
from crm.tasks import purge_expired_sessions
from tests.kit.admin import admin_url, logged_in, staff_user

JOBS = "procrastinate_procrastinatejob_changelist"


def queued_job() -> int:
    return purge_expired_sessions.defer(timestamp=0)


def test_a_superuser_sees_the_queued_jobs(admin_client):
    job_id = queued_job()

    response = admin_client.get(admin_url(JOBS))

    assert response.status_code == 200
    assert job_id in [job.id for job in response.context["cl"].result_list]


def test_a_team_manager_does_not_reach_the_jobs(client, team):
    queued_job()
    manager = staff_user("manager", team, role=Membership.Role.MANAGER)

    response = logged_in(client, manager).get(admin_url(JOBS))

    assert response.status_code == 403
