from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.partial_call import PartialCall


T = TypeVar("T", bound="PartialCallListResponse")


@_attrs_define
class PartialCallListResponse:
    """
    Attributes:
        success (bool):
        calls (list[PartialCall]):
        count (int | None): All matches, before paging; null with `count=false`.
        limit (int): The page size applied.
        offset (int | Unset): The offset applied (paging by offset).
        next_cursor (None | str | Unset): Paging by cursor: pass it as `cursor` for the next page; null on the last
            page.
    """

    success: bool
    calls: list[PartialCall]
    count: int | None
    limit: int
    offset: int | Unset = UNSET
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        calls = []
        for calls_item_data in self.calls:
            calls_item = calls_item_data.to_dict()
            calls.append(calls_item)

        count: int | None
        count = self.count

        limit = self.limit

        offset = self.offset

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "calls": calls,
                "count": count,
                "limit": limit,
            }
        )
        if offset is not UNSET:
            field_dict["offset"] = offset
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partial_call import PartialCall  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        calls = []
        _calls = d.pop("calls")
        for calls_item_data in _calls:
            calls_item = PartialCall.from_dict(calls_item_data)

            calls.append(calls_item)

        def _parse_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        count = _parse_count(d.pop("count"))

        limit = d.pop("limit")

        offset = d.pop("offset", UNSET)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        partial_call_list_response = cls(
            success=success,
            calls=calls,
            count=count,
            limit=limit,
            offset=offset,
            next_cursor=next_cursor,
        )

        partial_call_list_response.additional_properties = d
        return partial_call_list_response

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
