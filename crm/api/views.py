"""The base every API endpoint stands on: team scoping, the envelope, strict input."""

from django.db import transaction
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    MethodNotAllowed,
    NotFound,
    UnsupportedMediaType,
    ValidationError,
)

from crm import ids
from crm.api import idempotency
from crm.api.envelope import success
from crm.api.pagination import EnvelopePagination
from crm.api.serializers import EmptyBodySerializer


class AllowedMethodsMixin:
    """`Allow` lists exactly the methods that work on the URL, and any other is a 405.

    DRF lists OPTIONS on every view, but without a metadata class (there is no
    self-description outside the envelope) OPTIONS is a 405, so it is not listed. A
    method not listed is refused before anything else about the request is looked at,
    so that TRACE with a query string is a 405 rather than a 400 about its parameters.
    """

    @property
    def allowed_methods(self):
        methods = super().allowed_methods
        if self.metadata_class is None:
            methods = [method for method in methods if method != "OPTIONS"]
        return methods

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in self.allowed_methods:
            raise MethodNotAllowed(request.method)


class OpenApiDocumentView(AllowedMethodsMixin, SpectacularAPIView):
    """`/api/schema/`: the OpenAPI document."""


class OpenApiDocsView(AllowedMethodsMixin, SpectacularSwaggerSplitView):
    """`/api/docs/`: Swagger UI over the document, its start-up script from a file (CSP)."""


class TeamScopedReadOnlyViewSet(AllowedMethodsMixin, viewsets.GenericViewSet):
    """The read endpoints of a team-owned entity (a `TeamOwnedModel`): a list and one record,
    always inside the token's team.

    `get_queryset` (lists, `for_team`) and `get_object` (one record, `lookup_in_team`) are
    the only places data is limited to the caller's team, so no endpoint can forget it;
    lists show live records only, while a record fetched by ID may be archived. Subclasses
    declare `queryset`, `serializer_class` (the response) and `filterset_class`; the
    envelope keys default to the model's names (`company`, `companies`). Every POST honours
    an `Idempotency-Key` header.

    A request that may write runs in one transaction (`dispatch`): the write, its
    Idempotency-Key record and the stored response commit together, and an error answer
    rolls all of it back. A read (GET, HEAD, OPTIONS) runs without one: its statements are
    each their own snapshot either way (READ COMMITTED), and BEGIN and COMMIT cost a read
    two round trips.
    """

    pagination_class = EnvelopePagination
    lookup_value_regex = "[^/]+"
    # Query parameters an action takes besides the list's filters and paging.
    action_parameters: dict[str, set[str]] = {}

    @property
    def envelope_key(self) -> str:
        return self.queryset.model._meta.model_name

    @property
    def envelope_list_key(self) -> str:
        return str(self.queryset.model._meta.verbose_name_plural)

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # ATOMIC_REQUESTS would wrap every method; dispatch opens the transaction for writes.
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().for_team(self.request.auth.team_id)

    def get_object(self):
        model = self.queryset.model
        try:
            pk = ids.decode(model.id_prefix, self.kwargs["pk"])
        except ids.InvalidId as error:
            raise ValidationError({"id": [str(error)]}) from error
        found = (
            self.queryset.all()
            .lookup_in_team(self.request.auth.team_id)
            .filter(pk=pk)
            .one_or_none()
        )
        if found is None:
            name = model._meta.verbose_name.capitalize()
            raise NotFound(f"{name} {ids.encode(model.id_prefix, pk)} not found.")
        return found

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_query_parameters(request)
        sends_body = request.method in {"POST", "PUT", "PATCH"} and _has_body(request)
        if sends_body and not request.content_type:
            raise UnsupportedMediaType(
                "", detail="Send the body as JSON with 'Content-Type: application/json'."
            )
        self.idempotency_claim = idempotency.begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        claim = getattr(self, "idempotency_claim", None)
        if claim is not None and response.status_code < 400:
            idempotency.complete(claim, response)
        return response

    # --- actions ---------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset().live())
        return self.respond_with_page(queryset)

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    # --- helpers ---------------------------------------------------------------------------

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, instance, status=status.HTTP_200_OK, **extra):
        data = self.get_serializer(instance).data
        return success(status=status, **extra, **{self.envelope_key: data})

    def respond_with_page(self, queryset, serializer_class=None):
        page = self.paginate_queryset(queryset)
        serializer_class = serializer_class or self.get_serializer_class()
        serializer = serializer_class(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def check_query_parameters(self, request):
        """Unknown, repeated or empty parameters are 400s: a typo never lists everyone."""
        if self.action == "list":
            known = self.filterset_class.parameter_names() | self.paginator.query_parameters
            blank_allowed = self.filterset_class.blank_allowed
            prefixes = self.filterset_class.parameter_prefixes
        else:
            known = self.action_parameters.get(self.action, set())
            blank_allowed, prefixes = frozenset(), ()
        problems = {}
        for name, values in request.query_params.lists():
            if name not in known and not name.startswith(tuple(prefixes)):
                listing = ", ".join(sorted(known)) or "none"
                problems[name] = [f"Unknown parameter; this endpoint takes: {listing}."]
            elif len(values) > 1:
                problems[name] = ["Give this parameter once."]
            elif not values[0].strip() and name not in blank_allowed:
                problems[name] = ["Give a value, or leave the parameter out."]
        if problems:
            raise ValidationError(problems)


class TeamScopedViewSet(TeamScopedReadOnlyViewSet):
    """The endpoints of a team-owned entity with a lifecycle: besides the list and one record,
    create, update, archive (DELETE) and restore. Subclasses also declare
    `input_serializer_class` and `update_serializer_class` (the request bodies) and the
    services.
    """

    input_serializer_class = None
    update_serializer_class = None

    def create(self, request, *args, **kwargs):
        fields = self.validated(self.input_serializer_class)
        instance = self.create_service(**fields)
        return self.respond(instance, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        changes = self.validated(self.update_serializer_class, instance=instance, partial=True)
        return self.respond(self.update_service(instance, changes))

    def destroy(self, request, *args, **kwargs):
        """Archive: the record leaves lists and search, and can be restored."""
        self.validated(EmptyBodySerializer)
        return self.respond(self.archive(self.get_object()))

    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        self.validated(EmptyBodySerializer)
        return self.respond(self.restore_service(self.get_object()))

    def archive(self, instance):
        return self.archive_service(instance)


def _has_body(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False
