from enum import StrEnum


class DoNotCallRetrieveFieldsItem(StrEnum):
    ADDED_BY = "added_by"
    CALL_ID = "call_id"
    CONTACT_ID = "contact_id"
    CREATED_AT = "created_at"
    ID = "id"
    NUMBER = "number"
    REASON = "reason"
    REMOVED_AT = "removed_at"
    SOURCE = "source"
    TEAM_ID = "team_id"

    def __str__(self) -> str:
        return str(self.value)
