from django.conf import settings
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from crm.models import SameTeamForeignKey, TeamOwnedModel, TeamOwnedQuerySet


class Source(models.TextChoices):
    """How a number came onto the registry."""

    API = "api", "API"
    ADMIN = "admin", "Admin"
    IMPORT = "import", "Import"
    CALL = "call", "Call"
    CONTACT = "contact", "Contact's do-not-call flag"


def live_entry() -> models.Q:
    """The rows of do_not_call_unique_live_number: entries not removed."""
    return models.Q(removed_at__isnull=True)


class DoNotCallQuerySet(TeamOwnedQuerySet):
    def live(self):
        """Entries on the registry now: removed ones are kept for the record, not listed."""
        return self.filter(live_entry())


class DoNotCallEntry(TeamOwnedModel):
    """A number the team must not call, with where it came from, who added it and when."""

    id_prefix = "dnc"

    number = PhoneNumberField(verbose_name="number")
    reason = models.CharField(verbose_name="reason", max_length=500, null=True, blank=True)
    source = models.CharField(verbose_name="source", max_length=20, choices=Source.choices)
    added_by_token = SameTeamForeignKey(
        "crm.ApiToken",
        verbose_name="added by API token",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
    )
    added_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="added by",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
    )
    call = SameTeamForeignKey(
        "calls.Call",
        verbose_name="from call",
        on_delete=models.SET_NULL,
        related_name="do_not_call_entries",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
    )
    contact = SameTeamForeignKey(
        "contacts.Contact",
        verbose_name="from contact",
        on_delete=models.SET_NULL,
        related_name="do_not_call_entries",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
    )
    created_at = models.DateTimeField(verbose_name="added at", auto_now_add=True)
    removed_at = models.DateTimeField(verbose_name="removed at", null=True, blank=True)
    removed_by_token = SameTeamForeignKey(
        "crm.ApiToken",
        verbose_name="removed by API token",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
    )
    removed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="removed by",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # see Meta.indexes
    )

    objects = DoNotCallQuerySet.as_manager()

    class Meta:
        verbose_name = "do-not-call entry"
        verbose_name_plural = "do-not-call entries"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live entry per number; also the index of "is this contact's number on its
            # team's registry" (a probe by team and number, see donotcall.services).
            models.UniqueConstraint(
                fields=["team", "number"],
                condition=live_entry(),
                name="do_not_call_unique_live_number",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=Source.values), name="do_not_call_source_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "-created_at", "-id"], name="do_not_call_team_newest_idx"),
            # Who or what an entry came from is empty on nearly every entry (an import's
            # million have none): indexing only the entries that name one keeps the lookups
            # by token, user, call or contact (deleting one of those) and spares every
            # imported number six index insertions.
            *(
                models.Index(
                    fields=[field],
                    condition=models.Q(**{f"{field}__isnull": False}),
                    name=f"do_not_call_{name}_idx",
                )
                for field, name in [
                    ("added_by_token", "added_token"),
                    ("added_by_user", "added_user"),
                    ("call", "call"),
                    ("contact", "contact"),
                    ("removed_by_token", "removed_token"),
                    ("removed_by_user", "removed_user"),
                ]
            ),
        ]

    def __str__(self) -> str:
        return str(self.number)

    @property
    def added_by(self) -> str | None:
        """The API token (its display prefix) or staff user that added the entry."""
        return _actor(self.added_by_token, self.added_by_user)

    @property
    def removed_by(self) -> str | None:
        return _actor(self.removed_by_token, self.removed_by_user)


def _actor(token, user) -> str | None:
    if token is not None:
        return f"API token {token}"
    if user is not None:
        return f"staff user {user.get_username()}"
    return None
