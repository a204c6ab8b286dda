from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact import Contact


T = TypeVar("T", bound="ContactMergeResponse")


@_attrs_define
class ContactMergeResponse:
    """
    Attributes:
        success (bool):
        merged_ids (list[str]): The contacts now merged into this one.
        contact (Contact): A contact as the API answers it: snake_case, every field present.
    """

    success: bool
    merged_ids: list[str]
    contact: Contact
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        merged_ids = self.merged_ids

        contact = self.contact.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "merged_ids": merged_ids,
                "contact": contact,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact import Contact  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        merged_ids = cast(list[str], d.pop("merged_ids"))

        contact = Contact.from_dict(d.pop("contact"))

        contact_merge_response = cls(
            success=success,
            merged_ids=merged_ids,
            contact=contact,
        )

        contact_merge_response.additional_properties = d
        return contact_merge_response

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
