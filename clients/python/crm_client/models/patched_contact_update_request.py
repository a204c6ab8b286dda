from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.lead_status_enum import LeadStatusEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patched_contact_update_request_custom_fields import PatchedContactUpdateRequestCustomFields


T = TypeVar("T", bound="PatchedContactUpdateRequest")


@_attrs_define
class PatchedContactUpdateRequest:
    """The body of `PATCH /api/crm/contacts/{id}`: only the fields sent change.

    `customFields` is a merge patch (see contacts.services.update_contact);
    `tags` replaces the list.

        Attributes:
            company_id (str | Unset):  Example: comp_01h455vb4pex5vsknk084sn02q.
            first_name (str | Unset):
            last_name (str | Unset):
            email (None | str | Unset): A valid email address, trimmed, with its domain lower-cased.
            phone (None | str | Unset): The E.164 form of a phone number (`+1 (202) 555-0147` -> `+12025550147`).
            phone_secondary (None | str | Unset): The E.164 form of a phone number (`+1 (202) 555-0147` -> `+12025550147`).
            job_title (None | str | Unset):
            lead_status (LeadStatusEnum | Unset): * `new` - New
                * `contacted` - Contacted
                * `qualified` - Qualified
                * `unqualified` - Unqualified
                * `converted` - Converted
            source (None | str | Unset):
            timezone (None | str | Unset): The canonical spelling of an IANA time zone (`america/chicago` ->
                `America/Chicago`).
            preferred_contact_method (None | str | Unset):
            do_not_call (bool | Unset):
            notes (None | str | Unset):
            custom_fields (PatchedContactUpdateRequestCustomFields | Unset): A JSON object of at most 100 keys and 16 KiB,
                storable in PostgreSQL JSONB.
            tags (list[str] | Unset): Tags trimmed, without blanks, de-duplicated ignoring case (first spelling kept).
            external_id (None | str | Unset): The caller's own ID for this person; unique among the team's live contacts.
    """

    company_id: str | Unset = UNSET
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
    custom_fields: PatchedContactUpdateRequestCustomFields | Unset = UNSET
    tags: list[str] | Unset = UNSET
    external_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if company_id is not UNSET:
            field_dict["companyId"] = company_id
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if phone_secondary is not UNSET:
            field_dict["phoneSecondary"] = phone_secondary
        if job_title is not UNSET:
            field_dict["jobTitle"] = job_title
        if lead_status is not UNSET:
            field_dict["leadStatus"] = lead_status
        if source is not UNSET:
            field_dict["source"] = source
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if preferred_contact_method is not UNSET:
            field_dict["preferredContactMethod"] = preferred_contact_method
        if do_not_call is not UNSET:
            field_dict["doNotCall"] = do_not_call
        if notes is not UNSET:
            field_dict["notes"] = notes
        if custom_fields is not UNSET:
            field_dict["customFields"] = custom_fields
        if tags is not UNSET:
            field_dict["tags"] = tags
        if external_id is not UNSET:
            field_dict["externalId"] = external_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.patched_contact_update_request_custom_fields import PatchedContactUpdateRequestCustomFields  # noqa: PLC0415

        d = dict(src_dict)
        company_id = d.pop("companyId", UNSET)

        first_name = d.pop("firstName", UNSET)

        last_name = d.pop("lastName", UNSET)

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

        phone_secondary = _parse_phone_secondary(d.pop("phoneSecondary", UNSET))

        def _parse_job_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        job_title = _parse_job_title(d.pop("jobTitle", UNSET))

        _lead_status = d.pop("leadStatus", UNSET)
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

        preferred_contact_method = _parse_preferred_contact_method(d.pop("preferredContactMethod", UNSET))

        do_not_call = d.pop("doNotCall", UNSET)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        _custom_fields = d.pop("customFields", UNSET)
        custom_fields: PatchedContactUpdateRequestCustomFields | Unset
        if isinstance(_custom_fields, Unset):
            custom_fields = UNSET
        else:
            custom_fields = PatchedContactUpdateRequestCustomFields.from_dict(_custom_fields)

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("externalId", UNSET))

        patched_contact_update_request = cls(
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
        )

        return patched_contact_update_request
