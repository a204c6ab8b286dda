from enum import StrEnum


class WebhooksRetrieveFieldsItem(StrEnum):
    ACTIVE = "active"
    CREATED_AT = "created_at"
    DISABLED_AT = "disabled_at"
    DISABLED_REASON = "disabled_reason"
    EVENT_TYPES = "event_types"
    ID = "id"
    TEAM_ID = "team_id"
    UPDATED_AT = "updated_at"
    URL = "url"

    def __str__(self) -> str:
        return str(self.value)
