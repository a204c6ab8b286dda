from enum import StrEnum


class ContactsListOrdering(StrEnum):
    CREATEDAT = "createdAt"
    LASTCALLEDAT = "lastCalledAt"
    LASTNAME = "lastName"
    UPDATEDAT = "updatedAt"
    VALUE_0 = "-createdAt"
    VALUE_1 = "-lastCalledAt"
    VALUE_2 = "-lastName"
    VALUE_3 = "-updatedAt"

    def __str__(self) -> str:
        return str(self.value)
