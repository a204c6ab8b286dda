from enum import StrEnum


class PartialCallLeadStatusSet(StrEnum):
    CONTACTED = "contacted"
    CONVERTED = "converted"
    NEW = "new"
    QUALIFIED = "qualified"
    UNQUALIFIED = "unqualified"

    def __str__(self) -> str:
        return str(self.value)
