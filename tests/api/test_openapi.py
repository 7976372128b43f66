"""The OpenAPI document: valid 3.1, every API route in it, and what a CRM developer needs."""

import re

import jsonschema
import pytest
from openapi_spec_validator import validate
from referencing import Registry
from referencing import Resource
from referencing.jsonschema import DRAFT202012

from service.api import schemas
from service.sessions import queries
from service.sessions.events import PAYLOAD_SCHEMA
from service.sessions.events import EventType
from service.webhooks.queue import envelope
from tests.api.test_api import NEW_SESSION

DOCUMENT = "/api/v1/openapi.json"


@pytest.fixture
def document(client):
    """Return the document as a developer without a key gets it."""
    answer = client.get(DOCUMENT)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    return answer.json


def openapi_path(rule) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", str(rule))


def checker(document: dict, pointer: str) -> jsonschema.Draft202012Validator:
    """Return a validator for the schema at ``pointer`` in the document, references and all."""
    registry = Registry().with_resource("urn:doc", Resource(document, DRAFT202012))
    return jsonschema.Draft202012Validator({"$ref": f"urn:doc#{pointer}"}, registry=registry)


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_api_route_is_in_the_document_and_it_needs_no_key(app, document):
    # Walks the URL map: a new API route fails here until its view declares its models.
    # The document itself is public: a CRM developer reads it before having a key.
    undocumented = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"].get(openapi_path(rule), {}).get(method.lower())
            if operation is None or not operation["responses"]:
                undocumented.append(f"{method} {rule}")
    assert undocumented == []
    assert document["paths"][DOCUMENT]["get"]["security"] == []


def test_the_bearer_key_and_the_error_answers_are_described(document):
    assert document["components"]["securitySchemes"]["apiKey"] == {
        **document["components"]["securitySchemes"]["apiKey"],
        "type": "http",
        "scheme": "bearer",
    }
    assert document["security"] == [{"apiKey": []}]
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"error", "message"} and "field" in error["properties"]
    create = document["paths"]["/api/v1/sessions"]["post"]["responses"]
    for status in ("400", "401", "404", "409", "413", "422", "429"):
        schema = create[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}, status
    assert "Retry-After" in create["429"]["headers"]
    upload = document["paths"]["/api/v1/images"]["post"]["responses"]
    assert upload["403"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_every_post_takes_an_idempotency_key(document):
    posts = [(path, item["post"]) for path, item in document["paths"].items() if "post" in item]
    assert len(posts) >= 9
    for path, operation in posts:
        assert {"$ref": "#/components/parameters/IdempotencyKey"} in operation["parameters"], path
    assert document["components"]["parameters"]["IdempotencyKey"]["name"] == "Idempotency-Key"


def test_the_event_stream_carries_the_event_payload_schema(
    document, client, api_headers, make_session
):
    stream = document["paths"]["/api/v1/sessions/{session_id}/events"]["get"]
    media = stream["responses"]["200"]["content"]["text/event-stream"]
    data = media["schema"]["properties"]["data"]
    assert data["contentMediaType"] == "application/json"
    assert data["contentSchema"] == {"$ref": "#/components/schemas/EventPayload"}
    described = document["components"]["schemas"]["EventPayload"]
    assert {k: v for k, v in described.items() if k != "title"} == PAYLOAD_SCHEMA
    session, path = make_session()
    client.get(path)
    for event in queries.events_after(session.id, 0):
        checker(document, "/components/schemas/EventPayload").validate(event)


def test_webhooks_give_each_event_its_payload_and_the_standard_webhooks_headers(
    document, make_session
):
    assert set(document["webhooks"]) == {f"session.{kind}" for kind in EventType}
    session, _ = make_session()
    event = queries.events_after(session.id, 0)[0]
    hook = document["webhooks"][f"session.{event['type']}"]["post"]
    headers = {p["name"] for p in hook["parameters"] if p["in"] == "header" and p["required"]}
    assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    body = checker(
        document,
        f"/webhooks/session.{event['type']}/post/requestBody/content/application~1json/schema",
    )
    body.validate(envelope(event))
    with pytest.raises(jsonschema.ValidationError):
        body.validate({**envelope(event), "type": "session.other"})


def test_a_new_session_links_to_the_calls_that_follow_it(document):
    created = document["paths"]["/api/v1/sessions"]["post"]["responses"]["201"]
    targets = {link["operationId"] for link in created["links"].values()}
    assert targets >= {"get_session", "move_session", "revoke_session"}
    operations = {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
    }
    assert targets <= operations
    assert "Location" in created["headers"]


def test_an_answer_that_breaks_its_schema_is_a_plain_500(
    app, client, api_headers, monkeypatch, caplog
):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    created = client.post("/api/v1/sessions", json=NEW_SESSION, headers=api_headers).json
    real = schemas.session_json
    monkeypatch.setattr(schemas, "session_json", lambda *a: {**real(*a), "secret": "x"})

    answer = client.get(f"/api/v1/sessions/{created['id']}", headers=api_headers)

    assert answer.status_code == 500
    assert answer.json == {"error": "internal_error", "message": "サーバー側で問題が起きました。"}
    assert "breaks its schema" in caplog.text


@pytest.mark.parametrize(
    "body, field",
    [
        ({"minutes": True}, "minutes"),
        ({"minutes": "10"}, "minutes"),
        ({"minutes": 61}, "minutes"),
        ({}, "minutes"),
    ],
)
def test_a_refused_value_names_its_field_in_japanese(client, api_headers, body, field):
    created = client.post("/api/v1/sessions", json=NEW_SESSION, headers=api_headers).json

    answer = client.post(f"/api/v1/sessions/{created['id']}/extend", json=body, headers=api_headers)

    assert answer.status_code == 422
    assert answer.json == {
        "error": "invalid_input",
        "message": "'minutes' は 1 から 60 の整数で送ってください。",
        "field": field,
    }


def test_a_query_argument_refused_names_the_choices(client, api_headers):
    answer = client.get("/api/v1/sessions?status=finished", headers=api_headers)
    assert answer.status_code == 422 and answer.json["field"] == "status"
    assert "sent、delivery_failed" in answer.json["message"]
