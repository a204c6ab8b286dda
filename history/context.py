"""Who and what is behind a change, written once per surface: the middleware for HTTP (API
requests and admin pages) and the base of the management commands that write. Both enter a
`pghistory.context`, whose metadata every event written inside it points to.

Metadata keys: `actor_type` (`api_token`, `staff_user` or `command`), `actor` (a token's
name and prefix, a user's username, a command's name), `actor_id` (the token's prefix, the
user's ID) and `path` (`PATCH /api/crm/contacts/cont_...`, or the command line).
"""

import shlex

import pghistory
from django.core.management.base import BaseCommand
from rest_framework.exceptions import AuthenticationFailed

from crm.api.authentication import bearer_secret, find_token
from crm.api.errors import is_api
from crm.management.base import CrmCommand

# Requests that may write; reads open no context.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class HistoryContextMiddleware:
    """Every change a request makes is recorded with its method, path and actor: the API
    token (looked up once a request, as the rate limits did) or the signed-in staff user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in WRITE_METHODS:
            return self.get_response(request)
        path = f"{request.method} {request.get_full_path()}"
        with pghistory.context(path=path, **request_actor(request)):
            return self.get_response(request)


def request_actor(request) -> dict:
    """The context keys naming who sends the request; none for an anonymous one (which the
    API refuses and the admin sends to its login page)."""
    if is_api(request):
        try:
            secret = bearer_secret(request.META.get("HTTP_AUTHORIZATION", ""))
        except AuthenticationFailed:
            return {}
        token = find_token(request, secret) if secret else None
        if token is None:
            return {}
        return {"actor_type": "api_token", "actor": str(token), "actor_id": token.display_prefix}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"actor_type": "staff_user", "actor": user.get_username(), "actor_id": user.pk}


class RecordedCommand(CrmCommand):
    """A management command whose changes are recorded with its name and arguments.

    A caller running the command on someone's behalf (a worker running an import a staff
    user started in the admin) names them instead: `call_command(..., recorded_as={...})`
    with the context keys of `request_actor` and a `path`.
    """

    stealth_options = ("recorded_as",)

    def execute(self, *args, **options):
        name = self.__class__.__module__.rsplit(".", 1)[-1]
        recorded_as = options.pop("recorded_as", None) or {
            "actor_type": "command",
            "actor": name,
            "path": command_line(self, name, args, options),
        }
        with pghistory.context(**recorded_as):
            return super().execute(*args, **options)


# Options every command takes, which say nothing about what it changed.
_COMMON_OPTIONS = {
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
    "stdout",
    "stderr",
    "help",
    "version",
}


def command_line(command: BaseCommand, name: str, args, options: dict) -> str:
    """The command as it could be typed: `manage.py import_contacts people.csv --team ...`,
    its positional arguments and every option that differs from its default."""
    parser = command.create_parser("manage.py", name)
    words = ["manage.py", name, *map(str, args)]
    for action in parser._actions:
        if action.dest in _COMMON_OPTIONS or action.dest not in options:
            continue
        value = options[action.dest]
        if not action.option_strings:
            values = value if isinstance(value, list | tuple) else [value]
            words += [str(item) for item in values if item is not None]
            continue
        if value == action.default or value is None:
            continue
        flag = max(action.option_strings, key=len)
        if value is True or value is False:
            words.append(flag)
        else:
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                words += [flag, str(getattr(item, "public_id", item))]
    return shlex.join(words)
