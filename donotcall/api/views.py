from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError

from contacts.rules import normalize_phone
from crm import ids
from crm.api import preconditions, schema
from crm.api.envelope import envelope, success
from crm.api.pagination import list_envelope
from crm.api.scoping import find_in_team
from crm.api.serializers import EmptyBodySerializer
from crm.api.views import TeamScopedViewSet
from crm.models import Team
from donotcall import services
from donotcall.api.serializers import DoNotCallEntrySerializer, DoNotCallInputSerializer
from donotcall.filtersets import DoNotCallFilterSet
from donotcall.models import DoNotCallEntry, Source

ENTRY_RESPONSE = envelope("DoNotCallEntryResponse", "entry", DoNotCallEntrySerializer)
BATCH_RESPONSE = envelope(
    "DoNotCallBatchResponse",
    "entries",
    lambda: DoNotCallEntrySerializer(many=True),
    registered=serializers.IntegerField(help_text="Numbers that were not on the registry yet."),
    already_registered=serializers.IntegerField(
        help_text="Numbers that were (their entry is unchanged)."
    ),
)
LIST_RESPONSE = list_envelope("DoNotCallEntryListResponse", "entries", DoNotCallEntrySerializer)
TEAM_PARAMETER = OpenApiParameter(
    "teamId", ids.json_schema("team"), required=True, description="Required: your token's team."
)
NUMBER_PARAMETER = OpenApiParameter(
    "number",
    str,
    OpenApiParameter.PATH,
    description="The number, in any format a contact's phone takes (`+14155550199`, "
    "`%2B1%20415%20555%200199`).",
)


class DoNotCallViewSet(TeamScopedViewSet):
    """`/api/crm/do-not-call`: the team's do-not-call registry, by E.164 number."""

    queryset = DoNotCallEntry.objects.select_related("added_by_token", "added_by_user")
    serializer_class = DoNotCallEntrySerializer
    filterset_class = DoNotCallFilterSet
    envelope_key = "entry"
    envelope_list_key = "entries"
    # A create registers several numbers and answers their entries.
    create_answers_one_record = False
    action_parameters = {"retrieve": {"teamId"}, "destroy": {"teamId"}}

    @extend_schema(
        summary="List the do-not-call registry",
        responses={200: LIST_RESPONSE, **schema.errors(400, 401, 404, 406, 414, 429)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Put numbers on the do-not-call registry",
        description="Every contact of the team carrying one of the numbers (phone or secondary "
        "phone; now or later) is no longer callable. Idempotent: a number already on the "
        "registry keeps its entry. Answers 201 when at least one number is new, else 200, "
        "with the entries in the order sent.",
        request=DoNotCallInputSerializer,
        responses={
            200: OpenApiResponse(BATCH_RESPONSE, description="Every number was on it already."),
            201: OpenApiResponse(BATCH_RESPONSE, description="At least one number was added."),
            **schema.post_errors(),
        },
    )
    def create(self, request, *args, **kwargs):
        fields = self.validated(DoNotCallInputSerializer)
        numbers = list(dict.fromkeys(fields["numbers"]))
        added = services.register_numbers(
            team=fields["team"],
            numbers=numbers,
            source=Source.API,
            reason=fields.get("reason"),
            token=request.auth,
        )
        entries = {
            str(entry.number): entry
            for entry in self.get_queryset().live().filter(number__in=numbers)
        }
        return success(
            status=status.HTTP_201_CREATED if added else status.HTTP_200_OK,
            registered=len(added),
            already_registered=len(numbers) - len(added),
            entries=self.get_serializer([entries[number] for number in numbers], many=True).data,
        )

    @extend_schema(
        summary="Take a number off the do-not-call registry",
        description="A deliberate, recorded act: the entry is kept, marked removed by this "
        "token, now; the number can be registered again later. Contacts flagged do-not-call "
        "stay so. Takes no body. A number not on the registry is a 404; with `If-Match`, an "
        "entry whose ETag is not one of those listed is a 412 and stays.",
        request=None,
        parameters=[NUMBER_PARAMETER, TEAM_PARAMETER, preconditions.IF_MATCH_PARAMETER],
        responses={200: ENTRY_RESPONSE, **schema.get_errors(), **schema.errors(412)},
    )
    def destroy(self, request, *args, **kwargs):
        self.validated(EmptyBodySerializer)
        team, number = self._named_number()
        tags = preconditions.parse_if_match(request.headers.get(preconditions.IF_MATCH))
        # The entry is read once, locked, by the service; If-Match is checked on that read.
        removed = services.remove_number(
            team=team,
            number=number,
            token=request.auth,
            precondition=partial(preconditions.check_if_match, tags),
        )
        if removed is None:
            raise self._not_on_registry(number)
        return self.respond(removed)

    @extend_schema(
        summary="Get a number's do-not-call entry",
        description="The number's live entry, with its `ETag` (send it in `If-Match` to take "
        "the number off only if it is still that entry). A number not on the registry is a "
        "404.",
        parameters=[NUMBER_PARAMETER, TEAM_PARAMETER],
        responses={200: ENTRY_RESPONSE, **schema.get_errors()},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        """The live entry of the number the URL names (in any format), in the team `teamId`
        names."""
        _, number = self._named_number()
        entry = self.get_queryset().live().filter(number=number).first()
        if entry is None:
            raise self._not_on_registry(number)
        return entry

    def _named_number(self) -> tuple[Team, str]:
        """The team `teamId` names (the token's own, or a 400 or 404) and the number the URL
        names, in E.164 (or a 400)."""
        team = self._team_named_in_query()
        try:
            return team, normalize_phone(self.kwargs["number"])
        except DjangoValidationError as error:
            raise ValidationError({"number": error.messages}) from error

    @staticmethod
    def _not_on_registry(number) -> NotFound:
        return NotFound(f"{number} is not on your team's do-not-call registry.")

    def _team_named_in_query(self) -> Team:
        value = self.request.query_params.get("teamId")
        if value is None:
            raise ValidationError({"teamId": ["This parameter is required."]})
        try:
            pk = ids.decode(Team.id_prefix, value)
        except ids.InvalidId as error:
            raise ValidationError({"teamId": [str(error)]}) from error
        return find_in_team(Team, team=self.request.auth.team, pk=pk, field_name="teamId")
