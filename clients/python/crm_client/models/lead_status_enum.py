from enum import StrEnum


class LeadStatusEnum(StrEnum):
    CONTACTED = "contacted"
    CONVERTED = "converted"
    NEW = "new"
    QUALIFIED = "qualified"
    UNQUALIFIED = "unqualified"

    def __str__(self) -> str:
        return str(self.value)
