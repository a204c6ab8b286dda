"""Each filter family of the contact list reads its own index, for the page and for the count,
on a table of several teams: analysed, never analysed (a new install), and analysed before
the team's contacts arrived (a new customer in a big shared table, autovacuum being off).

The plans are read with EXPLAIN of the queries the list runs (`contacts.selectors.
contact_list`), and each filter's answer is checked through the API.
"""

import pytest
from django.db import connection

from contacts.selectors import contact_list
from tests.api.contact_list.listing import listing
from tests.factories import CompanyFactory, TeamFactory
from tests.kit.planner import count_plan, never_analysed

TEAM_SIZE = 5000
OTHER_TEAMS = 4
STATES = ["analysed", "never analysed", "team unknown to the statistics"]

# One statement per team. Every 10th contact `vip`, every 3rd `Newsletter`, every 500th
# `partner`; `size` one of five values, every 1000th `rare`; every 50th do-not-call;
# every 9th without a phone; a company each for every 4th.
CONTACTS_SQL = """
INSERT INTO contacts_contact (
    id, team_id, company_id, first_name, last_name, email, phone, lead_status, do_not_call,
    custom_fields, tags, created_at, updated_at
)
SELECT gen_random_uuid(), %(team)s, CASE WHEN g %% 4 = 0 THEN %(company)s END,
    'First' || g, 'Last' || lpad((g * 7919 %% %(size)s)::text, 6, '0'),
    'person' || g || '@example.com',
    CASE WHEN g %% 9 = 0 THEN NULL ELSE '+1' || (201 + g %% 700) || lpad(g::text, 7, '0') END,
    (ARRAY['new', 'contacted', 'qualified', 'unqualified', 'converted'])[1 + g %% 5],
    g %% 50 = 0,
    jsonb_build_object(
        'size',
        CASE WHEN g %% 1000 = 0 THEN 'rare' ELSE (ARRAY['a', 'b', 'c', 'd', 'e'])[1 + g %% 5] END
    ),
    array_remove(ARRAY[
        CASE WHEN g %% 10 = 0 THEN 'vip' END,
        CASE WHEN g %% 3 = 0 THEN 'Newsletter' END,
        CASE WHEN g %% 500 = 0 THEN 'Partner' END
    ], NULL)::varchar[],
    now() - g * interval '1 minute', now() - g * interval '1 minute'
FROM generate_series(1, %(size)s) AS g
"""


def add_team_contacts(team, company=None) -> None:
    with connection.cursor() as cursor:
        # Without the triggers (history, the registry flag): they only slow the setup.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            CONTACTS_SQL,
            {"team": team.pk, "company": company.pk if company else None, "size": TEAM_SIZE},
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture(params=STATES)
def crowded(request, team):
    """(team, its company): the team's TEAM_SIZE contacts among OTHER_TEAMS teams as big,
    the table in one of STATES."""
    with connection.cursor() as cursor:
        # Keeps autovacuum's ANALYZE away (see test_cost's trigram test).
        cursor.execute("LOCK TABLE contacts_contact IN SHARE UPDATE EXCLUSIVE MODE")
    if request.param == "never analysed":
        never_analysed()
    for _ in range(OTHER_TEAMS):
        other = TeamFactory()
        add_team_contacts(other, CompanyFactory(team=other))
    if request.param == "team unknown to the statistics":
        analyse()
    company = CompanyFactory(team=team)
    add_team_contacts(team, company)
    if request.param == "analysed":
        analyse()
    return team, company


def analyse() -> None:
    with connection.cursor() as cursor:
        # New GIN entries wait in a pending list that the planner prices; merge them as
        # autovacuum would (see test_cost's trigram test).
        for index in ("contact_team_tags_idx", "contact_team_custom_fields_idx"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE contacts_contact")


def plans(team, **filters) -> tuple[str, str]:
    """The plans of the list's first page and of its count, for these query parameters."""
    contacts = contact_list(team=team, filters={"teamId": team.public_id, **filters})
    return contacts[:50].explain(), count_plan(contacts)


def count_listed(api, team, **filters) -> int:
    response = listing(api, team, **filters)
    assert response.status_code == 200, response.json()
    return response.json()["count"]


def expected(predicate) -> int:
    return sum(1 for g in range(1, TEAM_SIZE + 1) if predicate(g))


# A table never analysed is planned from defaults that make every team look a few rows big,
# so that any index leading with team_id looks as cheap: these plans hold once the table has
# statistics, a team new since then included (contacts migration 0023), and the state never
# analysed lasts until autovacuum's first ANALYZE (the importer runs one itself).
KNOWN_TABLE = ["analysed", "team unknown to the statistics"]


@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
def test_tags_read_the_tag_index(api, crowded):
    team, _ = crowded
    page, count = plans(team, tags="PARTNER")
    assert "contact_team_tags_idx" in page, page
    assert "contact_team_tags_idx" in count, count
    assert count_listed(api, team, tags="partner") == expected(lambda g: g % 500 == 0)
    assert count_listed(api, team, tags="vip,partner") == expected(lambda g: g % 500 == 0)
    assert count_listed(api, team, tags="vip,newsletter") == expected(lambda g: g % 30 == 0)


@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
def test_custom_fields_read_the_custom_field_index(api, crowded):
    team, _ = crowded
    page, count = plans(team, **{"customFields.size": "rare"})
    assert "contact_team_custom_fields_idx" in page, page
    assert "contact_team_custom_fields_idx" in count, count
    assert count_listed(api, team, **{"customFields.size": "rare"}) == TEAM_SIZE // 1000


def test_do_not_call_reads_its_partial_index(api, crowded):
    team, _ = crowded
    page, count = plans(team, doNotCall="true")
    assert "contact_team_do_not_call_idx" in page, page
    assert "contact_team_do_not_call_idx" in count, count
    assert count_listed(api, team, doNotCall="true") == expected(lambda g: g % 50 == 0)


def test_without_a_phone_reads_its_partial_index(api, crowded):
    team, _ = crowded
    page, count = plans(team, hasPhone="false")
    assert "contact_team_no_phone_idx" in page, page
    assert "contact_team_no_phone_idx" in count, count
    assert count_listed(api, team, hasPhone="false") == expected(lambda g: g % 9 == 0)


# Never analysed, the planner took the duplicates' name-and-company index (partial: live
# contacts with a company) for this one, reading the team's contacts with any company.
@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
def test_company_reads_one_index_for_company_and_team(api, crowded):
    team, company = crowded
    page, count = plans(team, companyId=company.public_id)
    for plan in (page, count):
        assert "contact_company_team_idx" in plan, plan
        assert "BitmapAnd" not in plan, plan  # no bitmap of the whole team ANDed in
    assert count_listed(api, team, companyId=company.public_id) == TEAM_SIZE // 4


def test_lead_status_reads_the_status_index(api, crowded):
    team, _ = crowded
    all_visible()
    page, count = plans(team, leadStatus="converted")
    assert "contact_team_status_idx" in page, page
    # archived_at is in the index: the count of live contacts reads no row (once vacuumed).
    assert "Index Only Scan using contact_team_status_idx" in count, count
    assert count_listed(api, team, leadStatus="converted") == TEAM_SIZE // 5
    _, count = plans(team, leadStatus="new,contacted")
    assert "Index Only Scan using contact_team_status_idx" in count, count
    assert count_listed(api, team, leadStatus="new,contacted") == TEAM_SIZE * 2 // 5


@pytest.mark.parametrize("ordering", [None, "-createdAt", "lastName", "-lastCalledAt"])
def test_the_whole_team_is_counted_from_the_live_index_alone(api, crowded, ordering):
    team, _ = crowded
    all_visible()
    filters = {"ordering": ordering} if ordering else {}
    page, count = plans(team, **filters)
    # The index of the team's live contacts holds nothing but the team: the fewest pages to
    # read. Only this count states its predicate (contacts.models.counted_whole).
    assert "Index Only Scan using contact_team_live_idx" in count, count
    assert "Heap Scan" not in count, count
    assert "contact_team_live_idx" not in page, page
    assert count_listed(api, team, **filters) == TEAM_SIZE


@pytest.mark.parametrize(
    ("parameter", "matching_index", "left_out"),
    [
        ("doNotCall", "contact_team_do_not_call_idx", lambda g: g % 50 == 0),
        # Callable: a phone (every 9th has none) and no do-not-call flag.
        ("callable", "contact_team_callable_zone_idx", lambda g: g % 9 and g % 50),
    ],
)
def test_a_not_filter_counts_the_team_less_an_index(
    request, api, crowded, parameter, matching_index, left_out
):
    team, _ = crowded
    all_visible()
    _, count = plans(team, **{parameter: "false"})
    # Most of the team has no index of its own: counted as the team's live contacts less
    # the ones the filter leaves out, each from an index alone, not row by row.
    assert "Index Only Scan using contact_team_live_idx" in count, count
    assert matching_index in count, count
    if request.node.callspec.params["crowded"] != "never analysed":  # the team looks tiny
        assert f"Index Only Scan using {matching_index}" in count, count
        assert "Heap Scan" not in count, count
    assert count_listed(api, team, **{parameter: "false"}) == expected(lambda g: not left_out(g))
    # Narrowed by another filter, the count is of what both keep, as usual.
    assert count_listed(api, team, **{parameter: "false"}, leadStatus="new") == expected(
        lambda g: not left_out(g) and g % 5 == 0  # "new": every 5th
    )


@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
def test_a_tag_with_a_not_filter_reads_the_tag_index_not_the_whole_team(api, crowded):
    team, _ = crowded
    # The team's live contacts have an index that holds nothing else; reached through it,
    # every row of the team was read to test the tag, where the tag index finds a tenth.
    page, count = plans(team, tags="vip", doNotCall="false")
    assert "contact_team_tags_idx" in count, count
    for plan in (page, count):  # the page may walk the newest first: 1 in 10 is a vip
        assert "contact_team_live_idx" not in plan, plan
    assert count_listed(api, team, tags="vip", doNotCall="false") == expected(
        lambda g: g % 10 == 0 and g % 50
    )


def test_a_short_search_word_keeps_off_the_trigram_index(api, crowded):
    team, _ = crowded
    # A word of fewer than three characters has no trigram: an index condition on the search
    # text would read every entry of every team. (The trigram index may still find the team's
    # rows by its team_id column, as any team_id-led index does.)
    page, count = plans(team, search="t4")
    index_conditions = [line for line in (page + "\n" + count).splitlines() if "Index Cond" in line]
    assert not [line for line in index_conditions if "search_text" in line], page + count
    assert count_listed(api, team, search="t4") == expected(lambda g: "t4" in f"first{g}")


# The search text CONTACTS_SQL gives contact g: "first last email phone phone2", lower-cased
# (phone2 is empty: the text ends with a space).
def search_text(g: int) -> str:
    last = f"last{g * 7919 % TEAM_SIZE:06d}"
    phone = "" if g % 9 == 0 else f"+1{201 + g % 700}{g:07d}"
    return f"first{g} {last} person{g}@example.com {phone} "


@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
@pytest.mark.parametrize("search", ["t4", "T4", "4", "t4 9", "4@"])
def test_a_short_search_word_is_counted_from_the_search_text_index(api, crowded, search):
    team, _ = crowded
    all_visible()
    _, count = plans(team, search=search)
    # Only the index: the team's search texts, none of the table's pages (once vacuumed).
    assert "Index Only Scan using contact_team_search_text_idx" in count, count
    assert "Heap Scan" not in count, count
    # The same matches as ever: every word a part of the lower-cased text.
    words = search.lower().split()
    matching = [g for g in range(1, TEAM_SIZE + 1) if all(w in search_text(g) for w in words)]
    assert count_listed(api, team, search=search) == len(matching)
    # The page, newest first: contact g was created g minutes ago.
    page = listing(api, team, search=search, limit=50).json()["contacts"]
    assert [contact["first_name"] for contact in page] == [f"First{g}" for g in matching[:50]]


def all_visible() -> None:
    """What the planner knows of the table once VACUUM has marked its pages all-visible, as
    autovacuum does after a load: a count may then read an index alone. (VACUUM cannot run in
    the test's transaction; the rows are read from the table still, and found the same.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET relallvisible = relpages WHERE oid = 'contacts_contact'::regclass"
        )


def test_a_longer_search_word_keeps_off_the_short_words_index(api, crowded):
    team, _ = crowded
    all_visible()
    # Never analysed, the team looks a row or two big and any index of its rows looks cheap:
    # this one, when a long word could take it, read the whole team (at a million contacts,
    # 6,082 buffers for a page the trigram index answers from 145).
    page, count = plans(team, search="last00412")
    assert "contact_team_search_text_idx" not in page, page
    assert "contact_team_search_text_idx" not in count, count
    assert count_listed(api, team, search="last00412") == expected(
        lambda g: "last00412" in search_text(g)
    )


@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
def test_a_longer_search_word_reads_the_trigram_index(api, crowded):
    team, _ = crowded
    page, count = plans(team, search="last00412")
    assert "contact_search_trgm_idx" in page, page
    assert "contact_search_trgm_idx" in count, count


@pytest.mark.parametrize("ordering", ["lastName", "-lastName"])
def test_a_name_ordered_page_walks_the_name_index(api, crowded, ordering):
    team, _ = crowded
    # The list states the name index's predicate (contacts.models.listed_by_name), so the
    # index is usable, and it wins in every state: the other plans sort the team's rows.
    page, count = plans(team, ordering=ordering)
    assert "contact_team_name_idx" in page, page
    assert "Sort" not in page, page
    # The count fetches no row through a plain index scan, as when the team looked a row or
    # two big (at a million contacts, 99,642 buffers instead of 5,100); never analysed, it
    # may read the name index alone (an index-only scan).
    assert "Index Scan" not in count.replace("Bitmap Index Scan", ""), count
    names = [c["last_name"] for c in listing(api, team, ordering=ordering).json()["contacts"]]
    assert names[0] == ("Last000000" if ordering == "lastName" else f"Last{TEAM_SIZE - 1:06d}")


@pytest.mark.parametrize("crowded", KNOWN_TABLE, indirect=True)
def test_a_rare_tag_in_name_order_reads_the_tag_index_not_the_name_index(api, crowded):
    team, _ = crowded
    # Walking the name index would read the team's rows to find a tag 1 in 500 carries.
    page, _ = plans(team, tags="partner", ordering="lastName")
    assert "contact_team_tags_idx" in page, page
    assert "contact_team_name_idx" not in page, page
    names = [
        c["last_name"]
        for c in listing(api, team, tags="partner", ordering="lastName").json()["contacts"]
    ]
    assert len(names) == expected(lambda g: g % 500 == 0)
    assert names == sorted(names)
