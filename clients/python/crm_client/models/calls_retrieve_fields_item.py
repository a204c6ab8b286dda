from enum import StrEnum


class CallsRetrieveFieldsItem(StrEnum):
    CAMPAIGN_ID = "campaign_id"
    CONTACT_ID = "contact_id"
    CREATED_AT = "created_at"
    DURATION_SECONDS = "duration_seconds"
    EXTRACTED_FIELDS = "extracted_fields"
    ID = "id"
    LEAD_STATUS = "lead_status"
    OUTCOME = "outcome"
    PHONE_NUMBER = "phone_number"
    STARTED_AT = "started_at"
    SUMMARY = "summary"

    def __str__(self) -> str:
        return str(self.value)
