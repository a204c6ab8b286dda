from rest_framework import serializers

from calls.models import CALL_FIELDS, Call
from contacts import rules
from crm.api.fields import AwareDateTimeField, JSONRuleField, RuleField
from crm.api.serializers import RequestSerializer, TeamOwnedSerializer


class CallSerializer(TeamOwnedSerializer):
    """A recorded call as the API answers it."""

    class Meta:
        model = Call
        fields = ["id", "contact_id", *CALL_FIELDS, "created_at"]

    def build_standard_field(self, field_name, model_field):
        if field_name == "phone_number":
            return serializers.CharField, {"allow_null": True}  # the E.164 text
        return super().build_standard_field(field_name, model_field)


class CallInputSerializer(RequestSerializer):
    """The body of `POST /api/crm/contacts/{id}/calls`."""

    started_at = AwareDateTimeField(validators=[rules.check_call_started_at])
    duration_seconds = serializers.IntegerField(min_value=0, max_value=rules.CALL_MAX_SECONDS)
    phone_number = RuleField(
        rules.normalize_phone,
        required=False,
        allow_null=True,
        help_text="The number dialled; by default the contact's phone.",
    )
    outcome = RuleField(rules.normalize_call_outcome)
    extracted_fields = JSONRuleField(rules.validate_custom_fields, required=False, default=dict)
    lead_status = RuleField(rules.normalize_lead_status, required=False, allow_null=True)

    class Meta:
        model = Call
        fields = CALL_FIELDS
