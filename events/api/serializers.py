from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from companies.api.serializers import CompanySerializer
from contacts.api.serializers import ContactSerializer
from crm import ids
from donotcall.api.serializers import DoNotCallEntrySerializer
from events.kinds import EVENT_TYPES
from history.api.serializers import ActorSerializer


class ContactStateSerializer(ContactSerializer):
    """A contact as the list renders it, from an event's row: without the fields worked out
    from other records and the clock (`time_zones`, `call_blockers`, `next_callable_at`),
    which describe now, not the contact after that change."""

    time_zones = None
    call_blockers = None
    next_callable_at = None

    class Meta(ContactSerializer.Meta):
        fields = [
            name
            for name in ContactSerializer.Meta.fields
            if name not in {"time_zones", "call_blockers", "next_callable_at"}
        ]


# The state's serializer of each kind of record (events.kinds.KINDS).
STATE_SERIALIZERS = {
    "company": CompanySerializer,
    "contact": ContactStateSerializer,
    "do_not_call": DoNotCallEntrySerializer,
}

_STATE = PolymorphicProxySerializer(
    component_name="EventState",
    serializers=list(STATE_SERIALIZERS.values()),
    resource_type_field_name=None,
)


class FeedEventSerializer(serializers.Serializer):
    """One change in the feed: what, when it committed, who, and the record after it."""

    cursor = serializers.SerializerMethodField(
        help_text="This event's position: `after` it, the feed reads on from the next event."
    )
    type = serializers.ChoiceField(choices=EVENT_TYPES)
    at = serializers.DateTimeField(help_text="When the change's transaction committed.")
    actor = serializers.SerializerMethodField()
    path = serializers.CharField(
        allow_null=True,
        help_text="The request (`PATCH /api/crm/contacts/...`, an admin page) or the command "
        "line that made the change.",
    )
    record_id = serializers.SerializerMethodField(
        help_text="The contact's, company's or do-not-call entry's ID."
    )
    state = serializers.SerializerMethodField(
        help_text="The record after the change, as its list renders it (a contact without "
        "`time_zones`, `call_blockers` and `next_callable_at`); for a purge, the record as it "
        "was when purged."
    )

    def get_cursor(self, event) -> str:
        return event.cursor.encode()

    @extend_schema_field(ActorSerializer(allow_null=True))
    def get_actor(self, event):
        """Null when no token, user or command was named (a change made in psql)."""
        return None if event.actor_type is None else ActorSerializer(event).data

    def get_record_id(self, event) -> str:
        return ids.encode(event.kind.record_model.id_prefix, event.record.pk)

    @extend_schema_field(_STATE)
    def get_state(self, event):
        serializer = STATE_SERIALIZERS[event.kind.name](event.record, context=self.context)
        return serializer.data
