from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_op_update import BatchOpUpdate
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_update_request import ContactUpdateRequest


T = TypeVar("T", bound="ContactUpdateOperationRequest")


@_attrs_define
class ContactUpdateOperationRequest:
    """
    Attributes:
        op (BatchOpUpdate): * `update` - update
        id (str): The record's ID.
        data (ContactUpdateRequest): The body of `PATCH /api/crm/contacts/{id}`: only the fields sent change.

            `customFields` is a merge patch (see contacts.services.update_contact);
            `tags` replaces the list.
        if_match (str | Unset): Optional: write only if the record's ETag is this (see If-Match).
    """

    op: BatchOpUpdate
    id: str
    data: ContactUpdateRequest
    if_match: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        op = self.op.value

        id = self.id

        data = self.data.to_dict()

        if_match = self.if_match

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "op": op,
                "id": id,
                "data": data,
            }
        )
        if if_match is not UNSET:
            field_dict["ifMatch"] = if_match

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_update_request import ContactUpdateRequest  # noqa: PLC0415

        d = dict(src_dict)
        op = BatchOpUpdate(d.pop("op"))

        id = d.pop("id")

        data = ContactUpdateRequest.from_dict(d.pop("data"))

        if_match = d.pop("ifMatch", UNSET)

        contact_update_operation_request = cls(
            op=op,
            id=id,
            data=data,
            if_match=if_match,
        )

        contact_update_operation_request.additional_properties = d
        return contact_update_operation_request

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
