from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.event_type import EventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedWebhookEndpointUpdateRequest")


@_attrs_define
class PatchedWebhookEndpointUpdateRequest:
    """The body of `PATCH /api/crm/webhooks/{id}`: only the fields sent change; `active: true`
    re-enables a disabled endpoint.

        Attributes:
            url (str | Unset): An HTTPS URL whose host resolves to public addresses only (with
                WEBHOOKS_ALLOW_PRIVATE_URLS, HTTP and any address too); no user name or password.
            event_types (list[EventType] | Unset): A non-empty list of event types from the catalogue; duplicates dropped,
                order kept.
            active (bool | Unset):
    """

    url: str | Unset = UNSET
    event_types: list[EventType] | Unset = UNSET
    active: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = []
            for event_types_item_data in self.event_types:
                event_types_item = event_types_item_data.value
                event_types.append(event_types_item)

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        _event_types = d.pop("eventTypes", UNSET)
        event_types: list[EventType] | Unset = UNSET
        if _event_types is not UNSET:
            event_types = []
            for event_types_item_data in _event_types:
                event_types_item = EventType(event_types_item_data)

                event_types.append(event_types_item)

        active = d.pop("active", UNSET)

        patched_webhook_endpoint_update_request = cls(
            url=url,
            event_types=event_types,
            active=active,
        )

        return patched_webhook_endpoint_update_request
