"""The contact admin's possible-duplicates page and merge screen: thin callers of
contacts.duplicates and contacts.merge, mixed into ContactAdmin."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from phonenumber_field.phonenumber import PhoneNumber

from contacts import merge
from contacts.duplicates import KINDS, DuplicateGroups, duplicates_of
from contacts.models import Contact
from crm import ids
from crm.exceptions import ConflictError
from crm.models import team_ids_of
from history.selectors import readable

GROUPS_PER_PAGE = 25
KIND_LABELS = {"phone": "Same phone", "name": "Same name and company"}


@dataclass
class FieldRow:
    """One line of the merge screen: a field, each record's value, and which one is ticked."""

    name: str  # the service's name: `email`, `company`, `custom_fields.size`...
    label: str
    values: list[str]  # as people read them, one per record
    chosen: int  # the record whose value is ticked
    choosable: bool = True
    note: str = ""
    options: list[tuple[int, str]] = field(default_factory=list)  # (record, value)

    def __post_init__(self):
        self.options = list(enumerate(self.values))

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


class ContactMergeAdminMixin:
    """Adds `duplicates/` and `merge/?ids=...` to the contact admin, and the action
    "Merge the selected contacts…"."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.merged_into_id is not None:
            fieldsets = [("Merged", {"fields": ["merged_into_link"]}), *fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "merged_into_link"]

    @admin.display(description="merged into")
    def merged_into_link(self, contact):
        """Where a merged contact went: its values and calls are there now."""
        if contact.merged_into_id is None:
            return "-"
        survivor = contact.merged_into
        url = reverse("admin:contacts_contact_change", args=[survivor.pk])
        return format_html('<a href="{}">{}</a> ({})', url, survivor, survivor.public_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("duplicates/", wrap(self.duplicates_view), name="contacts_contact_duplicates"),
            path("merge/", wrap(self.merge_view), name="contacts_contact_merge"),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = ContactMergeAdminMixin.merge_selected
            actions["merge_selected"] = (action, "merge_selected", action.short_description)
        return actions

    @admin.action(description="Merge the selected contacts…")
    def merge_selected(self, request, queryset):
        contacts = list(queryset.order_by("created_at", "id")[: merge.MAX_SOURCES + 1])
        return HttpResponseRedirect(_merge_url(contacts))

    # --- possible duplicates ---------------------------------------------------------------

    def warn_of_possible_duplicates(self, request, contact: Contact) -> None:
        """After a save, name the live contacts the contact would be grouped with on the
        duplicates page, with a link to the merge screen (the older record kept by default)."""
        duplicates = duplicates_of(contact)
        if not duplicates:
            return
        others = [duplicate.contact for duplicate in duplicates]
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:contacts_contact_change", args=[duplicate.contact.pk]),
                    duplicate.contact,
                    KIND_LABELS[duplicate.kind].lower(),
                )
                for duplicate in duplicates
            ),
        )
        self.message_user(
            request,
            format_html(
                'Possible duplicate{} of {}: {}. <a href="{}">Compare and merge…</a>',
                "s" if len(others) > 1 else "",
                contact,
                links,
                _merge_url([*others, contact]),
            ),
            messages.WARNING,
        )

    def duplicates_view(self, request):
        """Groups of live contacts of the user's teams sharing a phone, or a name and a
        company, each with a link to the merge screen."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind") or None
        if kind not in (None, *KINDS):
            kind = None
        groups = DuplicateGroups(
            team_ids=team_ids_of(request.user),
            kind=kind,
            contacts=Contact.objects.defer("search_text").select_related("company", "team"),
        )
        page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
        for group in page.object_list:
            group.label = KIND_LABELS[group.kind]
            group.shown_value = (
                _readable_phone(group.value) if group.kind == "phone" else group.value
            )
            group.merge_url = _merge_url(group.contacts)
        return TemplateResponse(
            request,
            "admin/contacts/contact/duplicates.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Possible duplicates",
                "page": page,
                "kind": kind,
                "kinds": [
                    (None, "All", urlencode({})),
                    *((k, KIND_LABELS[k], urlencode({"kind": k})) for k in KINDS),
                ],
                "several_teams": team_ids_of(request.user) is None
                or len(team_ids_of(request.user)) > 1,
            },
        )

    # --- the merge screen ----------------------------------------------------------------

    def merge_view(self, request):
        """The records side by side, a radio per field and one for the record kept; the
        confirmation merges them (contacts.merge.merge_contacts) as the staff user."""
        records = self._records_to_merge(request)
        if not all(self.has_change_permission(request, record) for record in records):
            raise PermissionDenied
        if request.method == "POST":
            done = self._merge_posted(request, records)
            if done is not None:
                return done
        survivor_index = 0
        rows = _field_rows(records, survivor_index)
        return TemplateResponse(
            request,
            "admin/contacts/contact/merge.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Merge {len(records)} contacts",
                "records": records,
                "rows": rows,
                "survivor_index": survivor_index,
                "calls": [record.call_count for record in records],
                "do_not_call": any(record.do_not_call for record in records),
            },
        )

    def _records_to_merge(self, request) -> list[Contact]:
        try:
            wanted = [
                ids.decode(Contact.id_prefix, text)
                for text in request.GET.get("ids", "").split(",")
                if text
            ]
        except ids.InvalidId as error:
            raise Http404(str(error)) from error
        wanted = list(dict.fromkeys(wanted))
        found = self.get_queryset(request).select_related("company", "team").in_bulk(wanted)
        if len(wanted) < 2 or len(found) != len(wanted):
            raise Http404("Choose two or more contacts of your teams to merge.")
        records = [found[pk] for pk in wanted]
        if len({record.team_id for record in records}) > 1:
            raise Http404("Contacts of different teams cannot be merged.")
        if len(records) > merge.MAX_SOURCES + 1:
            raise Http404(f"Merge at most {merge.MAX_SOURCES + 1} contacts at once.")
        return records

    def _merge_posted(self, request, records: list[Contact]):
        by_id = {record.public_id: record for record in records}
        survivor = by_id.get(request.POST.get("survivor"))
        if survivor is None:
            self.message_user(request, "Choose the record to keep.", messages.ERROR)
            return None
        choices = {}
        for name, value in request.POST.items():
            if name.startswith("field:") and value in by_id:
                choices[name.removeprefix("field:")] = by_id[value].pk
        sources = [record.pk for record in records if record is not survivor]
        try:
            merge.merge_contacts(survivor, sources, choices=choices, user=request.user)
        except (ValidationError, ConflictError, merge.ContactMergedError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"Nothing was merged: {message}", messages.ERROR)
            return None
        self.message_user(request, f"Merged {len(sources)} contact(s) into {survivor}.")
        return HttpResponseRedirect(reverse("admin:contacts_contact_change", args=[survivor.pk]))


def _merge_url(contacts) -> str:
    query = urlencode({"ids": ",".join(contact.public_id for contact in contacts)}, safe=",")
    return f"{reverse('admin:contacts_contact_merge')}?{query}"


def _field_rows(records: list[Contact], survivor_index: int) -> list[FieldRow]:
    """A row per field, the record ticked whose value the merge takes by default
    (merge.default_record)."""
    survivor = records[survivor_index]
    sources = [record for record in records if record is not survivor]

    def default_index(name: str) -> int:
        return records.index(merge.default_record(name, survivor, sources))

    rows = []
    for name in merge.CHOSEN_FIELDS:
        model_field = Contact._meta.get_field(name)
        raw = [getattr(record, name) for record in records]
        rows.append(
            FieldRow(
                name=name,
                label=str(model_field.verbose_name).capitalize(),
                values=[_shown(value) for value in raw],
                chosen=default_index(name),
            )
        )
    tag_values = [readable(record.tags) for record in records]
    rows.append(
        FieldRow(
            name="tags",
            label="Tags",
            values=tag_values,
            chosen=-1,
            note="Unless one record is ticked, the tags of all the records are kept.",
        )
    )
    keys = list(dict.fromkeys(key for record in records for key in record.custom_fields))
    for key in keys:
        name = f"{merge.CUSTOM_FIELD_PREFIX}{key}"
        rows.append(
            FieldRow(
                name=name,
                label=f"Custom field: {key}",
                values=[readable(record.custom_fields.get(key)) for record in records],
                chosen=default_index(name),
            )
        )
    return rows


def _readable_phone(e164: str) -> str:
    """`+14155551234` as `+1 415-555-1234`, as the contact list shows phones."""
    return PhoneNumber.from_string(e164).as_international


def _shown(value) -> str:
    if hasattr(value, "as_international"):
        return value.as_international
    return readable(value)
