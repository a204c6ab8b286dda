"""The serializers of the team-owned entity kit: camelCase request bodies, public IDs out,
team-scoped references in.

An entity's serializers subclass `TeamOwnedSerializer` (the response) and
`TeamOwnedInputSerializer` (request bodies) and list their fields: `id` and every
`<reference>_id` (`team_id`, `company_id`) need no declaration.
"""

import copy
from collections.abc import Mapping
from operator import attrgetter

from django.db import models
from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject

from crm.api.fields import (
    BlankAsNullCharField,
    InstantField,
    PublicIdField,
    StrictBooleanField,
    json_type_error,
)
from crm.api.naming import to_camel
from crm.api.scoping import find_in_team
from crm.exceptions import ConflictError
from crm.models import Team, TeamOwnedModel


class RequestSerializer(serializers.ModelSerializer):
    """Reads a camelCase request body into snake_case model fields.

    Subclasses list snake_case field names as usual; the client sees and sends
    the camelCase forms, and errors name the field as the client spelled it.
    An unknown field (a typo, or `do_not_call` for `doNotCall`) is a 400:
    silently dropping it could lose a do-not-call flag. So is a value of the wrong
    JSON type (`"firstName": 12`, `"durationSeconds": "5"`), whatever the field's
    class: it is refused, not converted.
    """

    # Fields the response shows but the server alone sets.
    server_fields = frozenset({"id", "createdAt", "updatedAt", "archivedAt"})

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: BlankAsNullCharField,
        models.TextField: BlankAsNullCharField,
        models.BooleanField: StrictBooleanField,
    }

    def get_fields(self):
        fields = {}
        for name, field in super().get_fields().items():
            wire_name = to_camel(name)
            if wire_name != name and field.source is None:
                field.source = name
            fields[wire_name] = field
        return fields

    def to_internal_value(self, data):
        unknown, mistyped = {}, {}
        if isinstance(data, dict):
            unknown = {
                name: [self._unknown_field_message(name)]
                for name in data
                if name not in self.fields or self.fields[name].read_only
            }
            for name, value in data.items():
                message = name not in unknown and json_type_error(self.fields[name], value)
                if message:
                    mistyped[name] = [message]
            # The other fields are still checked, so that every bad field is reported at once.
            data = {name: value for name, value in data.items() if name not in mistyped}
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({**unknown, **error.detail, **mistyped}) from error
        if unknown or mistyped:
            raise serializers.ValidationError({**unknown, **mistyped})
        return values

    def _unknown_field_message(self, name: str) -> str:
        if name in self.server_fields or name in self.fields:
            return "This field cannot be changed."
        if to_camel(name) in self.fields:
            return f"Unknown field; did you mean '{to_camel(name)}'?"
        return "Unknown field."


class EmptyBodySerializer(serializers.Serializer):
    """The body of an action that takes none: no body at all, or `{}`.

    Any field is a 400 naming it, as on every other endpoint: a client that believes it
    sends something (a reason, a flag) learns that it is not read.
    """

    def to_internal_value(self, data):
        if data:
            raise serializers.ValidationError(
                {name: ["Unknown field: this endpoint takes no body."] for name in data}
            )
        return {}


class TeamObjectField(PublicIdField):
    """A reference to an object of the caller's team, given by its public ID.

    A well-formed ID of another team's object answers 404 exactly like an ID
    that does not exist, and nothing is read from the other team.
    """

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(model.id_prefix, **kwargs)

    def to_internal_value(self, data):
        pk = super().to_internal_value(data)
        team = self.context["request"].auth.team
        found = find_in_team(self.model, team=team, pk=pk, field_name=self.field_name)
        if getattr(found, "is_archived", False):
            raise ConflictError(
                f"{self.model._meta.verbose_name.capitalize()} {found.public_id} is archived; "
                "restore it first.",
                {self.field_name: ["Archived."]},
            )
        return found

    def to_representation(self, value):
        return super().to_representation(value.pk)


def referenced_model(model, field_name: str):
    """The model whose public ID `field_name` holds: `model` for `id`, the target of a
    foreign key for `<key>_id`; None for any other name or a model without public IDs."""
    if field_name == "id":
        target = model
    else:
        key = field_name.removesuffix("_id")
        field = next((f for f in model._meta.fields if f.name == key), None)
        if key == field_name or field is None or not field.is_relation:
            return None
        target = field.related_model
    return target if target is Team or issubclass(target, TeamOwnedModel) else None


class TeamOwnedSerializer(serializers.ModelSerializer):
    """A team-owned record as the API answers it: `id`, `team_id` and every other
    `<reference>_id` in `Meta.fields` are public IDs (`comp_...`)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: InstantField,
    }

    def build_field(self, field_name, info, model_class, nested_depth):
        target = referenced_model(model_class, field_name)
        if target is not None:
            return PublicIdField, {"prefix": target.id_prefix}
        return super().build_field(field_name, info, model_class, nested_depth)

    def get_fields(self):
        # DRF builds the fields from the model for every serializer made, once per response;
        # they depend on the class alone, so each response copies the class's.
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built
        return {name: _unbound_copy(field) for name, field in built.items()}

    def to_representation(self, instance):
        # DRF's loop, with each field's reading worked out once per response rather than for
        # every value: a page of 50 contacts reads about 1,300 of them.
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        representation = {}
        for name, read, write in self._row_plan():
            try:
                value = read(instance)
            except SkipField:
                continue
            representation[name] = value if value is None or write is None else write(value)
        return representation

    def _row_plan(self) -> list:
        """(name, read, write) for each field answered, once the fields are final (after
        `?fields=`): a model column is read as a plain attribute; any other field by its
        own `get_attribute`, as DRF does. `write` is None for a column whose field would
        answer the value as read."""
        plan = self.__dict__.get("_plan")
        if plan is None:
            columns = {field.attname: field for field in self.Meta.model._meta.concrete_fields}
            plan = self.__dict__["_plan"] = []
            for field in self._readable_fields:
                read = _reader(field, columns)
                plan.append((field.field_name, read, _writer(field, columns, read)))
        return plan


# DRF's writers that give back the value they are handed when it is what a column of
# Django's own type reads: `str()` of text, `int()` of an integer, a boolean, a JSON value
# (unless binary). Exact types: a subclass may read something else (a phone number object).
_WRITES_AS_READ = {
    serializers.CharField.to_representation: {
        models.CharField,
        models.TextField,
        models.EmailField,
    },
    serializers.IntegerField.to_representation: {
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
    },
    serializers.BooleanField.to_representation: {models.BooleanField},
    serializers.JSONField.to_representation: {models.JSONField},
}


def _writer(field: Field, columns: dict, read):
    """How `field` writes a value it read with `read` (None: as it is, a column of its own
    type read as a plain attribute)."""
    column_types = _WRITES_AS_READ.get(type(field).to_representation, ())
    source = field.source_attrs
    column = columns.get(source[0]) if len(source) == 1 else None
    if (
        type(column) not in column_types
        or getattr(field, "binary", False)
        or not isinstance(read, attrgetter)
    ):
        return field.to_representation
    return None


def _unbound_copy(field: Field) -> Field:
    """A copy of a field of the class that a serializer may bind (bind sets the field's name,
    parent and source on it). DRF's deep copy makes the field again from its arguments, which
    costs as much as building it; a response field's arguments never change, so a shallow
    copy does (a list's child copied too, so that its parent is its own list)."""
    if isinstance(field, serializers.BaseSerializer):
        return copy.deepcopy(field)  # a nested serializer binds fields of its own
    copied = copy.copy(field)
    child = getattr(field, "child", None)
    if isinstance(child, Field):
        copied.child = _unbound_copy(child)
        copied.child.parent = copied
    return copied


def _reader(field: Field, columns):
    """How `field` reads its value from a record: None stands for a missing value, as
    DRF's `Serializer.to_representation` treats it."""
    source = field.source_attrs
    plain = type(field).get_attribute is Field.get_attribute
    if plain and len(source) == 1 and source[0] in columns:
        return attrgetter(source[0])

    def read(instance):
        attribute = field.get_attribute(instance)
        present = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if present is None else attribute

    return read


class TeamOwnedInputSerializer(RequestSerializer):
    """The body that creates or changes a team-owned record.

    Every `<reference>_id` in `Meta.fields` (`teamId`, `companyId`) is required and must name
    a record of the caller's team (`TeamObjectField`); declare it for other terms. A body that
    lists no `team_id` (an update) refuses `teamId` as a field that cannot be changed.
    """

    server_fields = RequestSerializer.server_fields | {"teamId"}

    def build_field(self, field_name, info, model_class, nested_depth):
        target = referenced_model(model_class, field_name)
        if target is not None and field_name != "id":
            return TeamObjectField, {"model": target, "source": field_name.removesuffix("_id")}
        return super().build_field(field_name, info, model_class, nested_depth)
