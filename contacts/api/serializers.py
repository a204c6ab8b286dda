from rest_framework import serializers

from contacts import rules
from contacts.models import EDITABLE_FIELDS, Contact
from crm.api.fields import JSONRuleField, PublicIdField, RuleField, StrictBooleanField
from crm.api.serializers import RequestSerializer, TeamObjectField
from crm.models import Company, Team


class ContactSerializer(serializers.ModelSerializer):
    """A contact as the API answers it: snake_case, every field present."""

    id = PublicIdField("cont")
    team_id = PublicIdField("team")
    company_id = PublicIdField("comp")
    phone = serializers.CharField()
    phone_secondary = serializers.CharField()

    class Meta:
        model = Contact
        fields = ["id", "team_id", "company_id", *EDITABLE_FIELDS, "created_at", "updated_at"]


class ContactInputSerializer(RequestSerializer):
    """The body of `POST /api/crm/contacts`, checked by the shared contact rules."""

    team_id = TeamObjectField(Team, source="team")
    company_id = TeamObjectField(Company, source="company")
    email = RuleField(rules.normalize_email, required=False, allow_null=True)
    phone = RuleField(rules.normalize_phone, required=False, allow_null=True)
    phone_secondary = RuleField(rules.normalize_phone, required=False, allow_null=True)
    timezone = RuleField(rules.normalize_timezone, required=False, allow_null=True)
    lead_status = RuleField(rules.normalize_lead_status, required=False)
    do_not_call = StrictBooleanField(required=False)
    tags = JSONRuleField(rules.normalize_tags, required=False)
    custom_fields = JSONRuleField(rules.validate_custom_fields, required=False)

    class Meta:
        model = Contact
        fields = ["team_id", "company_id", *EDITABLE_FIELDS]
