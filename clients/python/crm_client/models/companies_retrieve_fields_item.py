from enum import StrEnum


class CompaniesRetrieveFieldsItem(StrEnum):
    ARCHIVED_AT = "archived_at"
    CREATED_AT = "created_at"
    DOMAIN = "domain"
    ID = "id"
    NAME = "name"
    TEAM_ID = "team_id"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
