from enum import StrEnum


class DoNotCallListSource(StrEnum):
    ADMIN = "admin"
    API = "api"
    CALL = "call"
    CONTACT = "contact"
    IMPORT = "import"

    def __str__(self) -> str:
        return str(self.value)
