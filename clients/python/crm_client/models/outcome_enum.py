from enum import StrEnum


class OutcomeEnum(StrEnum):
    ANSWERED = "answered"
    BUSY = "busy"
    FAILED = "failed"
    NO_ANSWER = "no_answer"
    OPTED_OUT = "opted_out"
    VOICEMAIL = "voicemail"

    def __str__(self) -> str:
        return str(self.value)
