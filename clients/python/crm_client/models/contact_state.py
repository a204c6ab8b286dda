from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_status_enum import LeadStatusEnum

if TYPE_CHECKING:
    from ..models.contact_state_custom_fields import ContactStateCustomFields


T = TypeVar("T", bound="ContactState")


@_attrs_define
class ContactState:
    """A contact as the list renders it, from an event's row: without the fields worked out
    from other records and the clock (`time_zones`, `call_blockers`, `next_callable_at`),
    which describe now, not the contact after that change.

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
            custom_fields (ContactStateCustomFields):
            tags (list[str]):
            external_id (None | str): The caller's own ID for this person; unique among the team's live contacts.
            last_called_at (datetime.datetime | None):
            call_count (int):
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
    custom_fields: ContactStateCustomFields
    tags: list[str]
    external_id: None | str
    last_called_at: datetime.datetime | None
    call_count: int
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

        last_called_at: None | str
        if isinstance(self.last_called_at, datetime.datetime):
            last_called_at = self.last_called_at.isoformat()
        else:
            last_called_at = self.last_called_at

        call_count = self.call_count

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
                "last_called_at": last_called_at,
                "call_count": call_count,
                "created_at": created_at,
                "updated_at": updated_at,
                "archived_at": archived_at,
                "merged_into_id": merged_into_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_state_custom_fields import ContactStateCustomFields  # noqa: PLC0415

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

        custom_fields = ContactStateCustomFields.from_dict(d.pop("custom_fields"))

        tags = cast(list[str], d.pop("tags"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

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

        contact_state = cls(
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
            last_called_at=last_called_at,
            call_count=call_count,
            created_at=created_at,
            updated_at=updated_at,
            archived_at=archived_at,
            merged_into_id=merged_into_id,
        )

        contact_state.additional_properties = d
        return contact_state

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
