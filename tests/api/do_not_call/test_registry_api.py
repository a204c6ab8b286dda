"""`/api/crm/do-not-call`: adding numbers in batches, listing, searching and removing them."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from donotcall.models import DoNotCallEntry
from tests.kit.api import DO_NOT_CALL, api_error, listed_ids


def register(client, team, numbers, **extra):
    return client.post(
        DO_NOT_CALL, {"teamId": team.public_id, "numbers": numbers, **extra}, format="json"
    )


def test_post_registers_numbers_in_any_phone_format_as_e164(api, team):
    response = register(api, team, ["+1 (415) 555-0199", "+442079460958"], reason="Asked us")

    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["success"] is True
    assert answer["registered"] == 2
    assert answer["already_registered"] == 0
    entries = answer["entries"]
    assert [entry["number"] for entry in entries] == ["+14155550199", "+442079460958"]
    first = entries[0]
    assert first["id"].startswith("dnc_")
    assert first["team_id"] == team.public_id
    assert first["reason"] == "Asked us"
    assert first["source"] == "api"
    assert first["added_by"].startswith("API token test (crm_")
    assert first["call_id"] is None and first["contact_id"] is None
    assert first["removed_at"] is None


def test_post_is_idempotent_a_known_number_keeps_its_first_entry(api, team):
    first = register(api, team, ["+14155550199"], reason="first").json()["entries"][0]

    again = register(api, team, ["+1 415 555 0199", "+14155550100"], reason="second")

    assert again.status_code == 201
    assert again.json()["registered"] == 1
    assert again.json()["already_registered"] == 1
    assert again.json()["entries"][0] == first
    assert register(api, team, ["+14155550199"]).status_code == 200
    assert DoNotCallEntry.objects.filter(team=team).count() == 2


def test_a_batch_with_bad_numbers_writes_nothing_and_names_every_bad_one(api, team):
    response = register(api, team, ["+14155550199", "12345", "+1415555019", 14155550100])

    error = api_error(response, 400, "validation_error")
    assert set(error["fields"]) == {"numbers.1", "numbers.2", "numbers.3"}
    assert not DoNotCallEntry.objects.exists()


def test_a_batch_is_one_to_a_thousand_numbers(api, team):
    assert set(api_error(register(api, team, []), 400)["fields"]) == {"numbers"}
    too_many = [f"+1415555{n:04d}" for n in range(1001)]
    assert set(api_error(register(api, team, too_many), 400)["fields"]) == {"numbers"}
    thousand = [f"+1415555{n:04d}" for n in range(1000)]
    assert register(api, team, thousand).json()["registered"] == 1000


def test_post_refuses_unknown_fields_and_another_team(api, team, other_team):
    response = register(api, team, ["+14155550199"], source="admin")
    assert set(api_error(response, 400)["fields"]) == {"source"}
    response = api.post(
        DO_NOT_CALL, {"teamId": other_team.public_id, "numbers": ["+14155550199"]}, format="json"
    )
    api_error(response, 404, "not_found")
    assert not DoNotCallEntry.objects.exists()


def test_list_pages_the_teams_live_entries_newest_first(api, team):
    register(api, team, ["+14155550101"])
    register(api, team, ["+14155550102"])
    register(api, team, ["+14155550103"])
    api.delete(f"{DO_NOT_CALL}/+14155550102?teamId={team.public_id}")

    response = api.get(DO_NOT_CALL, {"teamId": team.public_id, "limit": 1})

    answer = response.json()
    assert answer["count"] == 2
    assert [entry["number"] for entry in answer["entries"]] == ["+14155550103"]


def test_list_searches_by_number_in_any_format(api, team):
    register(api, team, ["+14155550199", "+442079460958"])

    def numbers(search):
        response = api.get(DO_NOT_CALL, {"teamId": team.public_id, "search": search})
        return [entry["number"] for entry in response.json()["entries"]]

    assert numbers("+1 (415) 555-0199") == ["+14155550199"]
    assert numbers("555 0199") == ["+14155550199"]
    assert numbers("020 7946 0958") == []  # national digits differ from E.164's
    assert numbers("7946 0958") == ["+442079460958"]
    api_error(api.get(DO_NOT_CALL, {"teamId": team.public_id, "search": "abc"}), 400)


def test_list_filters_by_source_and_since(api, team, company):
    register(api, team, ["+14155550101"])
    api.post(
        "/api/crm/contacts",
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "Ada",
            "lastName": "Lovelace",
            "phone": "+14155550102",
            "doNotCall": True,
        },
        format="json",
    )

    def numbers(**params):
        response = api.get(DO_NOT_CALL, {"teamId": team.public_id, **params})
        assert response.status_code == 200, response.json()
        return [entry["number"] for entry in response.json()["entries"]]

    assert numbers(source="contact") == ["+14155550102"]
    assert numbers(source="api") == ["+14155550101"]
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    assert numbers(since=future) == []
    assert len(numbers(since="2000-01-01")) == 2
    error = api_error(api.get(DO_NOT_CALL, {"teamId": team.public_id, "source": "fax"}), 400)
    assert set(error["fields"]) == {"source"}
    error = api_error(api.get(DO_NOT_CALL, {"teamId": team.public_id, "since": "soon"}), 400)
    assert set(error["fields"]) == {"since"}


def test_delete_removes_on_the_record_and_the_number_can_come_back(api, team):
    register(api, team, ["+14155550199"])

    response = api.delete(f"{DO_NOT_CALL}/%2B1%20(415)%20555-0199?teamId={team.public_id}")

    assert response.status_code == 200, response.json()
    removed = response.json()["entry"]
    assert removed["number"] == "+14155550199"
    assert removed["removed_at"] is not None
    entry = DoNotCallEntry.objects.get()
    assert entry.removed_at is not None and entry.removed_by_token is not None
    listing = api.get(DO_NOT_CALL, {"teamId": team.public_id})
    assert listing.json()["count"] == 0
    again = register(api, team, ["+14155550199"])
    assert again.status_code == 201
    assert DoNotCallEntry.objects.filter(team=team).count() == 2  # the removed one is kept


def test_delete_of_a_number_not_on_the_registry_is_404(api, team):
    api_error(api.delete(f"{DO_NOT_CALL}/+14155550199?teamId={team.public_id}"), 404, "not_found")


def test_delete_needs_a_valid_number_and_the_tokens_team(api, team, other_team):
    register(api, team, ["+14155550199"])
    error = api_error(api.delete(f"{DO_NOT_CALL}/12345?teamId={team.public_id}"), 400)
    assert set(error["fields"]) == {"number"}
    error = api_error(api.delete(f"{DO_NOT_CALL}/+14155550199"), 400)
    assert set(error["fields"]) == {"teamId"}
    api_error(api.delete(f"{DO_NOT_CALL}/+14155550199?teamId={other_team.public_id}"), 404)
    error = api_error(
        api.delete(f"{DO_NOT_CALL}/+14155550199?teamId={team.public_id}&force=1"), 400
    )
    assert set(error["fields"]) == {"force"}
    assert DoNotCallEntry.objects.live().count() == 1


def test_another_teams_token_sees_and_changes_nothing(api, other_api, team, other_team):
    register(api, team, ["+14155550199"])

    listing = other_api.get(DO_NOT_CALL, {"teamId": other_team.public_id})
    assert listing.json()["count"] == 0
    api_error(other_api.get(DO_NOT_CALL, {"teamId": team.public_id}), 404)
    api_error(other_api.get(f"{DO_NOT_CALL}/+14155550199?teamId={team.public_id}"), 404)
    api_error(other_api.get(f"{DO_NOT_CALL}/+14155550199?teamId={other_team.public_id}"), 404)
    api_error(other_api.delete(f"{DO_NOT_CALL}/+14155550199?teamId={team.public_id}"), 404)
    api_error(other_api.delete(f"{DO_NOT_CALL}/+14155550199?teamId={other_team.public_id}"), 404)
    assert DoNotCallEntry.objects.live().filter(team=team).count() == 1
    # The same number is a separate entry in another team's registry.
    assert register(other_api, other_team, ["+14155550199"]).status_code == 201


def test_list_queries_do_not_grow_with_the_page(api, team):
    register(api, team, [f"+1415555{n:04d}" for n in range(3)])

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            response = api.get(DO_NOT_CALL, {"teamId": team.public_id, "limit": limit})
        assert len(response.json()["entries"]) == limit
        return len(captured)

    small = queries(1)
    register(api, team, [f"+1415556{n:04d}" for n in range(40)])
    assert queries(40) == small


def test_the_collection_takes_get_and_post_a_number_get_and_delete(api, team):
    response = api.put(DO_NOT_CALL, {}, format="json")
    api_error(response, 405, "method_not_allowed")
    response = api.post(f"{DO_NOT_CALL}/+14155550199?teamId={team.public_id}", {}, format="json")
    api_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, DELETE, HEAD"
    assert listed_ids(api.get(DO_NOT_CALL, {"teamId": team.public_id}), "entries") == []


def entry_url(team, number="+14155550199") -> str:
    return f"{DO_NOT_CALL}/{number}?teamId={team.public_id}"


def test_get_answers_a_numbers_live_entry_with_its_etag(api, team):
    registered = register(api, team, ["+14155550199"]).json()["entries"][0]

    response = api.get(f"{DO_NOT_CALL}/%2B1%20(415)%20555-0199", {"teamId": team.public_id})

    assert response.status_code == 200, response.json()
    assert response.json()["entry"] == registered
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    trimmed = api.get(DO_NOT_CALL + "/+14155550199", {"teamId": team.public_id, "fields": "number"})
    assert trimmed.json()["entry"] == {"id": registered["id"], "number": "+14155550199"}
    assert trimmed["ETag"] == response["ETag"]
    api_error(api.get(entry_url(team, "+14155550100")), 404, "not_found")
    api_error(api.get(f"{DO_NOT_CALL}/+14155550199"), 400)


def test_delete_with_the_entrys_etag_takes_the_number_off(api, team):
    register(api, team, ["+14155550199"])
    etag = api.get(entry_url(team))["ETag"]

    response = api.delete(entry_url(team), HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    assert response.json()["entry"]["removed_at"] is not None
    assert not DoNotCallEntry.objects.live().exists()


def test_delete_with_an_etag_reads_the_entry_once_under_its_lock(api, team):
    register(api, team, ["+14155550199"])
    etag = api.get(entry_url(team))["ETag"]
    table = DoNotCallEntry._meta.db_table

    with CaptureQueriesContext(connection) as captured:
        response = api.delete(entry_url(team), HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    reads = [query["sql"] for query in captured if f'FROM "{table}"' in query["sql"]]
    assert len(reads) == 1 and reads[0].endswith("FOR UPDATE")


def test_delete_with_another_entrys_etag_is_412_and_the_number_stays(api, team):
    register(api, team, ["+14155550199"])
    stale = api.get(entry_url(team))["ETag"]
    api.delete(entry_url(team))
    register(api, team, ["+14155550199"])  # a new entry for the same number

    response = api.delete(entry_url(team), HTTP_IF_MATCH=stale)

    error = api_error(response, 412, "precondition_failed")
    assert api.get(entry_url(team))["ETag"] in error["message"]
    assert DoNotCallEntry.objects.live().count() == 1
    assert api.delete(entry_url(team), HTTP_IF_MATCH="*").status_code == 200


def test_delete_with_a_malformed_if_match_is_400_and_the_number_stays(api, team):
    register(api, team, ["+14155550199"])

    response = api.delete(entry_url(team), HTTP_IF_MATCH="not-a-tag")

    assert set(api_error(response, 400)["fields"]) == {"If-Match"}
    assert DoNotCallEntry.objects.live().count() == 1


def test_a_retried_post_with_its_idempotency_key_is_replayed(api, team):
    body = {"teamId": team.public_id, "numbers": ["+14155550199"]}

    first = api.post(DO_NOT_CALL, body, format="json", HTTP_IDEMPOTENCY_KEY="dnc-1")
    again = api.post(DO_NOT_CALL, body, format="json", HTTP_IDEMPOTENCY_KEY="dnc-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert DoNotCallEntry.objects.count() == 1
