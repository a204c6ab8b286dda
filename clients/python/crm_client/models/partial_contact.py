from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_blockers_enum import CallBlockersEnum
from ..models.lead_status_enum import LeadStatusEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.partial_contact_custom_fields import PartialContactCustomFields


T = TypeVar("T", bound="PartialContact")


@_attrs_define
class PartialContact:
    """A contact as lists and GET answer it. With `fields`, each record carries only the fields named, and `id`: its schema
    requires no other. Without, every field is present.

        Attributes:
            id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
            team_id (str | Unset):  Example: team_01h455vb4pex5vsknk084sn02q.
            company_id (None | str | Unset):  Example: comp_01h455vb4pex5vsknk084sn02q.
            first_name (str | Unset):
            last_name (str | Unset):
            email (None | str | Unset):
            phone (None | str | Unset):
            phone_secondary (None | str | Unset):
            job_title (None | str | Unset):
            lead_status (LeadStatusEnum | Unset): * `new` - New
                * `contacted` - Contacted
                * `qualified` - Qualified
                * `unqualified` - Unqualified
                * `converted` - Converted
            source (None | str | Unset):
            timezone (None | str | Unset):
            preferred_contact_method (None | str | Unset):
            do_not_call (bool | Unset):
            notes (None | str | Unset):
            custom_fields (PartialContactCustomFields | Unset):
            tags (list[str] | Unset):
            external_id (None | str | Unset): The caller's own ID for this person; unique among the team's live contacts.
            time_zones (list[str] | Unset): The IANA zones of the contact's local time: its `timezone`, or else the zones
                its phone number belongs to (calls must fall inside the window in each); empty when neither tells, and the
                team's default zone applies.
            last_called_at (datetime.datetime | None | Unset):
            call_count (int | Unset):
            call_blockers (list[CallBlockersEnum] | Unset): Why the contact may not be called, whatever the hour:
                `no_phone`, `do_not_call` (its flag), `number_on_do_not_call_list` (its phone or secondary phone is on the
                team's registry), `archived`, `max_attempts_reached`. Empty when none.
            next_callable_at (datetime.datetime | None | Unset): The next instant (now, if callable now) at which the team's
                calling hours and days in the contact's local time, the minimum gap since its last call and the maximum attempts
                allow a call; null when none ever will (no phone, do-not-call, archived, maximum attempts reached, or local
                windows that never meet).
            created_at (datetime.datetime | Unset):
            updated_at (datetime.datetime | Unset):
            archived_at (datetime.datetime | None | Unset):
            merged_into_id (None | str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
    """

    id: str
    team_id: str | Unset = UNSET
    company_id: None | str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    phone_secondary: None | str | Unset = UNSET
    job_title: None | str | Unset = UNSET
    lead_status: LeadStatusEnum | Unset = UNSET
    source: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    preferred_contact_method: None | str | Unset = UNSET
    do_not_call: bool | Unset = UNSET
    notes: None | str | Unset = UNSET
    custom_fields: PartialContactCustomFields | Unset = UNSET
    tags: list[str] | Unset = UNSET
    external_id: None | str | Unset = UNSET
    time_zones: list[str] | Unset = UNSET
    last_called_at: datetime.datetime | None | Unset = UNSET
    call_count: int | Unset = UNSET
    call_blockers: list[CallBlockersEnum] | Unset = UNSET
    next_callable_at: datetime.datetime | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    archived_at: datetime.datetime | None | Unset = UNSET
    merged_into_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        team_id = self.team_id

        company_id: None | str | Unset
        if isinstance(self.company_id, Unset):
            company_id = UNSET
        else:
            company_id = self.company_id

        first_name = self.first_name

        last_name = self.last_name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        phone_secondary: None | str | Unset
        if isinstance(self.phone_secondary, Unset):
            phone_secondary = UNSET
        else:
            phone_secondary = self.phone_secondary

        job_title: None | str | Unset
        if isinstance(self.job_title, Unset):
            job_title = UNSET
        else:
            job_title = self.job_title

        lead_status: str | Unset = UNSET
        if not isinstance(self.lead_status, Unset):
            lead_status = self.lead_status.value

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        preferred_contact_method: None | str | Unset
        if isinstance(self.preferred_contact_method, Unset):
            preferred_contact_method = UNSET
        else:
            preferred_contact_method = self.preferred_contact_method

        do_not_call = self.do_not_call

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        custom_fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.custom_fields, Unset):
            custom_fields = self.custom_fields.to_dict()

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        time_zones: list[str] | Unset = UNSET
        if not isinstance(self.time_zones, Unset):
            time_zones = self.time_zones

        last_called_at: None | str | Unset
        if isinstance(self.last_called_at, Unset):
            last_called_at = UNSET
        elif isinstance(self.last_called_at, datetime.datetime):
            last_called_at = self.last_called_at.isoformat()
        else:
            last_called_at = self.last_called_at

        call_count = self.call_count

        call_blockers: list[str] | Unset = UNSET
        if not isinstance(self.call_blockers, Unset):
            call_blockers = []
            for call_blockers_item_data in self.call_blockers:
                call_blockers_item = call_blockers_item_data.value
                call_blockers.append(call_blockers_item)

        next_callable_at: None | str | Unset
        if isinstance(self.next_callable_at, Unset):
            next_callable_at = UNSET
        elif isinstance(self.next_callable_at, datetime.datetime):
            next_callable_at = self.next_callable_at.isoformat()
        else:
            next_callable_at = self.next_callable_at

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        archived_at: None | str | Unset
        if isinstance(self.archived_at, Unset):
            archived_at = UNSET
        elif isinstance(self.archived_at, datetime.datetime):
            archived_at = self.archived_at.isoformat()
        else:
            archived_at = self.archived_at

        merged_into_id: None | str | Unset
        if isinstance(self.merged_into_id, Unset):
            merged_into_id = UNSET
        else:
            merged_into_id = self.merged_into_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if team_id is not UNSET:
            field_dict["team_id"] = team_id
        if company_id is not UNSET:
            field_dict["company_id"] = company_id
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if phone_secondary is not UNSET:
            field_dict["phone_secondary"] = phone_secondary
        if job_title is not UNSET:
            field_dict["job_title"] = job_title
        if lead_status is not UNSET:
            field_dict["lead_status"] = lead_status
        if source is not UNSET:
            field_dict["source"] = source
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if preferred_contact_method is not UNSET:
            field_dict["preferred_contact_method"] = preferred_contact_method
        if do_not_call is not UNSET:
            field_dict["do_not_call"] = do_not_call
        if notes is not UNSET:
            field_dict["notes"] = notes
        if custom_fields is not UNSET:
            field_dict["custom_fields"] = custom_fields
        if tags is not UNSET:
            field_dict["tags"] = tags
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if time_zones is not UNSET:
            field_dict["time_zones"] = time_zones
        if last_called_at is not UNSET:
            field_dict["last_called_at"] = last_called_at
        if call_count is not UNSET:
            field_dict["call_count"] = call_count
        if call_blockers is not UNSET:
            field_dict["call_blockers"] = call_blockers
        if next_callable_at is not UNSET:
            field_dict["next_callable_at"] = next_callable_at
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if archived_at is not UNSET:
            field_dict["archived_at"] = archived_at
        if merged_into_id is not UNSET:
            field_dict["merged_into_id"] = merged_into_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partial_contact_custom_fields import PartialContactCustomFields  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        team_id = d.pop("team_id", UNSET)

        def _parse_company_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_id = _parse_company_id(d.pop("company_id", UNSET))

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_phone_secondary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_secondary = _parse_phone_secondary(d.pop("phone_secondary", UNSET))

        def _parse_job_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        job_title = _parse_job_title(d.pop("job_title", UNSET))

        _lead_status = d.pop("lead_status", UNSET)
        lead_status: LeadStatusEnum | Unset
        if isinstance(_lead_status, Unset):
            lead_status = UNSET
        else:
            lead_status = LeadStatusEnum(_lead_status)

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_preferred_contact_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preferred_contact_method = _parse_preferred_contact_method(d.pop("preferred_contact_method", UNSET))

        do_not_call = d.pop("do_not_call", UNSET)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        _custom_fields = d.pop("custom_fields", UNSET)
        custom_fields: PartialContactCustomFields | Unset
        if isinstance(_custom_fields, Unset):
            custom_fields = UNSET
        else:
            custom_fields = PartialContactCustomFields.from_dict(_custom_fields)

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        time_zones = cast(list[str], d.pop("time_zones", UNSET))

        def _parse_last_called_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_called_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_called_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_called_at = _parse_last_called_at(d.pop("last_called_at", UNSET))

        call_count = d.pop("call_count", UNSET)

        _call_blockers = d.pop("call_blockers", UNSET)
        call_blockers: list[CallBlockersEnum] | Unset = UNSET
        if _call_blockers is not UNSET:
            call_blockers = []
            for call_blockers_item_data in _call_blockers:
                call_blockers_item = CallBlockersEnum(call_blockers_item_data)

                call_blockers.append(call_blockers_item)

        def _parse_next_callable_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_callable_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_callable_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_callable_at = _parse_next_callable_at(d.pop("next_callable_at", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        def _parse_archived_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                archived_at_type_0 = datetime.datetime.fromisoformat(data)

                return archived_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        archived_at = _parse_archived_at(d.pop("archived_at", UNSET))

        def _parse_merged_into_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merged_into_id = _parse_merged_into_id(d.pop("merged_into_id", UNSET))

        partial_contact = cls(
            id=id,
            team_id=team_id,
            company_id=company_id,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            phone_secondary=phone_secondary,
            job_title=job_title,
            lead_status=lead_status,
            source=source,
            timezone=timezone,
            preferred_contact_method=preferred_contact_method,
            do_not_call=do_not_call,
            notes=notes,
            custom_fields=custom_fields,
            tags=tags,
            external_id=external_id,
            time_zones=time_zones,
            last_called_at=last_called_at,
            call_count=call_count,
            call_blockers=call_blockers,
            next_callable_at=next_callable_at,
            created_at=created_at,
            updated_at=updated_at,
            archived_at=archived_at,
            merged_into_id=merged_into_id,
        )

        partial_contact.additional_properties = d
        return partial_contact

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
