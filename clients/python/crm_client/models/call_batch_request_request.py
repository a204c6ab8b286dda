from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_create_operation_request import CallCreateOperationRequest


T = TypeVar("T", bound="CallBatchRequestRequest")


@_attrs_define
class CallBatchRequestRequest:
    """The body of a batch: the operations, and whether they succeed or fail together.

    Attributes:
        operations (list[CallCreateOperationRequest]):
        atomic (bool | Unset): true: write every operation or none (a 400 `batch_failed` names each failed one). false
            (the default): each operation succeeds or fails alone. Default: False.
    """

    operations: list[CallCreateOperationRequest]
    atomic: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operations = []
        for operations_item_data in self.operations:
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
        from ..models.call_create_operation_request import CallCreateOperationRequest  # noqa: PLC0415

        d = dict(src_dict)
        operations = []
        _operations = d.pop("operations")
        for operations_item_data in _operations:
            operations_item = CallCreateOperationRequest.from_dict(operations_item_data)

            operations.append(operations_item)

        atomic = d.pop("atomic", UNSET)

        call_batch_request_request = cls(
            operations=operations,
            atomic=atomic,
        )

        call_batch_request_request.additional_properties = d
        return call_batch_request_request

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
