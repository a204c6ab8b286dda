"""A tracked record's History page in the admin: its events, readable."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse

from crm.admin_helpers import local_time
from crm.models import team_ids_of
from history.models import EVENT_MODELS
from history.selectors import history_entries, record_events

ENTRIES_PER_PAGE = 100


def history_page(model_admin, request, record) -> TemplateResponse | None:
    """The History page of `record` (which the staff member may see): every change by any
    path, newest first, with field labels, values before and after, actor, path and time
    (rendered in the staff member's zone, as every admin time). None for a model that is
    not tracked, whose page stays Django's own."""
    if type(record) not in EVENT_MODELS:
        return None
    events = record_events(record, team_ids=team_ids_of(request.user))
    paginator = model_admin.get_paginator(request, events, ENTRIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/history/record_history.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Change history: {record}",
            "subtitle": None,
            "object": record,
            "opts": opts,
            "module_name": str(opts.verbose_name_plural).capitalize(),
            # Times in the staff member's zone, the zone named, as on every admin page.
            "entries": [
                (entry, local_time(entry.at)) for entry in history_entries(page.object_list)
            ],
            "admin_log": [(action, local_time(action.action_time)) for action in admin_log(record)],
            "page_obj": page,
            "preserved_filters": model_admin.get_preserved_filters(request),
        },
    )


def admin_log(record) -> list[LogEntry]:
    """Django's own admin log of `record` (form saves and deletions, by their messages), kept
    for what it recorded before the change history existed."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=str(record.pk),
        )
        .select_related("user")
        .order_by("-action_time")[:ENTRIES_PER_PAGE]
    )
