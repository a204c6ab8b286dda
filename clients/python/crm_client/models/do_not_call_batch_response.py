from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.do_not_call_entry import DoNotCallEntry


T = TypeVar("T", bound="DoNotCallBatchResponse")


@_attrs_define
class DoNotCallBatchResponse:
    """
    Attributes:
        success (bool):
        registered (int): Numbers that were not on the registry yet.
        already_registered (int): Numbers that were (their entry is unchanged).
        entries (list[DoNotCallEntry]):
    """

    success: bool
    registered: int
    already_registered: int
    entries: list[DoNotCallEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        registered = self.registered

        already_registered = self.already_registered

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "registered": registered,
                "already_registered": already_registered,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.do_not_call_entry import DoNotCallEntry  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        registered = d.pop("registered")

        already_registered = d.pop("already_registered")

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = DoNotCallEntry.from_dict(entries_item_data)

            entries.append(entries_item)

        do_not_call_batch_response = cls(
            success=success,
            registered=registered,
            already_registered=already_registered,
            entries=entries,
        )

        do_not_call_batch_response.additional_properties = d
        return do_not_call_batch_response

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
