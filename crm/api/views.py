"""The base every API endpoint stands on: team scoping and the wire envelope."""

from rest_framework import status, viewsets
from rest_framework.exceptions import UnsupportedMediaType, ValidationError

from crm import services
from crm.api.envelope import success
from crm.api.pagination import EnvelopePagination
from crm.api.serializers import CompanyInputSerializer, CompanySerializer
from crm.filtersets import CompanyFilterSet
from crm.models import Company


class TeamScopedViewSet(viewsets.GenericViewSet):
    """A team-owned resource: list and create, always inside the token's team.

    `get_queryset` is the one place data is limited to the caller's team, so no
    endpoint can forget it. Subclasses declare `queryset`, `serializer_class`
    (the response shape), `input_serializer_class` (the request shape),
    `filterset_class`, a `create_service(**validated_data)` and the envelope keys.
    """

    pagination_class = EnvelopePagination
    input_serializer_class = None
    envelope_key: str
    envelope_list_key: str

    def get_queryset(self):
        return super().get_queryset().filter(team_id=self.request.auth.team_id)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if (
            request.method in {"POST", "PUT", "PATCH"}
            and _has_body(request)
            and not request.content_type
        ):
            raise UnsupportedMediaType(
                "", detail="Send the body as JSON with 'Content-Type: application/json'."
            )

    def list(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        serializer = self.input_serializer_class(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        instance = self.create_service(**serializer.validated_data)
        return success(
            status=status.HTTP_201_CREATED,
            **{self.envelope_key: self.get_serializer(instance).data},
        )

    def check_query_parameters(self, request):
        """Unknown, repeated or empty parameters are 400s: a typo never lists everyone."""
        filterset = self.filterset_class
        known = filterset.parameter_names() | self.paginator.query_parameters
        problems = {}
        for name, values in request.query_params.lists():
            if name not in known:
                problems[name] = [f"Unknown parameter; known: {', '.join(sorted(known))}."]
            elif len(values) > 1:
                problems[name] = ["Give this parameter once."]
            elif not values[0].strip() and name not in filterset.blank_allowed:
                problems[name] = ["Give a value, or leave the parameter out."]
        if problems:
            raise ValidationError(problems)


def _has_body(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False


class CompanyViewSet(TeamScopedViewSet):
    """`/api/crm/companies`: the team's companies."""

    queryset = Company.objects.all()
    serializer_class = CompanySerializer
    input_serializer_class = CompanyInputSerializer
    filterset_class = CompanyFilterSet
    create_service = staticmethod(services.create_company)
    envelope_key = "company"
    envelope_list_key = "companies"
