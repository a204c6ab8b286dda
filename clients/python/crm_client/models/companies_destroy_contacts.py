from enum import StrEnum


class CompaniesDestroyContacts(StrEnum):
    ARCHIVE = "archive"
    DETACH = "detach"

    def __str__(self) -> str:
        return str(self.value)
