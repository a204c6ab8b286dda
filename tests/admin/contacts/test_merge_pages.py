"""The contact admin's possible-duplicates page and merge screen, as staff use them."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from calls.models import Call
from contacts.models import Contact
from history.models import ContactEvent
from tests.admin.contacts.pages import change_url, changelist_url, form_data, save
from tests.factories import CallFactory, CompanyFactory, ContactFactory
from tests.kit.admin import logged_in, messages_of, run_action, staff_user

DUPLICATES = reverse("admin:contacts_contact_duplicates")
MERGE = reverse("admin:contacts_contact_merge")


def merge_url(*contacts) -> str:
    return f"{MERGE}?{urlencode({'ids': ','.join(c.public_id for c in contacts)})}"


@pytest.fixture
def member(client, team):
    return logged_in(client, staff_user("sam", team))


@pytest.fixture
def sarahs(company):
    first = ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        phone="+14155551234",
        email="sarah.chen@example.com",
        job_title=None,
        tags=["vip"],
    )
    second = ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        phone="+14155551234",
        email="s.chen@example.com",
        job_title="CTO",
        tags=["warm"],
    )
    return first, second


def test_the_change_list_links_to_the_duplicates_page(member):
    assert DUPLICATES in member.get(changelist_url()).content.decode()


def test_duplicates_page_lists_groups_of_the_members_teams_only(member, sarahs, other_company):
    ContactFactory.create_batch(2, company=other_company, phone="+14155550000")

    response = member.get(DUPLICATES)

    assert response.status_code == 200
    groups = list(response.context["page"].object_list)
    assert [(g.kind, g.value) for g in groups] == [
        ("phone", "+14155551234"),
        ("name", "sarah chen"),
    ]
    assert all(group.contacts == list(sarahs) for group in groups)
    page = response.content.decode()
    assert "+1 415-555-1234" in page  # readable, as the contact list shows phones
    assert "+1 415-555-0000" not in page
    first, second = sarahs
    assert f'href="{MERGE}?ids={first.public_id},{second.public_id}"' in page


def test_duplicates_page_filters_by_kind(member, sarahs):
    response = member.get(DUPLICATES, {"kind": "name"})

    assert [g.kind for g in response.context["page"].object_list] == ["name"]


def test_merge_screen_shows_the_records_side_by_side_with_a_radio_per_differing_field(
    member, sarahs
):
    response = member.get(merge_url(*sarahs))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="survivor"') == 2
    assert 'name="field:email"' in page
    assert 'name="field:job_title"' in page
    assert 'name="field:first_name"' not in page  # the same in both: nothing to choose
    rows = {row.name: row for row in response.context["rows"]}
    assert rows["job_title"].chosen == 1  # the first record has none: the other's by default


def test_confirming_merges_as_chosen_and_records_the_staff_user(member, sarahs):
    first, second = sarahs
    CallFactory(contact=second)

    response = member.post(
        merge_url(*sarahs),
        {
            "survivor": first.public_id,
            "field:email": second.public_id,
            "field:job_title": second.public_id,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(first)
    assert messages_of(response) == [f"Merged 1 contact(s) into {first}."]
    kept = Contact.objects.get(pk=first.pk)
    assert (kept.email, kept.job_title, kept.tags) == ("s.chen@example.com", "CTO", ["vip", "warm"])
    assert Call.objects.get().contact_id == first.pk
    merged = Contact.objects.get(pk=second.pk)
    assert merged.merged_into_id == first.pk and merged.archived_at is not None
    event = ContactEvent.objects.filter(pgh_obj_id=first.pk).latest("pgh_id")
    assert event.pgh_context.metadata["actor"] == "sam"
    assert event.pgh_context.metadata["merged_ids"] == [second.public_id]


def test_the_survivor_can_be_the_other_record(member, sarahs):
    first, second = sarahs

    member.post(merge_url(*sarahs), {"survivor": second.public_id})

    assert Contact.objects.get(pk=first.pk).merged_into_id == second.pk
    assert Contact.objects.get(pk=second.pk).archived_at is None


def test_a_refused_merge_shows_why_and_changes_nothing(member, sarahs):
    first, second = sarahs
    Contact.objects.filter(pk=first.pk).update(tags=[f"a{n}" for n in range(30)])
    Contact.objects.filter(pk=second.pk).update(tags=[f"b{n}" for n in range(30)])

    response = member.post(merge_url(*sarahs), {"survivor": first.public_id})

    assert response.status_code == 200
    assert any(m.startswith("Nothing was merged:") for m in messages_of(response))
    assert Contact.objects.get(pk=second.pk).archived_at is None


def test_the_merge_action_opens_the_merge_screen_for_the_selection(member, sarahs):
    response = run_action(member, "merge_selected", list(sarahs))

    assert response.status_code == 302
    assert response["Location"].startswith(MERGE)
    assert member.get(response["Location"]).status_code == 200


def test_another_teams_contact_cannot_be_merged(member, sarahs, other_company):
    theirs = ContactFactory(company=other_company)

    assert member.get(merge_url(sarahs[0], theirs)).status_code == 404
    assert (
        member.post(merge_url(sarahs[0], theirs), {"survivor": sarahs[0].public_id}).status_code
        == 404
    )
    assert Contact.objects.get(pk=theirs.pk).archived_at is None


def test_contacts_of_two_of_the_users_teams_cannot_be_merged(client, team, other_team, company):
    user = logged_in(client, staff_user("pat", team, other_team))
    ours = ContactFactory(company=company)
    theirs = ContactFactory(company=CompanyFactory(team=other_team))

    assert user.get(merge_url(ours, theirs)).status_code == 404


def test_one_contact_is_not_a_merge(member, sarahs):
    assert member.get(merge_url(sarahs[0])).status_code == 404
    assert member.get(f"{MERGE}?ids=nonsense").status_code == 404


def test_a_merged_contacts_page_links_to_the_contact_it_was_merged_into(member, sarahs):
    first, second = sarahs
    member.post(merge_url(*sarahs), {"survivor": first.public_id})

    page = member.get(change_url(second)).content.decode()

    assert "merged into" in page.lower()
    assert f'href="{change_url(first)}"' in page
    assert first.public_id in page


def test_the_screen_ticks_the_custom_field_values_the_merge_takes_by_default(member, company):
    kept = ContactFactory(company=company, custom_fields={"size": None})
    blank = ContactFactory(company=company, custom_fields={"size": "", "tier": ""})
    gold = ContactFactory(company=company, custom_fields={"tier": "gold"})

    response = member.get(merge_url(kept, blank, gold))

    rows = {row.name: row for row in response.context["rows"]}
    # Null and "" are both blank: the survivor's null stays; a value fills a blank.
    assert rows["custom_fields.size"].chosen == 0
    assert rows["custom_fields.tier"].chosen == 2
    member.post(merge_url(kept, blank, gold), {"survivor": kept.public_id})
    assert Contact.objects.get(pk=kept.pk).custom_fields == {"size": None, "tier": "gold"}


# --- a possible duplicate named when it is saved -------------------------------------------------


def add(client, team, company, **values):
    new = Contact(team=team, company=company, tags=[], **values)
    return client.post(reverse("admin:contacts_contact_add"), form_data(new))


def test_adding_a_contact_with_a_live_contacts_phone_names_it_and_links_the_merge(
    member, team, company, other_company
):
    sarah = ContactFactory(
        company=company, first_name="Sarah", last_name="Chen", phone="+14155551234"
    )
    ContactFactory(company=other_company, phone="+14155551234")  # another team's: not named

    response = add(member, team, company, first_name="S.", last_name="Chen", phone="+14155551234")

    assert response.status_code == 302
    new = Contact.objects.get(team=team, first_name="S.")
    [warning] = [text for text in messages_of(response) if text.startswith("Possible")]
    assert warning == (
        f'Possible duplicate of S. Chen: <a href="{change_url(sarah)}">Sarah Chen</a> (same phone).'
        f' <a href="{MERGE}?ids={sarah.public_id},{new.public_id}">Compare and merge…</a>'
    )


def test_adding_a_contact_with_a_live_contacts_name_and_company_names_it(member, team, company):
    archived = ContactFactory(company=company, first_name="Sarah", last_name="Chen")
    archived.archived_at = archived.created_at
    archived.save(update_fields=["archived_at"])
    sarah = ContactFactory(company=company, first_name="SARAH", last_name="chen", phone=None)

    response = add(member, team, company, first_name="Sarah", last_name="Chen", phone="")

    [warning] = [text for text in messages_of(response) if text.startswith("Possible")]
    assert f'<a href="{change_url(sarah)}">SARAH chen</a> (same name and company)' in warning
    assert change_url(archived) not in warning


def test_each_possible_duplicate_is_named_once_oldest_first_by_the_first_key_it_shares(
    member, team, company
):
    both = ContactFactory(
        company=company, first_name="Sarah", last_name="Chen", phone="+14155551234"
    )
    by_name = ContactFactory(company=company, first_name="sarah", last_name="CHEN", phone=None)

    response = add(
        member, team, company, first_name="Sarah", last_name="Chen", phone="+14155551234"
    )

    [warning] = [text for text in messages_of(response) if text.startswith("Possible")]
    assert warning.startswith(
        f'Possible duplicates of Sarah Chen: <a href="{change_url(both)}">Sarah Chen</a> '
        f'(same phone), <a href="{change_url(by_name)}">sarah CHEN</a> (same name and company).'
    )


def test_a_contact_saved_without_a_new_phone_name_or_company_is_not_named_again(member, sarahs):
    first, _ = sarahs

    response = save(member, first, job_title="CTO")

    assert response.status_code == 302
    assert not [text for text in messages_of(response) if text.startswith("Possible")]


def test_a_contact_sharing_nothing_is_saved_without_a_warning(member, team, company):
    ContactFactory(company=company, first_name="Sarah", last_name="Chen", phone="+14155551234")

    response = add(member, team, company, first_name="Ana", last_name="Ruiz", phone="+14155550199")

    assert response.status_code == 302
    assert not [text for text in messages_of(response) if text.startswith("Possible")]
