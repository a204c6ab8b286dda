"""The base every API endpoint stands on: team scoping, the envelope, strict input."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
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
from crm.api import field_selection, idempotency, preconditions
from crm.api.envelope import success
from crm.api.pagination import EnvelopePagination
from crm.api.serializers import EmptyBodySerializer

# The query parameters of a paged action (a record's calls or history) besides the list's.
PAGING_PARAMETERS = frozenset(EnvelopePagination.query_parameters)


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


@dataclass
class Written:
    """What a write produced, before it is answered: the record, the status it is answered
    with, extra envelope keys (`created`) and, for a record of another entity than the
    viewset's (a call recorded through its contact), its envelope key and serializer."""

    instance: object
    status: int = status.HTTP_200_OK
    extra: dict = field(default_factory=dict)
    key: str | None = None
    serializer_class: type | None = None
    location: str | None = None


# `If-Match` as the request's header says (a batch's operations carry their own).
FROM_REQUEST = object()
# The record the URL names, as `get_object` finds it (a batch's operations name theirs by ID).
URL_RECORD = object()

# A write whose input has been checked and whose target has been found; calling it writes.
Write = Callable[[], Written]


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
    # Query parameters an action takes besides the list's filters and paging (a paged
    # action lists PAGING_PARAMETERS).
    action_parameters: dict[str, set[str]] = {}
    # Whether list and retrieve take `?fields=` (crm.api.field_selection).
    selectable_fields = True
    # Whether a create answers one record (with its ETag and Location).
    create_answers_one_record = True

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
        return self.object_named(self.kwargs["pk"])

    def object_named(self, public_id, *, field_name: str = "id", queryset=None):
        """The record of the caller's team with this public ID, archived or not; a 400 for
        a malformed ID (naming `field_name`), a 404 for one not in the team."""
        queryset = self.queryset if queryset is None else queryset
        model = queryset.model
        try:
            pk = ids.decode(model.id_prefix, public_id)
        except ids.InvalidId as error:
            raise ValidationError({field_name: [str(error)]}) from error
        found = queryset.all().lookup_in_team(self.request.auth.team_id).filter(pk=pk).one_or_none()
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

    def validated(self, serializer_class, data=None, **kwargs) -> dict:
        """`data` (by default the request's body) as `serializer_class` reads it, or a 400."""
        serializer = serializer_class(
            data=self.request.data if data is None else data,
            context=self.get_serializer_context(),
            **kwargs,
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, instance, status=status.HTTP_200_OK, **extra):
        return self.respond_written(Written(instance, status, extra))

    def respond_written(self, written: Written):
        """A record's answer: its envelope, its ETag and, for a 201, its URL in `Location`."""
        body, headers = self.render_written(written)
        response = success(status=written.status, **body)
        for name, value in headers.items():
            response[name] = value
        return response

    def render_written(self, written: Written) -> tuple[dict, dict]:
        """The envelope keys and the headers of a written record (a batch's item uses them)."""
        serializer_class = written.serializer_class or self.get_serializer_class()
        serializer = serializer_class(written.instance, context=self.get_serializer_context())
        if self.action in {"list", "retrieve"}:
            field_selection.apply(serializer, self.selected_fields(serializer))
        key = written.key or self.envelope_key
        headers = {"ETag": preconditions.etag(written.instance)}
        if written.status == status.HTTP_201_CREATED:
            headers["Location"] = written.location or self.record_location(written.instance)
        return {**written.extra, key: serializer.data}, headers

    def record_location(self, instance) -> str:
        """The URL of one of this viewset's records (its `<basename>-detail` route)."""
        return reverse(f"{self.basename}-detail", kwargs={"pk": instance.public_id})

    def respond_with_page(self, queryset, serializer_class=None, *, rows=None):
        """A page of `queryset`; `rows`, when given, makes the query that reads the page's rows
        from the page's own (sliced) queryset: for what only the rows need, such as an
        annotation that the list's count would otherwise carry."""
        page = self.paginator.paginate_queryset(queryset, self.request, view=self, rows=rows)
        serializer_class = serializer_class or self.get_serializer_class()
        serializer = serializer_class(page, many=True, context=self.get_serializer_context())
        if self.action == "list":
            field_selection.apply(serializer, self.selected_fields(serializer.child))
        return self.get_paginated_response(serializer.data)

    def selected_fields(self, serializer) -> set[str] | None:
        """The response fields `?fields=` asks for (None: all), or a 400 naming unknown ones."""
        value = self.request.query_params.get(field_selection.PARAMETER)
        return field_selection.selected(value, list(serializer.fields))

    def check_query_parameters(self, request):
        """Unknown, repeated or empty parameters are 400s: a typo never lists everyone."""
        paging = self.paginator.query_parameters
        paging_blank_allowed = getattr(self.paginator, "blank_allowed", frozenset())
        if self.action == "list":
            known = set(self.filterset_class.parameter_names() | paging)
            if self.selectable_fields:
                known.add(field_selection.PARAMETER)
            blank_allowed = self.filterset_class.blank_allowed | (paging_blank_allowed & known)
            prefixes = self.filterset_class.parameter_prefixes
            repeatable = self.filterset_class.repeatable_parameter_names()
        else:
            known = set(self.action_parameters.get(self.action, set()))
            if self.action == "retrieve" and self.selectable_fields:
                known.add(field_selection.PARAMETER)
            blank_allowed, prefixes, repeatable = paging_blank_allowed & known, (), set()
        problems = {}
        for name, values in request.query_params.lists():
            if name not in known and not name.startswith(tuple(prefixes)):
                listing = ", ".join(sorted(known)) or "none"
                problems[name] = [f"Unknown parameter; this endpoint takes: {listing}."]
            elif len(values) > 1 and name not in repeatable:
                problems[name] = ["Give this parameter once."]
            elif not all(value.strip() for value in values) and name not in blank_allowed:
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

    # Each write is checked first (`prepare_*`, which raises for bad input or a missing
    # record) and done when called: a single request does both at once, a batch
    # (crm.api.batch) checks every operation before it writes any.

    def create(self, request, *args, **kwargs):
        return self.respond_written(self.prepare_create(request.data)())

    def partial_update(self, request, *args, **kwargs):
        return self.respond_written(self.prepare_update(URL_RECORD, request.data)())

    def destroy(self, request, *args, **kwargs):
        """Archive: the record leaves lists and search, and can be restored."""
        self.validated(EmptyBodySerializer)
        return self.respond_written(self.prepare_archive(URL_RECORD)())

    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        self.validated(EmptyBodySerializer)
        _, unchanged = self.writable_object(URL_RECORD)
        return self.respond(self.restore_service(unchanged()))

    def prepare_create(self, data) -> Write:
        fields = self.validated(self.input_serializer_class, data)
        return lambda: Written(self.create_service(**fields), status.HTTP_201_CREATED)

    def prepare_update(self, public_id, data, *, if_match=FROM_REQUEST) -> Write:
        instance, unchanged = self.writable_object(public_id, if_match=if_match)
        changes = self.validated(
            self.update_serializer_class, data, instance=instance, partial=True
        )
        return lambda: Written(self.update_service(unchanged(), changes))

    def prepare_archive(self, public_id, *, if_match=FROM_REQUEST) -> Write:
        _, unchanged = self.writable_object(public_id, if_match=if_match)
        return lambda: Written(self.archive(unchanged()))

    def archive(self, instance):
        return self.archive_service(instance)

    def writable_object(self, public_id, *, if_match=FROM_REQUEST):
        """The record a write changes, and what to call just before writing it: the record
        again, once `If-Match` (the request's header, or `if_match` for a batch's operation)
        allows the write, or a 412. Called at write time, so that a batch's earlier writes
        count; with tags, the row is locked until the transaction ends, so that nobody
        changes it between the check and the write."""
        instance = self.get_object() if public_id is URL_RECORD else self.object_named(public_id)
        if if_match is FROM_REQUEST:
            if_match = self.request.headers.get(preconditions.IF_MATCH)
        tags = preconditions.parse_if_match(if_match)

        def unchanged():
            if not preconditions.needs_check(tags):
                return instance
            current = self.locked_for_write(instance)
            preconditions.check_if_match(tags, current)
            return current

        return instance, unchanged

    def locked_for_write(self, instance):
        """`instance` read again with its row locked (FOR NO KEY UPDATE: references to it,
        such as a new contact of a company, may still be written meanwhile)."""
        return self.queryset.select_for_update(no_key=True, of=("self",)).get(pk=instance.pk)


def _has_body(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False
