from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact import Contact
    from ..models.error_detail import ErrorDetail


T = TypeVar("T", bound="ContactBatchResult")


@_attrs_define
class ContactBatchResult:
    """
    Attributes:
        index (int): The operation's place in the request.
        status (int): The status the single endpoint would have answered.
        etag (str | Unset): On success: the ETag.
        location (str | Unset): On a 201: the new record's URL.
        created (bool | Unset): upsert only: whether it created the record.
        contact (Contact | Unset): A contact as the API answers it: snake_case, every field present.
        error (ErrorDetail | Unset): What went wrong.
    """

    index: int
    status: int
    etag: str | Unset = UNSET
    location: str | Unset = UNSET
    created: bool | Unset = UNSET
    contact: Contact | Unset = UNSET
    error: ErrorDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        status = self.status

        etag = self.etag

        location = self.location

        created = self.created

        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "status": status,
            }
        )
        if etag is not UNSET:
            field_dict["etag"] = etag
        if location is not UNSET:
            field_dict["location"] = location
        if created is not UNSET:
            field_dict["created"] = created
        if contact is not UNSET:
            field_dict["contact"] = contact
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact import Contact  # noqa: PLC0415
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        status = d.pop("status")

        etag = d.pop("etag", UNSET)

        location = d.pop("location", UNSET)

        created = d.pop("created", UNSET)

        _contact = d.pop("contact", UNSET)
        contact: Contact | Unset
        if isinstance(_contact, Unset):
            contact = UNSET
        else:
            contact = Contact.from_dict(_contact)

        _error = d.pop("error", UNSET)
        error: ErrorDetail | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ErrorDetail.from_dict(_error)

        contact_batch_result = cls(
            index=index,
            status=status,
            etag=etag,
            location=location,
            created=created,
            contact=contact,
            error=error,
        )

        contact_batch_result.additional_properties = d
        return contact_batch_result

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
