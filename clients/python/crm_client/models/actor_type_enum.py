from enum import StrEnum


class ActorTypeEnum(StrEnum):
    API_TOKEN = "api_token"
    COMMAND = "command"
    STAFF_USER = "staff_user"

    def __str__(self) -> str:
        return str(self.value)
