from enum import StrEnum


class KindEnum(StrEnum):
    NAME = "name"
    PHONE = "phone"

    def __str__(self) -> str:
        return str(self.value)
