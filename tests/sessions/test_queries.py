"""Reading sessions and their events back."""

from service.sessions import lifecycle
from service.sessions import queries


def test_events_after_returns_only_newer_events_in_order(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    first, second, third = [event.id for event in session.events]

    payloads = queries.events_after(session.id, first)

    assert [p["id"] for p in payloads] == [second, third]
    assert payloads[-1]["type"] == "opened"
    assert payloads[-1]["step"] == 1
    assert payloads[-1]["at"].endswith("+00:00")
