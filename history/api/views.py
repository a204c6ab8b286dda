from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from crm.api import schema
from crm.api.pagination import list_envelope
from history.api.serializers import HistoryEntrySerializer
from history.selectors import history_entries, record_events

HISTORY_LIST_RESPONSE = list_envelope("HistoryListResponse", "history", HistoryEntrySerializer)


class HistoryActionMixin:
    """`GET .../{id}/history`: the record's changes, newest first, paged like every list,
    for a viewset of a tracked model (history.models.EVENT_MODELS)."""

    @property
    def envelope_list_key(self) -> str:
        return "history" if self.action == "history" else super().envelope_list_key

    @extend_schema(
        summary="The record's history of changes, newest first",
        description="Every create, update, archive, restore and purge, by any path (the API, "
        "the admin, imports, recorded calls, commands), with who made it, through what, and "
        "each field's value before and after.",
        request=None,
        parameters=schema.paging_parameters(),
        responses={200: HISTORY_LIST_RESPONSE, **schema.get_errors()},
    )
    @action(detail=True, methods=["get"])
    def history(self, request, *args, **kwargs):
        events = record_events(self.get_object(), team_ids=[request.auth.team_id])
        page = self.paginate_queryset(events)
        entries = HistoryEntrySerializer(history_entries(page), many=True)
        return self.get_paginated_response(entries.data)
