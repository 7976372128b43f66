"""GET /api/v1/openapi.json: the OpenAPI 3.1 document, made from the views' own models.

Spectree writes the paths, bodies, queries and answers from the models the views are
validated with; this module adds what lives outside a view: the bearer key, the error
answers every call can give (one ``Error`` schema), ``Idempotency-Key`` on every POST, the
event stream's data, the links a CRM follows from a new session, and the webhooks with
their Standard Webhooks headers. Served without a key: a developer reads it first.
"""

import copy

from flask import current_app
from flask import jsonify

from service.api.spec import tree
from service.sessions.events import PAYLOAD_SCHEMA
from service.sessions.events import EventType
from service.webhooks.queue import TYPE_PREFIX

ERROR = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    400: "the body is not a JSON object (invalid_json), or the request is malformed",
    401: "no valid API key (unauthorized)",
    403: "an operator's key on an admin-only call (forbidden)",
    404: "no such session, guide or endpoint for this key (not_found)",
    409: "the action does not fit the session's state, or a retry while the first runs",
    413: "the body is over the size limit (too_large)",
    422: "a value refused (invalid_input, with field), or an Idempotency-Key reused",
    429: "a limit: wait Retry-After seconds (rate_limited, too_many_attempts)",
}
COMPONENTS = {
    "securitySchemes": {
        "apiKey": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key issued by an admin: Authorization: Bearer <key>. "
            "An operator's key reaches the sessions it created; an admin's every one.",
        }
    },
    "parameters": {
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": "A retry with the same key, method, path and body answers what "
            "the first answered (Idempotent-Replayed: true) and does it once; kept 24 h.",
            "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
        }
    },
    "headers": {
        "RetryAfter": {
            "description": "seconds to wait before trying again",
            "schema": {"type": "integer", "minimum": 0},
        },
        "IdempotentReplayed": {
            "description": "true when this is the stored answer of an earlier request",
            "schema": {"type": "string", "enum": ["true"]},
        },
    },
}
WEBHOOK_HEADERS = {
    "webhook-id": "msg_<event id>: the same on every retry and replay (drop repeats by it)",
    "webhook-timestamp": "Unix seconds when this attempt was signed",
    "webhook-signature": 'v1,<base64 HMAC-SHA256 of "id.timestamp.body">; two, '
    "space-separated, during a secret rotation's overlap",
}
SSE_EVENT = {
    "type": "object",
    "description": "one Server-Sent Event; its data is an EventPayload in JSON",
    "properties": {
        "id": {"type": "string", "description": "the event's id, for Last-Event-ID"},
        "event": {"type": "string", "description": "message, or busy when the server is full"},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/EventPayload"},
        },
        "retry": {"type": "integer", "description": "milliseconds before reconnecting"},
    },
}
STREAM = (
    "Server-Sent Events: each event is an `id: <n>` line and a `data:` line holding one "
    "EventPayload as JSON; send Last-Event-ID to resume after it. The stream ends after a "
    "final event."
)


def openapi():
    """Return the OpenAPI 3.1 document of this API."""
    cache = current_app.extensions.setdefault("tebiki.openapi", {})
    if "document" not in cache:
        cache["document"] = build()
    return jsonify(cache["document"])


def build() -> dict:
    """Make the document from the app's api routes and their models."""
    document = copy.deepcopy(tree.spec)
    document["info"]["description"] = (
        "Tebiki's API for CRM and CTI systems: start a guidance session (the customer gets "
        "an SMS), follow it by Server-Sent Events or webhooks, steer it. Errors are always "
        '{"error", "message", "field"?} with a 4xx status.'
    )
    components = document.setdefault("components", {})
    for name, part in COMPONENTS.items():
        components.setdefault(name, {}).update(copy.deepcopy(part))
    components["schemas"]["EventPayload"] = {**PAYLOAD_SCHEMA, "title": "EventPayload"}
    document["security"] = [{"apiKey": []}]
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = tree.backend.parse_path(rule, None)[0]
            view = current_app.view_functions[rule.endpoint]
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                _operation(document["paths"][path][method.lower()], rule.endpoint, method, view)
    document["webhooks"] = {TYPE_PREFIX + kind: _webhook(kind) for kind in EventType}
    return document


def _operation(operation: dict, endpoint: str, method: str, view) -> None:
    name = endpoint.removeprefix("api.")
    for parameter in operation["parameters"]:
        schema = parameter.get("schema", {})
        if schema.get("maximum", 0) > 2**31 - 1:
            schema["format"] = "int64"  # spectree calls every int converter int32
    operation["operationId"] = name
    operation["tags"] = [view.__module__.rsplit(".", 1)[-1]]
    responses = operation["responses"]
    if name == "openapi":
        operation["security"] = []
        responses.clear()
        responses["200"] = _json("this document", {"type": "object"})
        return
    codes = [401, 404, 422, 429]
    if method in ("POST", "DELETE"):
        codes.append(409)
    if method == "POST":
        codes += [400, 413]
        operation["parameters"].append({"$ref": "#/components/parameters/IdempotencyKey"})
        for status, answer in responses.items():
            if status.startswith("2"):
                answer.setdefault("headers", {})["Idempotent-Replayed"] = {
                    "$ref": "#/components/headers/IdempotentReplayed"
                }
    if getattr(view, "key_roles", None):
        codes.append(403)
    for status in sorted(codes):
        responses[str(status)] = _json(ERRORS[status], ERROR)
    responses["429"]["headers"] = {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
    if name == "create_session":
        _new_session_links(responses["201"])
    if name == "session_events":
        _event_stream(operation)


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _new_session_links(created: dict) -> None:
    created["headers"] = {
        **created.get("headers", {}),
        "Location": {"description": "/api/v1/sessions/{id}", "schema": {"type": "string"}},
    }
    follow = {"session_id": "$response.body#/id"}
    created["links"] = {
        f"{target}": {"operationId": target, "parameters": follow}
        for target in ("get_session", "move_session", "extend_session", "revoke_session")
    }


def _event_stream(operation: dict) -> None:
    operation["parameters"].append(
        {
            "name": "Last-Event-ID",
            "in": "header",
            "required": False,
            "description": "the id of the last event received: the stream resumes after it",
            "schema": {"type": "string", "maxLength": 20},
        }
    )
    operation["responses"]["200"] = {
        "description": STREAM,
        "content": {
            # Before OpenAPI 3.2's itemSchema, an event stream's schema is one event.
            "text/event-stream": {"schema": SSE_EVENT}
        },
    }


def _webhook(kind: EventType) -> dict:
    return {
        "post": {
            "summary": f"{TYPE_PREFIX}{kind}: a session's {kind} event",
            "operationId": f"webhook_{kind}",
            "parameters": [
                {
                    "name": header,
                    "in": "header",
                    "required": True,
                    "description": description,
                    "schema": {"type": "string"},
                }
                for header, description in WEBHOOK_HEADERS.items()
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["type", "timestamp", "data"],
                            "properties": {
                                "type": {"const": TYPE_PREFIX + kind},
                                "timestamp": {"type": "string", "format": "date-time"},
                                "data": {"$ref": "#/components/schemas/EventPayload"},
                            },
                        }
                    }
                },
            },
            "responses": {"2XX": {"description": "received; any other answer is retried"}},
            "security": [],
        }
    }
