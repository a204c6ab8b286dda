from enum import StrEnum


class MatchOnEnum(StrEnum):
    EMAIL = "email"
    EXTERNALID = "externalId"
    PHONE = "phone"

    def __str__(self) -> str:
        return str(self.value)
