from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.calling_days_enum import CallingDaysEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedTeamUpdateRequest")


@_attrs_define
class PatchedTeamUpdateRequest:
    """The body of `PATCH /api/crm/team`: only the fields sent change.

    Attributes:
        calling_hours_start (str | Unset): Local time from which calls may start, `HH:MM` (default 08:00). Example:
            08:00.
        calling_hours_end (str | Unset): Local time at which calls must stop, `HH:MM`, later than the start (default
            21:00). Example: 08:00.
        calling_days (list[CallingDaysEnum] | Unset): Days of the week on which calls may be made: `mon` ... `sun`
            (default every day).
        min_call_gap_minutes (int | Unset): Minutes after a call to a contact before the next may start (0: none).
        max_call_attempts (int | None | Unset): Calls after which a contact is no longer called; null: no limit.
        default_timezone (str | Unset): IANA zone of a contact whose time zone and phone number tell none.
    """

    calling_hours_start: str | Unset = UNSET
    calling_hours_end: str | Unset = UNSET
    calling_days: list[CallingDaysEnum] | Unset = UNSET
    min_call_gap_minutes: int | Unset = UNSET
    max_call_attempts: int | None | Unset = UNSET
    default_timezone: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        field_dict.update({})
        if calling_hours_start is not UNSET:
            field_dict["callingHoursStart"] = calling_hours_start
        if calling_hours_end is not UNSET:
            field_dict["callingHoursEnd"] = calling_hours_end
        if calling_days is not UNSET:
            field_dict["callingDays"] = calling_days
        if min_call_gap_minutes is not UNSET:
            field_dict["minCallGapMinutes"] = min_call_gap_minutes
        if max_call_attempts is not UNSET:
            field_dict["maxCallAttempts"] = max_call_attempts
        if default_timezone is not UNSET:
            field_dict["defaultTimezone"] = default_timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        calling_hours_start = d.pop("callingHoursStart", UNSET)

        calling_hours_end = d.pop("callingHoursEnd", UNSET)

        _calling_days = d.pop("callingDays", UNSET)
        calling_days: list[CallingDaysEnum] | Unset = UNSET
        if _calling_days is not UNSET:
            calling_days = []
            for calling_days_item_data in _calling_days:
                calling_days_item = CallingDaysEnum(calling_days_item_data)

                calling_days.append(calling_days_item)

        min_call_gap_minutes = d.pop("minCallGapMinutes", UNSET)

        def _parse_max_call_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_call_attempts = _parse_max_call_attempts(d.pop("maxCallAttempts", UNSET))

        default_timezone = d.pop("defaultTimezone", UNSET)

        patched_team_update_request = cls(
            calling_hours_start=calling_hours_start,
            calling_hours_end=calling_hours_end,
            calling_days=calling_days,
            min_call_gap_minutes=min_call_gap_minutes,
            max_call_attempts=max_call_attempts,
            default_timezone=default_timezone,
        )

        return patched_team_update_request
