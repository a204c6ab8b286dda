from enum import StrEnum


class ContactsListFieldsItem(StrEnum):
    ARCHIVED_AT = "archived_at"
    CALL_BLOCKERS = "call_blockers"
    CALL_COUNT = "call_count"
    COMPANY_ID = "company_id"
    CREATED_AT = "created_at"
    CUSTOM_FIELDS = "custom_fields"
    DO_NOT_CALL = "do_not_call"
    EMAIL = "email"
    EXTERNAL_ID = "external_id"
    FIRST_NAME = "first_name"
    ID = "id"
    JOB_TITLE = "job_title"
    LAST_CALLED_AT = "last_called_at"
    LAST_NAME = "last_name"
    LEAD_STATUS = "lead_status"
    MERGED_INTO_ID = "merged_into_id"
    NEXT_CALLABLE_AT = "next_callable_at"
    NOTES = "notes"
    PHONE = "phone"
    PHONE_SECONDARY = "phone_secondary"
    PREFERRED_CONTACT_METHOD = "preferred_contact_method"
    SOURCE = "source"
    TAGS = "tags"
    TEAM_ID = "team_id"
    TIMEZONE = "timezone"
    TIME_ZONES = "time_zones"
    UPDATED_AT = "updated_at"

    def __str__(self) -> str:
        return str(self.value)
