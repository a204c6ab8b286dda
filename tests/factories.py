from datetime import UTC, datetime, timedelta

import factory

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from crm import services
from crm.models import Team


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Company {n}")
    domain = factory.Sequence(lambda n: f"company{n}.example")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    team = factory.SelfAttribute("company.team")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    phone = factory.Sequence(lambda n: f"+1415555{n % 10000:04d}")


class CallFactory(factory.django.DjangoModelFactory):
    """A recorded call, stored as it is (recording one through the API also updates the
    contact: see calls.services.record_call)."""

    class Meta:
        model = Call

    contact = factory.SubFactory(ContactFactory)
    team = factory.SelfAttribute("contact.team")
    campaign_id = "spring-outreach"
    started_at = factory.Sequence(lambda n: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n))
    duration_seconds = 60
    outcome = "answered"


def issue_token(team: Team) -> str:
    return services.issue_api_token(team=team, name="test")[1]
