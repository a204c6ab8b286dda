from enum import StrEnum


class BatchOpArchive(StrEnum):
    ARCHIVE = "archive"

    def __str__(self) -> str:
        return str(self.value)
