"""The API's declared schemas at work: spectree validates requests and answers with them.

Every view of the api blueprint wears ``validate(...)`` with pydantic models; the same
models make the OpenAPI document (``service.api.document``). A refused value answers in
our shape, ``{"error": "invalid_input", "message": <Japanese>, "field": name}``: each
field says its refusal with ``Say`` beside its constraints, so the message sits with the
rule it explains.
"""

import logging
from functools import cached_property
from typing import Any

import flask
from flask import request
from pydantic import BaseModel
from pydantic import ValidationError
from spectree import Response
from spectree import SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin
from spectree.utils import get_multidict_items

from service import inputs
from service.api.answers import Error
from service.errors import InvalidInput

log = logging.getLogger(__name__)
FALLBACK = "'{field}' の値を受け付けられません。"


class Say:
    """A field's refusal in Japanese, ``{field}`` standing for the field's name."""

    def __init__(self, template: str):
        self.template = template

    def __repr__(self) -> str:
        return f"Say({self.template!r})"


def refusal(model: type[BaseModel], error: ValidationError) -> InvalidInput:
    """Return the first problem of ``error`` as our InvalidInput, in the field's words."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "body"
    template = FALLBACK
    for field_name, field in model.model_fields.items():
        if name in (field_name, field.alias):
            template = next(
                (item.template for item in field.metadata if isinstance(item, Say)), FALLBACK
            )
    return InvalidInput(name, template.format(field=name))


class ApiPlugin(FlaskPlugin):
    """Spectree's Flask plugin, kept to the api blueprint and to our body reader."""

    def find_routes(self):
        """Document the api blueprint's routes only (the pages are not an API)."""
        return (rule for rule in super().find_routes() if rule.endpoint.startswith("api."))

    def request_validation(self, request, query, json, form, headers, cookies):
        """Check what the view declared when it first asks (so an unknown session is 404
        before its body is read), the body with ``inputs.json_object`` (bad JSON: 400)."""
        request.context = Given(query, json, form, self.fill_form)

    def validate_response(self, resp, resp_model, skip_validation, force_resp_serialize):
        """Leave an event stream alone: reading it to check it would wait for its end."""
        if isinstance(resp, flask.Response) and resp.is_streamed:
            return resp, None
        return super().validate_response(resp, resp_model, skip_validation, force_resp_serialize)


class Given:
    """What the request sent, each part checked by its model on first use."""

    def __init__(self, query, json, form, fill_form):
        self.models = {"query": query, "json": json, "form": form}
        self.fill_form = fill_form

    def check(self) -> None:
        """Check every declared part now (for views that read the request themselves)."""
        for part in self.models:
            getattr(self, part)

    @cached_property
    def query(self) -> BaseModel | None:
        """Return the query arguments, checked."""
        model = self.models["query"]
        return _checked(model, get_multidict_items(request.args, model)) if model else None

    @cached_property
    def json(self) -> BaseModel | None:
        """Return the JSON body, read and checked (an empty body is ``{}``)."""
        model = self.models["json"]
        if model is None:
            return None
        return _checked(model, inputs.json_object(request.get_data(cache=True), required=False))

    @cached_property
    def form(self) -> BaseModel | None:
        """Return the multipart form, checked."""
        model = self.models["form"]
        return _checked(model, self.fill_form(request)) if model else None


def _checked(model: type[BaseModel], data: Any) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise refusal(model, error) from None


def _after(req, resp, error, instance, adapter) -> None:
    """An answer that breaks its own schema is our bug: log it, answer a plain 500."""
    if error is not None:
        log.error("answer of %s breaks its schema: %s", request.endpoint, error)
        raise RuntimeError("response does not match its declared schema")


def _name(model) -> str:
    return model.__name__


tree = SpecTree(
    backend=ApiPlugin,
    after=_after,
    naming_strategy=_name,
    nested_naming_strategy=lambda _parent, child: child,
    title="Tebiki API",
    version="1",
    openapi_version="3.1.0",
    annotations=False,
    validation_error_model=Error,
)


def validate(*, json=None, query=None, form=None, **answers):
    """Declare a view's body, query or form and its answers (``HTTP_201=Session``...)."""
    return tree.validate(json=json, query=query, form=form, resp=Response(**answers))


def given():
    """Return what the request sent, read and checked by its view's models."""
    return request.context
