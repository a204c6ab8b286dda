from enum import StrEnum


class EventsListTypesItem(StrEnum):
    COMPANY_ARCHIVED = "company.archived"
    COMPANY_CREATED = "company.created"
    COMPANY_PURGED = "company.purged"
    COMPANY_RESTORED = "company.restored"
    COMPANY_UPDATED = "company.updated"
    CONTACT_ARCHIVED = "contact.archived"
    CONTACT_CREATED = "contact.created"
    CONTACT_PURGED = "contact.purged"
    CONTACT_RESTORED = "contact.restored"
    CONTACT_UPDATED = "contact.updated"
    DO_NOT_CALL_ADDED = "do_not_call.added"
    DO_NOT_CALL_PURGED = "do_not_call.purged"
    DO_NOT_CALL_REMOVED = "do_not_call.removed"
    DO_NOT_CALL_RESTORED = "do_not_call.restored"
    DO_NOT_CALL_UPDATED = "do_not_call.updated"

    def __str__(self) -> str:
        return str(self.value)
