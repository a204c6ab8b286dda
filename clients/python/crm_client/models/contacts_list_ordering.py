from enum import StrEnum


class ContactsListOrdering(StrEnum):
    CREATED_AT = "createdAt"
    CREATED_AT_DESC = "-createdAt"
    LAST_CALLED_AT = "lastCalledAt"
    LAST_CALLED_AT_DESC = "-lastCalledAt"
    LAST_NAME = "lastName"
    LAST_NAME_DESC = "-lastName"
    UPDATED_AT = "updatedAt"
    UPDATED_AT_DESC = "-updatedAt"

    def __str__(self) -> str:
        return str(self.value)
