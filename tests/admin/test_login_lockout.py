"""Admin login lockout (django-axes): per username and address, before any password hashing,
visible to superusers only."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm.models import Membership
from tests.kit.admin import PASSWORD, staff_user

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.66"


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings


def log_in(username: str, password: str, address: str = ATTACKER):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return client, response


def fail(times: int, username: str = "boss", address: str = ATTACKER) -> list[int]:
    return [log_in(username, "wrong", address)[1].status_code for _ in range(times)]


def is_logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


@pytest.fixture
def password_checks(monkeypatch) -> list[str]:
    """The usernames whose password was checked (each check costs a password hash)."""
    checked = []
    authenticate = ModelBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        checked.append(username)
        return authenticate(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return checked


def test_repeated_failures_lock_the_user_out_from_that_address(boss, limits):
    # The login form again with its error; the failure that reaches the limit is refused.
    assert fail(3) == [200, 200, 429]

    client, response = log_in("boss", PASSWORD)

    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "<h1>Too many failed logins</h1>" in page
    assert "locked after 3 failed attempts" in page
    assert "15 minutes" in page
    assert not is_logged_in(client)


def test_a_locked_out_attempt_checks_no_password(boss, limits, password_checks):
    fail(3)
    assert len(password_checks) == 3

    for _ in range(5):
        assert log_in("boss", "wrong")[1].status_code == 429
    assert log_in("boss", PASSWORD)[1].status_code == 429

    assert len(password_checks) == 3


def test_the_lock_is_for_that_user_and_address_only(boss, limits):
    other = get_user_model().objects.create_superuser("other", password=PASSWORD)
    fail(3, "boss")

    from_elsewhere, response = log_in("boss", PASSWORD, address="198.51.100.5")
    assert response.status_code == 302
    assert is_logged_in(from_elsewhere)
    other_user, response = log_in(other.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(other_user)


def test_the_lock_lifts_after_the_cool_off(boss, limits):
    fail(3)
    assert log_in("boss", PASSWORD)[1].status_code == 429

    earlier = timezone.now() - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)  # as if 16 minutes had passed

    client, response = log_in("boss", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_forgets_earlier_failures(boss, limits):
    fail(2)
    assert log_in("boss", PASSWORD)[1].status_code == 302

    assert fail(2) == [200, 200]
    assert log_in("boss", PASSWORD)[1].status_code == 302


def test_the_reset_command_lifts_a_lock(boss, limits):
    fail(3)

    call_command("axes_reset_ip_username", ATTACKER, "boss")

    assert log_in("boss", PASSWORD)[1].status_code == 302


def test_behind_a_trusted_proxy_the_lock_is_for_the_address_the_proxy_saw(boss, limits):
    limits.TRUSTED_PROXY_COUNT = 1

    def through_proxy(password, client_address):
        return Client(HTTP_X_FORWARDED_FOR=client_address).post(
            LOGIN, {"username": "boss", "password": password, "next": "/admin/"}
        )

    for _ in range(3):
        through_proxy("wrong", ATTACKER)

    assert through_proxy(PASSWORD, ATTACKER).status_code == 429
    assert through_proxy(PASSWORD, "198.51.100.5").status_code == 302


# --- seen by superusers, and only by them --------------------------------------------------------


def test_superusers_see_who_is_locked_out_and_can_lift_it(boss, limits):
    fail(3)
    admin = Client()
    admin.force_login(boss)

    listing = admin.get(reverse("admin:axes_accessattempt_changelist") + "?locked_out=yes")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert ATTACKER in page
    assert ">boss<" in page
    failures = admin.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert failures.status_code == 200
    assert ATTACKER in failures.content.decode()

    attempt = AccessAttempt.objects.get()
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert log_in("boss", PASSWORD)[1].status_code == 302


@pytest.mark.parametrize("model", ["axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"])
def test_staff_who_are_not_superusers_cannot_see_login_records(boss, limits, team, model):
    fail(3)
    staff = staff_user("manager", password=PASSWORD)
    Membership.objects.create(user=staff, team=team, role=Membership.Role.MANAGER)
    # Even with axes' model permissions granted.
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="axes"))
    client = Client()
    client.force_login(staff)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 403
    index = client.get("/admin/").content.decode()
    assert "Access attempts" not in index
    assert "/admin/axes/" not in index
