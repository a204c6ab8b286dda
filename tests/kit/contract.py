"""The API contract every team-owned entity keeps, written once and declared per entity.

A test class inheriting `EntityAPIContract` declares its entity as data (URL, envelope keys,
ID prefix, a create and a patch body) and a `make` that stores one record; it then gets
create, get, list, patch, archive and restore, isolation from other teams and a fixed number
of queries per list page. An entity served read-only (written through another resource, as
calls are through their contact) inherits `ReadOnlyEntityAPIContract`: the same reads
(`EntityReadContract`: get, list, IDs, isolation, the query count), and no way to write
through its own URLs. Specific behaviour
stays in the entity's own test modules.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm import ids
from tests.kit.api import api_error, listed_ids, snake_case


class TeamsCompany:
    """In a declared body: the public ID of the team's company (the `company` fixture)."""


def _pk(public_id: str):
    return ids.decode(public_id.split("_", 1)[0], public_id)


class EntityReadContract:
    """What every team-owned entity's URLs answer to GET."""

    model: type  # the entity's model
    url: str  # the collection: GET; `{url}/{id}` for one record
    key: str  # one record in an answer: {"success": true, key: {...}}
    list_key: str  # the records of a list answer
    id_prefix: str  # the TypeID prefix of the entity's IDs

    def make(self, team, company, **fields):
        """Store a live record of `team` (the `company` fixture is `team`'s company)."""
        raise NotImplementedError

    def detail(self, record) -> str:
        return f"{self.url}/{record.public_id}"

    def stored_state(self, record):
        fresh = self.model.objects.get(pk=record.pk)
        return {field.attname: getattr(fresh, field.attname) for field in fresh._meta.fields}

    # --- get and list ---

    def test_get_answers_the_record(self, api, team, company):
        record = self.make(team, company)

        response = api.get(self.detail(record))

        assert response.status_code == 200, response.json()
        assert response.json()["success"] is True
        assert response.json()[self.key]["id"] == record.public_id

    def test_list_answers_the_teams_records_only(
        self, api, team, company, other_team, other_company
    ):
        ours = [self.make(team, company), self.make(team, company)]
        theirs = self.make(other_team, other_company)

        response = api.get(self.url, {"teamId": team.public_id})

        listed = listed_ids(response, self.list_key)
        assert {record.public_id for record in ours} <= set(listed)
        assert theirs.public_id not in listed
        teams = {record.team_id for record in self.model.objects.filter(pk__in=map(_pk, listed))}
        assert teams == {team.pk}
        answer = response.json()
        assert answer["count"] == len(listed)

    # --- IDs ---

    def test_an_unknown_id_is_404(self, api, team):
        unknown = ids.encode(self.id_prefix, ids.uuid7())

        api_error(api.get(f"{self.url}/{unknown}"), 404, "not_found")

    def test_an_id_with_another_prefix_is_400_naming_id(self, api, team):
        other_prefix = "team" if self.id_prefix != "team" else "cont"
        wrong = ids.encode(other_prefix, ids.uuid7())

        error = api_error(api.get(f"{self.url}/{wrong}"), 400, "validation_error")
        assert set(error["fields"]) == {"id"}

    # --- isolation: another team's token sees nothing ---

    def test_another_teams_token_sees_nothing(self, other_api, team, company):
        record = self.make(team, company)

        api_error(other_api.get(self.detail(record)), 404, "not_found")
        api_error(other_api.get(self.url, {"teamId": team.public_id}), 404, "not_found")

    # --- queries ---

    def test_list_queries_do_not_grow_with_page_size(self, api, team, company):
        self.make(team, company)
        api.get(self.url, {"teamId": team.public_id})  # the token's last use is written once

        with CaptureQueriesContext(connection) as one:
            api.get(self.url, {"teamId": team.public_id})
        for _ in range(5):
            self.make(team, company)
        with CaptureQueriesContext(connection) as six:
            response = api.get(self.url, {"teamId": team.public_id})

        assert len(listed_ids(response, self.list_key)) >= 6
        assert len(six) == len(one), [query["sql"] for query in six.captured_queries]

    # --- cursor paging ---

    def test_walking_the_list_by_cursor_answers_every_record_once_in_order(
        self, api, team, company
    ):
        for _ in range(5):
            self.make(team, company)
        in_one_page = listed_ids(api.get(self.url, {"teamId": team.public_id}), self.list_key)

        walked = walk_by_cursor(api, self.url, self.list_key, {"teamId": team.public_id}, 2)

        assert len(in_one_page) >= 5
        assert walked == in_one_page

    def test_a_tampered_cursor_is_a_400_naming_cursor(self, api, team, company):
        for _ in range(2):
            self.make(team, company)
        first = api.get(self.url, {"teamId": team.public_id, "limit": 1, "cursor": ""}).json()
        tampered = "x" + first["next_cursor"]

        response = api.get(self.url, {"teamId": team.public_id, "cursor": tampered})

        assert "cursor" in api_error(response, 400, "validation_error")["fields"]

    def test_cursor_page_queries_do_not_grow_with_page_size(self, api, team, company):
        for _ in range(7):
            self.make(team, company)
        query = {"teamId": team.public_id, "cursor": ""}
        api.get(self.url, query)  # the token's last use is written once
        first = api.get(self.url, {**query, "limit": 1}).json()

        with CaptureQueriesContext(connection) as one:
            api.get(self.url, {**query, "limit": 1, "cursor": first["next_cursor"]})
        with CaptureQueriesContext(connection) as five:
            response = api.get(self.url, {**query, "limit": 5, "cursor": first["next_cursor"]})

        assert len(listed_ids(response, self.list_key)) == 5
        assert len(five) == len(one), [query["sql"] for query in five.captured_queries]


class ReadOnlyEntityAPIContract(EntityReadContract):
    """A read-only entity's URLs take GET (and HEAD) only: every write is a 405 that changes
    nothing."""

    def test_its_urls_take_no_writes(self, api, team, company):
        record = self.make(team, company)
        before = self.stored_state(record)
        count = self.model.objects.count()

        for method in ("post", "put", "patch", "delete"):
            for url in (self.url, self.detail(record)):
                response = getattr(api, method)(url, {"teamId": team.public_id}, format="json")
                api_error(response, 405, "method_not_allowed")
                assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
        api_error(api.post(f"{self.detail(record)}/restore"), 404, "not_found")
        assert self.model.objects.count() == count
        assert self.stored_state(record) == before


class EntityAPIContract(EntityReadContract):
    """An entity with a lifecycle: its reads, and create, patch, archive and restore."""

    url: str  # the collection: POST and GET; `{url}/{id}` for one record
    create_data: dict  # a create body, beside teamId
    update_data: dict  # a PATCH body changing every field it names

    # --- what the declarations mean ---

    def body(self, data: dict, company) -> dict:
        return {
            name: company.public_id if value is TeamsCompany else value
            for name, value in data.items()
        }

    def assert_answers(self, record: dict, data: dict, company) -> None:
        for name, value in self.body(data, company).items():
            assert record[snake_case(name)] == value, name

    # --- create, list, patch, archive, restore ---

    def test_create_answers_201_with_the_record_as_sent(self, api, team, company):
        body = {"teamId": team.public_id, **self.body(self.create_data, company)}

        response = api.post(self.url, body, format="json")

        assert response.status_code == 201, response.json()
        answer = response.json()
        assert set(answer) == {"success", self.key}
        assert answer["success"] is True
        record = answer[self.key]
        assert re.fullmatch(rf"{self.id_prefix}_[0-7][0-9a-hjkmnp-tv-z]{{25}}", record["id"])
        assert record["team_id"] == team.public_id
        assert record["archived_at"] is None
        self.assert_answers(record, self.create_data, company)
        assert api.get(f"{self.url}/{record['id']}").json()[self.key] == record

    def test_list_answers_the_teams_live_records_only(
        self, api, team, company, other_team, other_company
    ):
        live = [self.make(team, company), self.make(team, company)]
        archived = self.make(team, company)
        api.delete(self.detail(archived))
        theirs = self.make(other_team, other_company)

        response = api.get(self.url, {"teamId": team.public_id})

        listed = listed_ids(response, self.list_key)
        assert {record.public_id for record in live} <= set(listed)
        assert archived.public_id not in listed
        assert theirs.public_id not in listed
        answer = response.json()
        assert answer["count"] == len(listed)
        assert {item["team_id"] for item in answer[self.list_key]} == {team.public_id}

    def test_patch_changes_the_fields_sent_and_answers_the_record(self, api, team, company):
        record = self.make(team, company)

        response = api.patch(
            self.detail(record), self.body(self.update_data, company), format="json"
        )

        assert response.status_code == 200, response.json()
        self.assert_answers(response.json()[self.key], self.update_data, company)
        self.assert_answers(
            api.get(self.detail(record)).json()[self.key], self.update_data, company
        )

    def test_delete_archives_and_restore_brings_the_record_back(self, api, team, company):
        record = self.make(team, company)

        archived = api.delete(self.detail(record))

        assert archived.status_code == 200, archived.json()
        assert archived.json()[self.key]["archived_at"] is not None
        assert api.get(self.detail(record)).json()[self.key]["archived_at"] is not None
        listing = api.get(self.url, {"teamId": team.public_id})
        assert record.public_id not in listed_ids(listing, self.list_key)

        restored = api.post(f"{self.detail(record)}/restore")

        assert restored.status_code == 200, restored.json()
        assert restored.json()[self.key]["archived_at"] is None
        listing = api.get(self.url, {"teamId": team.public_id})
        assert record.public_id in listed_ids(listing, self.list_key)

    def test_history_lists_every_change_newest_first(self, api, team, company):
        body = {"teamId": team.public_id, **self.body(self.create_data, company)}
        record_id = api.post(self.url, body, format="json").json()[self.key]["id"]
        detail = f"{self.url}/{record_id}"
        api.patch(detail, self.body(self.update_data, company), format="json")
        api.delete(detail)
        api.post(f"{detail}/restore")

        response = api.get(f"{detail}/history")

        assert response.status_code == 200, response.json()
        answer = response.json()
        assert set(answer) == {"success", "history", "count", "limit", "offset"}
        assert [entry["type"] for entry in answer["history"]] == [
            "restore",
            "archive",
            "update",
            "create",
        ]
        changed = {change["field"] for change in answer["history"][2]["changes"]}
        assert changed == {snake_case(name) for name in self.update_data}
        assert {entry["actor"]["type"] for entry in answer["history"]} == {"api_token"}

    # --- isolation: another team's token sees and changes nothing ---

    def test_another_teams_token_sees_and_changes_nothing(self, other_api, team, company):
        record = self.make(team, company)
        before = self.stored_state(record)
        detail = self.detail(record)
        patch = self.body(self.update_data, company)

        api_error(other_api.get(detail), 404, "not_found")
        api_error(other_api.patch(detail, patch, format="json"), 404, "not_found")
        api_error(other_api.delete(detail), 404, "not_found")
        api_error(other_api.post(f"{detail}/restore"), 404, "not_found")
        api_error(other_api.get(f"{detail}/history"), 404, "not_found")
        api_error(other_api.get(self.url, {"teamId": team.public_id}), 404, "not_found")
        assert self.stored_state(record) == before

    def test_another_teams_token_cannot_create_in_this_team(self, other_api, team, company):
        body = {"teamId": team.public_id, **self.body(self.create_data, company)}
        before = self.model.objects.filter(team=team).count()

        api_error(other_api.post(self.url, body, format="json"), 404, "not_found")
        assert self.model.objects.filter(team=team).count() == before


def walk_by_cursor(api, url: str, list_key: str, params: dict, limit: int) -> list[str]:
    """Every ID of a list, page by page along `next_cursor` from `cursor=`."""
    seen, cursor = [], ""
    for _ in range(1000):
        response = api.get(url, {**params, "limit": limit, "cursor": cursor})
        page = listed_ids(response, list_key)
        assert len(page) <= limit
        seen += page
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the cursor does not move")
