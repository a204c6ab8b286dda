from companies.models import Company
from companies.rules import normalize_domain
from crm.api.fields import RuleField
from crm.api.serializers import TeamOwnedInputSerializer, TeamOwnedSerializer


class CompanySerializer(TeamOwnedSerializer):
    """A company as the API answers it."""

    class Meta:
        model = Company
        fields = ["id", "team_id", "name", "domain", "created_at", "updated_at", "archived_at"]


class CompanyInputSerializer(TeamOwnedInputSerializer):
    """The body of `POST /api/crm/companies`."""

    domain = RuleField(normalize_domain, required=False, allow_null=True)

    class Meta:
        model = Company
        fields = ["team_id", "name", "domain"]


class CompanyUpdateSerializer(CompanyInputSerializer):
    """The body of `PATCH /api/crm/companies/{id}`: only the fields sent change."""

    class Meta(CompanyInputSerializer.Meta):
        fields = ["name", "domain"]
