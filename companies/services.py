"""Writes for companies."""

from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Lower
from django.utils import timezone

from companies.models import Company
from crm import ids
from crm.exceptions import ConflictError
from crm.models import Team
from crm.services import delete_in_batches


def create_company(*, team: Team, name: str, domain: str | None = None) -> Company:
    company = Company(team=team, name=name, domain=domain)
    _save_company(company, None)
    return company


def companies_named(*, team: Team, names: list[str]) -> dict[str, str]:
    """The team's live companies with these names, as `{lower(name): id}`, those it lacks
    created first, in one statement for any number of names (an importer's companies).

    Names are compared as company_unique_name_per_team does, and a name already taken (by an
    earlier run, or a concurrent one) keeps its company: the first spelling given wins for a
    new one. Each name must already pass the model's rules (at most 200 characters).
    """
    first_spelling = {}
    for name in names:
        first_spelling.setdefault(name.lower(), name)
    if not first_spelling:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Company._meta.db_table} (id, team_id, name, created_at, updated_at)
            SELECT {ids.UUID7_SQL}, %s, given.name, now(), now()
            FROM unnest(%s::varchar[]) AS given (name)
            ON CONFLICT (team_id, lower(name)) WHERE archived_at IS NULL DO NOTHING
            """,
            [team.pk, list(first_spelling.values())],
        )
    found = (
        Company.objects.live()
        .filter(team=team)
        .alias(lower_name=Lower("name"))
        .filter(lower_name__in=list(first_spelling))
        .values_list("name", "pk")
    )
    return {name.lower(): str(pk) for name, pk in found}


def update_company(company: Company, changes: dict) -> Company:
    """Apply `changes` (field -> value) to a live company."""
    if company.is_archived:
        raise ConflictError(
            f"Company {company.public_id} is archived; restore it before changing it."
        )
    for name, value in changes.items():
        setattr(company, name, value)
    if changes:
        _save_company(company, [*changes, "updated_at"])
    return company


CONTACT_POLICIES = ("archive", "detach")


def archive_company(company: Company, *, contacts: str | None = None) -> Company:
    """Archive a company. Its live contacts must be dealt with explicitly:

    `contacts="archive"` archives them too; `contacts="detach"` keeps them with no
    company. Without either, a company that still has live contacts is a conflict.
    """
    if company.is_archived:
        return company
    now = timezone.now()
    with transaction.atomic():
        live_contacts = company.contacts.filter(archived_at__isnull=True)
        # Lock them, so none is added to or changed in the company while it is archived.
        count = len(live_contacts.select_for_update().values_list("pk", flat=True))
        if count and contacts not in CONTACT_POLICIES:
            raise ConflictError(
                f"Company {company.public_id} has {count} live contact(s). Delete it with "
                "?contacts=archive to archive them too, or ?contacts=detach to keep them "
                "without a company.",
                contact_count=count,
            )
        if contacts == "archive":
            live_contacts.update(archived_at=now, updated_at=now)
        elif contacts == "detach":
            live_contacts.update(company=None, updated_at=now)
        company.archived_at = now
        company.save(update_fields=["archived_at", "updated_at"])
    return company


def restore_company(company: Company) -> Company:
    """Bring an archived company back (its archived contacts stay archived)."""
    if company.is_archived:
        company.archived_at = None
        _save_company(company, ["archived_at", "updated_at"])
    return company


def _save_company(company: Company, update_fields: list[str] | None) -> None:
    try:
        with transaction.atomic():
            company.save(update_fields=update_fields)
    except IntegrityError as error:
        existing = company_named(company.team, company.name, excluding=company)
        if existing is None:
            raise
        raise _name_conflict(existing) from error


def company_named(team: Team, name: str, *, excluding: Company | None = None) -> Company | None:
    """The team's live company with this name, compared as company_unique_name_per_team does."""
    companies = Company.objects.live().alias(lower_name=Lower("name"))
    if excluding is not None:
        companies = companies.exclude(pk=excluding.pk)
    return companies.lookup_in_team(team).filter(lower_name=Lower(Value(name))).one_or_none()


def _name_conflict(existing: Company) -> ConflictError:
    return ConflictError(
        f"Your team already has a company named '{existing.name}' ({existing.public_id}).",
        {"name": ["A company with this name already exists in your team."]},
        existing_id=existing.public_id,
    )


def purge_archived_companies(*, archived_before: datetime, dry_run: bool = False) -> int:
    """Delete for good the companies archived before `archived_before` (or of a team
    deactivated before then) that have no contacts left, archived ones included; returns how
    many. A dry run counts those that will have none once the contacts past retention are
    purged too, and deletes nothing."""
    companies = Company.objects.filter(archived_at__lt=archived_before)
    deactivated = Team.deactivated_before(archived_before)
    if dry_run:
        # A deactivated team's contacts all go, and with them every company of the team.
        contacts = Company._meta.get_field("contacts").related_model.objects
        staying = contacts.filter(company=OuterRef("pk")).exclude(archived_at__lt=archived_before)
        staying = staying.exclude(team__in=deactivated)
        return companies.exclude(team__in=deactivated).exclude(Exists(staying)).count() + sum(
            team.companies.count() for team in deactivated
        )
    purged = [companies, *(team.companies.all() for team in deactivated)]
    return sum(delete_in_batches(each.filter(contacts__isnull=True)) for each in purged)
