from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.partial_team import PartialTeam


T = TypeVar("T", bound="PartialTeamResponse")


@_attrs_define
class PartialTeamResponse:
    """
    Attributes:
        success (bool):
        team (PartialTeam): A team as lists and GET answer it. With `fields`, each record carries only the fields named,
            and `id`: its schema requires no other. Without, every field is present.
    """

    success: bool
    team: PartialTeam
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        team = self.team.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "team": team,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partial_team import PartialTeam  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        team = PartialTeam.from_dict(d.pop("team"))

        partial_team_response = cls(
            success=success,
            team=team,
        )

        partial_team_response.additional_properties = d
        return partial_team_response

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
