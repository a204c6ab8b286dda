from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.calling_days_enum import CallingDaysEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartialTeam")


@_attrs_define
class PartialTeam:
    """A team as lists and GET answer it. With `fields`, each record carries only the fields named, and `id`: its schema
    requires no other. Without, every field is present.

        Attributes:
            id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
            name (str | Unset):
            calling_hours_start (str | Unset):  Example: 08:00.
            calling_hours_end (str | Unset):  Example: 08:00.
            calling_days (list[CallingDaysEnum] | Unset): Days on which calls may be made, in the contact's local time.
            min_call_gap_minutes (int | Unset): How long after a call to a contact the next may start; 0: no gap.
            max_call_attempts (int | None | Unset): Calls after which a contact is no longer called; empty: no limit.
            default_timezone (str | Unset): The local time of a contact with no time zone and no phone number that tells
                one.
    """

    id: str
    name: str | Unset = UNSET
    calling_hours_start: str | Unset = UNSET
    calling_hours_end: str | Unset = UNSET
    calling_days: list[CallingDaysEnum] | Unset = UNSET
    min_call_gap_minutes: int | Unset = UNSET
    max_call_attempts: int | None | Unset = UNSET
    default_timezone: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        calling_hours_start = self.calling_hours_start

        calling_hours_end = self.calling_hours_end

        calling_days: list[str] | Unset = UNSET
        if not isinstance(self.calling_days, Unset):
            calling_days = []
            for calling_days_item_data in self.calling_days:
                calling_days_item = calling_days_item_data.value
                calling_days.append(calling_days_item)

        min_call_gap_minutes = self.min_call_gap_minutes

        max_call_attempts: int | None | Unset
        if isinstance(self.max_call_attempts, Unset):
            max_call_attempts = UNSET
        else:
            max_call_attempts = self.max_call_attempts

        default_timezone = self.default_timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if calling_hours_start is not UNSET:
            field_dict["calling_hours_start"] = calling_hours_start
        if calling_hours_end is not UNSET:
            field_dict["calling_hours_end"] = calling_hours_end
        if calling_days is not UNSET:
            field_dict["calling_days"] = calling_days
        if min_call_gap_minutes is not UNSET:
            field_dict["min_call_gap_minutes"] = min_call_gap_minutes
        if max_call_attempts is not UNSET:
            field_dict["max_call_attempts"] = max_call_attempts
        if default_timezone is not UNSET:
            field_dict["default_timezone"] = default_timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        calling_hours_start = d.pop("calling_hours_start", UNSET)

        calling_hours_end = d.pop("calling_hours_end", UNSET)

        _calling_days = d.pop("calling_days", UNSET)
        calling_days: list[CallingDaysEnum] | Unset = UNSET
        if _calling_days is not UNSET:
            calling_days = []
            for calling_days_item_data in _calling_days:
                calling_days_item = CallingDaysEnum(calling_days_item_data)

                calling_days.append(calling_days_item)

        min_call_gap_minutes = d.pop("min_call_gap_minutes", UNSET)

        def _parse_max_call_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_call_attempts = _parse_max_call_attempts(d.pop("max_call_attempts", UNSET))

        default_timezone = d.pop("default_timezone", UNSET)

        partial_team = cls(
            id=id,
            name=name,
            calling_hours_start=calling_hours_start,
            calling_hours_end=calling_hours_end,
            calling_days=calling_days,
            min_call_gap_minutes=min_call_gap_minutes,
            max_call_attempts=max_call_attempts,
            default_timezone=default_timezone,
        )

        partial_team.additional_properties = d
        return partial_team

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
