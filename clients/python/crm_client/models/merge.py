from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Merge")


@_attrs_define
class Merge:
    """A merge of contacts: the one kept and those merged into it.

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

        merge = cls(
            survivor_id=survivor_id,
            merged_ids=merged_ids,
        )

        merge.additional_properties = d
        return merge

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
