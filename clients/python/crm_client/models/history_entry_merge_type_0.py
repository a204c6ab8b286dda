from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HistoryEntryMergeType0")


@_attrs_define
class HistoryEntryMergeType0:
    """The merge the change was part of (contacts only), else null: the survivor's and the merged contacts' entries of one
    merge share it.

        Attributes:
            survivor_id (str): The contact kept.
            merged_ids (list[str]): The contacts merged into it, now archived.
    """

    survivor_id: str
    merged_ids: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        survivor_id = self.survivor_id

        merged_ids = self.merged_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "survivor_id": survivor_id,
                "merged_ids": merged_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        survivor_id = d.pop("survivor_id")

        merged_ids = cast(list[str], d.pop("merged_ids"))

        history_entry_merge_type_0 = cls(
            survivor_id=survivor_id,
            merged_ids=merged_ids,
        )

        history_entry_merge_type_0.additional_properties = d
        return history_entry_merge_type_0

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
