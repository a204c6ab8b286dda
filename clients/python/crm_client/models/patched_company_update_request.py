from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedCompanyUpdateRequest")


@_attrs_define
class PatchedCompanyUpdateRequest:
    """The body of `PATCH /api/crm/companies/{id}`: only the fields sent change.

    Attributes:
        name (str | Unset):
        domain (None | str | Unset): A bare, lower-cased domain: `https://WWW.Example.com/` -> `www.example.com`.
    """

    name: str | Unset = UNSET
    domain: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if domain is not UNSET:
            field_dict["domain"] = domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        patched_company_update_request = cls(
            name=name,
            domain=domain,
        )

        return patched_company_update_request
