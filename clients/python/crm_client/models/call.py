from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_lead_status_set import CallLeadStatusSet
from ..models.outcome_enum import OutcomeEnum

if TYPE_CHECKING:
    from ..models.call_extracted_fields import CallExtractedFields


T = TypeVar("T", bound="Call")


@_attrs_define
class Call:
    """A recorded call as the API answers it.

    Attributes:
        id (str):  Example: call_01h455vb4pex5vsknk084sn02q.
        contact_id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        campaign_id (str):
        phone_number (None | str):
        started_at (datetime.datetime):
        duration_seconds (int):
        outcome (OutcomeEnum): * `answered` - Answered
            * `voicemail` - Voicemail
            * `no_answer` - No answer
            * `busy` - Busy
            * `failed` - Failed
            * `opted_out` - Opted out
        summary (None | str):
        extracted_fields (CallExtractedFields):
        lead_status (CallLeadStatusSet | None): * `new` - New
            * `contacted` - Contacted
            * `qualified` - Qualified
            * `unqualified` - Unqualified
            * `converted` - Converted
        created_at (datetime.datetime):
    """

    id: str
    contact_id: str
    campaign_id: str
    phone_number: None | str
    started_at: datetime.datetime
    duration_seconds: int
    outcome: OutcomeEnum
    summary: None | str
    extracted_fields: CallExtractedFields
    lead_status: CallLeadStatusSet | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        contact_id = self.contact_id

        campaign_id = self.campaign_id

        phone_number: None | str
        phone_number = self.phone_number

        started_at = self.started_at.isoformat()

        duration_seconds = self.duration_seconds

        outcome = self.outcome.value

        summary: None | str
        summary = self.summary

        extracted_fields = self.extracted_fields.to_dict()

        lead_status: None | str
        if isinstance(self.lead_status, CallLeadStatusSet):
            lead_status = self.lead_status.value
        else:
            lead_status = self.lead_status

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "contact_id": contact_id,
                "campaign_id": campaign_id,
                "phone_number": phone_number,
                "started_at": started_at,
                "duration_seconds": duration_seconds,
                "outcome": outcome,
                "summary": summary,
                "extracted_fields": extracted_fields,
                "lead_status": lead_status,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_extracted_fields import CallExtractedFields  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        contact_id = d.pop("contact_id")

        campaign_id = d.pop("campaign_id")

        def _parse_phone_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone_number = _parse_phone_number(d.pop("phone_number"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        duration_seconds = d.pop("duration_seconds")

        outcome = OutcomeEnum(d.pop("outcome"))

        def _parse_summary(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        summary = _parse_summary(d.pop("summary"))

        extracted_fields = CallExtractedFields.from_dict(d.pop("extracted_fields"))

        def _parse_lead_status(data: object) -> CallLeadStatusSet | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lead_status_type_1 = CallLeadStatusSet(data)

                return lead_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallLeadStatusSet | None, data)

        lead_status = _parse_lead_status(d.pop("lead_status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        call = cls(
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

        call.additional_properties = d
        return call

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
