from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_blockers_enum import CallBlockersEnum
from ..models.lead_status_enum import LeadStatusEnum

if TYPE_CHECKING:
    from ..models.contact_custom_fields import ContactCustomFields


T = TypeVar("T", bound="Contact")


@_attrs_define
class Contact:
    """A contact as the API answers it: snake_case, every field present.

    Attributes:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        company_id (None | str):  Example: comp_01h455vb4pex5vsknk084sn02q.
        first_name (str):
        last_name (str):
        email (None | str):
        phone (None | str):
        phone_secondary (None | str):
        job_title (None | str):
        lead_status (LeadStatusEnum): * `new` - New
            * `contacted` - Contacted
            * `qualified` - Qualified
            * `unqualified` - Unqualified
            * `converted` - Converted
        source (None | str):
        timezone (None | str):
        preferred_contact_method (None | str):
        do_not_call (bool):
        notes (None | str):
        custom_fields (ContactCustomFields):
        tags (list[str]):
        external_id (None | str): The caller's own ID for this person; unique among the team's live contacts.
        time_zones (list[str]): The IANA zones of the contact's local time: its `timezone`, or else the zones its phone
            number belongs to (calls must fall inside the window in each); empty when neither tells, and the team's default
            zone applies.
        last_called_at (datetime.datetime | None):
        call_count (int):
        call_blockers (list[CallBlockersEnum]): Why the contact may not be called, whatever the hour: `no_phone`,
            `do_not_call` (its flag), `number_on_do_not_call_list` (its phone or secondary phone is on the team's registry),
            `archived`, `max_attempts_reached`. Empty when none.
        next_callable_at (datetime.datetime | None): The next instant (now, if callable now) at which the team's calling
            hours and days in the contact's local time, the minimum gap since its last call and the maximum attempts allow a
            call; null when none ever will (no phone, do-not-call, archived, maximum attempts reached, or local windows that
            never meet).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        archived_at (datetime.datetime | None):
        merged_into_id (None | str):  Example: cont_01h455vb4pex5vsknk084sn02q.
    """

    id: str
    team_id: str
    company_id: None | str
    first_name: str
    last_name: str
    email: None | str
    phone: None | str
    phone_secondary: None | str
    job_title: None | str
    lead_status: LeadStatusEnum
    source: None | str
    timezone: None | str
    preferred_contact_method: None | str
    do_not_call: bool
    notes: None | str
    custom_fields: ContactCustomFields
    tags: list[str]
    external_id: None | str
    time_zones: list[str]
    last_called_at: datetime.datetime | None
    call_count: int
    call_blockers: list[CallBlockersEnum]
    next_callable_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None
    merged_into_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        team_id = self.team_id

        company_id: None | str
        company_id = self.company_id

        first_name = self.first_name

        last_name = self.last_name

        email: None | str
        email = self.email

        phone: None | str
        phone = self.phone

        phone_secondary: None | str
        phone_secondary = self.phone_secondary

        job_title: None | str
        job_title = self.job_title

        lead_status = self.lead_status.value

        source: None | str
        source = self.source

        timezone: None | str
        timezone = self.timezone

        preferred_contact_method: None | str
        preferred_contact_method = self.preferred_contact_method

        do_not_call = self.do_not_call

        notes: None | str
        notes = self.notes

        custom_fields = self.custom_fields.to_dict()

        tags = self.tags

        external_id: None | str
        external_id = self.external_id

        time_zones = self.time_zones

        last_called_at: None | str
        if isinstance(self.last_called_at, datetime.datetime):
            last_called_at = self.last_called_at.isoformat()
        else:
            last_called_at = self.last_called_at

        call_count = self.call_count

        call_blockers = []
        for call_blockers_item_data in self.call_blockers:
            call_blockers_item = call_blockers_item_data.value
            call_blockers.append(call_blockers_item)

        next_callable_at: None | str
        if isinstance(self.next_callable_at, datetime.datetime):
            next_callable_at = self.next_callable_at.isoformat()
        else:
            next_callable_at = self.next_callable_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        archived_at: None | str
        if isinstance(self.archived_at, datetime.datetime):
            archived_at = self.archived_at.isoformat()
        else:
            archived_at = self.archived_at

        merged_into_id: None | str
        merged_into_id = self.merged_into_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "team_id": team_id,
                "company_id": company_id,
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "phone": phone,
                "phone_secondary": phone_secondary,
                "job_title": job_title,
                "lead_status": lead_status,
                "source": source,
                "timezone": timezone,
                "preferred_contact_method": preferred_contact_method,
                "do_not_call": do_not_call,
                "notes": notes,
                "custom_fields": custom_fields,
                "tags": tags,
                "external_id": external_id,
                "time_zones": time_zones,
                "last_called_at": last_called_at,
                "call_count": call_count,
                "call_blockers": call_blockers,
                "next_callable_at": next_callable_at,
                "created_at": created_at,
                "updated_at": updated_at,
                "archived_at": archived_at,
                "merged_into_id": merged_into_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_custom_fields import ContactCustomFields  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        team_id = d.pop("team_id")

        def _parse_company_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        company_id = _parse_company_id(d.pop("company_id"))

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_phone_secondary(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone_secondary = _parse_phone_secondary(d.pop("phone_secondary"))

        def _parse_job_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_title = _parse_job_title(d.pop("job_title"))

        lead_status = LeadStatusEnum(d.pop("lead_status"))

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        def _parse_timezone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        timezone = _parse_timezone(d.pop("timezone"))

        def _parse_preferred_contact_method(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        preferred_contact_method = _parse_preferred_contact_method(d.pop("preferred_contact_method"))

        do_not_call = d.pop("do_not_call")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        custom_fields = ContactCustomFields.from_dict(d.pop("custom_fields"))

        tags = cast(list[str], d.pop("tags"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        time_zones = cast(list[str], d.pop("time_zones"))

        def _parse_last_called_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_called_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_called_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_called_at = _parse_last_called_at(d.pop("last_called_at"))

        call_count = d.pop("call_count")

        call_blockers = []
        _call_blockers = d.pop("call_blockers")
        for call_blockers_item_data in _call_blockers:
            call_blockers_item = CallBlockersEnum(call_blockers_item_data)

            call_blockers.append(call_blockers_item)

        def _parse_next_callable_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_callable_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_callable_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_callable_at = _parse_next_callable_at(d.pop("next_callable_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_archived_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                archived_at_type_0 = datetime.datetime.fromisoformat(data)

                return archived_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        archived_at = _parse_archived_at(d.pop("archived_at"))

        def _parse_merged_into_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merged_into_id = _parse_merged_into_id(d.pop("merged_into_id"))

        contact = cls(
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

        contact.additional_properties = d
        return contact

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
