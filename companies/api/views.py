from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework.exceptions import ValidationError

from companies import services
from companies.api.serializers import (
    CompanyInputSerializer,
    CompanySerializer,
    CompanyUpdateSerializer,
)
from companies.filtersets import CompanyFilterSet
from companies.models import Company
from crm.api.schema import lifecycle_schema
from crm.api.views import PAGING_PARAMETERS, TeamScopedViewSet
from history.api.views import HistoryActionMixin


@extend_schema_view(
    **lifecycle_schema(
        CompanySerializer,
        key="company",
        list_key="companies",
        create_serializer=CompanyInputSerializer,
        update_serializer=CompanyUpdateSerializer,
        destroy_parameters=(
            OpenApiParameter(
                "contacts",
                str,
                enum=services.CONTACT_POLICIES,
                description="What happens to the company's live contacts: `archive` them too, "
                "or `detach` them (they stay, without a company). Required when it has any.",
            ),
        ),
        destroy_description="A company that still has live contacts is a 409 unless "
        "`?contacts=` says what happens to them.",
        destroy_conflicts=True,
    )
)
class CompanyViewSet(HistoryActionMixin, TeamScopedViewSet):
    """`/api/crm/companies`: the team's companies."""

    queryset = Company.objects.all()
    serializer_class = CompanySerializer
    input_serializer_class = CompanyInputSerializer
    update_serializer_class = CompanyUpdateSerializer
    filterset_class = CompanyFilterSet
    create_service = staticmethod(services.create_company)
    update_service = staticmethod(services.update_company)
    restore_service = staticmethod(services.restore_company)
    action_parameters = {"destroy": {"contacts"}, "history": PAGING_PARAMETERS}

    def archive(self, company):
        policy = self.request.query_params.get("contacts")
        if policy is not None and policy not in services.CONTACT_POLICIES:
            raise ValidationError({"contacts": ["Use 'archive' or 'detach'."]})
        return services.archive_company(company, contacts=policy)
