import functools

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from crm.admin_scoping import TeamScopedAdmin
from crm.models import Membership
from webhooks import services, tasks
from webhooks.events import EVENT_TYPES
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.rules import URL_MAX_LENGTH, normalize_endpoint_url, normalize_event_types

RECENT_DELIVERIES = 10


class WebhookEndpointForm(forms.ModelForm):
    """An endpoint's URL and event types, checked by the rules the API applies."""

    url = forms.URLField(
        label="URL", max_length=URL_MAX_LENGTH, assume_scheme="https", widget=forms.URLInput
    )
    event_types = forms.MultipleChoiceField(
        label="event types",
        choices=[(name, name) for name in EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["team", "url", "event_types"]

    def clean_url(self):
        return normalize_endpoint_url(self.cleaned_data["url"])

    def clean_event_types(self):
        try:
            return normalize_event_types(self.cleaned_data["event_types"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(TeamScopedAdmin):
    """A team's webhook endpoints, for its managers only: they hold the signing secrets.
    A disabled endpoint says why; re-enabling it is an action of its own."""

    required_role = Membership.Role.MANAGER
    form = WebhookEndpointForm
    list_display = ["url", "team", "subscribed_to", "active", "disabled_reason", "created_at"]
    list_select_related = ["team"]
    list_filter = ["active"]
    search_fields = ["url"]
    actions = ["re_enable", "disable", "rotate_secret"]
    readonly_fields = [
        "public_id",
        "secret",
        "active",
        "disabled_reason",
        "disabled_at",
        "recent_deliveries",
        "created_at",
        "updated_at",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["team", "url", "event_types"]
        return [
            "public_id",
            "team",
            "url",
            "event_types",
            "secret",
            "active",
            "disabled_reason",
            "disabled_at",
            "recent_deliveries",
            "created_at",
            "updated_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["team", *self.readonly_fields]

    def changelist_view(self, request, extra_context=None):
        # A disabled endpoint receives nothing: its managers must see that, and why. On the
        # page shown, not on an action's POST, whose messages follow it to the next page.
        disabled = self.get_queryset(request).filter(active=False)
        for endpoint in disabled if request.method == "GET" else ():
            self.message_user(
                request,
                f"{endpoint.url} is disabled: {endpoint.disabled_reason or 'no reason given.'}",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        endpoint = self.get_object_or_404(request, object_id)
        if request.method == "GET" and not endpoint.active:
            self.message_user(
                request,
                f"Disabled: {endpoint.disabled_reason} Re-enable it with the action on the list.",
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="event types")
    def subscribed_to(self, endpoint):
        return ", ".join(endpoint.event_types)

    @admin.display(description="recent deliveries")
    def recent_deliveries(self, endpoint):
        log_url = (
            reverse("admin:webhooks_webhookdelivery_changelist")
            + f"?endpoint__id__exact={endpoint.pk}"
        )
        recent = endpoint.deliveries.order_by("-created_at", "-id")[:RECENT_DELIVERIES]
        rows = format_html_join(
            "",
            "<tr><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td></tr>",
            (
                (
                    reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]),
                    f"{delivery.created_at:%Y-%m-%d %H:%M:%S}",
                    delivery.event_type,
                    delivery.get_status_display(),
                    delivery.attempts,
                    delivery.last_status_code or delivery.error[:80] or "-",
                    "-" if delivery.duration_ms is None else f"{delivery.duration_ms} ms",
                    f"{delivery.next_attempt_at:%Y-%m-%d %H:%M:%S}"
                    if delivery.next_attempt_at
                    else "-",
                )
                for delivery in recent
            ),
        )
        return format_html(
            "<table><tr><th>created</th><th>event</th><th>status</th><th>attempts</th>"
            "<th>answer</th><th>time taken</th><th>next attempt</th></tr>{}</table>"
            "<p><a href='{}'>The whole delivery log</a></p>",
            rows,
            log_url,
        )

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.create_endpoint(team=obj.team, url=obj.url, event_types=obj.event_types)
        obj.pk, obj.secret = created.pk, created.secret

    @admin.action(description="Re-enable the selected endpoints")
    def re_enable(self, request, queryset):
        self.change_each(
            request,
            queryset.filter(active=False),
            services.enable_endpoint,
            done="Re-enabled {count} endpoint(s).",
        )

    @admin.action(description="Disable the selected endpoints")
    def disable(self, request, queryset):
        reason = f"Disabled in the admin by {request.user.get_username()}."
        self.change_each(
            request,
            queryset.filter(active=True),
            lambda endpoint: services.disable_endpoint(endpoint, reason),
            done="Disabled {count} endpoint(s).",
        )

    @admin.action(description="Rotate the signing secret of the selected endpoints")
    def rotate_secret(self, request, queryset):
        self.change_each(
            request,
            queryset,
            services.rotate_secret,
            done="Gave {count} endpoint(s) a new secret: update the receivers.",
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(TeamScopedAdmin):
    """The delivery log, for a team's managers: each event sent to each endpoint, how its
    last attempt went and when the next one is due, and "send again"."""

    required_role = Membership.Role.MANAGER
    list_display = [
        "created_at",
        "endpoint",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "duration_ms",
        "next_attempt_at",
        "error",
    ]
    list_select_related = ["endpoint"]
    # No list filter by endpoint: it would name the endpoints of every team of the user's,
    # not only those they manage. The endpoint's page links to its log.
    list_filter = ["status", "event_type"]
    search_fields = ["event_id"]
    actions = ["send_again"]
    fields = [
        "public_id",
        "endpoint",
        "event_id",
        "event_type",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "last_status_code",
        "duration_ms",
        "response_excerpt",
        "error",
        "resent_from",
        "payload",
        "created_at",
    ]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "endpoint__id__exact" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False  # deliveries come from events, and from "send again"

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send again")
    def send_again(self, request, queryset):
        """A new delivery of each selected event, queued for the endpoint's drain job (never
        sent inside the request: a slow receiver would hold it); the log keeps both."""
        queued = 0
        for delivery in queryset.select_related("endpoint"):
            if not delivery.endpoint.active:
                self.message_user(
                    request,
                    f"Not sent: {delivery.endpoint.url} is disabled. Re-enable it first.",
                    messages.WARNING,
                )
                continue
            again = services.send_again(delivery)
            # After the commit, so that the drain job surely sees the new delivery.
            transaction.on_commit(functools.partial(tasks.wake_drain, again.endpoint_id))
            queued += 1
        self.message_user(
            request,
            f"Queued {queued} delivery(ies) to send again: the delivery log shows how they go.",
        )
