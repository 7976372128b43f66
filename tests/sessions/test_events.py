"""The event vocabulary: actors, groups, the public payload, and the one writer."""

import jsonschema
import pytest

from service.db import db
from service.models import User
from service.sessions import events
from service.sessions import lifecycle
from service.sessions import links
from service.sessions import queries
from service.sessions import shortcodes
from service.sessions import steering
from service.sessions.events import AUTOMATIC
from service.sessions.events import PAYLOAD_SCHEMA
from service.sessions.events import Actor
from service.sessions.events import ActorKind
from service.sessions.events import EventType
from service.sessions.lifecycle import Action


def test_actors_are_logged_as_who_did_it(operator):
    assert str(Actor.operator(operator)) == f"user:{operator.id}"
    assert str(AUTOMATIC) == "auto"
    key = Actor(ActorKind.API_KEY, 7)
    assert (key.api_key_id, key.user_id) == (7, None)


def test_sessions_record_who_started_them(make_session, operator):
    session, _ = make_session(operator=operator)
    assert session.operator_id == operator.id and session.api_key_id is None
    assert session.events[0].data["by"] == f"user:{operator.id}"
    assert isinstance(db.session.get(User, operator.id), User)


def test_every_event_of_a_whole_call_matches_the_public_schema(app, make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.HELP, 1, now)
    lifecycle.act(session, Action.NEXT, 1, now)
    lifecycle.act(session, Action.BACK, 2, now)
    steering.move_to(session, 2, now, by=AUTOMATIC)
    steering.extend(session, 5, now, by=AUTOMATIC)
    shortcodes.issue(session, links.settings(), now, by=AUTOMATIC)
    steering.revoke(session, now, by=AUTOMATIC)
    payloads = queries.events_after(session.id, 0)
    for payload in payloads:
        jsonschema.validate(payload, PAYLOAD_SCHEMA)
    assert {p["type"] for p in payloads} >= {"created", "opened", "help", "step", "revoked"}


def test_groups_are_made_of_event_types():
    for group in (
        events.TERMINAL,
        events.ARRIVALS,
        events.CLEARS_HELP,
        events.FOLLOWED_BY_CUSTOMER,
        events.REDRAWS_PANEL,
        events.SMS_OUTCOMES,
    ):
        assert group and all(isinstance(member, EventType) for member in group)
    assert events.TERMINAL <= events.CLEARS_HELP


@pytest.mark.parametrize("bad", [{"id": 0}, {"type": "gossip"}, {"extra": 1}, {"step": 0}])
def test_the_schema_refuses_what_is_not_an_event(bad):
    good = {"id": 1, "session": "s", "type": "step", "step": 2, "at": "2026-12-02T00:00:00+00:00"}
    jsonschema.validate(good, PAYLOAD_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, **bad}, PAYLOAD_SCHEMA)


def test_a_rolled_back_event_is_not_stored(make_session, now):
    session, _ = make_session()
    before = len(queries.events_after(session.id, 0))
    events.record(session, EventType.HELP, now, step=1)
    db.session.rollback()
    assert len(queries.events_after(session.id, 0)) == before
