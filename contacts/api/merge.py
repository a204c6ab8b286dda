"""`GET /api/crm/contacts/duplicates` and `POST /api/crm/contacts/{id}/merge`: thin callers of
contacts.duplicates and contacts.merge, mixed into the contacts' viewset; and the 410 that a
merged contact's ID answers."""

import uuid

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action

from companies.models import Company
from contacts import merge
from contacts.api.serializers import ContactSerializer
from contacts.duplicates import KINDS, DuplicateGroups
from contacts.models import Contact
from crm import ids
from crm.api import schema
from crm.api.envelope import envelope
from crm.api.errors import ErrorCode
from crm.api.fields import PublicIdField
from crm.api.filters import TeamScopedFilterSet
from crm.api.naming import to_camel, wire_name
from crm.api.pagination import list_envelope
from crm.api.serializers import RequestSerializer

# The `fields` keys of a merge, as the API spells them, and the service's names; doNotCall
# too, which the service refuses saying why (any record's flag wins), not as unknown.
_CHOOSABLE_BY_WIRE_NAME = {
    wire_name(name): name for name in (*merge.CHOOSABLE_FIELDS, "do_not_call")
}
_CUSTOM_FIELD_WIRE_PREFIX = to_camel(merge.CUSTOM_FIELD_PREFIX.rstrip(".")) + "."


class ContactMerged(exceptions.APIException):
    """A merged contact's ID: 410, naming the contact it was merged into."""

    status_code = ErrorCode.CONTACT_MERGED.status
    default_code = ErrorCode.CONTACT_MERGED

    def __init__(self, error: merge.ContactMergedError):
        super().__init__(str(error))
        self.details = {"merged_into_id": error.survivor_id}


class ContactMergeSerializer(RequestSerializer):
    """The body of `POST /api/crm/contacts/{id}/merge`."""

    source_ids = serializers.ListField(
        child=PublicIdField(Contact.id_prefix),
        min_length=1,
        max_length=merge.MAX_SOURCES,
        help_text="The contacts merged into this one (archived, pointing at it), in order: "
        "a field the survivor has no value for takes the first of theirs that has one.",
    )
    fields = serializers.DictField(
        child=PublicIdField(Contact.id_prefix),
        required=False,
        help_text="Which record's value a field takes: the survivor's or a source's ID per "
        "field (`email`, `companyId`, `tags`, `customFields` as a whole, or "
        "`customFields.<key>` for one key). `doNotCall` is never chosen: any record's flag wins.",
    )

    class Meta:
        model = Contact
        fields = ["source_ids", "fields"]

    def validate_fields(self, value: dict) -> dict:
        return {_service_field_name(name): pk for name, pk in value.items()}


def _service_field_name(name: str) -> str:
    if name.startswith(_CUSTOM_FIELD_WIRE_PREFIX):
        return merge.CUSTOM_FIELD_PREFIX + name.removeprefix(_CUSTOM_FIELD_WIRE_PREFIX)
    return _CHOOSABLE_BY_WIRE_NAME.get(name, name)


class DuplicateGroupSerializer(serializers.Serializer):
    """Live contacts that share a phone, or a name and a company."""

    kind = serializers.ChoiceField(choices=KINDS, help_text="What they share.")
    value = serializers.CharField(
        help_text="The shared phone (E.164), or name (first and last, lower-cased)."
    )
    company_id = serializers.SerializerMethodField(
        help_text="For `name`: the company they share; else null."
    )
    contacts = ContactSerializer(many=True, help_text="The contacts, oldest first.")

    def get_company_id(self, group) -> str | None:
        if group.company_id is None:
            return None
        return ids.encode(Company.id_prefix, uuid.UUID(group.company_id))


class DuplicateFilterSet(TeamScopedFilterSet):
    """The parameters of `GET /api/crm/contacts/duplicates`."""

    kind = django_filters.ChoiceFilter(
        choices=[(kind, kind) for kind in KINDS],
        method="keep",
        help_text="Only groups of this kind: `phone`, or `name` (with the company).",
    )

    class Meta:
        model = Contact
        fields = []

    def keep(self, queryset, name, value):
        return queryset


# Duplicate groups are computed, not a queryset: paged by offset only, not by cursor.
DUPLICATES_PAGING = {"limit", "offset"}
DUPLICATES_PARAMETERS = {"teamId", "kind", *DUPLICATES_PAGING}

MERGE_RESPONSE = envelope(
    "ContactMergeResponse",
    "contact",
    ContactSerializer,
    merged_ids=serializers.ListField(
        child=serializers.CharField(), help_text="The contacts now merged into this one."
    ),
)
DUPLICATES_RESPONSE = list_envelope(
    "DuplicateGroupListResponse", "groups", DuplicateGroupSerializer
)


def unmerged(contact: Contact) -> Contact:
    """`contact`, or the 410 `contact_merged` its ID answers once merged into another."""
    if contact.merged_into_id is not None:
        raise ContactMerged(merge.ContactMergedError(contact))
    return contact


class ContactMergeMixin:
    """The contacts' viewset's duplicates list and merge action. A merged contact's ID
    answers 410 `contact_merged` with `merged_into_id` on every endpoint but its history,
    and so does a batch's operation naming it: both find it through `object_named`."""

    def object_named(self, public_id, **kwargs):
        found = super().object_named(public_id, **kwargs)
        if self.action != "history":
            return unmerged(found)
        return found

    @property
    def envelope_list_key(self) -> str:
        return "groups" if self.action == "duplicates" else super().envelope_list_key

    @extend_schema(
        summary="Possible duplicates: contacts sharing a phone, or a name and a company",
        description="Groups of the team's live contacts that share a phone, or a first and "
        "last name (ignoring case) and a company, by kind then value, each with its contacts "
        "oldest first. (Live contacts never share an email, ignoring case: a second one is "
        "refused with a 409.) Settle a group with `POST /api/crm/contacts/{id}/merge`.",
        request=None,
        parameters=schema.paging_parameters(DUPLICATES_PAGING),
        filters=True,
        responses={200: DUPLICATES_RESPONSE, **schema.errors(400, 401, 404, 406, 414, 429)},
    )
    @action(detail=False, methods=["get"], filterset_class=DuplicateFilterSet)
    def duplicates(self, request, *args, **kwargs):
        """Groups of live contacts that may be one person."""
        team = request.auth.team
        filters = DuplicateFilterSet(
            request.query_params, queryset=Contact.objects.none(), team=team
        )
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        filters.qs  # noqa: B018 (runs the teamId check)
        groups = DuplicateGroups(
            team_ids=[team.pk],
            kind=filters.form.cleaned_data.get("kind") or None,
            contacts=Contact.objects.defer("search_text").with_call_blockers(team),
        )
        return self.respond_with_page(groups, DuplicateGroupSerializer)

    @extend_schema(
        summary="Merge contacts into this one",
        description="In one transaction: each field takes the value of the record chosen in "
        "`fields`, else this contact's, else the first source's that has one; tags unite; "
        "custom fields merge key by key (this contact's first); do-not-call is kept if any "
        "record has it; calls move here. The sources are archived with `merged_into_id` "
        "pointing here, and their IDs answer 410 `contact_merged`. Merging sources already "
        "merged here changes nothing. This contact among its sources is a 400; an archived "
        "one a 409; one merged elsewhere a 410.",
        request=ContactMergeSerializer,
        responses={
            200: MERGE_RESPONSE,
            **schema.post_errors(),
            **schema.errors(410),
        },
    )
    @action(detail=True, methods=["post"], url_path="merge")
    def merge(self, request, *args, **kwargs):
        """Merge the contacts `sourceIds` into this one."""
        survivor = self.get_object()
        body = self.validated(ContactMergeSerializer)
        try:
            result = merge.merge_contacts(
                survivor,
                body["source_ids"],
                choices=body.get("fields"),
                token=request.auth,
            )
        except merge.ContactMergedError as error:
            raise ContactMerged(error) from error
        except DjangoValidationError as error:
            raise _with_wire_names(error) from error
        return self.respond(
            result.survivor, merged_ids=[source.public_id for source in result.merged]
        )


def _with_wire_names(error: DjangoValidationError):
    """The service names a choice `fields.custom_fields.<key>`; the client sent camelCase."""
    if not hasattr(error, "error_dict"):
        return error
    return exceptions.ValidationError(
        {_wire_error_name(name): messages for name, messages in error.message_dict.items()}
    )


def _wire_error_name(name: str) -> str:
    if not name.startswith("fields."):
        return wire_name(name)
    field = name.removeprefix("fields.")
    if field.startswith(merge.CUSTOM_FIELD_PREFIX):  # the key itself is the client's own
        return f"fields.{_CUSTOM_FIELD_WIRE_PREFIX}{field.removeprefix(merge.CUSTOM_FIELD_PREFIX)}"
    return f"fields.{wire_name(field)}"
