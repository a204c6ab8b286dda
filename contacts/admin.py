from contextlib import suppress

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from calls.forms import CallForm
from companies.models import Company
from contacts import admin_import, csv_format, duplicates, rules, services, windows
from contacts.admin_merge import ContactMergeAdminMixin
from contacts.forms import ContactForm
from contacts.models import CONTACT_FIELDS, Contact, LeadStatus
from crm.admin_helpers import CHOICES_SAMPLE, CappedCountPaginator, local_time
from crm.admin_scoping import TeamScopedAdmin, scope_to_user
from crm.exceptions import ConflictError
from crm.models import Team, team_ids_of
from donotcall.services import lock_team_numbers

RECENT_CALLS_SHOWN = 10

# Labels that warn in words, not colour alone (crm/static/crm/admin/labels.css).
LABELS_CSS = "crm/admin/labels.css"


def do_not_call_label(contact) -> str:
    """Red labels on a contact that must not be called: "Do not call" when it is flagged so,
    "Number on do-not-call list" when a number of it is on the team's registry; nothing on a
    callable one. Never the admin's boolean icon, whose green tick would read as "go ahead"."""
    labels = [
        text
        for text, holds in (
            ("Do not call", contact.do_not_call),
            ("Number on do-not-call list", contact.number_on_do_not_call_list),
        )
        if holds
    ]
    return format_html_join(" ", '<span class="warning-label">{}</span>', ([t] for t in labels))


def _recent_contacts(request, *fields):
    contacts = scope_to_user(Contact.objects.live(), request.user)
    return contacts.order_by("-created_at", "-id").values(*fields)[:CHOICES_SAMPLE]


class ArchivedFilter(admin.SimpleListFilter):
    """Live contacts by default, as the API lists them; archived ones (to restore) or all
    on request. No "All" link of Django's: without the parameter the list is the live one."""

    title = "archived"
    parameter_name = "archived"
    LIVE, ARCHIVED, EVERY = "no", "yes", "all"

    def lookups(self, request, model_admin):
        return [(self.LIVE, "Live"), (self.ARCHIVED, "Archived"), (self.EVERY, "All")]

    def value(self):
        return super().value() or self.LIVE

    def choices(self, changelist):
        for lookup, label in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ARCHIVED:
            return queryset.filter(archived_at__isnull=False)
        if self.value() == self.EVERY:
            return queryset
        return queryset.filter(archived_at__isnull=True)


class HasPhoneFilter(admin.SimpleListFilter):
    title = "phone"
    parameter_name = "has_phone"

    def lookups(self, request, model_admin):
        return [("yes", "Has a phone"), ("no", "No phone")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(phone__isnull=self.value() == "no")
        return queryset


class CallableNowFilter(admin.SimpleListFilter):
    """Contacts each team's calling rules allow to be called now (as `callableNow=true`)."""

    title = "callable now"
    parameter_name = "callable_now"

    def lookups(self, request, model_admin):
        return [("yes", "Callable now"), ("no", "Not callable now")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        team_ids = team_ids_of(request.user)
        teams = Team.objects.all() if team_ids is None else Team.objects.filter(pk__in=team_ids)
        condition = windows.callable_for_teams(teams, windows.now())
        return queryset.filter(condition) if self.value() == "yes" else queryset.exclude(condition)


class NeverCalledFilter(admin.SimpleListFilter):
    title = "never called"
    parameter_name = "never_called"

    def lookups(self, request, model_admin):
        return [("yes", "Never called"), ("no", "Called at least once")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(last_called_at__isnull=self.value() == "yes")
        return queryset


class TagFilter(admin.SimpleListFilter):
    """The most used tags among the newest contacts; any tag works as ?tag=<tag>."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        with connection.cursor() as cursor:
            sql, params = _recent_contacts(request, "tags").query.sql_with_params()
            cursor.execute(
                f"SELECT lower(t), min(t) FROM ({sql}) AS c, unnest(c.tags) AS t "
                "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 25",
                params,
            )
            return [(shown, shown) for _, shown in cursor.fetchall()]

    def queryset(self, request, queryset):
        return queryset.with_tag(self.value()) if self.value() else queryset


class SourceFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        recent = _recent_contacts(request, "source")
        sources = sorted({row["source"] for row in recent if row["source"]})[:25]
        return [(source, source) for source in sources]

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


class CompanyFilter(admin.SimpleListFilter):
    """A company picked with the admin's autocomplete box, not a list of thousands."""

    title = "company"
    parameter_name = "company__id__exact"
    template = "admin/contacts/company_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        companies = scope_to_user(Company.objects.all(), request.user)
        self.company = None
        if self.value():
            with suppress(ValidationError):
                self.company = companies.filter(pk=self.value()).first()
        self.picker = forms.ModelChoiceField(
            queryset=companies,
            required=False,
            widget=AutocompleteSelect(
                Contact._meta.get_field("company"),
                model_admin.admin_site,
                # select2 reads its width from data-width: no inline style for the CSP to refuse.
                attrs={
                    "id": "company-filter",
                    "data-width": "100%",
                    "data-parameter": self.parameter_name,
                },
            ),
        )

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    def choices(self, changelist):
        value = self.company.pk if self.company else None
        yield {
            "widget": self.picker.widget.render("company-filter", value),
            "parameter_name": self.parameter_name,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
            "selected": self.company is not None,
        }

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.company is None:
            return queryset.none()
        return queryset.filter(company=self.company)


def placing_every_field(layout, *, editable) -> list:
    """The admin's fieldsets for `layout` ([(section, [field, ...]), ...]), with each editable
    field it does not place added at the end of the field's declared section (a new section,
    after the others, if the layout has none of that name): none is left off the form."""
    sections = {title: list(names) for title, names in layout}
    placed = {name for names in sections.values() for name in names}
    for field in editable:
        if field.name not in placed:
            sections.setdefault(field.section, []).append(field.name)
    return [(title, {"fields": names}) for title, names in sections.items()]


class TagForm(forms.Form):
    tag = forms.CharField(max_length=50)


@admin.register(Contact)
class ContactAdmin(ContactMergeAdminMixin, TeamScopedAdmin):
    form = ContactForm
    paginator = CappedCountPaginator
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # per-filter counts would scan every contact
    list_display = [
        "name",
        "company",
        "email",
        "readable_phone",
        "lead_status",
        "do_not_call_status",
        "local_time_now",
        "last_called_at",
        "tag_list",
        "updated_at",
    ]
    list_select_related = ["company", "team"]
    list_filter = [
        ArchivedFilter,
        "lead_status",
        "do_not_call",
        CallableNowFilter,
        ("last_called_at", admin.DateFieldListFilter),
        NeverCalledFilter,
        HasPhoneFilter,
        CompanyFilter,
        TagFilter,
        SourceFilter,
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["first_name"]  # shows the search box; the search is contacts.search
    search_help_text = "Name, email or phone, in any format; every word must match."
    autocomplete_fields = ["company"]
    readonly_fields = [
        "public_id",
        "do_not_call_status",
        "local_time_now",
        "call_count",
        "last_called_at",
        "recent_calls",
        "created_at",
        "updated_at",
        "archived_at",
    ]
    fieldsets = placing_every_field(
        [
            ("Identity", ["team", "company", "first_name", "last_name", "job_title"]),
            (
                "Reach",
                ["phone", "phone_secondary", "email", "timezone", "preferred_contact_method"],
            ),
            (
                "Status",
                [
                    "lead_status",
                    "do_not_call",
                    "do_not_call_status",
                    "source",
                    "tags",
                    "external_id",
                ],
            ),
            ("Custom data", ["custom_fields"]),
            ("Notes", ["notes"]),
            ("Calls", ["local_time_now", "call_count", "last_called_at", "recent_calls"]),
            ("Record", ["public_id", "created_at", "updated_at", "archived_at", "loaded_version"]),
        ],
        editable=CONTACT_FIELDS,
    )
    actions = [
        "mark_do_not_call",
        "unmark_do_not_call",
        *[f"set_lead_status_{status}" for status in LeadStatus.values],
        "add_tag",
        "remove_tag",
        "archive",
        "restore",
        "export_csv",
    ]
    # The change form's "Archive" button leads here: archiving, not deleting, is confirmed.
    delete_confirmation_template = "admin/contacts/contact/archive_confirmation.html"

    @property
    def media(self):
        # The company filter's autocomplete box needs select2 on the change list too.
        widget = AutocompleteSelect(Contact._meta.get_field("company"), self.admin_site)
        return (
            super().media
            + widget.media
            + forms.Media(
                js=["contacts/admin/company_filter.js"],
                css={"all": [LABELS_CSS, "contacts/admin/contact_list.css"]},
            )
        )

    def changelist_view(self, request, extra_context=None):
        # The list's ten columns need the width the navigation sidebar would take at 1,400 px;
        # the breadcrumbs lead home.
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        log_call = self.admin_site.admin_view(self.log_call_view)
        restore = self.admin_site.admin_view(self.restore_view)
        return [
            path("<path:object_id>/log-call/", log_call, name="contacts_contact_log_call"),
            path("<path:object_id>/restore/", restore, name="contacts_contact_restore"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_text")

    def get_search_results(self, request, queryset, search_term):
        # The API's search: every word, name/email/phone in any format, trigram-indexed.
        return queryset.search(search_term), False

    def get_actions(self, request):
        # Django's "Delete selected" would say "deleted" of contacts it archives: "archive"
        # replaces it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="name", ordering="last_name")
    def name(self, contact):
        name = f"{contact.first_name} {contact.last_name}"
        if contact.is_archived:
            return format_html('{} <span class="warning-label">Archived</span>', name)
        return name

    @admin.display(description="phone", ordering="phone")
    def readable_phone(self, contact):
        return rules.readable_phone(contact.phone) if contact.phone else "-"

    @admin.display(description="local time")
    def local_time_now(self, contact):
        if contact.pk is None:
            return "-"
        return windows.local_time_label(contact, contact.team, windows.now())

    @admin.display(description="tags")
    def tag_list(self, contact):
        return ", ".join(contact.tags)

    @admin.display(description="do not call", ordering="do_not_call")
    def do_not_call_status(self, contact):
        return do_not_call_label(contact)

    @admin.display(description="recent calls")
    def recent_calls(self, contact):
        if contact.pk is None:
            return "-"
        links = format_html(
            '<p><a class="button" href="{}">Log a call</a> <a href="{}">All calls</a></p>',
            reverse("admin:contacts_contact_log_call", args=[contact.pk]),
            reverse("admin:calls_call_changelist") + f"?contact__id__exact={contact.pk}",
        )
        calls = contact.calls.all()[:RECENT_CALLS_SHOWN]
        if not calls:
            return format_html("{}<p>No calls yet.</p>", links)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}&nbsp;s</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    local_time(call.started_at),
                    call.campaign_id,
                    call.duration_seconds,
                    call.get_outcome_display(),
                    call.summary or "",
                )
                for call in calls
            ),
        )
        return format_html(
            "{}<table><thead><tr><th>Started</th><th>Campaign</th><th>Length</th>"
            "<th>Outcome</th><th>Summary</th></tr></thead><tbody>{}</tbody></table>",
            links,
            rows,
        )

    # --- logging a call: the API's service, with the API's rules --------------------------

    def log_call_view(self, request, object_id):
        """A call the staff member made by hand, recorded by calls.services.record_call."""
        contact = self.get_object_or_404(request, object_id)
        if not self.has_change_permission(request, contact):
            raise PermissionDenied
        form = CallForm(request.POST or None, contact=contact)
        if request.method == "POST" and form.is_valid():
            call = form.record(user=request.user)
            if call is not None:
                self.message_user(request, f"Logged {call} for {contact}.")
                return HttpResponseRedirect(
                    reverse("admin:contacts_contact_change", args=[contact.pk])
                )
        return TemplateResponse(
            request,
            "admin/contacts/contact/log_call.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Log a call with {contact}",
                "contact": contact,
                "form": form,
                "media": forms.Media(js=["admin/js/core.js"], css={"all": [LABELS_CSS]})
                + form.media,
            },
        )

    # --- bulk actions: thin callers of contacts.services ---------------------------------

    @admin.action(description="Mark as do not call")
    def mark_do_not_call(self, request, queryset):
        changed = services.set_do_not_call(queryset, True, user=request.user)
        self.message_user(request, f"Marked {changed} contact(s) as do not call.")

    @admin.action(description="Allow calls again (clear do not call)")
    def unmark_do_not_call(self, request, queryset):
        changed = services.set_do_not_call(queryset, False)
        self.message_user(request, f"Cleared do not call on {changed} contact(s).")

    @admin.action(description="Add a tag…")
    def add_tag(self, request, queryset):
        return self._tag_action(request, queryset, "add_tag", "Add a tag")

    @admin.action(description="Remove a tag…")
    def remove_tag(self, request, queryset):
        return self._tag_action(request, queryset, "remove_tag", "Remove a tag")

    def _tag_action(self, request, queryset, action, title):
        form = TagForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            tag = form.cleaned_data["tag"]
            try:
                if action == "add_tag":
                    added, full = services.add_tag(queryset, tag)
                    note = f" {full} already had the most tags allowed." if full else ""
                    self.message_user(request, f"Tagged {added} contact(s) '{tag}'.{note}")
                else:
                    removed = services.remove_tag(queryset, tag)
                    self.message_user(request, f"Removed '{tag}' from {removed} contact(s).")
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        return TemplateResponse(
            request,
            "admin/contacts/contact/tag_action.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "form": form,
                "action": action,
                "contacts": queryset,
                "count": queryset.count(),
            },
        )

    def save_model(self, request, obj, form, change):
        if obj.do_not_call:  # its numbers are registered after the save (see lock_team_numbers)
            lock_team_numbers(obj.team_id, to_register=True)
        super().save_model(request, obj, form, change)
        # In the form's transaction, as the API's writes do.
        services.register_do_not_call_numbers(obj, user=request.user)
        if not change or duplicates.KEY_FIELDS & set(form.changed_data):
            self.warn_of_possible_duplicates(request, obj)

    # --- archiving and restoring: the API's DELETE and restore, by contacts.services -------
    # The change form's "Archive" (Django's delete page) archives: the contact leaves lists
    # and campaigns at once, and purge_archived deletes it after the retention period.

    def delete_model(self, request, obj):
        services.archive_contact(obj)

    def delete_queryset(self, request, queryset):
        services.archive_contacts(queryset)

    def has_delete_permission(self, request, obj=None):
        # An archived contact has nothing left to archive: its page offers Restore instead.
        if obj is not None and obj.is_archived:
            return False
        return super().has_delete_permission(request, obj)

    def log_deletions(self, request, queryset):
        # The admin's own log says what happened: archived, not deleted.
        return LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=queryset,
            action_flag=CHANGE,
            change_message="Archived.",
        )

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted, so no list of calls "to be deleted" and no permission on them.
        return [], {}, set(), []

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": "Archive",
            "retention_days": settings.ARCHIVE_RETENTION_DAYS,
        }
        return super().delete_view(request, object_id, extra_context)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            f"Archived {obj_display}. The “Archived” filter lists it, with Restore.",
        )
        return HttpResponseRedirect(reverse("admin:contacts_contact_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contact = self.get_object_or_404(request, object_id)
        if contact.is_archived and request.method == "GET":
            self.message_user(
                request,
                f"This contact was archived on {local_time(contact.archived_at)}: it is in no "
                "list, search or campaign. Restore brings it back.",
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Archive the selected contacts", permissions=["delete"])
    def archive(self, request, queryset):
        count = services.archive_contacts(queryset)
        self.message_user(
            request,
            f"Archived {count} contact(s). The “Archived” filter lists them, with Restore.",
        )

    @admin.action(description="Restore the selected archived contacts", permissions=["change"])
    def restore(self, request, queryset):
        self.change_each(
            request,
            queryset.filter(archived_at__isnull=False),
            services.restore_contact,
            done="Restored {count} contact(s).",
        )

    def restore_view(self, request, object_id):
        """The archived contact page's Restore button (a POST)."""
        contact = self.get_object_or_404(request, object_id)
        if request.method != "POST" or not self.has_change_permission(request, contact):
            raise PermissionDenied
        try:
            services.restore_contact(contact)
        except ConflictError as conflict:
            self.message_user(request, conflict.message, messages.ERROR)
        else:
            self.log_change(request, contact, "Restored.")
            self.message_user(request, f"Restored {contact}.")
        return HttpResponseRedirect(reverse("admin:contacts_contact_change", args=[contact.pk]))

    @admin.action(description="Export the selection as CSV")
    def export_csv(self, request, queryset):
        contacts = queryset.select_related("company").order_by("-created_at", "-id")
        response = StreamingHttpResponse(
            csv_format.csv_lines(contacts.iterator(chunk_size=2000)),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="contacts-{stamp}.csv"'
        return response


def _lead_status_action(status: str, label: str):
    def set_status(model_admin, request, queryset):
        changed = services.set_lead_status(queryset, status)
        model_admin.message_user(request, f"Set lead status {label} on {changed} contact(s).")

    set_status.__name__ = f"set_lead_status_{status}"
    return admin.action(description=f"Set lead status: {label}")(set_status)


for _status, _label in LeadStatus.choices:
    setattr(ContactAdmin, f"set_lead_status_{_status}", _lead_status_action(_status, _label))


# Imports from a file have a module of their own.
admin_import.register(admin.site)
