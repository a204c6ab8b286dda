from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail_fields import ErrorDetailFields
    from ..models.error_detail_results_item import ErrorDetailResultsItem


T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """What went wrong.

    Attributes:
        code (str): A stable, machine-readable code. New codes may be added: take an unknown one by its HTTP status.
            Today's: `validation_error`, `invalid_json`, `bad_request`, `not_authenticated`, `invalid_token`,
            `team_deactivated`, `not_found`, `method_not_allowed`, `not_acceptable`, `conflict`, `batch_failed`,
            `cursor_expired`, `contact_merged`, `length_required`, `precondition_failed`, `payload_too_large`,
            `uri_too_long`, `unsupported_media_type`, `idempotency_key_reused`, `rate_limited`, `server_error`,
            `service_unavailable`, `https_required`. Example: validation_error.
        message (str): A sentence for the person reading the logs.
        fields (ErrorDetailFields): Each bad request field or parameter, as the client spelled it (`.` for nesting),
            with its messages. Empty when no field is to blame.
        existing_id (None | str | Unset): 409 only: the record this one clashes with.
        existing_ids (list[str] | Unset): 409 only: the records that all match an upsert's key.
        contact_count (int | Unset): 409 only: the live contacts that keep a company from deletion.
        archived_at (datetime.datetime | Unset): 409 only: when the record that cannot be changed was archived.
        results (list[ErrorDetailResultsItem] | Unset): `batch_failed` only: each failed operation, `{index, status,
            error}`.
        merged_into_id (str | Unset): 410 `contact_merged` only: the contact it was merged into.
    """

    code: str
    message: str
    fields: ErrorDetailFields
    existing_id: None | str | Unset = UNSET
    existing_ids: list[str] | Unset = UNSET
    contact_count: int | Unset = UNSET
    archived_at: datetime.datetime | Unset = UNSET
    results: list[ErrorDetailResultsItem] | Unset = UNSET
    merged_into_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        fields = self.fields.to_dict()

        existing_id: None | str | Unset
        if isinstance(self.existing_id, Unset):
            existing_id = UNSET
        else:
            existing_id = self.existing_id

        existing_ids: list[str] | Unset = UNSET
        if not isinstance(self.existing_ids, Unset):
            existing_ids = self.existing_ids

        contact_count = self.contact_count

        archived_at: str | Unset = UNSET
        if not isinstance(self.archived_at, Unset):
            archived_at = self.archived_at.isoformat()

        results: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = []
            for results_item_data in self.results:
                results_item = results_item_data.to_dict()
                results.append(results_item)

        merged_into_id = self.merged_into_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "fields": fields,
            }
        )
        if existing_id is not UNSET:
            field_dict["existing_id"] = existing_id
        if existing_ids is not UNSET:
            field_dict["existing_ids"] = existing_ids
        if contact_count is not UNSET:
            field_dict["contact_count"] = contact_count
        if archived_at is not UNSET:
            field_dict["archived_at"] = archived_at
        if results is not UNSET:
            field_dict["results"] = results
        if merged_into_id is not UNSET:
            field_dict["merged_into_id"] = merged_into_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail_fields import ErrorDetailFields  # noqa: PLC0415
        from ..models.error_detail_results_item import ErrorDetailResultsItem  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        fields = ErrorDetailFields.from_dict(d.pop("fields"))

        def _parse_existing_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        existing_id = _parse_existing_id(d.pop("existing_id", UNSET))

        existing_ids = cast(list[str], d.pop("existing_ids", UNSET))

        contact_count = d.pop("contact_count", UNSET)

        _archived_at = d.pop("archived_at", UNSET)
        archived_at: datetime.datetime | Unset
        if isinstance(_archived_at, Unset):
            archived_at = UNSET
        else:
            archived_at = datetime.datetime.fromisoformat(_archived_at)

        _results = d.pop("results", UNSET)
        results: list[ErrorDetailResultsItem] | Unset = UNSET
        if _results is not UNSET:
            results = []
            for results_item_data in _results:
                results_item = ErrorDetailResultsItem.from_dict(results_item_data)

                results.append(results_item)

        merged_into_id = d.pop("merged_into_id", UNSET)

        error_detail = cls(
            code=code,
            message=message,
            fields=fields,
            existing_id=existing_id,
            existing_ids=existing_ids,
            contact_count=contact_count,
            archived_at=archived_at,
            results=results,
            merged_into_id=merged_into_id,
        )

        error_detail.additional_properties = d
        return error_detail

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
