"""The admin as its users see it: logging in, and what a page shows after a request."""

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from crm.models import Membership


def admin_url(name: str, *args) -> str:
    """The URL of the admin page `name` (`contacts_contact_changelist`...)."""
    return reverse(f"admin:{name}", args=args)


# Long enough for the password validators; tests hash it with a fast hasher.
PASSWORD = "a-long-test-password"


def staff_user(
    username: str,
    *teams,
    role: str = Membership.Role.MEMBER,
    is_staff: bool = True,
    password: str | None = None,
):
    """A user with a membership of `role` in each of `teams`, logging in with `password`."""
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=is_staff
    )
    for team in teams:
        Membership.objects.create(user=user, team=team, role=role)
    return user


def logged_in(client, user):
    client.force_login(user)
    return client


def listed(response) -> set:
    """The records a change list page shows."""
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def form_choices(response, field: str) -> set:
    """The records a form's choice field offers."""
    assert response.status_code == 200
    return set(response.context["adminform"].form.fields[field].queryset)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form was expected to be shown again with errors"
    return response.context["adminform"].form.errors


def changelist_url(model) -> str:
    return admin_url(f"{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, action: str, records, **extra):
    """Tick `records` on their change list and run `action` on them."""
    (model,) = {type(record) for record in records}
    data = {"action": action, "_selected_action": [record.pk for record in records], **extra}
    return client.post(changelist_url(model), data)
