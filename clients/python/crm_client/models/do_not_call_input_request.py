from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DoNotCallInputRequest")


@_attrs_define
class DoNotCallInputRequest:
    """The body of `POST /api/crm/do-not-call`.

    Attributes:
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        numbers (list[str]): 1 to 1,000 phone numbers, each in any format a contact's phone takes (international, with
            `+`). One bad number and nothing is written: every bad one is named (`numbers.3`).
        reason (None | str | Unset): Why these numbers must not be called.
    """

    team_id: str
    numbers: list[str]
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        team_id = self.team_id

        numbers = self.numbers

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "teamId": team_id,
                "numbers": numbers,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        team_id = d.pop("teamId")

        numbers = cast(list[str], d.pop("numbers"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        do_not_call_input_request = cls(
            team_id=team_id,
            numbers=numbers,
            reason=reason,
        )

        return do_not_call_input_request
