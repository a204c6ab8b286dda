from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.partial_webhook_endpoint import PartialWebhookEndpoint


T = TypeVar("T", bound="PartialWebhookEndpointResponse")


@_attrs_define
class PartialWebhookEndpointResponse:
    """
    Attributes:
        success (bool):
        webhook (PartialWebhookEndpoint): A webhook endpoint as lists and GET answer it. With `fields`, each record
            carries only the fields named, and `id`: its schema requires no other. Without, every field is present.
    """

    success: bool
    webhook: PartialWebhookEndpoint
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        webhook = self.webhook.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "webhook": webhook,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partial_webhook_endpoint import PartialWebhookEndpoint  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        webhook = PartialWebhookEndpoint.from_dict(d.pop("webhook"))

        partial_webhook_endpoint_response = cls(
            success=success,
            webhook=webhook,
        )

        partial_webhook_endpoint_response.additional_properties = d
        return partial_webhook_endpoint_response

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
