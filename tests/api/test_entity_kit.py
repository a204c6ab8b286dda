"""The API kit of a team-owned entity: its serializers declare fields, not IDs or scoping."""

from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.exceptions import NotFound

from calls.models import Call
from crm import ids
from crm.api.serializers import TeamOwnedInputSerializer, TeamOwnedSerializer
from tests.factories import ContactFactory


class CallOut(TeamOwnedSerializer):
    class Meta:
        model = Call
        fields = ["id", "team_id", "contact_id", "campaign_id"]


class CallIn(TeamOwnedInputSerializer):
    class Meta:
        model = Call
        fields = ["team_id", "contact_id", "campaign_id"]


class CallChange(CallIn):
    class Meta(CallIn.Meta):
        fields = ["contact_id", "campaign_id"]


def context_for(team) -> dict:
    return {"request": SimpleNamespace(auth=SimpleNamespace(team=team))}


@pytest.fixture
def contact(company):
    return ContactFactory(company=company)


def test_a_response_shows_the_id_and_every_reference_as_a_public_id(team, contact):
    call = Call.objects.create(
        team=team,
        contact=contact,
        campaign_id="spring",
        started_at=timezone.now(),
        duration_seconds=5,
        outcome="answered",
    )

    assert CallOut(call).data == {
        "id": call.public_id,
        "team_id": team.public_id,
        "contact_id": contact.public_id,
        "campaign_id": "spring",
    }


def test_a_body_takes_references_of_the_callers_team(team, contact):
    body = {"teamId": team.public_id, "contactId": contact.public_id, "campaignId": "spring"}
    serializer = CallIn(data=body, context=context_for(team))

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"team": team, "contact": contact, "campaign_id": "spring"}


def test_a_body_naming_another_teams_record_is_404_like_an_unknown_one(team, other_company):
    theirs = ContactFactory(company=other_company)
    unknown = ids.encode("cont", ids.uuid7())
    for contact_id in (theirs.public_id, unknown):
        body = {"teamId": team.public_id, "contactId": contact_id, "campaignId": "spring"}

        with pytest.raises(NotFound) as refused:
            CallIn(data=body, context=context_for(team)).is_valid()

        assert refused.value.detail["contactId"] == ["No such contact in your team."]


def test_a_body_without_the_team_refuses_to_move_the_record(team, contact):
    body = {"teamId": team.public_id, "campaignId": "autumn"}
    serializer = CallChange(data=body, context=context_for(team), partial=True)

    assert not serializer.is_valid()
    assert serializer.errors == {"teamId": ["This field cannot be changed."]}
