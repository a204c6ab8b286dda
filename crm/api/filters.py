"""FilterSet plumbing: camelCase parameters, strict values, team scoping."""

import copy
from collections.abc import Mapping
from types import MappingProxyType

import django_filters
from django import forms
from django_filters.filters import FilterMethod
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from crm import ids
from crm.api.naming import to_camel
from crm.api.scoping import find_in_team
from crm.models import Team


def _literal(message: str) -> str:
    """A message that quotes the client's value, safe from django-filter's `message % params`."""
    return message.replace("%", "%%")


class PublicIdFormField(forms.CharField):
    def __init__(self, *, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return ids.decode(self.prefix, text)
        except ids.InvalidId as error:
            raise forms.ValidationError(_literal(str(error)), code="invalid") from error


class PublicIdFilter(django_filters.Filter):
    """A `team_…`/`comp_…` parameter: a malformed ID is a 400, never an empty result."""

    field_class = PublicIdFormField


class BooleanTextFormField(forms.Field):
    """`true` or `false`, any case, spaces around ignored; empty is not given. The one reading
    of a boolean query parameter: the filters' and the lists' `count`."""

    default_error_messages = {"invalid": "Must be 'true' or 'false'."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().lower()
        if text not in {"true", "false"}:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return text == "true"


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    """`true` or `false`; anything else is a 400 rather than silently ignored."""

    field_class = BooleanTextFormField


class RepeatedValuesWidget(forms.TextInput):
    """Reads every value of a parameter given once or repeated, as a list: for values that
    may themselves contain commas."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name) or None
        value = data.get(name)
        return value if value is None or isinstance(value, list) else [value]


class RepeatableWidget(RepeatedValuesWidget):
    """Reads a parameter given once or repeated: `?tags=a,b` and `?tags=a&tags=b` both give
    "a,b" (how many HTTP libraries and generated clients send a list)."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return None if values is None else ",".join(values)


class RepeatableFilter(django_filters.Filter):
    """A filter whose parameter may be given more than once; the OpenAPI document declares it
    as an array sent repeated (`style: form`, `explode: true`)."""


class RuleListFormField(forms.Field):
    """Comma-separated values, each normalised by a shared rule function."""

    widget = RepeatableWidget

    def __init__(self, *, rule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)

    max_length = 2000

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if len(text) > self.max_length or "\x00" in text:
            raise forms.ValidationError(
                f"Give at most {self.max_length} characters, without NUL.", code="invalid"
            )
        items = [item for item in text.split(",") if item.strip()]
        if not items:
            raise forms.ValidationError("Give at least one value.", code="invalid")
        try:
            return list(dict.fromkeys(self.rule(item) for item in items))
        except forms.ValidationError as error:
            raise forms.ValidationError([_literal(m) for m in error.messages]) from error


class RuleListFilter(RepeatableFilter):
    """`?leadStatus=new,contacted` or `?leadStatus=new&leadStatus=contacted`: any of the
    values; each checked by the same rule as writes."""

    field_class = RuleListFormField

    def __init__(self, rule, **kwargs):
        super().__init__(rule=rule, lookup_expr="in", **kwargs)


class FiltersCopiedPerFilterSet(dict):
    """A FilterSet class's `base_filters`, which django-filter deep-copies for each filterset
    (once per request). A filter's own state is its declaration (and its form field, built
    once), so a shallow copy serves; django-filter then gives each copy its model and parent."""

    def __deepcopy__(self, memo):
        return {name: _copied_filter(filter_) for name, filter_ in self.items()}


def _copied_filter(filter_):
    copied = copy.copy(filter_)
    if isinstance(copied.filter, FilterMethod):
        # A `method=` filter calls the method of the filterset its own copy belongs to.
        copied.filter = FilterMethod(copied)
    return copied


class TeamScopedFilterSet(django_filters.FilterSet):
    """Base FilterSet: parameters are the camelCase forms of the filter names.

    Every list requires `teamId`, which must be the token's own team; the
    queryset itself is already limited to that team by the view.
    """

    team_id = PublicIdFilter(
        prefix="team",
        required=True,
        method="check_team",
        help_text="Required: your token's team.",
    )

    # Parameters that may be sent empty (meaning "no filter"); any other empty one is a 400.
    blank_allowed = frozenset({"search"})
    # Families of parameters, such as `customFields.<key>`, that the FilterSet reads itself.
    parameter_prefixes: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, team: Team | None = None, request=None):
        super().__init__(data, queryset, request=request)
        # The caller's team: a selector gives it; through the API, the request's token.
        self.team = team if team is not None else self.request.auth.team

    def get_form_class(self):
        # The form's fields depend on the class alone: built once, and shared by its forms.
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = FieldsSharedByForms(form_class.base_fields)
            type(self)._form_class = form_class
        return form_class

    @classmethod
    def get_filters(cls):
        return FiltersCopiedPerFilterSet(
            (to_camel(name), value) for name, value in super().get_filters().items()
        )

    def check_team(self, queryset, name, value):
        find_in_team(Team, team=self.team, pk=value, field_name=to_camel(name))
        return queryset

    @classmethod
    def parameter_names(cls) -> set[str]:
        return set(cls.base_filters)

    @classmethod
    def repeatable_parameter_names(cls) -> set[str]:
        """The parameters that may be given more than once (their values add up)."""
        return {name for name, f in cls.base_filters.items() if isinstance(f, RepeatableFilter)}


class FieldsSharedByForms(Mapping):
    """A form class's fields, read-only, which each of its forms uses as they are instead of
    deep-copying them as Django does: a form may change its own fields, a filterset's never
    does, and one that tried would change every form, so changing them raises TypeError."""

    def __init__(self, fields):
        self._fields = MappingProxyType(dict(fields))

    def __getitem__(self, name):
        return self._fields[name]

    def __iter__(self):
        return iter(self._fields)

    def __len__(self):
        return len(self._fields)

    def __deepcopy__(self, memo):
        return self
