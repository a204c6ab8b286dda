from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.company import Company
    from ..models.contact_state import ContactState
    from ..models.do_not_call_entry import DoNotCallEntry
    from ..models.feed_event_actor_type_0 import FeedEventActorType0


T = TypeVar("T", bound="FeedEvent")


@_attrs_define
class FeedEvent:
    """One change in the feed: what, when it committed, who, and the record after it.

    Attributes:
        cursor (str): This event's position: `after` it, the feed reads on from the next event.
        type_ (EventType): * `company.created` - company.created
            * `company.updated` - company.updated
            * `company.archived` - company.archived
            * `company.restored` - company.restored
            * `company.purged` - company.purged
            * `contact.created` - contact.created
            * `contact.updated` - contact.updated
            * `contact.archived` - contact.archived
            * `contact.restored` - contact.restored
            * `contact.purged` - contact.purged
            * `do_not_call.added` - do_not_call.added
            * `do_not_call.updated` - do_not_call.updated
            * `do_not_call.removed` - do_not_call.removed
            * `do_not_call.restored` - do_not_call.restored
            * `do_not_call.purged` - do_not_call.purged
        at (datetime.datetime): When the change's transaction committed.
        actor (FeedEventActorType0 | None): Who made a change.
        path (None | str): The request (`PATCH /api/crm/contacts/...`, an admin page) or the command line that made the
            change.
        record_id (str): The contact's, company's or do-not-call entry's ID.
        state (Company | ContactState | DoNotCallEntry):
    """

    cursor: str
    type_: EventType
    at: datetime.datetime
    actor: FeedEventActorType0 | None
    path: None | str
    record_id: str
    state: Company | ContactState | DoNotCallEntry
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.company import Company  # noqa: PLC0415
        from ..models.contact_state import ContactState  # noqa: PLC0415
        from ..models.feed_event_actor_type_0 import FeedEventActorType0  # noqa: PLC0415

        cursor = self.cursor

        type_ = self.type_.value

        at = self.at.isoformat()

        actor: dict[str, Any] | None
        if isinstance(self.actor, FeedEventActorType0):
            actor = self.actor.to_dict()
        else:
            actor = self.actor

        path: None | str
        path = self.path

        record_id = self.record_id

        state: dict[str, Any]
        if isinstance(self.state, Company):
            state = self.state.to_dict()
        elif isinstance(self.state, ContactState):
            state = self.state.to_dict()
        else:
            state = self.state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cursor": cursor,
                "type": type_,
                "at": at,
                "actor": actor,
                "path": path,
                "record_id": record_id,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company import Company  # noqa: PLC0415
        from ..models.contact_state import ContactState  # noqa: PLC0415
        from ..models.do_not_call_entry import DoNotCallEntry  # noqa: PLC0415
        from ..models.feed_event_actor_type_0 import FeedEventActorType0  # noqa: PLC0415

        d = dict(src_dict)
        cursor = d.pop("cursor")

        type_ = EventType(d.pop("type"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_actor(data: object) -> FeedEventActorType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                actor_type_0 = FeedEventActorType0.from_dict(data)

                return actor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FeedEventActorType0 | None, data)

        actor = _parse_actor(d.pop("actor"))

        def _parse_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        path = _parse_path(d.pop("path"))

        record_id = d.pop("record_id")

        def _parse_state(data: object) -> Company | ContactState | DoNotCallEntry:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_state_type_0 = Company.from_dict(data)

                return componentsschemas_event_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_state_type_1 = ContactState.from_dict(data)

                return componentsschemas_event_state_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_event_state_type_2 = DoNotCallEntry.from_dict(data)

            return componentsschemas_event_state_type_2

        state = _parse_state(d.pop("state"))

        feed_event = cls(
            cursor=cursor,
            type_=type_,
            at=at,
            actor=actor,
            path=path,
            record_id=record_id,
            state=state,
        )

        feed_event.additional_properties = d
        return feed_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
