from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_merge_request_fields import ContactMergeRequestFields


T = TypeVar("T", bound="ContactMergeRequest")


@_attrs_define
class ContactMergeRequest:
    """The body of `POST /api/crm/contacts/{id}/merge`.

    Attributes:
        source_ids (list[str]): The contacts merged into this one (archived, pointing at it), in order: a field the
            survivor has no value for takes the first of theirs that has one.
        fields (ContactMergeRequestFields | Unset): Which record's value a field takes: the survivor's or a source's ID
            per field (`email`, `companyId`, `tags`, `customFields` as a whole, or `customFields.<key>` for one key).
            `doNotCall` is never chosen: any record's flag wins.
    """

    source_ids: list[str]
    fields: ContactMergeRequestFields | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        source_ids = self.source_ids

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sourceIds": source_ids,
            }
        )
        if fields is not UNSET:
            field_dict["fields"] = fields

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_merge_request_fields import ContactMergeRequestFields  # noqa: PLC0415

        d = dict(src_dict)
        source_ids = cast(list[str], d.pop("sourceIds"))

        _fields = d.pop("fields", UNSET)
        fields: ContactMergeRequestFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = ContactMergeRequestFields.from_dict(_fields)

        contact_merge_request = cls(
            source_ids=source_ids,
            fields=fields,
        )

        return contact_merge_request
