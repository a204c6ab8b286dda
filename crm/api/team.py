"""`/api/crm/team`: the token's own team and its calling rules."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from contacts.rules import normalize_timezone
from crm import services
from crm.api import schema
from crm.api.envelope import envelope
from crm.api.fields import JSONRuleField, RuleField
from crm.api.serializers import RequestSerializer, TeamOwnedSerializer
from crm.api.views import TeamScopedViewSet
from crm.models import CALLING_RULES, Team, Weekday
from crm.rules import TIME_FORMAT, check_calling_hours, normalize_calling_days


@extend_schema_field(
    {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "08:00"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day as `HH:MM`, in and out."""

    def __init__(self, **kwargs):
        super().__init__(format=TIME_FORMAT, input_formats=[TIME_FORMAT], **kwargs)


class TeamSerializer(TeamOwnedSerializer):
    """The team as the API answers it: its name and calling rules."""

    calling_hours_start = ClockTimeField()
    calling_hours_end = ClockTimeField()
    calling_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.values),
        help_text="Days on which calls may be made, in the contact's local time.",
    )

    class Meta:
        model = Team
        fields = ["id", "name", *CALLING_RULES]


class TeamUpdateSerializer(RequestSerializer):
    """The body of `PATCH /api/crm/team`: only the fields sent change."""

    server_fields = RequestSerializer.server_fields | {"name"}

    calling_hours_start = ClockTimeField(
        required=False,
        help_text="Local time from which calls may start, `HH:MM` (default 08:00).",
    )
    calling_hours_end = ClockTimeField(
        required=False,
        help_text="Local time at which calls must stop, `HH:MM`, later than the start "
        "(default 21:00).",
    )
    calling_days = JSONRuleField(
        normalize_calling_days,
        required=False,
        help_text="Days of the week on which calls may be made: `mon` ... `sun` (default "
        "every day).",
    )
    min_call_gap_minutes = serializers.IntegerField(
        min_value=0,
        max_value=Team.MAX_CALL_GAP_MINUTES,
        required=False,
        help_text="Minutes after a call to a contact before the next may start (0: none).",
    )
    max_call_attempts = serializers.IntegerField(
        min_value=1,
        max_value=Team.MAX_CALL_ATTEMPTS,
        required=False,
        allow_null=True,
        help_text="Calls after which a contact is no longer called; null: no limit.",
    )
    default_timezone = RuleField(
        normalize_timezone,
        required=False,
        help_text="IANA zone of a contact whose time zone and phone number tell none.",
    )

    class Meta:
        model = Team
        fields = CALLING_RULES

    def validate(self, attrs):
        start = attrs.get("calling_hours_start", self.instance.calling_hours_start)
        end = attrs.get("calling_hours_end", self.instance.calling_hours_end)
        try:
            check_calling_hours(start, end)
        except DjangoValidationError as error:
            field = "callingHoursEnd" if "calling_hours_end" in attrs else "callingHoursStart"
            raise serializers.ValidationError({field: error.messages}) from error
        return attrs


TEAM_RESPONSE = envelope("TeamResponse", "team", TeamSerializer)


class TeamViewSet(TeamScopedViewSet):
    """`/api/crm/team`: the token's team, whose calling rules every contact's
    `next_callable_at` and the `callableNow` filter follow."""

    queryset = Team.objects.all()
    serializer_class = TeamSerializer
    update_serializer_class = TeamUpdateSerializer
    update_service = staticmethod(services.update_calling_rules)
    envelope_key = "team"

    def get_queryset(self):
        # The team itself is the record: the token's, and no other.
        return Team.objects.filter(pk=self.request.auth.team_id)

    def get_object(self):
        return self.get_queryset().get()

    @extend_schema(
        summary="Your team and its calling rules",
        request=None,
        responses={200: TEAM_RESPONSE, **schema.errors(400, 401, 406, 414, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Change your team's calling rules",
        description="Only the fields sent change. Calling hours and days are read in each "
        "contact's local time.",
        request=TeamUpdateSerializer,
        responses={200: TEAM_RESPONSE, **schema.errors(400, 401, 406, 413, 414, 415, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)
