from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome_enum import OutcomeEnum
from ..models.partial_call_lead_status_set import PartialCallLeadStatusSet
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.partial_call_extracted_fields import PartialCallExtractedFields


T = TypeVar("T", bound="PartialCall")


@_attrs_define
class PartialCall:
    """A call as lists and GET answer it. With `fields`, each record carries only the fields named, and `id`: its schema
    requires no other. Without, every field is present.

        Attributes:
            id (str):  Example: call_01h455vb4pex5vsknk084sn02q.
            contact_id (str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
            campaign_id (str | Unset):
            phone_number (None | str | Unset):
            started_at (datetime.datetime | Unset):
            duration_seconds (int | Unset):
            outcome (OutcomeEnum | Unset): * `answered` - Answered
                * `voicemail` - Voicemail
                * `no_answer` - No answer
                * `busy` - Busy
                * `failed` - Failed
                * `opted_out` - Opted out
            summary (None | str | Unset):
            extracted_fields (PartialCallExtractedFields | Unset):
            lead_status (None | PartialCallLeadStatusSet | Unset): * `new` - New
                * `contacted` - Contacted
                * `qualified` - Qualified
                * `unqualified` - Unqualified
                * `converted` - Converted
            created_at (datetime.datetime | Unset):
    """

    id: str
    contact_id: str | Unset = UNSET
    campaign_id: str | Unset = UNSET
    phone_number: None | str | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    duration_seconds: int | Unset = UNSET
    outcome: OutcomeEnum | Unset = UNSET
    summary: None | str | Unset = UNSET
    extracted_fields: PartialCallExtractedFields | Unset = UNSET
    lead_status: None | PartialCallLeadStatusSet | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        contact_id = self.contact_id

        campaign_id = self.campaign_id

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        duration_seconds = self.duration_seconds

        outcome: str | Unset = UNSET
        if not isinstance(self.outcome, Unset):
            outcome = self.outcome.value

        summary: None | str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary

        extracted_fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extracted_fields, Unset):
            extracted_fields = self.extracted_fields.to_dict()

        lead_status: None | str | Unset
        if isinstance(self.lead_status, Unset):
            lead_status = UNSET
        elif isinstance(self.lead_status, PartialCallLeadStatusSet):
            lead_status = self.lead_status.value
        else:
            lead_status = self.lead_status

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if summary is not UNSET:
            field_dict["summary"] = summary
        if extracted_fields is not UNSET:
            field_dict["extracted_fields"] = extracted_fields
        if lead_status is not UNSET:
            field_dict["lead_status"] = lead_status
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partial_call_extracted_fields import PartialCallExtractedFields  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        contact_id = d.pop("contact_id", UNSET)

        campaign_id = d.pop("campaign_id", UNSET)

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phone_number", UNSET))

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        duration_seconds = d.pop("duration_seconds", UNSET)

        _outcome = d.pop("outcome", UNSET)
        outcome: OutcomeEnum | Unset
        if isinstance(_outcome, Unset):
            outcome = UNSET
        else:
            outcome = OutcomeEnum(_outcome)

        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        _extracted_fields = d.pop("extracted_fields", UNSET)
        extracted_fields: PartialCallExtractedFields | Unset
        if isinstance(_extracted_fields, Unset):
            extracted_fields = UNSET
        else:
            extracted_fields = PartialCallExtractedFields.from_dict(_extracted_fields)

        def _parse_lead_status(data: object) -> None | PartialCallLeadStatusSet | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lead_status_type_1 = PartialCallLeadStatusSet(data)

                return lead_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PartialCallLeadStatusSet | Unset, data)

        lead_status = _parse_lead_status(d.pop("lead_status", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        partial_call = cls(
            id=id,
            contact_id=contact_id,
            campaign_id=campaign_id,
            phone_number=phone_number,
            started_at=started_at,
            duration_seconds=duration_seconds,
            outcome=outcome,
            summary=summary,
            extracted_fields=extracted_fields,
            lead_status=lead_status,
            created_at=created_at,
        )

        partial_call.additional_properties = d
        return partial_call

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
