from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from history.models import ARCHIVE, CREATE, PURGE, REMOVE, RESTORE, UPDATE


class FieldChangeSerializer(serializers.Serializer):
    """One field's value before and after a change."""

    field = serializers.CharField(source="name", help_text="The field, as the API names it.")
    label = serializers.CharField(help_text="The field's name for people.")
    old = serializers.JSONField(allow_null=True, help_text="Before; null when it had none.")
    new = serializers.JSONField(allow_null=True, help_text="After; null when it has none.")


class ActorSerializer(serializers.Serializer):
    """Who made a change."""

    type = serializers.ChoiceField(
        source="actor_type", choices=["api_token", "staff_user", "command"]
    )
    name = serializers.CharField(
        source="actor",
        help_text="The API token's name and prefix, the staff user's username, or the "
        "command's name.",
    )
    id = serializers.CharField(
        source="actor_id",
        allow_null=True,
        help_text="The API token's prefix or the staff user's ID; null for a command.",
    )


class MergeSerializer(serializers.Serializer):
    """A merge of contacts: the one kept and those merged into it."""

    survivor_id = serializers.CharField(help_text="The contact kept.")
    merged_ids = serializers.ListField(
        child=serializers.CharField(), help_text="The contacts merged into it, now archived."
    )


class HistoryEntrySerializer(serializers.Serializer):
    """One change to a record: what, when, who, through what, and the fields it changed."""

    id = serializers.IntegerField(help_text="The entry's number; later entries have larger.")
    type = serializers.ChoiceField(choices=[CREATE, UPDATE, ARCHIVE, RESTORE, REMOVE, PURGE])
    at = serializers.DateTimeField(help_text="When the change's transaction started.")
    actor = serializers.SerializerMethodField()
    path = serializers.CharField(
        allow_null=True,
        help_text="The request (`PATCH /api/crm/contacts/...`, an admin page) or the command "
        "line that made the change.",
    )
    call_id = serializers.CharField(
        allow_null=True, help_text="The recorded call that made the change, if one did."
    )
    changes = FieldChangeSerializer(many=True)
    merge = MergeSerializer(
        allow_null=True,
        help_text="The merge the change was part of (contacts only), else null: the survivor's "
        "and the merged contacts' entries of one merge share it.",
    )

    @extend_schema_field(ActorSerializer(allow_null=True))
    def get_actor(self, entry):
        """Null when no token, user or command was named (a change made in psql)."""
        if entry.actor_type is None:
            return None
        return ActorSerializer(entry).data
