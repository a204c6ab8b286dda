from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_op_create import BatchOpCreate

if TYPE_CHECKING:
    from ..models.contact_input_request import ContactInputRequest


T = TypeVar("T", bound="ContactCreateOperationRequest")


@_attrs_define
class ContactCreateOperationRequest:
    """
    Attributes:
        op (BatchOpCreate): * `create` - create
        data (ContactInputRequest): The body of `POST /api/crm/contacts`, checked by the shared contact rules.
    """

    op: BatchOpCreate
    data: ContactInputRequest
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        op = self.op.value

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "op": op,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_input_request import ContactInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        op = BatchOpCreate(d.pop("op"))

        data = ContactInputRequest.from_dict(d.pop("data"))

        contact_create_operation_request = cls(
            op=op,
            data=data,
        )

        contact_create_operation_request.additional_properties = d
        return contact_create_operation_request

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
