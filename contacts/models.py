from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.lookups import DataContains
from django.db import models
from django.db.models.functions import Concat, Lower
from phonenumber_field.modelfields import PhoneNumberField

from companies.models import Company
from contacts import calling, rules, windows
from contacts.rules import LeadStatus
from contacts.search import SHORT_WORD_SCAN, Unaccent, search_condition
from crm.models import ArchivableModel, SameTeamForeignKey, TeamOwnedModel, TeamOwnedQuerySet
from crm.phone_numbers import StoredPhoneNumberField


def live_with(key: str) -> models.Q:
    """The rows of a key's index: live contacts that have the key.

    Each key (email, phone, external ID) has an index of its own over exactly these rows, so
    a lookup by one key (`team_id = ... AND lower(email) = ...`) can use no other key's index:
    "email IS NOT NULL" follows from the lookup, "phone IS NOT NULL" does not. Without that,
    when the statistics know nothing of a team (a new install, a team new since the last
    ANALYZE) every `team_id`-led index looks equally cheap, and the planner picked the
    smallest, the external-ID index, scanning the whole team for each email it looked up.
    """
    return models.Q(archived_at__isnull=True, **{f"{key}__isnull": False})


def listed_by_name() -> models.Q:
    """`last_name <> ''`: what the name-ordered list states so that it may read the name index.

    Every contact has a last name (contact_names_not_blank), but PostgreSQL uses a partial
    index only for a query whose own WHERE implies its predicate: CHECK and NOT NULL
    constraints prove nothing there. No lookup by key (ID, email, phone, external ID, the
    importer's matching, duplicates, the registry's triggers) compares `last_name` with a
    value, so none can read the name index whatever the statistics say; an index over every
    row tied with the key's own index in a table never analysed, and the newer won.
    """
    return ~models.Q(last_name="")


# Earlier than any contact's creation: the bound of counted_whole's always-true condition.
_BEFORE_ANY_CONTACT = datetime(1, 1, 1, tzinfo=UTC)


def counted_whole() -> models.Q:
    """`created_at >= '0001-01-01'`: what the count of a team's live contacts, with no other
    condition, states so that it may read contact_team_live_idx.

    Always true, and a lower bound on `created_at`, which no lookup or filter states. As a
    plain partial index it was the planner's way into the team's rows for every filter no
    index of its own answers, fetching each row to test it: the whole team for
    `tags=vip&doNotCall=false`, where the tag index reads a tenth of it, and a sort for
    `doNotCall=true` in a table never analysed.
    """
    return models.Q(created_at__gte=_BEFORE_ANY_CONTACT)


class ContactQuerySet(TeamOwnedQuerySet):
    def with_call_blockers(self, team=None) -> "ContactQuerySet":
        """Each contact with `call_blockers`, its standing blockers, computed in the same query
        (see contacts.calling); `team`, when every contact is that team's."""
        from contacts.calling import call_blockers

        return self.annotate(call_blockers=call_blockers(team))

    def callable(self, *, team=None) -> "ContactQuerySet":
        """Contacts with no standing call blocker; `team`, when every contact is that team's."""
        from contacts.calling import callable_condition

        return self.filter(callable_condition(team))

    def search(self, text: str) -> "ContactQuerySet":
        """Contacts matching `text` in name, email or phone (see contacts.search)."""
        return self.filter(search_condition(text))

    def with_tag(self, tag: str) -> "ContactQuerySet":
        """Contacts carrying `tag`, ignoring case (as the tag rule de-duplicates)."""
        # `lowercase_tags @> ARRAY[lower(tag)]`: the shape contact_team_tags_idx serves.
        return self.filter(DataContains(LowercaseTags("tags"), TagList(Lower(models.Value(tag)))))


class LowercaseTags(models.Func):
    """`crm_lowercase_tags(tags)`: the tags lower-cased, declared IMMUTABLE (contacts migration
    0014) so that a GIN index can hold it and the tag filter, ignoring case, can use it."""

    function = "crm_lowercase_tags"
    output_field = ArrayField(models.TextField())


class TagList(models.Func):
    """`ARRAY[...]::text[]`, the right side of a containment test on LowercaseTags."""

    template = "ARRAY[%(expressions)s]::text[]"
    output_field = ArrayField(models.TextField())


class Contact(TeamOwnedModel, ArchivableModel):
    """A person a team may call: identity, ways to reach them, and what calls taught us."""

    id_prefix = "cont"

    company = SameTeamForeignKey(
        Company,
        verbose_name="company",
        on_delete=models.PROTECT,
        related_name="contacts",
        null=True,
        blank=True,
        db_index=False,  # contact_company_team_idx leads with company_id
        # Forms and the admin's autocomplete offer live companies only.
        limit_choices_to={"archived_at__isnull": True},
    )
    first_name = models.CharField(verbose_name="first name", max_length=100)
    last_name = models.CharField(verbose_name="last name", max_length=100)
    email = models.EmailField(
        verbose_name="email", max_length=rules.EMAIL_MAX_LENGTH, null=True, blank=True
    )
    phone = StoredPhoneNumberField(verbose_name="phone", null=True, blank=True)
    phone_secondary = StoredPhoneNumberField(verbose_name="secondary phone", null=True, blank=True)
    job_title = models.CharField(verbose_name="job title", max_length=200, null=True, blank=True)
    lead_status = models.CharField(
        verbose_name="lead status",
        max_length=20,
        choices=LeadStatus.choices,
        default=LeadStatus.NEW,
    )
    source = models.CharField(verbose_name="source", max_length=100, null=True, blank=True)
    timezone = models.CharField(verbose_name="time zone", max_length=64, null=True, blank=True)
    preferred_contact_method = models.CharField(
        verbose_name="preferred contact method", max_length=50, null=True, blank=True
    )
    do_not_call = models.BooleanField(verbose_name="do not call", default=False)
    notes = models.TextField(verbose_name="notes", max_length=20_000, null=True, blank=True)
    custom_fields = models.JSONField(verbose_name="custom fields", default=dict, blank=True)
    tags = ArrayField(
        models.CharField(max_length=rules.TAG_MAX_LENGTH),
        verbose_name="tags",
        default=list,
        blank=True,
    )
    external_id = models.CharField(
        verbose_name="external ID",
        max_length=200,
        null=True,
        blank=True,
        help_text="The caller's own ID for this person; unique among the team's live contacts.",
    )
    # The zones of the contact's local time, from its time zone or its phone number
    # (contacts.windows.contact_time_zones); empty: the team's default. Kept on every save,
    # and by the importer, so that lists filter by calling window in SQL.
    time_zones = ArrayField(
        models.CharField(max_length=64),
        verbose_name="local time zones",
        default=list,
        db_default=[],
        blank=True,
        editable=False,
    )
    # Whether the phone or the secondary phone is on the team's do-not-call registry. Kept by
    # PostgreSQL: a trigger on every write of a number (migration
    # 0011_contact_number_on_do_not_call_list), the registry's triggers for the contacts
    # carrying a number a registry write adds or removes (donotcall migration
    # 0007_registry_writes_recheck_contacts), the importer for its batches. Read as one column
    # by call_blockers and the callable filters, and the predicate of their partial indexes.
    number_on_do_not_call_list = models.BooleanField(
        verbose_name="number on the do-not-call list",
        default=False,
        db_default=False,
        editable=False,
    )
    # Set on a contact merged into another (contacts.merge), which is archived with it: a read
    # of its ID can then say where it went.
    merged_into = SameTeamForeignKey(
        "self",
        verbose_name="merged into",
        on_delete=models.SET_NULL,
        related_name="merged_contacts",
        null=True,
        blank=True,
        editable=False,
        db_index=False,  # contact_merged_into_idx, over merged contacts only
    )
    last_called_at = models.DateTimeField(verbose_name="last called at", null=True, blank=True)
    call_count = models.PositiveIntegerField(verbose_name="calls", default=0, db_default=0)
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name="updated at", auto_now=True)
    # "first last email phone phone2" lower-cased and unaccented, kept by PostgreSQL,
    # trigram-indexed.
    search_text = models.GeneratedField(
        expression=Lower(
            Unaccent(
                Concat(
                    "first_name",
                    models.Value(" "),
                    "last_name",
                    models.Value(" "),
                    "email",
                    models.Value(" "),
                    "phone",
                    models.Value(" "),
                    "phone_secondary",
                    output_field=models.TextField(),
                )
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name="search text",
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "-created_at", "-id"], name="contact_team_newest_idx"),
            # Sync clients page by updated_at (ordering=updatedAt, updatedSince=...).
            models.Index(fields=["team", "updated_at", "id"], name="contact_team_updated_idx"),
            # Upsert, import matching and duplicate checks by phone.
            models.Index(
                fields=["team", "phone"],
                condition=live_with("phone"),
                name="contact_team_live_phone_idx",
            ),
            # companyId=...: team_id second, so that the one index answers both conditions;
            # without it the planner, expecting a team's share of the company's contacts,
            # ANDed in a bitmap of the whole team from another index.
            models.Index(
                fields=["company", "team", "-created_at", "-id"],
                name="contact_company_team_idx",
            ),
            # archived_at included: a count of live contacts by status reads only the index
            # once the table is vacuumed (it read a row per contact counted). Every contact
            # has a status, so the condition leaves none out; but only a query comparing
            # the status implies it, so no lookup by key can read this index: in a table
            # never analysed every index leading with team_id looked as cheap for a lookup
            # by phone, and this one, the newest, won, reading the whole team.
            models.Index(
                fields=["team", "lead_status", "-created_at", "-id"],
                include=["archived_at"],
                condition=models.Q(lead_status__isnull=False),
                name="contact_team_status_idx",
            ),
            # The count of a team's live contacts, the list's with no filter and the base of
            # a count by difference (contacts.filtersets.CountOfTheTeam): team_id alone, which
            # btree deduplication stores as lists of row pointers, a tenth of any other index
            # of the team's rows to read. Only that count states its predicate's second half
            # (counted_whole).
            models.Index(
                fields=["team"],
                condition=models.Q(archived_at__isnull=True) & counted_whole(),
                name="contact_team_live_idx",
            ),
            # ordering=lastName walks this one forwards, -lastName backwards, from a cursor
            # as from the start (crm.api.keyset). Over the list's rows, live contacts, with a
            # condition that only the name-ordered list states, so that no lookup can read
            # it (see listed_by_name). In a table never analysed the predicate makes it look
            # a row or two big, cheaper than the sort any other index needs for this order.
            models.Index(
                fields=["team", "last_name", "first_name", "id"],
                condition=models.Q(archived_at__isnull=True) & listed_by_name(),
                name="contact_team_name_idx",
            ),
            # The importer matches a row with no email, phone or external ID by name.
            models.Index(
                "team",
                Lower("first_name"),
                Lower("last_name"),
                condition=models.Q(
                    archived_at__isnull=True,
                    email__isnull=True,
                    phone__isnull=True,
                    external_id__isnull=True,
                ),
                name="contact_keyless_name_idx",
            ),
            # Who to call. ordering=lastCalledAt walks this one forwards (never-called first,
            # as the API documents), -lastCalledAt backwards; lastCalledBefore/After read a
            # range of it; archived_at is included so that lists and counts of live contacts
            # read only the index once the table is vacuumed. Over every row, not only live
            # ones: with `archived_at IS NULL` as its predicate, which every lookup by key
            # states, a table never analysed made it look as small as the key's own index,
            # and imports and API lookups took it, with team_id as their only condition,
            # reading the whole team per row.
            models.Index(
                "team",
                models.F("last_called_at").asc(nulls_first=True),
                "id",
                include=["archived_at"],
                name="contact_team_last_called_idx",
            ),
            models.Index(
                fields=["team", "-created_at", "-id"],
                condition=models.Q(last_called_at__isnull=True),
                name="contact_team_never_called_idx",
            ),
            # callableNow, callableAt (by the contact's first local zone) and callable=true
            # (by team), over the contacts no team's rule stands against; the included
            # columns answer the rest of "callable now" (several zones, the attempt cap, the
            # gap), so a count reads only the index once the table is vacuumed.
            models.Index(
                "team",
                windows.first_zone(),
                condition=calling.callable_whatever_the_team(),
                include=["time_zones", "call_count", "last_called_at"],
                name="contact_team_callable_zone_idx",
            ),
            # The registry's triggers find the contacts carrying a number, archived ones too.
            models.Index(
                fields=["team", "phone"],
                condition=models.Q(phone__isnull=False),
                name="contact_team_phone_idx",
            ),
            models.Index(
                fields=["team", "phone_secondary"],
                condition=models.Q(phone_secondary__isnull=False),
                name="contact_team_phone2_idx",
            ),
            # Possible duplicates (contacts.duplicates) group live contacts by phone (the live
            # phone index above) and by name and company: this one, so that each grouping
            # reads only an index, in its key's order. The names are included because
            # PostgreSQL reads an expression from an index only when its columns are there.
            models.Index(
                "team",
                Lower("first_name"),
                Lower("last_name"),
                "company",
                include=["first_name", "last_name"],
                condition=models.Q(archived_at__isnull=True, company__isnull=False),
                name="contact_team_name_company_idx",
            ),
            # A purge of a survivor clears merged_into on the contacts merged into it.
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="contact_merged_into_idx",
            ),
            # doNotCall=true and hasPhone=false: few contacts each, found and counted without
            # reading the rest of the team; archived_at included so that a count of live ones
            # reads only the index once the table is vacuumed.
            models.Index(
                fields=["team", "-created_at", "-id"],
                condition=models.Q(do_not_call=True),
                include=["archived_at"],
                name="contact_team_do_not_call_idx",
            ),
            models.Index(
                fields=["team", "-created_at", "-id"],
                condition=models.Q(phone__isnull=True),
                include=["archived_at"],
                name="contact_team_no_phone_idx",
            ),
            # tags=...: `crm_lowercase_tags(tags) @> ARRAY[...]` (ContactQuerySet.with_tag);
            # team_id leads, as in the search index, so a tag reads only the team's entries.
            GinIndex("team", LowercaseTags("tags"), name="contact_team_tags_idx"),
            # customFields.<key>=...: `custom_fields @> {key: value}`, which jsonb_path_ops
            # serves with one entry per key and value (smaller than the default opclass).
            GinIndex(
                "team",
                OpClass("custom_fields", name="jsonb_path_ops"),
                name="contact_team_custom_fields_idx",
            ),
            # team_id inside the GIN index (btree_gin) keeps a search to the team's own rows.
            GinIndex(
                "team",
                OpClass("search_text", name="gin_trgm_ops"),
                name="contact_search_trgm_idx",
            ),
            # A search word shorter than a trigram is found by no index: the count of its
            # matches reads the team's search texts here rather than the team's rows (about a
            # quarter of the pages, none of the other columns). Only such a search states the
            # predicate (contacts.search.SHORT_WORD_SCAN), so no other query can take this
            # index when the statistics make every team_id-led index look alike.
            models.Index(
                fields=["team"],
                include=["search_text"],
                condition=models.Q(archived_at__isnull=True) & SHORT_WORD_SCAN,
                name="contact_team_search_text_idx",
            ),
        ]
        constraints = [
            # One live contact per email in a team, ignoring case; archived ones do not block.
            models.UniqueConstraint(
                "team",
                Lower("email"),
                condition=live_with("email"),
                name="contact_unique_live_email",
            ),
            # Target of the call -> (contact, team) foreign key: see contacts migration 0002.
            models.UniqueConstraint(fields=["id", "team"], name="contact_unique_id_team"),
            models.UniqueConstraint(
                fields=["team", "external_id"],
                condition=live_with("external_id"),
                name="contact_unique_live_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(lead_status__in=LeadStatus.values),
                name="contact_lead_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(first_name="") & ~models.Q(last_name=""),
                name="contact_names_not_blank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        # Every save (API services, admin, restore) that writes the time zone or the phone keeps
        # the zone set with them; a save of other fields (archive, tags) leaves both alone.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"timezone", "phone"} & set(update_fields):
            self.time_zones = windows.contact_time_zones(self.timezone, self.phone)
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "time_zones"]
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class EditableField:
    """A contact field a caller may set (API body, admin form, files), with what the surfaces
    need and cannot read from the model field; type, length, null, default and label come
    from the model field of the same name."""

    name: str
    # The contacts.rules function a value passes. None: plain text, which is trimmed and
    # held to the model field's max_length.
    rule: Callable | None = None
    # File headers the importer takes besides the field's name and label (compared as
    # contacts.imports.reading.normalize_header compares them).
    aliases: tuple[str, ...] = ()
    # The admin form's section for a field its layout does not place.
    section: str = "More"

    @property
    def model_field(self) -> models.Field:
        return Contact._meta.get_field(self.name)

    @property
    def kind(self) -> str:
        """How forms and files spell the value: text, phone, flag, list or object."""
        model_field = self.model_field
        if isinstance(model_field, PhoneNumberField):
            return "phone"
        if isinstance(model_field, models.BooleanField):
            return "flag"
        if isinstance(model_field, ArrayField):
            return "list"
        if isinstance(model_field, models.JSONField):
            return "object"
        return "text"

    @property
    def required(self) -> bool:
        """Whether a new contact must be given a value (there is no default)."""
        return not self.model_field.blank and not self.model_field.has_default()


# What a caller may set on a contact besides its team and company, in the API's order: the
# request and response bodies, the admin form, the export files and the importer read it.
CONTACT_FIELDS = (
    EditableField("first_name", aliases=("first", "givenname", "forename")),
    EditableField("last_name", aliases=("last", "surname", "familyname")),
    EditableField("email", rule=rules.normalize_email, aliases=("emailaddress", "mail")),
    EditableField(
        "phone",
        rule=rules.normalize_phone,
        aliases=("phonenumber", "telephone", "tel", "primaryphone", "workphone"),
    ),
    EditableField(
        "phone_secondary",
        rule=rules.normalize_phone,
        aliases=("mobile", "mobilephone", "cell", "cellphone", "otherphone"),
    ),
    EditableField("job_title", aliases=("title", "position", "role")),
    EditableField("lead_status", rule=rules.normalize_lead_status, aliases=("status",)),
    EditableField("source", aliases=("leadsource",)),
    EditableField("timezone", rule=rules.normalize_timezone, aliases=("tz",)),
    EditableField("preferred_contact_method", aliases=("contactmethod",)),
    EditableField("do_not_call", aliases=("dnc",)),
    EditableField("notes", aliases=("note", "comments", "description")),
    EditableField("custom_fields", rule=rules.validate_custom_fields),
    EditableField("tags", rule=rules.normalize_tags, aliases=("tag", "labels")),
    EditableField("external_id", aliases=("externalref", "recordid")),
)
EDITABLE_FIELDS = [field.name for field in CONTACT_FIELDS]


class ContactImport(TeamOwnedModel):
    """A contact file uploaded in the admin, and its runs by `import_contacts` on a worker."""

    id_prefix = "cimp"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "uploaded"
        QUEUED = "queued", "waiting for a worker"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    class OnDuplicate(models.TextChoices):
        SKIP = "skip", "leave the contact as it is"
        UPDATE = "update", "update it with the row's non-empty cells"
        CREATE = "create", "add a new contact anyway"

    class Match(models.TextChoices):
        EMAIL = "email", "email"
        PHONE = "phone", "phone"
        BOTH = "both", "email or phone"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uploaded by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="contact_imports",
    )
    created_at = models.DateTimeField(verbose_name="uploaded at", auto_now_add=True)
    file_name = models.CharField(verbose_name="file", max_length=255)
    # The file itself, in the database: the worker that runs the import may be on another
    # machine than the web server that took the upload.
    file_data = models.BinaryField(verbose_name="file contents")
    file_size = models.PositiveBigIntegerField(verbose_name="size (bytes)")
    # import_contacts' options.
    encoding = models.CharField(verbose_name="encoding", max_length=20, blank=True)
    default_region = models.CharField(verbose_name="default region", max_length=2, blank=True)
    company = SameTeamForeignKey(
        Company,
        verbose_name="company of rows that name none",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    create_companies = models.BooleanField(verbose_name="create missing companies", default=False)
    on_duplicate = models.CharField(
        verbose_name="a row matching a contact",
        max_length=10,
        choices=OnDuplicate.choices,
        default=OnDuplicate.SKIP,
    )
    match = models.CharField(
        verbose_name="duplicates are matched by",
        max_length=10,
        choices=Match.choices,
        default=Match.EMAIL,
    )
    extra_columns_as_custom_fields = models.BooleanField(
        verbose_name="keep unknown columns as custom fields", default=False
    )
    all_or_nothing = models.BooleanField(verbose_name="all or nothing", default=False)
    # The importer's reading of the file, made once at upload (contacts/import_jobs.py).
    preview = models.JSONField(verbose_name="reading of the file", default=dict)
    # The latest run, as the worker reports it.
    status = models.CharField(
        verbose_name="status", max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    dry_run = models.BooleanField(verbose_name="dry run", default=False)
    total_lines = models.PositiveIntegerField(verbose_name="lines in the file", default=0)
    lines_done = models.PositiveIntegerField(verbose_name="lines done", default=0)
    rows_read = models.PositiveIntegerField(verbose_name="rows read", default=0)
    created = models.PositiveIntegerField(verbose_name="created", default=0)
    updated = models.PositiveIntegerField(verbose_name="updated", default=0)
    skipped = models.PositiveIntegerField(verbose_name="skipped", default=0)
    rejected = models.PositiveIntegerField(verbose_name="rejected", default=0)
    summary = models.TextField(verbose_name="summary", blank=True)
    error_report = models.BinaryField(verbose_name="error report", null=True)
    started_at = models.DateTimeField(verbose_name="started at", null=True)
    finished_at = models.DateTimeField(verbose_name="finished at", null=True)

    class Meta:
        verbose_name = "contact import"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "-created_at", "-id"], name="contact_import_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
