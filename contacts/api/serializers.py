from rest_framework import serializers

from contacts import windows
from contacts.calling import BLOCKER_NAMES
from contacts.models import CONTACT_FIELDS, EDITABLE_FIELDS, Contact
from contacts.services import MATCH_KEYS
from crm.api.fields import (
    InstantField,
    JSONRuleField,
    RuleField,
    StoredPhoneField,
    StrictBooleanField,
)
from crm.api.naming import to_camel
from crm.api.serializers import TeamOwnedInputSerializer, TeamOwnedSerializer

_DECLARED = {field.name: field for field in CONTACT_FIELDS}


class CallBlockersField(serializers.ListField):
    """`call_blockers`: what stands between the contact and a call now (see contacts.calling).

    A list's page is given it from each row as read (`contacts.selectors.with_call_blockers`);
    a single contact just written or read asks the database for its own, so it is never stale
    (a trigger may have changed the row since the instance was read).
    """

    def __init__(self, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=BLOCKER_NAMES), **kwargs)

    def get_attribute(self, instance):
        return call_blockers_of(instance)


def call_blockers_of(contact: Contact) -> list[str]:
    """The contact's `call_blockers`: as its page was given them, or else read for it."""
    if "call_blockers" not in vars(contact):
        contact.call_blockers = (
            Contact.objects.filter(pk=contact.pk)
            .with_call_blockers()
            .values_list("call_blockers", flat=True)
            .get()
        )
    return contact.call_blockers


class NextCallableAtField(InstantField):
    """`next_callable_at`, which its serializer works out (windows need the team and a clock
    shared by the page)."""

    def get_attribute(self, instance):
        return self.parent.next_callable_instant(instance)


class ContactSerializer(TeamOwnedSerializer):
    """A contact as the API answers it: snake_case, every field present."""

    call_blockers = CallBlockersField(
        read_only=True,
        help_text="Why the contact may not be called, whatever the hour: `no_phone`, "
        "`do_not_call` (its flag), `number_on_do_not_call_list` (its phone or secondary phone "
        "is on the team's registry), `archived`, `max_attempts_reached`. Empty when none.",
    )
    time_zones = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The IANA zones of the contact's local time: its `timezone`, or else the "
        "zones its phone number belongs to (calls must fall inside the window in each); "
        "empty when neither tells, and the team's default zone applies.",
    )
    next_callable_at = NextCallableAtField(
        read_only=True,
        allow_null=True,
        help_text="The next instant (now, if callable now) at which the team's calling hours "
        "and days in the contact's local time, the minimum gap since its last call and the "
        "maximum attempts allow a call; null when none ever will (no phone, do-not-call, "
        "archived, maximum attempts reached, or local windows that never meet).",
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "team_id",
            "company_id",
            *EDITABLE_FIELDS,
            "time_zones",
            "last_called_at",
            "call_count",
            "call_blockers",
            "next_callable_at",
            "created_at",
            "updated_at",
            "archived_at",
            "merged_into_id",
        ]

    def next_callable_instant(self, contact: Contact):
        """`next_callable_at`, judged for the whole page at one instant."""
        if call_blockers_of(contact):
            return None  # a standing blocker (the registry's among them): no window helps
        if "now" not in self.context:
            self.context["now"] = windows.now()
        now = self.context["now"]
        return windows.next_instant_past_gap_in_window(contact, self._team(contact), now)

    def _team(self, contact: Contact):
        """The contact's team, read once per response: the request's, or the caller's."""
        if "team" not in self.context:
            request = self.context.get("request")
            self.context["team"] = request.auth.team if request is not None else contact.team
        return self.context["team"]

    def build_standard_field(self, field_name, model_field):
        if field_name in _DECLARED and _DECLARED[field_name].kind == "phone":
            return StoredPhoneField, {}
        return super().build_standard_field(field_name, model_field)


class ContactInputSerializer(TeamOwnedInputSerializer):
    """The body of `POST /api/crm/contacts`, checked by the shared contact rules."""

    server_fields = TeamOwnedInputSerializer.server_fields | {
        "lastCalledAt",
        "callCount",
        "callBlockers",
    }

    class Meta:
        model = Contact
        fields = ["team_id", "company_id", *EDITABLE_FIELDS]

    def build_field(self, field_name, info, model_class, nested_depth):
        # A declared field with a rule is read by it; plain text fields are the model's.
        declared = _DECLARED.get(field_name)
        if declared is not None and declared.kind == "flag":
            return StrictBooleanField, {"required": False}
        if declared is not None and declared.rule is not None:
            if declared.kind in ("list", "object"):
                return JSONRuleField, {"rule": declared.rule, "required": False}
            null = declared.model_field.null
            return RuleField, {"rule": declared.rule, "required": False, "allow_null": null}
        return super().build_field(field_name, info, model_class, nested_depth)


class ContactUpdateSerializer(ContactInputSerializer):
    """The body of `PATCH /api/crm/contacts/{id}`: only the fields sent change.

    `customFields` is a merge patch (see contacts.services.update_contact);
    `tags` replaces the list.
    """

    class Meta(ContactInputSerializer.Meta):
        fields = ["company_id", *EDITABLE_FIELDS]


MATCH_KEY_BY_WIRE_NAME = {to_camel(key): key for key in MATCH_KEYS}


class ContactUpsertSerializer(ContactInputSerializer):
    """The body of `POST /api/crm/contacts/upsert`: a contact plus the field to match on.

    Validated like a PATCH (only the fields sent); the service asks for the
    fields a new contact needs when nothing matches.
    """

    match_on = serializers.ChoiceField(
        choices=list(MATCH_KEY_BY_WIRE_NAME),
        error_messages={"invalid_choice": "Match on one of email, phone or externalId."},
    )

    class Meta(ContactInputSerializer.Meta):
        fields = ["match_on", *ContactInputSerializer.Meta.fields]

    def validate(self, attrs):
        # Validated like a PATCH, so required fields are checked here.
        missing = {
            wire: ["This field is required."]
            for source, wire in (("team", "teamId"), ("match_on", "matchOn"))
            if source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        attrs["match_on"] = MATCH_KEY_BY_WIRE_NAME[attrs["match_on"]]
        return attrs
