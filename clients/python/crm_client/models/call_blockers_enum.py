from enum import StrEnum


class CallBlockersEnum(StrEnum):
    ARCHIVED = "archived"
    DO_NOT_CALL = "do_not_call"
    MAX_ATTEMPTS_REACHED = "max_attempts_reached"
    NO_PHONE = "no_phone"
    NUMBER_ON_DO_NOT_CALL_LIST = "number_on_do_not_call_list"

    def __str__(self) -> str:
        return str(self.value)
