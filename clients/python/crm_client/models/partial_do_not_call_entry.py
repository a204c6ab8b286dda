from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_enum import SourceEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartialDoNotCallEntry")


@_attrs_define
class PartialDoNotCallEntry:
    """A do-not-call entry as lists and GET answer it. With `fields`, each record carries only the fields named, and `id`:
    its schema requires no other. Without, every field is present.

        Attributes:
            id (str):  Example: dnc_01h455vb4pex5vsknk084sn02q.
            team_id (str | Unset):  Example: team_01h455vb4pex5vsknk084sn02q.
            number (str | Unset): E.164.
            reason (None | str | Unset):
            source (SourceEnum | Unset): * `api` - API
                * `admin` - Admin
                * `import` - Import
                * `call` - Call
                * `contact` - Contact's do-not-call flag
            added_by (None | str | Unset): Who added it, directly or by writing the contact or call it came from: `API token
                <name> (crm_…)` or `staff user <name>`; null for an import.
            call_id (None | str | Unset):  Example: call_01h455vb4pex5vsknk084sn02q.
            contact_id (None | str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
            created_at (datetime.datetime | Unset):
            removed_at (datetime.datetime | None | Unset):
    """

    id: str
    team_id: str | Unset = UNSET
    number: str | Unset = UNSET
    reason: None | str | Unset = UNSET
    source: SourceEnum | Unset = UNSET
    added_by: None | str | Unset = UNSET
    call_id: None | str | Unset = UNSET
    contact_id: None | str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    removed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        team_id = self.team_id

        number = self.number

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        added_by: None | str | Unset
        if isinstance(self.added_by, Unset):
            added_by = UNSET
        else:
            added_by = self.added_by

        call_id: None | str | Unset
        if isinstance(self.call_id, Unset):
            call_id = UNSET
        else:
            call_id = self.call_id

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        removed_at: None | str | Unset
        if isinstance(self.removed_at, Unset):
            removed_at = UNSET
        elif isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if team_id is not UNSET:
            field_dict["team_id"] = team_id
        if number is not UNSET:
            field_dict["number"] = number
        if reason is not UNSET:
            field_dict["reason"] = reason
        if source is not UNSET:
            field_dict["source"] = source
        if added_by is not UNSET:
            field_dict["added_by"] = added_by
        if call_id is not UNSET:
            field_dict["call_id"] = call_id
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if removed_at is not UNSET:
            field_dict["removed_at"] = removed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        team_id = d.pop("team_id", UNSET)

        number = d.pop("number", UNSET)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        _source = d.pop("source", UNSET)
        source: SourceEnum | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = SourceEnum(_source)

        def _parse_added_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        added_by = _parse_added_by(d.pop("added_by", UNSET))

        def _parse_call_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        call_id = _parse_call_id(d.pop("call_id", UNSET))

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        def _parse_removed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = datetime.datetime.fromisoformat(data)

                return removed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        removed_at = _parse_removed_at(d.pop("removed_at", UNSET))

        partial_do_not_call_entry = cls(
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

        partial_do_not_call_entry.additional_properties = d
        return partial_do_not_call_entry

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
