from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers

from crm.api import schema
from crm.api.envelope import SuccessField, one_object, success
from crm.api.errors import ErrorCode
from crm.api.pagination import EnvelopePagination, page_limit
from crm.api.views import TeamScopedReadOnlyViewSet
from events.api.serializers import FeedEventSerializer
from events.filtersets import EventFilterSet
from events.models import TeamTransaction
from events.selectors import CursorExpired, event_feed


class CursorExpiredError(exceptions.APIException):
    status_code = ErrorCode.CURSOR_EXPIRED.status
    default_code = ErrorCode.CURSOR_EXPIRED
    default_detail = (
        "This cursor is older than the events the feed keeps: read the lists again, then the "
        "feed from its start (without `after`)."
    )


class FeedPagination(EnvelopePagination):
    """`limit` as every list takes it; the feed pages by cursor (`after`), not offset."""

    query_parameters = {"limit"}

    def get_schema_operation_parameters(self, view):
        return [p for p in super().get_schema_operation_parameters(view) if p["name"] == "limit"]


EVENT_PAGE_RESPONSE = one_object(
    type(
        "EventListResponse",
        (serializers.Serializer,),
        {
            "success": SuccessField(),
            "events": FeedEventSerializer(many=True),
            "limit": serializers.IntegerField(min_value=1, help_text="The page size applied."),
            "next_cursor": serializers.CharField(
                help_text="Pass it as `after` to read on (or to poll, when the page is empty)."
            ),
            "has_more": serializers.BooleanField(
                help_text="More events are already committed after this page: read on now."
            ),
        },
    )
)


@extend_schema_view(
    list=extend_schema(
        summary="The change feed: the team's changes in commit order",
        # The description is the FilterSet's docstring (see AutoSchema.get_description).
        responses={200: EVENT_PAGE_RESPONSE, **schema.errors(400, 401, 404, 406, 410, 414, 429)},
    )
)
class EventViewSet(TeamScopedReadOnlyViewSet):
    """`/api/crm/events`: every create, update, archive, restore and purge of the team's
    contacts and companies, and the do-not-call registry's entries, in commit order."""

    queryset = TeamTransaction.objects.none()
    serializer_class = FeedEventSerializer
    filterset_class = EventFilterSet
    pagination_class = FeedPagination
    envelope_list_key = "events"
    # An event is one fixed shape, not a record to trim.
    selectable_fields = False

    def list(self, request, *args, **kwargs):
        limit = page_limit(request)
        try:
            page = event_feed(team=request.auth.team, filters=request.query_params, limit=limit)
        except CursorExpired as expired:
            raise CursorExpiredError() from expired
        events = FeedEventSerializer(page.events, many=True, context=self.get_serializer_context())
        return success(
            events=events.data,
            limit=limit,
            next_cursor=page.next_cursor.encode(),
            has_more=page.has_more,
        )
