from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.history_entry_type_enum import HistoryEntryTypeEnum

if TYPE_CHECKING:
    from ..models.field_change import FieldChange
    from ..models.history_entry_actor_type_0 import HistoryEntryActorType0
    from ..models.history_entry_merge_type_0 import HistoryEntryMergeType0


T = TypeVar("T", bound="HistoryEntry")


@_attrs_define
class HistoryEntry:
    """One change to a record: what, when, who, through what, and the fields it changed.

    Attributes:
        id (int): The entry's number; later entries have larger.
        type_ (HistoryEntryTypeEnum): * `create` - create
            * `update` - update
            * `archive` - archive
            * `restore` - restore
            * `remove` - remove
            * `purge` - purge
        at (datetime.datetime): When the change's transaction started.
        actor (HistoryEntryActorType0 | None): Who made a change.
        path (None | str): The request (`PATCH /api/crm/contacts/...`, an admin page) or the command line that made the
            change.
        call_id (None | str): The recorded call that made the change, if one did.
        changes (list[FieldChange]):
        merge (HistoryEntryMergeType0 | None): The merge the change was part of (contacts only), else null: the
            survivor's and the merged contacts' entries of one merge share it.
    """

    id: int
    type_: HistoryEntryTypeEnum
    at: datetime.datetime
    actor: HistoryEntryActorType0 | None
    path: None | str
    call_id: None | str
    changes: list[FieldChange]
    merge: HistoryEntryMergeType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.history_entry_actor_type_0 import HistoryEntryActorType0  # noqa: PLC0415
        from ..models.history_entry_merge_type_0 import HistoryEntryMergeType0  # noqa: PLC0415

        id = self.id

        type_ = self.type_.value

        at = self.at.isoformat()

        actor: dict[str, Any] | None
        if isinstance(self.actor, HistoryEntryActorType0):
            actor = self.actor.to_dict()
        else:
            actor = self.actor

        path: None | str
        path = self.path

        call_id: None | str
        call_id = self.call_id

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        merge: dict[str, Any] | None
        if isinstance(self.merge, HistoryEntryMergeType0):
            merge = self.merge.to_dict()
        else:
            merge = self.merge

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "at": at,
                "actor": actor,
                "path": path,
                "call_id": call_id,
                "changes": changes,
                "merge": merge,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_change import FieldChange  # noqa: PLC0415
        from ..models.history_entry_actor_type_0 import HistoryEntryActorType0  # noqa: PLC0415
        from ..models.history_entry_merge_type_0 import HistoryEntryMergeType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = HistoryEntryTypeEnum(d.pop("type"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_actor(data: object) -> HistoryEntryActorType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                actor_type_0 = HistoryEntryActorType0.from_dict(data)

                return actor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HistoryEntryActorType0 | None, data)

        actor = _parse_actor(d.pop("actor"))

        def _parse_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        path = _parse_path(d.pop("path"))

        def _parse_call_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        call_id = _parse_call_id(d.pop("call_id"))

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = FieldChange.from_dict(changes_item_data)

            changes.append(changes_item)

        def _parse_merge(data: object) -> HistoryEntryMergeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                merge_type_0 = HistoryEntryMergeType0.from_dict(data)

                return merge_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HistoryEntryMergeType0 | None, data)

        merge = _parse_merge(d.pop("merge"))

        history_entry = cls(
            id=id,
            type_=type_,
            at=at,
            actor=actor,
            path=path,
            call_id=call_id,
            changes=changes,
            merge=merge,
        )

        history_entry.additional_properties = d
        return history_entry

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
