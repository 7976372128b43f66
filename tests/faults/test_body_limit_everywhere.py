"""Every route that takes a body refuses one over its limit with 413 before anything runs:
the sign-in and console forms, the customer's page, the API, the providers' callbacks."""

import io

import pytest
from werkzeug.routing import IntegerConverter

from service import create_app
from tests.conftest import BASE_CONFIG

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _rules() -> list[tuple[str, str]]:
    app = create_app({**BASE_CONFIG, "DATABASE_URL": "sqlite://"})
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods & BODY_METHODS
    )


def path_of(rule) -> str:
    """Fill the rule's arguments with any value of the right kind: nothing is looked up."""
    values = {
        name: 1 if isinstance(converter, IntegerConverter) else "x"
        for name, converter in rule._converters.items()
    }
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("endpoint, method", _rules())
def test_a_body_over_the_limit_is_refused_with_413(app, endpoint, method):
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    view = app.view_functions[endpoint]
    takes_upload = getattr(view, "takes_upload", False)
    limit = 2 * app.config["UPLOAD_MAX_BYTES"] if takes_upload else app.config["MAX_CONTENT_LENGTH"]
    answer = app.test_client().open(
        path_of(rule),
        method=method,
        # Declared, not sent: the refusal must come from the length alone, before any read.
        input_stream=io.BytesIO(b"x=1"),
        environ_overrides={"CONTENT_LENGTH": str(limit + 1)},
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 413, f"{method} {rule.rule}: {answer.status_code}"
    if rule.rule.startswith(("/api/", "/sms/")):
        assert answer.json["error"] == "request_entity_too_large"
    else:
        assert "送ったデータが大きすぎます" in answer.text
