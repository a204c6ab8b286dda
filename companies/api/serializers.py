from rest_framework import serializers

from companies.models import Company
from companies.rules import normalize_domain
from crm.api.fields import PublicIdField, RuleField
from crm.api.serializers import RequestSerializer, TeamObjectField
from crm.models import Team


class CompanySerializer(serializers.ModelSerializer):
    """A company as the API answers it."""

    id = PublicIdField("comp")
    team_id = PublicIdField("team")

    class Meta:
        model = Company
        fields = ["id", "team_id", "name", "domain", "created_at", "updated_at", "archived_at"]


class CompanyInputSerializer(RequestSerializer):
    """The body of `POST /api/crm/companies`."""

    team_id = TeamObjectField(Team, source="team")
    domain = RuleField(normalize_domain, required=False, allow_null=True)

    class Meta:
        model = Company
        fields = ["team_id", "name", "domain"]


class CompanyUpdateSerializer(CompanyInputSerializer):
    """The body of `PATCH /api/crm/companies/{id}`: only the fields sent change."""

    server_fields = RequestSerializer.server_fields | {"teamId"}
    team_id = None

    class Meta(CompanyInputSerializer.Meta):
        fields = ["name", "domain"]
