"""Checks for command-line arguments shared by the management commands."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from contacts.rules import normalize_phone_region
from crm import ids
from crm.models import Team, national_number_region


def team_from_id(text: str, option: str = "--team") -> Team:
    """The team a `team_...` argument names, or a CommandError saying what is wrong."""
    try:
        pk = ids.decode("team", text)
    except ids.InvalidId as error:
        raise CommandError(f"{option}: {error}") from error
    team = Team.objects.filter(pk=pk).first()
    if team is None:
        raise CommandError(f"{option}: no team {text}.")
    return team


def live_record_from_id(model, team: Team, text: str, option: str):
    """The team's live `model` record an ID argument (`comp_...`) names, or a CommandError."""
    try:
        pk = ids.decode(model.id_prefix, text)
    except ids.InvalidId as error:
        raise CommandError(f"{option}: {error}") from error
    record = model.objects.live().lookup_in_team(team).filter(pk=pk).one_or_none()
    if record is None:
        raise CommandError(f"{option}: no live {model._meta.verbose_name} {text} in this team.")
    return record


def default_region(text: str | None, team: Team | None = None) -> str | None:
    """`--default-region`: a country code phonenumbers knows (upper-cased); without it, the
    team's phone region; None when neither names one (numbers then need their `+`)."""
    if not text:
        return national_number_region(team)
    try:
        return normalize_phone_region(text)
    except ValidationError as error:
        raise CommandError(f"--default-region: {error.messages[0]}") from error


def error_report_path(given: Path | None, source: Path) -> Path:
    """`--errors`, or the file's name + `.errors.csv`: checked writable before anything is
    written, and any report from an earlier run removed (it would mislead)."""
    path = given or source.with_name(source.name + ".errors.csv")
    if path.resolve() == source.resolve():
        raise CommandError("--errors must not be the file being imported.")
    try:
        path.unlink(missing_ok=True)
        path.touch()
        path.unlink()
    except OSError as error:
        raise CommandError(f"Cannot write the error report {path}: {error}") from error
    return path


def open_output(path: Path, option: str = "--output"):
    """The file `option` names, opened for writing UTF-8 text, or a CommandError saying why
    it cannot be (before anything is read or written)."""
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as error:
        raise CommandError(
            f"{option} {path}: {error.strerror or error}. Nothing was written; choose a file in "
            "a directory that exists and that you may write to."
        ) from error
