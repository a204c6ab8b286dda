import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from crm.api.filters import RuleListFilter, TeamScopedFilterSet
from events.cursors import Cursor, InvalidCursor
from events.kinds import EVENT_TYPES
from events.models import TeamTransaction


def normalize_event_type(value: str) -> str:
    """An event type of the feed, `contact.updated`, `do_not_call.added` (any case)."""
    text = value.strip().lower()
    if text not in EVENT_TYPES:
        raise forms.ValidationError(
            f"'{value.strip()[:60]}' is not an event type; use {', '.join(EVENT_TYPES)}.",
            code="invalid",
        )
    return text


class CursorFormField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return Cursor.decode(text)
        except InvalidCursor as error:
            raise forms.ValidationError(str(error), code="invalid") from error


@extend_schema_field(OpenApiTypes.STR)
class CursorFilter(django_filters.Filter):
    field_class = CursorFormField


@extend_schema_field({"type": "string", "enum": EVENT_TYPES})
class EventTypesFilter(RuleListFilter):
    """`?types=contact.created,contact.archived`: events of any of these types."""


class EventFilterSet(TeamScopedFilterSet):
    """The parameters of `GET /api/crm/events`: the team's changes to contacts, companies and
    do-not-call entries, in the order their transactions committed. Start without `after`
    (the oldest event kept) and pass each answer's `next_cursor` as `after` to read on; an
    empty page still gives one, to poll from. A cursor older than the retention period is a
    410 (`cursor_expired`)."""

    after = CursorFilter(
        method="read_by_selector",
        help_text="The `next_cursor` of the previous answer (or an event's `cursor`): the "
        "events committed after it. Without it, from the oldest event kept.",
    )
    types = EventTypesFilter(
        normalize_event_type,
        method="read_by_selector",
        help_text="Only events of these types: repeated (`types=contact.created&"
        "types=contact.archived`), comma-separated (`types=contact.created,contact.archived`), "
        "or both: " + ", ".join(f"`{name}`" for name in EVENT_TYPES) + ".",
    )

    class Meta:
        model = TeamTransaction
        fields = []

    def read_by_selector(self, queryset, name, value):
        # The feed is read in SQL by events.selectors; the FilterSet checks the parameters.
        return queryset
