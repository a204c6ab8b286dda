from rest_framework import serializers

from contacts.rules import normalize_phone
from crm.api.fields import RuleField, json_type_error
from crm.api.serializers import TeamOwnedInputSerializer, TeamOwnedSerializer
from donotcall.models import DoNotCallEntry

MAX_NUMBERS = 1000


class DoNotCallEntrySerializer(TeamOwnedSerializer):
    """A number on the team's do-not-call registry, as the API answers it."""

    number = serializers.CharField(read_only=True, help_text="E.164.")
    added_by = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Who added it, directly or by writing the contact or call it came from: "
        "`API token <name> (crm_…)` or `staff user <name>`; null for an import.",
    )

    class Meta:
        model = DoNotCallEntry
        fields = [
            "id",
            "team_id",
            "number",
            "reason",
            "source",
            "added_by",
            "call_id",
            "contact_id",
            "created_at",
            "removed_at",
        ]


class NumberField(RuleField):
    """One number of a batch: a string in any format a contact's phone takes."""

    def __init__(self, **kwargs):
        super().__init__(normalize_phone, **kwargs)

    def run_validation(self, data=serializers.empty):
        message = json_type_error(self, data)
        if message:
            raise serializers.ValidationError(message)
        return super().run_validation(data)


class DoNotCallInputSerializer(TeamOwnedInputSerializer):
    """The body of `POST /api/crm/do-not-call`."""

    numbers = serializers.ListField(
        child=NumberField(),
        min_length=1,
        max_length=MAX_NUMBERS,
        help_text=f"1 to {MAX_NUMBERS:,} phone numbers, each in any format a contact's phone "
        "takes (international, with `+`). One bad number and nothing is written: every bad "
        "one is named (`numbers.3`).",
    )

    class Meta:
        model = DoNotCallEntry
        fields = ["team_id", "numbers", "reason"]
        extra_kwargs = {"reason": {"help_text": "Why these numbers must not be called."}}
