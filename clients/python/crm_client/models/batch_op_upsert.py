from enum import StrEnum


class BatchOpUpsert(StrEnum):
    UPSERT = "upsert"

    def __str__(self) -> str:
        return str(self.value)
