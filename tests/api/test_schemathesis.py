"""Schemathesis against the app over real HTTP: no server error, no answer off its schema.

It reads the served OpenAPI document and sends what the document allows (and, in the
negative pass, what it does not) to every operation with an admin's key, then follows the
document's links from a new session (get, step, extend, revoke). Derandomized: every run
sends the same requests, so a failure is the same failure the next time.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from service.auth import api_keys
from service.models import Role
from tests.live_server import LiveServer

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
# Enough to reach every field's edges on each operation, within a minute on two cores.
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}
FIXED = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "suppress_health_check": list(HealthCheck),
}


# The calls a new session links to (OpenAPI links in the document).
INTO = [("GET", ""), ("POST", "/step"), ("POST", "/extend"), ("DELETE", "")]
# Random slugs name no device: a new session gets a real one (the rest stays generated), so
# the calls after it reach a live session instead of a 404.
REAL = {"device": "iphone", "guide": "sms-code", "phone": "090-1234-5678"}
INVENTED = ("issuer", "operator")  # a made-up card issuer or staff e-mail is always 422


def realistic(case) -> None:
    """Give a new session's generated body a device, guide and number that exist."""
    if case.operation.label == "POST /api/v1/sessions" and isinstance(case.body, dict):
        kept = {name: value for name, value in case.body.items() if name not in INVENTED}
        case.body = {**kept, **REAL}


@pytest.fixture
def served(app_factory):
    """Return the server's address, an admin's key and the document as schemathesis reads it."""
    with LiveServer() as live:
        # A live session's stream ends at once (a heartbeat in it): the fuzzer does not wait.
        app = live.serve(
            app_factory(PUBLIC_URL=live.url, SSE_MAX_SECONDS=0.3, SSE_HEARTBEAT_SECONDS=0.1)
        )
        with app.app_context():
            _, key = api_keys.create_api_key("schemathesis", Role.ADMIN)
        schema = schemathesis.openapi.from_url(f"{live.url}/api/v1/openapi.json")
        yield live.url, {"Authorization": f"Bearer {key}"}, schema


def test_every_operation_answers_within_its_schema(served):
    base, auth, schema = served
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, phases=[Phase.explicit, Phase.generate], **FIXED)
            def fuzz(case):
                realistic(case)
                case.call_and_validate(base_url=base, headers=auth, checks=CHECKS, timeout=10)

            fuzz()


def test_following_the_links_from_a_new_session_stays_within_the_schema(served):
    base, auth, schema = served
    answered = set()
    # Only the document's own links: inferred ones spread a dozen scenarios too thin to
    # reach a live session's calls.
    schema.config.phases.stateful.inference.algorithms = []

    class Workflow(schema.as_state_machine()):
        def before_call(self, case):
            realistic(case)
            case.headers = {**(case.headers or {}), **auth}

        def get_call_kwargs(self, case):
            return {"base_url": base, "timeout": 10}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            answered.add((case.operation.label, response.status_code))
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=settings(
            Workflow.TestCase.settings, max_examples=12, stateful_step_count=5, **FIXED
        )
    )
    # The scenarios did start sessions and follow the links into them.
    assert ("POST /api/v1/sessions", 201) in answered
    followed = {label for label, status in answered if status == 200}
    assert followed & {f"{call} /api/v1/sessions/{{session_id}}{end}" for call, end in INTO}, (
        answered
    )
