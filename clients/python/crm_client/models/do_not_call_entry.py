from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_enum import SourceEnum

T = TypeVar("T", bound="DoNotCallEntry")


@_attrs_define
class DoNotCallEntry:
    """A number on the team's do-not-call registry, as the API answers it.

    Attributes:
        id (str):  Example: dnc_01h455vb4pex5vsknk084sn02q.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        number (str): E.164.
        reason (None | str):
        source (SourceEnum): * `api` - API
            * `admin` - Admin
            * `import` - Import
            * `call` - Call
            * `contact` - Contact's do-not-call flag
        added_by (None | str): Who added it, directly or by writing the contact or call it came from: `API token <name>
            (crm_…)` or `staff user <name>`; null for an import.
        call_id (None | str):  Example: call_01h455vb4pex5vsknk084sn02q.
        contact_id (None | str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        created_at (datetime.datetime):
        removed_at (datetime.datetime | None):
    """

    id: str
    team_id: str
    number: str
    reason: None | str
    source: SourceEnum
    added_by: None | str
    call_id: None | str
    contact_id: None | str
    created_at: datetime.datetime
    removed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        team_id = self.team_id

        number = self.number

        reason: None | str
        reason = self.reason

        source = self.source.value

        added_by: None | str
        added_by = self.added_by

        call_id: None | str
        call_id = self.call_id

        contact_id: None | str
        contact_id = self.contact_id

        created_at = self.created_at.isoformat()

        removed_at: None | str
        if isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "team_id": team_id,
                "number": number,
                "reason": reason,
                "source": source,
                "added_by": added_by,
                "call_id": call_id,
                "contact_id": contact_id,
                "created_at": created_at,
                "removed_at": removed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        team_id = d.pop("team_id")

        number = d.pop("number")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        source = SourceEnum(d.pop("source"))

        def _parse_added_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        added_by = _parse_added_by(d.pop("added_by"))

        def _parse_call_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        call_id = _parse_call_id(d.pop("call_id"))

        def _parse_contact_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_id = _parse_contact_id(d.pop("contact_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_removed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = datetime.datetime.fromisoformat(data)

                return removed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        removed_at = _parse_removed_at(d.pop("removed_at"))

        do_not_call_entry = cls(
            id=id,
            team_id=team_id,
            number=number,
            reason=reason,
            source=source,
            added_by=added_by,
            call_id=call_id,
            contact_id=contact_id,
            created_at=created_at,
            removed_at=removed_at,
        )

        do_not_call_entry.additional_properties = d
        return do_not_call_entry

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
