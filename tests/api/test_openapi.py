"""The OpenAPI document at /api/schema/, its docs page, and the contract it makes.

The last test runs schemathesis against the live test server with a real token: every response
must be a non-5xx that the document describes (status, content type and body).
"""

import re

import pytest
import requests
import schemathesis
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    CallFactory,
    CompanyFactory,
    ContactFactory,
    TeamFactory,
    issue_token,
)

SCHEMA_URL = "/api/schema/"
DOCS_URL = "/api/docs/"

OPERATIONS = {
    ("/api/crm/contacts", "get"),
    ("/api/crm/contacts", "post"),
    ("/api/crm/contacts/{id}", "get"),
    ("/api/crm/contacts/{id}", "patch"),
    ("/api/crm/contacts/{id}", "delete"),
    ("/api/crm/contacts/{id}/restore", "post"),
    ("/api/crm/contacts/upsert", "post"),
    ("/api/crm/contacts/batch", "post"),
    ("/api/crm/calls/batch", "post"),
    ("/api/crm/contacts/duplicates", "get"),
    ("/api/crm/contacts/{id}/merge", "post"),
    ("/api/crm/contacts/{id}/calls", "get"),
    ("/api/crm/contacts/{id}/calls", "post"),
    ("/api/crm/contacts/{id}/history", "get"),
    ("/api/crm/companies", "get"),
    ("/api/crm/companies", "post"),
    ("/api/crm/companies/{id}", "get"),
    ("/api/crm/companies/{id}", "patch"),
    ("/api/crm/companies/{id}", "delete"),
    ("/api/crm/companies/{id}/restore", "post"),
    ("/api/crm/companies/{id}/history", "get"),
    ("/api/crm/calls", "get"),
    ("/api/crm/calls/{id}", "get"),
    ("/api/crm/do-not-call", "get"),
    ("/api/crm/do-not-call", "post"),
    ("/api/crm/do-not-call/{number}", "get"),
    ("/api/crm/do-not-call/{number}", "delete"),
    ("/api/crm/team", "get"),
    ("/api/crm/team", "patch"),
    ("/api/crm/webhooks", "get"),
    ("/api/crm/webhooks", "post"),
    ("/api/crm/webhooks/{id}", "get"),
    ("/api/crm/webhooks/{id}", "patch"),
    ("/api/crm/webhooks/{id}", "delete"),
    ("/api/crm/webhooks/{id}/rotate-secret", "post"),
    ("/api/crm/events", "get"),
}


@pytest.fixture
def document(db) -> dict:
    response = APIClient().get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def operation(document: dict, path: str, method: str) -> dict:
    return document["paths"][path][method]


def component(document: dict, ref_holder: dict) -> dict:
    name = ref_holder["$ref"].removeprefix("#/components/schemas/")
    return document["components"]["schemas"][name]


def body_schema(document: dict, op: dict) -> dict:
    return component(document, op["requestBody"]["content"]["application/json"]["schema"])


def response_schema(document: dict, op: dict, status: str) -> dict:
    return component(document, op["responses"][status]["content"]["application/json"]["schema"])


# --- the document --------------------------------------------------------------------------------


def test_schema_is_a_valid_openapi_3_document_served_without_a_token(db):
    response = APIClient().get(SCHEMA_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate_schema(document)


def test_schema_is_also_served_as_yaml(db):
    response = APIClient().get(SCHEMA_URL, HTTP_ACCEPT="application/yaml")

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_spectacular_validates_the_schema_without_warnings(tmp_path):
    # Fails (SchemaGenerationError) on any warning, e.g. a field whose type cannot be told.
    # No `db` fixture: generating the document must not touch the database.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")

    assert (tmp_path / "api.yaml").read_text().startswith("openapi: 3.")


def test_schema_describes_every_endpoint_and_nothing_else(document):
    described = {(path, method) for path, item in document["paths"].items() for method in item}

    assert described == OPERATIONS


def test_every_operation_needs_the_bearer_token(document):
    scheme = document["components"]["securitySchemes"]["bearerAuth"]

    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, method in OPERATIONS:
        op = operation(document, path, method)
        assert op["security"] == [{"bearerAuth": []}], (path, method)
        assert "401" in op["responses"], (path, method)


def test_every_post_takes_an_idempotency_key(document):
    for path, method in OPERATIONS:
        op = operation(document, path, method)
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert ("Idempotency-Key" in headers) == (method == "post"), (path, method)
        if method == "post":
            assert "422" in op["responses"], path


def test_request_bodies_are_camel_case_and_refuse_unknown_fields(document):
    create = body_schema(document, operation(document, "/api/crm/contacts", "post"))

    assert create["additionalProperties"] is False
    assert {"teamId", "companyId", "firstName", "lastName", "doNotCall", "customFields"} <= set(
        create["properties"]
    )
    assert not any("_" in name for name in create["properties"])
    assert set(create["required"]) == {"teamId", "companyId", "firstName", "lastName"}


def test_custom_request_fields_have_their_real_types(document):
    create = body_schema(document, operation(document, "/api/crm/contacts", "post"))["properties"]

    assert re.fullmatch(create["teamId"]["pattern"], "team_01h455vb4pex5vsknk084sn02q")
    assert not re.fullmatch(create["teamId"]["pattern"], "comp_01h455vb4pex5vsknk084sn02q")
    assert create["doNotCall"] == {"type": "boolean"}
    assert create["tags"]["type"] == "array"
    assert create["tags"]["items"]["type"] == "string"
    assert create["customFields"]["type"] == "object"
    assert create["phone"]["type"] == "string"
    assert create["email"]["format"] == "email"
    calls = body_schema(document, operation(document, "/api/crm/contacts/{id}/calls", "post"))
    assert calls["properties"]["startedAt"] == {"type": "string", "format": "date-time"}


def test_patch_bodies_require_nothing_and_upsert_requires_its_key(document):
    patch = body_schema(document, operation(document, "/api/crm/contacts/{id}", "patch"))
    upsert = body_schema(document, operation(document, "/api/crm/contacts/upsert", "post"))

    assert "required" not in patch
    assert "teamId" not in patch["properties"]
    assert set(upsert["required"]) == {"matchOn", "teamId"}


def test_responses_are_in_the_success_envelope_with_every_field(document):
    one = response_schema(document, operation(document, "/api/crm/contacts/{id}", "get"), "200")
    page = response_schema(document, operation(document, "/api/crm/contacts", "get"), "200")
    upsert = response_schema(
        document, operation(document, "/api/crm/contacts/upsert", "post"), "201"
    )
    calls = response_schema(
        document, operation(document, "/api/crm/contacts/{id}/calls", "get"), "200"
    )

    assert set(one["required"]) == {"success", "contact"}
    # `offset` by offset, `next_cursor` by cursor: each page has one of the two.
    assert set(page["required"]) == {"success", "contacts", "count", "limit"}
    assert {"offset", "next_cursor"} <= set(page["properties"])
    assert page["properties"]["next_cursor"]["nullable"] is True
    assert page["properties"]["count"]["nullable"] is True  # count=false
    assert set(upsert["required"]) == {"success", "created", "contact"}
    assert set(calls["required"]) == {"success", "calls", "count", "limit"}
    assert {"offset", "next_cursor"} <= set(calls["properties"])
    contact = component(document, upsert["properties"]["contact"])
    assert set(contact["required"]) == set(contact["properties"])
    assert "first_name" in contact["properties"]
    assert contact["properties"]["phone"]["nullable"] is True
    assert contact["properties"]["company_id"]["nullable"] is True


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/crm/contacts", "contacts"),
        ("/api/crm/contacts/{id}", "contact"),
        ("/api/crm/companies", "companies"),
        ("/api/crm/calls/{id}", "call"),
        ("/api/crm/do-not-call/{number}", "entry"),
        ("/api/crm/webhooks", "webhooks"),
        ("/api/crm/team", "team"),
    ],
)
def test_answers_fields_may_trim_require_only_the_id(document, path, key):
    op = operation(document, path, "get")
    assert "fields" in {parameter["name"] for parameter in op["parameters"]}
    answer = response_schema(document, op, "200")

    held = answer["properties"][key]
    record = component(document, held.get("items", held))

    assert record["required"] == ["id"]
    assert len(record["properties"]) > 3
    assert "`fields`" in op["responses"]["200"]["description"]


def test_errors_share_one_shape(document):
    error = document["components"]["schemas"]["Error"]
    detail = component(document, error["properties"]["error"])

    assert set(error["required"]) == {"success", "error"}
    assert set(detail["required"]) == {"code", "message", "fields"}
    expected = {
        ("/api/crm/contacts", "post"): {
            *("400", "401", "404", "406", "409", "413", "414", "415", "422", "429"),
        },
        ("/api/crm/contacts/{id}", "get"): {"400", "401", "404", "406", "414", "429"},
        ("/api/crm/companies/{id}", "delete"): {
            *("400", "401", "404", "406", "409", "412", "414", "429"),
        },
    }
    for (path, method), statuses in expected.items():
        responses = operation(document, path, method)["responses"]
        assert {status for status in responses if status >= "400"} == statuses
        for status in statuses:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}


def test_list_parameters_are_the_filtersets_camel_case_names(document):
    contacts = operation(document, "/api/crm/contacts", "get")["parameters"]
    companies = operation(document, "/api/crm/companies", "get")["parameters"]
    company_delete = operation(document, "/api/crm/companies/{id}", "delete")["parameters"]

    assert {p["name"] for p in contacts} == {
        "teamId",
        "companyId",
        "search",
        "leadStatus",
        "doNotCall",
        "hasPhone",
        "callable",
        "tags",
        "customField",
        "updatedSince",
        "callableAt",
        "callableNow",
        "lastCalledBefore",
        "lastCalledAfter",
        "neverCalled",
        "ordering",
        "limit",
        "offset",
        "cursor",
        "count",
        "fields",
    }
    assert {p["name"] for p in companies} == {
        *("teamId", "search"),
        *("limit", "offset", "cursor", "count", "fields"),
    }
    calls = operation(document, "/api/crm/calls", "get")["parameters"]
    assert {p["name"] for p in calls} == {
        "teamId",
        "contactId",
        "campaignId",
        "outcome",
        "startedAfter",
        "startedBefore",
        "limit",
        "offset",
        "cursor",
        "count",
        "fields",
    }
    assert [p["schema"].get("enum") for p in company_delete if p["name"] == "contacts"] == [
        ["archive", "detach"]
    ]
    description = operation(document, "/api/crm/contacts", "get")["description"]
    assert "customField=<key>:<value>" in description
    assert "customFields.<key>=<value>" in description
    patterns = operation(document, "/api/crm/contacts", "get")["x-query-parameter-patterns"]
    assert [p["pattern"] for p in patterns] == [r"^customFields\..+$"]


def test_openapi_spec_validator_accepts_the_document(document):
    validate(document)  # raises on any fault


def test_no_enum_of_null_or_blank_and_nullable_always_beside_a_type(document):
    schemas = document["components"]["schemas"]
    assert not {"NullEnum", "BlankEnum"} & set(schemas)

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("nullable"):
                assert "type" in node or not {"allOf", "oneOf", "anyOf"} & set(node), where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(document, "")
    email = schemas["Contact"]["properties"]["email"]
    assert email == {"type": "string", "format": "email", "maxLength": 254, "nullable": True}
    lead_status = schemas["Call"]["properties"]["lead_status"]
    assert lead_status["type"] == "string"
    assert lead_status["enum"][-1] is None


def test_enum_values_that_are_not_names_are_given_names(document):
    parameters = operation(document, "/api/crm/contacts", "get")["parameters"]
    ordering = next(p for p in parameters if p["name"] == "ordering")["schema"]

    names = dict(zip(ordering["enum"], ordering["x-enum-varnames"], strict=True))
    assert names["lastName"] == "LAST_NAME"
    assert names["-lastName"] == "LAST_NAME_DESC"
    assert names["-lastCalledAt"] == "LAST_CALLED_AT_DESC"
    assert len(set(names.values())) == len(names)


def test_error_codes_are_an_open_set_of_strings(document):
    error_code = document["components"]["schemas"]["ErrorCode"]

    assert error_code["type"] == "string"
    assert "enum" not in error_code
    assert "`precondition_failed`" in error_code["description"]


def test_real_responses_pass_a_strict_openapi_3_0_validator(api, team, company, document):
    contact = ContactFactory(team=team, company=company, email=None, phone=None)
    call = CallFactory(contact=contact, lead_status=None)
    trimmed = {"fields": "first_name,email"}
    answers = [
        (api.get(f"/api/crm/contacts/{contact.public_id}"), "/api/crm/contacts/{id}"),
        (api.get(f"/api/crm/calls/{call.public_id}"), "/api/crm/calls/{id}"),
        (api.get("/api/crm/contacts/cont_01h455vb4pex5vsknk084sn02q"), "/api/crm/contacts/{id}"),
        (api.get(f"/api/crm/contacts/{contact.public_id}", trimmed), "/api/crm/contacts/{id}"),
        (api.get("/api/crm/contacts", {"teamId": team.public_id, **trimmed}), "/api/crm/contacts"),
        (api.get("/api/crm/contacts", {"teamId": team.public_id}), "/api/crm/contacts"),
        (
            api.get("/api/crm/calls", {"teamId": team.public_id, "fields": "outcome"}),
            "/api/crm/calls",
        ),
    ]
    for response, path in answers:
        schema = operation(document, path, "get")["responses"][str(response.status_code)]
        schema = schema["content"]["application/json"]["schema"]
        # The response's schema, with the components its `$ref`s point into.
        OAS30Validator({**schema, "components": document["components"]}).validate(response.json())
    assert answers[0][0].json()["contact"]["email"] is None
    assert answers[1][0].json()["call"]["lead_status"] is None
    assert set(answers[3][0].json()["contact"]) == {"id", "first_name", "email"}
    assert set(answers[4][0].json()["contacts"][0]) == {"id", "first_name", "email"}
    assert set(answers[6][0].json()["calls"][0]) == {"id", "outcome"}


def test_multi_value_filters_are_sent_repeated_and_instants_need_an_offset(document):
    parameters = {
        p["name"]: p for p in operation(document, "/api/crm/contacts", "get")["parameters"]
    }

    for name in ["leadStatus", "tags"]:
        assert parameters[name]["schema"]["type"] == "array"
        assert (parameters[name]["style"], parameters[name]["explode"]) == ("form", True)
        assert "comma-separated" in parameters[name]["description"]
    # Values may hold commas: only repeated.
    assert parameters["customField"]["schema"] == {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
    }
    assert (parameters["customField"]["style"], parameters["customField"]["explode"]) == (
        "form",
        True,
    )
    assert parameters["updatedSince"]["schema"] == {"type": "string", "format": "date-time"}
    assert "offset is required" in parameters["updatedSince"]["description"]


def test_docs_page_is_html_served_without_a_cdn(db):
    response = APIClient().get(DOCS_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "swagger-ui" in page
    # Its start-up script is a file of its own (the Content-Security-Policy allows no inline
    # script), and it loads the schema.
    assert "<script>" not in page
    assert "<style>" not in page
    script = APIClient().get(f"{DOCS_URL}?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert SCHEMA_URL in script.content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', page)
    assert len(assets) >= 3  # the bundle, its preset and its stylesheet
    for asset in assets:
        assert finders.find(asset), asset
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # nothing from a CDN


def test_a_call_before_2000_is_refused(api, company):
    contact = ContactFactory(company=company)
    body = {
        "campaignId": "spring",
        "startedAt": "0999-01-01T00:00:00Z",
        "durationSeconds": 60,
        "outcome": "answered",
    }

    response = api.post(f"/api/crm/contacts/{contact.public_id}/calls", body, format="json")

    # Refused: an answer would not be ISO 8601 (strftime writes year 999 with three digits).
    assert response.status_code == 400
    assert "startedAt" in response.json()["error"]["fields"]


@pytest.mark.parametrize("parameter", ["teamId", "companyId", "leadStatus"])
def test_a_percent_sign_in_a_filter_value_is_a_400(api, team, parameter):
    params = {"teamId": team.public_id, parameter: "50%"}

    response = api.get("/api/crm/contacts", params)

    assert response.status_code == 400
    assert parameter in response.json()["error"]["fields"]


# --- the contract, against the live server -------------------------------------------------------

# Small and reproducible: the whole file runs in well under a minute.
SCHEMATHESIS_CONFIG = {
    "seed": 20240115,
    "generation": {
        "mode": "all",  # valid requests, and invalid ones that must answer a documented 4xx
        # The test sends a real token itself (see `call_and_validate` below).
        "with-security-parameters": False,
    },
    # Fuzzing only: the document's examples are placeholder IDs, and the coverage phase's
    # exhaustive boundary cases would take minutes.
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}},
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
TYPEID = re.compile(r"^(team|comp|cont|call)_[0-9a-z]{26}$")


@pytest.fixture
def records(transactional_db) -> dict:
    """Real records for the generated requests to reach, and a token of their team."""
    # Its own rate limit, high enough for every generated request.
    team = TeamFactory(name="Contract Sales", api_rate_limit=100_000)
    company = CompanyFactory(team=team, name="Contract Inc")
    empty_company = CompanyFactory(team=team, name="Empty Inc")
    contact = ContactFactory(company=company, tags=["vip"], custom_fields={"size": "500"})
    other_company = CompanyFactory(name="Rival Inc")  # another team's: must answer 404
    call = CallFactory(contact=contact)
    theirs = CallFactory(contact=ContactFactory(company=other_company))
    return {
        "token": issue_token(team),
        "ids": {
            "team": [team.public_id],
            "comp": [company.public_id, empty_company.public_id, other_company.public_id],
            "cont": [contact.public_id, ContactFactory(company=company).public_id],
            "call": [call.public_id, theirs.public_id],
        },
    }


# Production settings redirect plain HTTP to HTTPS, and the live server builds its middleware
# once, when it starts; this header is how a TLS proxy says a request came in over HTTPS.
OVER_HTTPS = {"X-Forwarded-Proto": "https"}

# The document /api/schema/ serves (test_live_server_serves_the_document_under_test checks it),
# generated at collection so that schemathesis makes one test per operation.
live_api_schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True),
    config=schemathesis.Config.from_dict(SCHEMATHESIS_CONFIG),
)


def test_live_server_serves_the_document_under_test(live_server):
    response = requests.get(f"{live_server.url}{SCHEMA_URL}", headers=OVER_HTTPS, timeout=10)

    assert response.status_code == 200
    assert response.json() == live_api_schema.raw_schema


def use_real_ids(values, ids: dict, data) -> None:
    """Point some generated IDs at real records, so the success paths are exercised too."""
    if not isinstance(values, dict):
        return
    for name, value in values.items():
        match = TYPEID.match(value) if isinstance(value, str) else None
        # Mostly real: a made-up ID only ever reaches the 404 path.
        if match and data.draw(st.integers(0, 4), label=f"real {name}"):
            values[name] = data.draw(st.sampled_from(ids[match.group(1)]), label=name)


@live_api_schema.parametrize()
@live_api_schema.given(data=st.data())
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    # `records` is shared by an operation's examples on purpose: they act on the same data.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_its_openapi_document_says(case, data, live_server, records):
    for values in (case.path_parameters, case.query, case.body):
        use_real_ids(values, records["ids"], data)
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Bearer {records['token']}", **OVER_HTTPS},
        checks=CHECKS,
    )


def test_the_change_feed_is_described_with_its_parameters_and_its_410(document):
    feed = operation(document, "/api/crm/events", "get")

    parameters = {p["name"]: p for p in feed["parameters"]}
    assert set(parameters) == {"teamId", "after", "types", "limit"}
    assert parameters["teamId"]["required"] is True
    assert "contact.archived" in parameters["types"]["schema"]["items"]["enum"]
    assert {"200", "400", "404", "410"} <= set(feed["responses"])
