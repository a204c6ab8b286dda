"""The queryset every team-owned entity has: live, for_team, visible_to, one_or_none."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_init
from django.utils import timezone

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from crm.models import Membership, TeamOwnedModel
from tests.factories import CompanyFactory, ContactFactory, TeamFactory


def user_in(*teams, role=Membership.Role.MEMBER, **flags):
    user = get_user_model().objects.create_user(username=f"user{len(teams)}{role}", **flags)
    for team in teams:
        Membership.objects.create(user=user, team=team, role=role)
    return user


@pytest.fixture
def third_team(db):
    return TeamFactory()


@pytest.fixture
def companies(team, other_team, third_team):
    return {team: CompanyFactory(team=team) for team in (team, other_team, third_team)}


def test_visible_to_a_member_is_their_teams_records(team, other_team, companies):
    member = user_in(team, other_team, is_staff=True)

    assert set(Company.objects.visible_to(member)) == {companies[team], companies[other_team]}


def test_visible_to_a_superuser_is_every_record(companies):
    superuser = get_user_model().objects.create_superuser(username="root")

    assert set(Company.objects.visible_to(superuser)) == set(companies.values())


def test_visible_to_a_user_without_a_membership_is_nothing(companies):
    assert not Company.objects.visible_to(user_in(is_staff=True)).exists()


def test_visible_to_with_a_role_is_the_teams_where_the_user_holds_it(team, companies):
    member = user_in(team, is_staff=True)

    assert not Company.objects.visible_to(member, role=Membership.Role.MANAGER).exists()


def test_for_team_and_lookup_in_team_keep_the_teams_records(team, companies):
    assert list(Company.objects.for_team(team)) == [companies[team]]
    assert list(Company.objects.lookup_in_team(team)) == [companies[team]]


def test_live_leaves_out_archived_records_of_an_archivable_entity(team, company):
    archived = CompanyFactory(team=team, archived_at=timezone.now())

    assert list(Company.objects.for_team(team).live()) == [company]
    assert Company.objects.filter(pk=archived.pk).live().one_or_none() is None


def test_live_keeps_every_record_of_an_entity_that_does_not_archive(team, company):
    contact = ContactFactory(company=company)
    call = Call.objects.create(
        team=team,
        contact=contact,
        campaign_id="spring",
        started_at=timezone.now(),
        duration_seconds=5,
        outcome="answered",
    )

    assert Call.objects.live().one_or_none() == call
    assert list(team.calls.all()) == [call]  # team.<verbose_name_plural>


def test_a_record_read_is_the_record_written(team, company):
    written = ContactFactory(team=team, company=company, phone="+14155550100", tags=["vip"])

    read = Contact.objects.get(pk=written.pk)

    assert read._state.adding is False and read._state.db == "default"
    assert (read.team_id, read.company, read.tags) == (team.pk, company, ["vip"])
    assert read.phone == written.phone and read.phone.country_code == 1
    read.first_name = "Renamed"
    read.save(update_fields=["first_name"])
    assert Contact.objects.get(pk=written.pk).first_name == "Renamed"


def test_a_record_read_reaches_init_signal_receivers(team, company):
    # Records are made without Model.__init__ only while nobody listens to its signals.
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.name)

    post_init.connect(receiver, sender=Company)
    try:
        read = Company.objects.get(pk=company.pk)
    finally:
        post_init.disconnect(receiver, sender=Company)

    assert seen == [company.name] and read.team_id == team.pk


@pytest.mark.parametrize("only", [None, ("id", "team_id", "first_name")])
def test_a_record_read_holds_what_djangos_own_reading_would(team, company, only):
    # Team-owned records are made without Model.__init__ (TeamOwnedModel.from_db): whatever
    # Django's own from_db stores, this path must store too, deferred columns left out alike,
    # so that a Django upgrade that changes it fails here first.
    ContactFactory(team=team, company=company, phone="+14155550100", tags=["vip"])
    contacts = Contact.objects.all() if only is None else Contact.objects.only(*only)
    read = contacts.get()
    columns = [f.attname for f in Contact._meta.concrete_fields if f.attname in read.__dict__]
    values = [read.__dict__[name] for name in columns]

    djangos = super(TeamOwnedModel, Contact).from_db.__func__(Contact, "default", columns, values)

    def state(record):
        fields = {k: v for k, v in record.__dict__.items() if k != "_state"}
        return fields, record._state.adding, record._state.db

    assert state(read)[0].keys() - {"_stored_team_id"} == state(djangos)[0].keys()
    assert {k: v for k, v in state(read)[0].items() if k != "_stored_team_id"} == state(djangos)[0]
    assert state(read)[1:] == state(djangos)[1:]
    assert read.get_deferred_fields() == djangos.get_deferred_fields()
