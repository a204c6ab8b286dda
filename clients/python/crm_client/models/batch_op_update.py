from enum import StrEnum


class BatchOpUpdate(StrEnum):
    UPDATE = "update"

    def __str__(self) -> str:
        return str(self.value)
