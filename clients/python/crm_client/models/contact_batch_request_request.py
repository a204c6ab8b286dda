from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_archive_operation_request import ContactArchiveOperationRequest
    from ..models.contact_create_operation_request import ContactCreateOperationRequest
    from ..models.contact_update_operation_request import ContactUpdateOperationRequest
    from ..models.contact_upsert_operation_request import ContactUpsertOperationRequest


T = TypeVar("T", bound="ContactBatchRequestRequest")


@_attrs_define
class ContactBatchRequestRequest:
    """The body of a batch: the operations, and whether they succeed or fail together.

    Attributes:
        operations (list[ContactArchiveOperationRequest | ContactCreateOperationRequest | ContactUpdateOperationRequest
            | ContactUpsertOperationRequest]):
        atomic (bool | Unset): true: write every operation or none (a 400 `batch_failed` names each failed one). false
            (the default): each operation succeeds or fails alone. Default: False.
    """

    operations: list[
        ContactArchiveOperationRequest
        | ContactCreateOperationRequest
        | ContactUpdateOperationRequest
        | ContactUpsertOperationRequest
    ]
    atomic: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.contact_create_operation_request import ContactCreateOperationRequest  # noqa: PLC0415
        from ..models.contact_update_operation_request import ContactUpdateOperationRequest  # noqa: PLC0415
        from ..models.contact_upsert_operation_request import ContactUpsertOperationRequest  # noqa: PLC0415

        operations = []
        for operations_item_data in self.operations:
            operations_item: dict[str, Any]
            if isinstance(operations_item_data, ContactCreateOperationRequest):
                operations_item = operations_item_data.to_dict()
            elif isinstance(operations_item_data, ContactUpdateOperationRequest):
                operations_item = operations_item_data.to_dict()
            elif isinstance(operations_item_data, ContactUpsertOperationRequest):
                operations_item = operations_item_data.to_dict()
            else:
                operations_item = operations_item_data.to_dict()

            operations.append(operations_item)

        atomic = self.atomic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operations": operations,
            }
        )
        if atomic is not UNSET:
            field_dict["atomic"] = atomic

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_archive_operation_request import ContactArchiveOperationRequest  # noqa: PLC0415
        from ..models.contact_create_operation_request import ContactCreateOperationRequest  # noqa: PLC0415
        from ..models.contact_update_operation_request import ContactUpdateOperationRequest  # noqa: PLC0415
        from ..models.contact_upsert_operation_request import ContactUpsertOperationRequest  # noqa: PLC0415

        d = dict(src_dict)
        operations = []
        _operations = d.pop("operations")
        for operations_item_data in _operations:

            def _parse_operations_item(
                data: object,
            ) -> (
                ContactArchiveOperationRequest
                | ContactCreateOperationRequest
                | ContactUpdateOperationRequest
                | ContactUpsertOperationRequest
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_contact_batch_operation_request_type_0 = ContactCreateOperationRequest.from_dict(
                        data
                    )

                    return componentsschemas_contact_batch_operation_request_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_contact_batch_operation_request_type_1 = ContactUpdateOperationRequest.from_dict(
                        data
                    )

                    return componentsschemas_contact_batch_operation_request_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_contact_batch_operation_request_type_2 = ContactUpsertOperationRequest.from_dict(
                        data
                    )

                    return componentsschemas_contact_batch_operation_request_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_contact_batch_operation_request_type_3 = ContactArchiveOperationRequest.from_dict(
                    data
                )

                return componentsschemas_contact_batch_operation_request_type_3

            operations_item = _parse_operations_item(operations_item_data)

            operations.append(operations_item)

        atomic = d.pop("atomic", UNSET)

        contact_batch_request_request = cls(
            operations=operations,
            atomic=atomic,
        )

        contact_batch_request_request.additional_properties = d
        return contact_batch_request_request

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
