from enum import StrEnum


class SourceEnum(StrEnum):
    ADMIN = "admin"
    API = "api"
    CALL = "call"
    CONTACT = "contact"
    IMPORT = "import"

    def __str__(self) -> str:
        return str(self.value)
