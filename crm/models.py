import functools
import hashlib
from datetime import time

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.fields.related_descriptors import (
    ForeignKeyDeferredAttribute,
    ForwardManyToOneDescriptor,
)
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from crm import ids


class PublicIdModel(models.Model):
    """A model whose primary key is a UUIDv7 shown to the world as a TypeID."""

    id_prefix: str

    id = models.UUIDField(primary_key=True, default=ids.uuid7, editable=False)

    class Meta:
        abstract = True

    @property
    def public_id(self) -> str:
        return ids.encode(self.id_prefix, self.id)


def in_team(team) -> models.Q:
    """The condition of a lookup in one team (see `TeamOwnedQuerySet.lookup_in_team`)."""
    return models.Q(team_id=RawSQL("SELECT %s::uuid", [getattr(team, "pk", team)]))


class TeamOwnedQuerySet(models.QuerySet):
    """Rows of team-owned entities, narrowed by the rules every surface shares."""

    def live(self):
        """Rows not archived; every row of an entity that does not archive."""
        if issubclass(self.model, ArchivableModel):
            return self.filter(archived_at__isnull=True)
        return self.all()

    def for_team(self, team):
        """The team's rows, for a list: the plan follows the team's size in the statistics
        (for contacts, an average team's, known or new: contacts migration 0023)."""
        return self.filter(team_id=getattr(team, "pk", team))

    def lookup_in_team(self, team):
        """The team's rows, for a lookup by ID or by a key unique in the team.

        The team's ID reaches PostgreSQL as a one-row subquery, a value the planner cannot see,
        so it plans for a team of average size, where the ID's or the key's own index is plainly
        the cheapest. Given the value, it plans for that team's size in the statistics: a team
        they do not know (new since the last ANALYZE, or in a table never analysed) counts as
        one row, every index that leads with `team_id` then looks as cheap as the right one,
        and the planner took one that reads the whole team per lookup. Lists keep the plain
        filter (`for_team`): for them the team's real size is what the plan should follow.
        """
        return self.filter(in_team(team))

    def visible_to(self, user, *, role: str | None = None):
        """The rows of the user's teams (with `role`, of the teams where they hold it);
        a superuser's, every row. The admin scopes every team-owned page by it."""
        return of_users_teams(self, user, role=role)

    def one_or_none(self):
        """The row the filters name by a unique key (an ID, a live email...), or None.

        Unlike `first()`, with no ORDER BY: ordered and limited, a lookup invites the planner
        to walk an index in that order (the team's newest-first one) and filter row by row.
        """
        return next(iter(self.order_by()[:1]), None)


class ArchivableModel(models.Model):
    """A record that DELETE archives rather than removes; a purge removes it for good later."""

    archived_at = models.DateTimeField(verbose_name="archived at", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class TeamForeignKey(models.ForeignKey):
    """The `team` of a team-owned entity; `team.<verbose_name_plural>` reaches its rows
    (`team.companies`, `team.contacts`), so an entity declares nothing for it."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        if not cls._meta.abstract:
            plural = str(cls._meta.verbose_name_plural).replace(" ", "_").replace("-", "_")
            self._related_name = self.remote_field.related_name = plural
        super().contribute_to_class(cls, name, *args, **kwargs)

    def deconstruct(self):
        # A plain ForeignKey to migrations: the class only names the reverse accessor.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


class TeamOwnedModel(PublicIdModel):
    """A record that belongs to one team: scoped by the API, the admin and the commands.

    Subclassing it is all an entity does for scoping: the API's base viewset and filterset,
    the admin's base page, its dropdowns and autocompletes, all recognise it by this class.
    Add `ArchivableModel` for an entity that DELETE archives.
    """

    team = TeamForeignKey(
        "crm.Team",
        verbose_name="team",
        on_delete=models.PROTECT,
        db_index=False,  # a team-owned table's indexes lead with team_id
    )

    objects = TeamOwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    # A save names the team beside the primary key, as every query on a team's table does,
    # so that it is routed to one shard when tables are distributed by team_id: the team the
    # row has in the database, since the admin may move a record to another of the staff
    # member's teams.
    @classmethod
    def from_db(cls, db, field_names, values):
        instance = cls._from_row(db, field_names, values)
        instance._stored_team_id = instance.__dict__.get("team_id")
        return instance

    @classmethod
    def _from_row(cls, db, field_names, values):
        """The record as `Model.from_db` makes it, without `Model.__init__`'s work per value:
        a column read from the database is stored in the instance as `__init__` would store
        it, and a descriptor that does more on assignment (a phone's) is still called.
        Django's own way when the class has an `__init__` of its own or anyone listens to its
        init signals."""
        if (
            cls.__init__ is not models.Model.__init__
            or pre_init.has_listeners(cls)
            or post_init.has_listeners(cls)
        ):
            return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = db
        stored, assigned = instance.__dict__, _assigned_attnames(cls)
        for name, value in zip(field_names, values, strict=True):
            if name in assigned:
                setattr(instance, name, value)
            else:
                stored[name] = value
        return instance

    def _do_update(self, base_qs, *args, **kwargs):
        stored_team_id = getattr(self, "_stored_team_id", None) or self.team_id
        updated = super()._do_update(base_qs.filter(in_team(stored_team_id)), *args, **kwargs)
        self._stored_team_id = self.team_id
        return updated


@functools.cache
def _assigned_attnames(model) -> frozenset[str]:
    """The columns of `model` whose attribute does more than store a value read from the
    database. A plain column's attribute stores it; a foreign key's also forgets a related
    record loaded before, which a record just read has not; a field may say that what it reads
    is what its attribute would store (`stores_read_values`)."""
    plain = (DeferredAttribute, ForeignKeyDeferredAttribute)
    return frozenset(
        field.attname
        for field in model._meta.concrete_fields
        if type(getattr(model, field.attname, None)) not in plain
        and not getattr(field, "stores_read_values", False)
    )


class SameTeamForwardDescriptor(ForwardManyToOneDescriptor):
    def get_object(self, instance):
        related = self.get_queryset(instance=instance)
        return related.get(
            self.field.get_reverse_related_filter(instance), in_team(instance.team_id)
        )


class SameTeamForeignKey(models.ForeignKey):
    """A team-owned entity's reference to another of its team's records (a contact's company,
    a call's contact). The database holds it with a composite key (x_id, team_id) declared by
    migration, since Django cannot declare one (db_constraint=False here); reading it names the
    team, as every query on a team's table does."""

    forward_related_accessor_class = SameTeamForwardDescriptor

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("db_constraint", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # A plain ForeignKey to migrations, as TeamForeignKey.
        name, _, args, kwargs = super().deconstruct()
        kwargs["db_constraint"] = False
        return name, "django.db.models.ForeignKey", args, kwargs


class Weekday(models.TextChoices):
    """A day of the week as the API and the admin spell it; `Weekday.values[date.weekday()]`."""

    MON = "mon", "Monday"
    TUE = "tue", "Tuesday"
    WED = "wed", "Wednesday"
    THU = "thu", "Thursday"
    FRI = "fri", "Friday"
    SAT = "sat", "Saturday"
    SUN = "sun", "Sunday"


def every_day() -> list[str]:
    return list(Weekday.values)


class Team(PublicIdModel):
    """A tenant: every company, contact and API token belongs to exactly one team."""

    id_prefix = "team"
    # The longest minimum gap between two calls to one contact a team may set: 30 days.
    MAX_CALL_GAP_MINUTES = 30 * 24 * 60
    MAX_CALL_ATTEMPTS = 1000

    name = models.CharField(verbose_name="name", max_length=200)
    api_rate_limit = models.PositiveIntegerField(
        verbose_name="API requests per minute, per token",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text="Empty: the default (the API_RATE_LIMIT_PER_MINUTE setting).",
    )
    # Calling rules, in each contact's local time (see contacts.windows).
    calling_hours_start = models.TimeField(
        verbose_name="calling hours start",
        default=time(8, 0),
        help_text="Local time of the contact from which calls may start.",
    )
    calling_hours_end = models.TimeField(
        verbose_name="calling hours end",
        default=time(21, 0),
        help_text="Local time of the contact at which calls must stop (not included).",
    )
    calling_days = ArrayField(
        models.CharField(max_length=3, choices=Weekday.choices),
        verbose_name="calling days",
        default=every_day,
        size=7,
        help_text="Days of the week, in the contact's local time, on which calls may be made.",
    )
    min_call_gap_minutes = models.PositiveIntegerField(
        verbose_name="minimum gap between calls (minutes)",
        default=0,
        validators=[MaxValueValidator(MAX_CALL_GAP_MINUTES)],
        help_text="How long after a call to a contact the next may start; 0: no gap.",
    )
    max_call_attempts = models.PositiveIntegerField(
        verbose_name="maximum call attempts",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CALL_ATTEMPTS)],
        help_text="Calls after which a contact is no longer called; empty: no limit.",
    )
    default_timezone = models.CharField(
        verbose_name="default time zone",
        max_length=64,
        default="UTC",
        help_text="The local time of a contact with no time zone and no phone number that "
        "tells one.",
    )
    phone_region = models.CharField(
        verbose_name="phone region",
        max_length=2,
        blank=True,
        default="",
        help_text="Country of the team's national phone numbers, e.g. US: the admin's contact "
        "form then takes (415) 555-1234 as +1 415 555 1234, and import_contacts uses it when "
        "--default-region is not given. Empty: every number needs its +.",
    )
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)
    # Set instead of deleting a team: its tokens stop working and its data stays until the
    # retention rules purge it (contacts.services.purge_archived_records).
    deactivated_at = models.DateTimeField(verbose_name="deactivated at", null=True, blank=True)

    class Meta:
        verbose_name = "team"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(calling_hours_end__gt=models.F("calling_hours_start")),
                name="team_calling_hours_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @classmethod
    def deactivated_before(cls, cutoff) -> list["Team"]:
        """The teams deactivated before `cutoff`: the retention rules purge their records."""
        return list(cls.objects.filter(deactivated_at__lt=cutoff).order_by("deactivated_at"))


# A team's calling rules, in the API's order: the team endpoint (crm.api.team) and the
# admin's team page read it.
CALLING_RULES = [
    "calling_hours_start",
    "calling_hours_end",
    "calling_days",
    "min_call_gap_minutes",
    "max_call_attempts",
    "default_timezone",
]


def national_number_region(team: Team | None) -> str | None:
    """The region a number typed without its + is read in for `team`: its phone region; None
    (every number needs its +) without a team or a region."""
    return (team.phone_region or None) if team is not None else None


class Membership(models.Model):
    """A staff user's place in a team: members edit the team's companies and contacts in the
    admin; managers also issue and revoke its API tokens."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MANAGER = "manager", "Manager"

    team = models.ForeignKey(
        Team, verbose_name="team", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="user",
        on_delete=models.CASCADE,
        related_name="memberships",
        db_index=False,  # membership_unique_user_team leads with user_id
    )
    role = models.CharField(
        verbose_name="role", max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)

    class Meta:
        verbose_name = "membership"
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_unique_user_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


def of_users_teams(queryset, user, *, role: str | None = None, team_field: str = "team"):
    """The access rule, written once: `queryset` narrowed to the rows whose `team_field` is
    one of the user's teams (with `role`, of the teams where they hold it); a superuser's,
    every row. `TeamOwnedQuerySet.visible_to` for team-owned entities; the admin's scoping
    for teams themselves (`team_field="pk"`) and API tokens."""
    team_ids = team_ids_of(user, role=role)
    if team_ids is None:
        return queryset.all()
    return queryset.filter(**{f"{team_field}__in": team_ids})


def team_ids_of(user, *, role: str | None = None) -> list | None:
    """The IDs of the user's teams (with `role`, only those); None means every team."""
    if user.is_superuser:
        return None
    # Asked many times a page (queryset, each permission check): once per request's user.
    cache = user.__dict__.setdefault("_team_ids_by_role", {})
    if role not in cache:
        memberships = Membership.objects.filter(user=user).order_by()
        if role is not None:
            memberships = memberships.filter(role=role)
        cache[role] = list(memberships.values_list("team_id", flat=True))
    return cache[role]


class ApiToken(models.Model):
    """A bearer token for one team. Only a SHA-256 digest of the secret is stored."""

    PREFIX = "crm_"
    DISPLAY_LENGTH = 12  # "crm_" plus 8 characters, enough to tell tokens apart in lists

    team = models.ForeignKey(
        Team, verbose_name="team", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(verbose_name="name", max_length=100)
    display_prefix = models.CharField(verbose_name="token prefix", max_length=DISPLAY_LENGTH)
    digest = models.CharField(verbose_name="SHA-256 digest", max_length=64, unique=True)
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)
    last_used_at = models.DateTimeField(verbose_name="last used at", null=True, blank=True)
    revoked_at = models.DateTimeField(verbose_name="revoked at", null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-id"]
        constraints = [
            # What a composite foreign key (token_id, team_id) refers to (sharding by team).
            models.UniqueConstraint(fields=["id", "team"], name="api_token_unique_id_team"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.display_prefix}…)"

    @staticmethod
    def digest_of(secret: str) -> str:
        # Tokens carry 256 random bits, so a fast hash is as safe as a slow one here.
        return hashlib.sha256(secret.encode()).hexdigest()


class IdempotencyKey(models.Model):
    """A POST's Idempotency-Key and the response it produced, replayed to retries for a day."""

    team = models.ForeignKey(
        Team,
        verbose_name="team",
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
        db_index=False,  # idempotency_key_unique_per_team leads with team_id
    )
    key = models.CharField(verbose_name="key", max_length=255)
    fingerprint = models.CharField(verbose_name="request fingerprint", max_length=64)
    response_status = models.PositiveSmallIntegerField(verbose_name="response status", null=True)
    # The JSON text as first sent: jsonb would reorder the keys of a replay.
    response_body = models.TextField(verbose_name="response body", null=True)
    # The headers that describe the answer (crm.api.idempotency.REPLAYED_HEADERS), as sent.
    response_headers = models.JSONField(verbose_name="response headers", null=True)
    created_at = models.DateTimeField(verbose_name="created at", default=timezone.now)

    class Meta:
        verbose_name = "idempotency key"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "key"], name="idempotency_key_unique_per_team"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created_idx")]

    def __str__(self) -> str:
        return self.key


class RateLimitCounter(models.Model):
    """Requests counted for one rate-limit key (a token, a client address) in one window.

    The PostgreSQL store of `crm.api.ratelimit`, used when no REDIS_URL is set. The table is
    UNLOGGED (migration 0004): counters need no crash safety and skip the write-ahead log.
    """

    pk = models.CompositePrimaryKey("key", "window_start")
    key = models.CharField(verbose_name="key", max_length=100)
    window_start = models.DateTimeField(verbose_name="window start")
    hits = models.PositiveIntegerField(verbose_name="hits")

    class Meta:
        verbose_name = "rate-limit counter"
        ordering = ["key", "window_start"]

    def __str__(self) -> str:
        return f"{self.key} from {self.window_start:%H:%M:%S}: {self.hits}"
