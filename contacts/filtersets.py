import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, time

import django_filters
from django import forms
from django.db import connections
from django.db.models import Count, F, Q, Value
from django.db.models.sql.where import WhereNode
from django.utils.dateparse import parse_date, parse_datetime
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from companies.models import Company
from contacts import rules, windows
from contacts.calling import callable_condition
from contacts.models import Contact, ContactQuerySet, counted_whole, listed_by_name
from crm.api.filters import (
    PublicIdFilter,
    RepeatableFilter,
    RepeatedValuesWidget,
    RuleListFilter,
    StrictBooleanFilter,
    TeamScopedFilterSet,
)
from crm.api.naming import to_camel
from crm.api.scoping import find_in_team

CUSTOM_FIELD_PREFIX = "customFields."

# ordering value -> ORDER BY; every order ends in the ID so pages never overlap or skip.
ORDERINGS = {
    "createdAt": ["created_at", "id"],
    "-createdAt": ["-created_at", "-id"],
    "updatedAt": ["updated_at", "id"],
    "-updatedAt": ["-updated_at", "-id"],
    "lastName": ["last_name", "first_name", "id"],
    "-lastName": ["-last_name", "-first_name", "-id"],
    # Never-called contacts first when ascending, last when descending.
    "lastCalledAt": [F("last_called_at").asc(nulls_first=True), "id"],
    "-lastCalledAt": [F("last_called_at").desc(nulls_last=True), "-id"],
}


class InstantFormField(forms.Field):
    """An ISO 8601 instant; a bare date means its midnight UTC, a time needs its offset."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            day = parse_date(text)  # only a bare date matches
            parsed = datetime.combine(day, time.min, tzinfo=UTC) if day else parse_datetime(text)
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError("Use ISO 8601, e.g. 2024-01-15T10:00:00Z.")
        if parsed.tzinfo is None:
            raise forms.ValidationError("Give the UTC offset, e.g. 2024-01-15T10:00:00Z.")
        try:
            # In UTC: PostgreSQL takes offsets only up to 15:59, Python up to 23:59.
            return parsed.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("That instant is out of range.") from None


@extend_schema_field(OpenApiTypes.DATETIME)
class InstantFilter(django_filters.Filter):
    field_class = InstantFormField


class CustomFieldFormField(forms.Field):
    """`customField=<key>:<value>`, repeatable. Its values are read with the
    `customFields.<key>` family by ContactFilterForm, into conditions."""

    widget = RepeatedValuesWidget


class ContactFilterForm(forms.Form):
    """The list's parameters; the custom-field filters of both forms are read together
    (custom_field_filters), into `customField`'s conditions."""

    def clean(self):
        cleaned = super().clean()
        conditions, problems = custom_field_filters(self.data)
        for parameter, messages in problems.items():
            # A `customFields.<key>` parameter has no form field of its own to hold its error.
            self._errors[parameter] = self.error_class(messages)
        cleaned["customField"] = None if problems else conditions
        return cleaned


@extend_schema_field(OpenApiTypes.STR)
class CustomFieldFilter(RepeatableFilter):
    """The declared form of the custom-field filter, which generated clients can send."""

    field_class = CustomFieldFormField


class ContactFilterSet(TeamScopedFilterSet):
    """The parameters of `GET /api/crm/contacts`. Every value is validated.

    Custom fields are filtered in either of two forms, alike: the declared,
    repeatable `customField=<key>:<value>`, which generated clients send, or
    `customFields.<key>=<value>`, one parameter per key. Each keeps the
    contacts whose custom field `key` equals `value` (as text, or as the
    number or boolean the text spells); several must all match. The second
    form's names vary, so they are not listed as parameters
    (`x-query-parameter-patterns` names the family): send them as extra query
    parameters of your HTTP client.
    """

    parameter_prefixes = (CUSTOM_FIELD_PREFIX,)

    company_id = PublicIdFilter(
        prefix="comp",
        method="filter_company",
        help_text="Only the contacts of this company of your team.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Every word must match part of a name, the email or a phone number, ignoring "
        "case and accents. `%`, `_` and `\\` are literal.",
    )
    lead_status = RuleListFilter(
        rules.normalize_lead_status,
        help_text="One or more lead statuses: repeated (`leadStatus=new&leadStatus=contacted`), "
        "comma-separated (`leadStatus=new,contacted`), or both.",
    )
    do_not_call = StrictBooleanFilter(method="filter_do_not_call", help_text="`true` or `false`.")
    has_phone = StrictBooleanFilter(
        method="filter_has_phone",
        help_text="`true`: only contacts with a phone number; `false`: only those without.",
    )
    callable = StrictBooleanFilter(
        method="filter_callable",
        help_text="`true`: only contacts with no standing call blocker (see `call_blockers`: "
        "a phone, no do-not-call flag, no number on the team's do-not-call registry); "
        "`false`: only those with one.",
    )
    tags = RuleListFilter(
        str.strip,
        method="filter_tags",
        help_text="Contacts carrying all of these tags, ignoring case: repeated "
        "(`tags=vip&tags=west`), comma-separated (`tags=vip,west`), or both.",
    )
    custom_field = CustomFieldFilter(
        method="filter_custom_field",
        help_text="Contacts whose custom field `<key>` equals `<value>`, as text or as the "
        "number or boolean the text spells, given as `<key>:<value>` (the key ends at the "
        "first colon): `customField=industry:saas`. Repeat it for several fields, which must "
        "all match. The same filter as `customFields.<key>=<value>`.",
    )
    updated_since = InstantFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Contacts updated at or after this instant, for sync clients.",
    )
    callable_at = InstantFilter(
        method="filter_callable_at",
        help_text="Contacts that may be called at this instant: with a phone, not flagged "
        "do-not-call, under the team's maximum attempts, past its minimum gap since their "
        "last call, and inside the team's calling hours and days in their local time (every "
        "zone of it, when their number spans several).",
    )
    callable_now = StrictBooleanFilter(
        method="filter_callable_now",
        help_text="`true`: contacts that may be called now (as `callableAt` at this instant); "
        "`false`: those that may not.",
    )
    last_called_before = InstantFilter(
        field_name="last_called_at",
        lookup_expr="lt",
        help_text="Contacts last called before this instant (never-called ones are not).",
    )
    last_called_after = InstantFilter(
        field_name="last_called_at",
        lookup_expr="gt",
        help_text="Contacts last called after this instant.",
    )
    never_called = StrictBooleanFilter(
        method="filter_never_called",
        help_text="`true`: only contacts never called; `false`: only those called at least once.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in ORDERINGS],
        method="order",
        help_text="Sort order; the default is newest first. Ties are broken by ID. "
        "`lastCalledAt` lists never-called contacts first, `-lastCalledAt` last.",
        error_messages={
            "invalid_choice": "'%(value)s' is not an ordering; use one of "
            + ", ".join(ORDERINGS)
            + "."
        },
    )

    class Meta:
        model = Contact
        fields = []
        form = ContactFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # parameter -> the condition its `false` leaves out: most of the team, whose count
        # reads fewer rows as a difference (filter_queryset).
        self.exclusions: dict[str, Q] = {}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Last, so that every other filter is in their counts.
        for condition in self.exclusions.values():
            queryset = queryset.exclude(condition)
        if len(self.exclusions) <= 1 and not self._narrowed_besides(self.exclusions):
            excluded = next(iter(self.exclusions.values()), None)
            # Read by contacts.selectors.ContactListQuerySet.count.
            queryset.query.count_of_the_team = CountOfTheTeam(
                self.queryset, excluded, queryset.query.where
            )
        return queryset

    def _narrowed_besides(self, parameters) -> bool:
        """Whether a parameter other than `parameters` narrows the list. A count of the
        team by difference pays only when both parts read an index alone: with
        `leadStatus`, say, each would read the rows, and one pass costs less than two."""
        cleaned = self.form.cleaned_data
        given = {name for name, value in cleaned.items() if value not in EMPTY_VALUES}
        return bool(given - {"teamId", "ordering", *parameters})

    def filter_company(self, queryset, name, value):
        find_in_team(Company, team=self.team, pk=value, field_name=to_camel(name))
        return queryset.filter(company_id=value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_has_phone(self, queryset, name, value):
        return queryset.filter(phone__isnull=not value)

    def filter_do_not_call(self, queryset, name, value):
        return self._keep_or_exclude(queryset, name, value, Q(do_not_call=True))

    def filter_callable(self, queryset, name, value):
        return self._keep_or_exclude(queryset, name, value, callable_condition(self.team))

    def filter_tags(self, queryset, name, value):
        """Contacts carrying every tag listed (comma-separated), ignoring case."""
        for tag in value:
            queryset = queryset.with_tag(tag)
        return queryset

    def filter_custom_field(self, queryset, name, value):
        for condition in value:
            queryset = queryset.filter(condition)
        return queryset

    def filter_callable_at(self, queryset, name, value):
        return queryset.filter(windows.callable_at_condition(self.team, value))

    def filter_callable_now(self, queryset, name, value):
        condition = windows.callable_at_condition(self.team, windows.now())
        return self._keep_or_exclude(queryset, name, value, condition)

    def _keep_or_exclude(self, queryset, name, value, condition: Q):
        """`true`: the contacts matching `condition`; `false`: the others, left out last
        (see filter_queryset) so that the count may be a difference."""
        if value:
            return queryset.filter(condition)
        self.exclusions[to_camel(name)] = condition
        return queryset

    def filter_never_called(self, queryset, name, value):
        return queryset.filter(last_called_at__isnull=value)

    def order(self, queryset, name, value):
        if value.lstrip("-") == "lastName":
            # Always true, and what makes contact_team_name_idx usable (see listed_by_name).
            queryset = queryset.filter(listed_by_name())
        return queryset.order_by(*ORDERINGS[value])


@dataclass(frozen=True)
class CountOfTheTeam:
    """How the list counts its contacts when no parameter narrows them but `ordering` and at
    most one "not" filter (`callableNow=false`, `callable=false`, `doNotCall=false`): the
    team's live contacts, less those matching the excluded condition, in one statement.

    The team's live contacts are counted from contact_team_live_idx, which holds only their
    team (see counted_whole): a tenth of the pages of any other index of the team. The name
    order's condition is left out, being always true (see listed_by_name): with it that
    count would read a wider index or the rows. Each "not" filter leaves out a condition
    that an index serves (contact_team_callable_zone_idx, contact_team_do_not_call_idx)
    while what it keeps has none, most of the team, whose count read its rows one by one;
    counted as a difference, each part reads an index alone once the table is vacuumed.
    """

    team_contacts: ContactQuerySet
    excluded: Q | None
    where: WhereNode  # the list's own condition, the very object (see counts)

    def counts(self, query) -> bool:
        """Whether `query` is the list's own, as the filterset left it. The plan travels
        with every clone of the query (Django copies its attributes), but each clone has a
        condition object of its own: a slice, another filter, a GROUP BY or a union counts
        as usual."""
        return query.where is self.where

    def count(self) -> int:
        team_contacts = self.team_contacts.order_by()
        every = team_contacts.filter(counted_whole())
        if self.excluded is None:
            return every.count()
        queries = [
            # One row, with no GROUP BY.
            counted.values(every=Value(1)).annotate(n=Count("*")).values("n").query
            for counted in (every, team_contacts.filter(self.excluded))
        ]
        (all_sql, all_params), (matching_sql, matching_params) = (
            query.sql_with_params() for query in queries
        )
        with connections[self.team_contacts.db].cursor() as cursor:
            cursor.execute(
                f"SELECT ({all_sql}) - ({matching_sql})", (*all_params, *matching_params)
            )
            return cursor.fetchone()[0]


def custom_field_filters(data) -> tuple[list[Q], dict[str, list[str]]]:
    """The conditions of the custom-field filters among the query parameters `data`, in
    either form: `customField=<key>:<value>` (repeatable; the key ends at the first colon,
    the value may hold more) or `customFields.<key>=<value>`; and, by parameter, the
    messages of those that give none."""
    conditions, problems = [], {}
    for parameter in data:
        values = data.getlist(parameter) if hasattr(data, "getlist") else [data[parameter]]
        if parameter == "customField":
            given = [str(value).partition(":") for value in values]
        elif parameter.startswith(CUSTOM_FIELD_PREFIX):
            key = parameter.removeprefix(CUSTOM_FIELD_PREFIX)
            given = [(key, ":", str(value)) for value in values]
        else:
            continue
        try:
            for key, colon, value in given:
                if not colon:
                    raise forms.ValidationError("Give <key>:<value>, e.g. size:500.")
                conditions.append(custom_field_condition(key, value))
        except forms.ValidationError as error:
            problems[parameter] = error.messages
    return conditions, problems


def custom_field_condition(key: str, value: str) -> Q:
    """Contacts whose custom field `key` equals `value`, as text or as the number or boolean
    the text spells: ("size", "500") matches {"size": "500"} and {"size": 500}. A key or
    value the filter cannot take is a ValidationError meant for the caller."""
    if not key or len(key) > rules.CUSTOM_FIELD_KEY_MAX_LENGTH or "\x00" in key:
        raise forms.ValidationError(
            f"Name a custom field of 1 to {rules.CUSTOM_FIELD_KEY_MAX_LENGTH} characters."
        )
    if not value.strip() or "\x00" in value or len(value) > 1000:
        raise forms.ValidationError("Give a value of 1 to 1000 characters, without NUL.")
    candidates = [value]
    try:
        typed = json.loads(value)
    except ValueError:
        typed = None
    if isinstance(typed, bool | int) or (isinstance(typed, float) and math.isfinite(typed)):
        candidates.append(typed)
    condition = Q()
    for candidate in candidates:
        condition |= Q(custom_fields__contains={key: candidate})
    return condition
