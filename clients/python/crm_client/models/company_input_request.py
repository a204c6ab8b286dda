from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyInputRequest")


@_attrs_define
class CompanyInputRequest:
    """The body of `POST /api/crm/companies`.

    Attributes:
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        name (str):
        domain (None | str | Unset): A bare, lower-cased domain: `https://WWW.Example.com/` -> `www.example.com`.
    """

    team_id: str
    name: str
    domain: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        team_id = self.team_id

        name = self.name

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "teamId": team_id,
                "name": name,
            }
        )
        if domain is not UNSET:
            field_dict["domain"] = domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        team_id = d.pop("teamId")

        name = d.pop("name")

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        company_input_request = cls(
            team_id=team_id,
            name=name,
            domain=domain,
        )

        return company_input_request
