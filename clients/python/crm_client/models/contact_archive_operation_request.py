from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_op_archive import BatchOpArchive
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactArchiveOperationRequest")


@_attrs_define
class ContactArchiveOperationRequest:
    """
    Attributes:
        op (BatchOpArchive): * `archive` - archive
        id (str): The record's ID.
        if_match (str | Unset): Optional: write only if the record's ETag is this (see If-Match).
    """

    op: BatchOpArchive
    id: str
    if_match: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        op = self.op.value

        id = self.id

        if_match = self.if_match

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "op": op,
                "id": id,
            }
        )
        if if_match is not UNSET:
            field_dict["ifMatch"] = if_match

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        op = BatchOpArchive(d.pop("op"))

        id = d.pop("id")

        if_match = d.pop("ifMatch", UNSET)

        contact_archive_operation_request = cls(
            op=op,
            id=id,
            if_match=if_match,
        )

        contact_archive_operation_request.additional_properties = d
        return contact_archive_operation_request

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
