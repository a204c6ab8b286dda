from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_op_upsert import BatchOpUpsert

if TYPE_CHECKING:
    from ..models.contact_upsert_request import ContactUpsertRequest


T = TypeVar("T", bound="ContactUpsertOperationRequest")


@_attrs_define
class ContactUpsertOperationRequest:
    """
    Attributes:
        op (BatchOpUpsert): * `upsert` - upsert
        data (ContactUpsertRequest): The body of `POST /api/crm/contacts/upsert`: a contact plus the field to match on.

            Validated like a PATCH (only the fields sent); the service asks for the
            fields a new contact needs when nothing matches.
    """

    op: BatchOpUpsert
    data: ContactUpsertRequest
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
        from ..models.contact_upsert_request import ContactUpsertRequest  # noqa: PLC0415

        d = dict(src_dict)
        op = BatchOpUpsert(d.pop("op"))

        data = ContactUpsertRequest.from_dict(d.pop("data"))

        contact_upsert_operation_request = cls(
            op=op,
            data=data,
        )

        contact_upsert_operation_request.additional_properties = d
        return contact_upsert_operation_request

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
