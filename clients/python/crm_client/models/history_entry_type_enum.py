from enum import StrEnum


class HistoryEntryTypeEnum(StrEnum):
    ARCHIVE = "archive"
    CREATE = "create"
    PURGE = "purge"
    REMOVE = "remove"
    RESTORE = "restore"
    UPDATE = "update"

    def __str__(self) -> str:
        return str(self.value)
