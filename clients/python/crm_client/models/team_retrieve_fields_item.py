from enum import StrEnum


class TeamRetrieveFieldsItem(StrEnum):
    CALLING_DAYS = "calling_days"
    CALLING_HOURS_END = "calling_hours_end"
    CALLING_HOURS_START = "calling_hours_start"
    DEFAULT_TIMEZONE = "default_timezone"
    ID = "id"
    MAX_CALL_ATTEMPTS = "max_call_attempts"
    MIN_CALL_GAP_MINUTES = "min_call_gap_minutes"
    NAME = "name"

    def __str__(self) -> str:
        return str(self.value)
