from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.event_type import EventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointInputRequest")


@_attrs_define
class WebhookEndpointInputRequest:
    """The body of `POST /api/crm/webhooks`.

    Attributes:
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        url (str): An HTTPS URL whose host resolves to public addresses only (with
            WEBHOOKS_ALLOW_PRIVATE_URLS, HTTP and any address too); no user name or password.
        event_types (list[EventType]): A non-empty list of event types from the catalogue; duplicates dropped, order
            kept.
        active (bool | Unset):
    """

    team_id: str
    url: str
    event_types: list[EventType]
    active: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        team_id = self.team_id

        url = self.url

        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "teamId": team_id,
                "url": url,
                "eventTypes": event_types,
            }
        )
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        team_id = d.pop("teamId")

        url = d.pop("url")

        event_types = []
        _event_types = d.pop("eventTypes")
        for event_types_item_data in _event_types:
            event_types_item = EventType(event_types_item_data)

            event_types.append(event_types_item)

        active = d.pop("active", UNSET)

        webhook_endpoint_input_request = cls(
            team_id=team_id,
            url=url,
            event_types=event_types,
            active=active,
        )

        return webhook_endpoint_input_request
