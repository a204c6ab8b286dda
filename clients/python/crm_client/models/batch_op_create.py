from enum import StrEnum


class BatchOpCreate(StrEnum):
    CREATE = "create"

    def __str__(self) -> str:
        return str(self.value)
