"""What the change feed lists: the events of contacts, companies and do-not-call entries, and
the type each event label has there (`contact.archived`, `do_not_call.added`)."""

from dataclasses import dataclass

from history.models import (
    ARCHIVE,
    CREATE,
    PURGE,
    REMOVE,
    RESTORE,
    UPDATE,
    CompanyEvent,
    ContactEvent,
    DoNotCallEntryEvent,
)


@dataclass(frozen=True)
class Kind:
    name: str  # the types' prefix
    rank: int  # order among one transaction's events: companies before their contacts
    event_model: type
    types: dict[str, str]  # event label -> feed type

    @property
    def table(self) -> str:
        return self.event_model._meta.db_table

    @property
    def record_model(self) -> type:
        return self.event_model.pgh_tracked_model


def _lifecycle(name: str) -> dict[str, str]:
    past = {CREATE: "created", UPDATE: "updated", ARCHIVE: "archived", RESTORE: "restored"}
    return {**{label: f"{name}.{verb}" for label, verb in past.items()}, PURGE: f"{name}.purged"}


KINDS = (
    Kind("company", 1, CompanyEvent, _lifecycle("company")),
    Kind("contact", 2, ContactEvent, _lifecycle("contact")),
    Kind(
        "do_not_call",
        3,
        DoNotCallEntryEvent,
        {
            CREATE: "do_not_call.added",
            UPDATE: "do_not_call.updated",
            REMOVE: "do_not_call.removed",
            RESTORE: "do_not_call.restored",
            PURGE: "do_not_call.purged",
        },
    ),
)
KIND_BY_RANK = {kind.rank: kind for kind in KINDS}
KIND_BY_NAME = {kind.name: kind for kind in KINDS}
EVENT_TYPES = [event_type for kind in KINDS for event_type in kind.types.values()]
