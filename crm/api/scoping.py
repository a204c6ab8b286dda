"""Looking up an object that the request names, inside the caller's team only."""

from rest_framework.exceptions import NotFound

from crm import ids
from crm.models import Team


def find_in_team(model, *, team: Team, pk, field_name: str):
    """The `model` object `pk` of `team`, or a 404 naming the request field.

    Another team's object answers exactly like one that does not exist.
    """
    if model is Team:
        found = team if pk == team.pk else None
    else:
        found = model.objects.lookup_in_team(team).filter(pk=pk).one_or_none()
    if found is None:
        name = model._meta.verbose_name
        raise NotFound(
            {
                "message": f"{name.capitalize()} {ids.encode(model.id_prefix, pk)} not found.",
                field_name: [
                    "Not this token's team." if model is Team else f"No such {name} in your team."
                ],
            }
        )
    return found
