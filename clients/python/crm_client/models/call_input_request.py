from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.call_input_request_lead_status_set import CallInputRequestLeadStatusSet
from ..models.outcome_enum import OutcomeEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_input_request_extracted_fields import CallInputRequestExtractedFields


T = TypeVar("T", bound="CallInputRequest")


@_attrs_define
class CallInputRequest:
    """The body of `POST /api/crm/contacts/{id}/calls`.

    Attributes:
        campaign_id (str):
        started_at (datetime.datetime):
        duration_seconds (int):
        outcome (OutcomeEnum): * `answered` - Answered
            * `voicemail` - Voicemail
            * `no_answer` - No answer
            * `busy` - Busy
            * `failed` - Failed
            * `opted_out` - Opted out
        phone_number (None | str | Unset): The number dialled; by default the contact's phone.
        summary (None | str | Unset):
        extracted_fields (CallInputRequestExtractedFields | Unset): A JSON object of at most 100 keys and 16 KiB,
            storable in PostgreSQL JSONB.
        lead_status (CallInputRequestLeadStatusSet | None | Unset): One of the LeadStatus values, ignoring case and
            spaces.
    """

    campaign_id: str
    started_at: datetime.datetime
    duration_seconds: int
    outcome: OutcomeEnum
    phone_number: None | str | Unset = UNSET
    summary: None | str | Unset = UNSET
    extracted_fields: CallInputRequestExtractedFields | Unset = UNSET
    lead_status: CallInputRequestLeadStatusSet | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        campaign_id = self.campaign_id

        started_at = self.started_at.isoformat()

        duration_seconds = self.duration_seconds

        outcome = self.outcome.value

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

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
        elif isinstance(self.lead_status, CallInputRequestLeadStatusSet):
            lead_status = self.lead_status.value
        else:
            lead_status = self.lead_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "campaignId": campaign_id,
                "startedAt": started_at,
                "durationSeconds": duration_seconds,
                "outcome": outcome,
            }
        )
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if summary is not UNSET:
            field_dict["summary"] = summary
        if extracted_fields is not UNSET:
            field_dict["extractedFields"] = extracted_fields
        if lead_status is not UNSET:
            field_dict["leadStatus"] = lead_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_input_request_extracted_fields import CallInputRequestExtractedFields  # noqa: PLC0415

        d = dict(src_dict)
        campaign_id = d.pop("campaignId")

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        duration_seconds = d.pop("durationSeconds")

        outcome = OutcomeEnum(d.pop("outcome"))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phoneNumber", UNSET))

        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        _extracted_fields = d.pop("extractedFields", UNSET)
        extracted_fields: CallInputRequestExtractedFields | Unset
        if isinstance(_extracted_fields, Unset):
            extracted_fields = UNSET
        else:
            extracted_fields = CallInputRequestExtractedFields.from_dict(_extracted_fields)

        def _parse_lead_status(data: object) -> CallInputRequestLeadStatusSet | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lead_status_type_1 = CallInputRequestLeadStatusSet(data)

                return lead_status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CallInputRequestLeadStatusSet | None | Unset, data)

        lead_status = _parse_lead_status(d.pop("leadStatus", UNSET))

        call_input_request = cls(
            campaign_id=campaign_id,
            started_at=started_at,
            duration_seconds=duration_seconds,
            outcome=outcome,
            phone_number=phone_number,
            summary=summary,
            extracted_fields=extracted_fields,
            lead_status=lead_status,
        )

        return call_input_request
