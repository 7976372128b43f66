"""What one press and one page cost the database: the exact statements, as a regression guard.

The numbers are the least that keeps the guarantees: a press reads its session with the
row lock (one SELECT ... FOR UPDATE, the version row joined), writes the step (one UPDATE,
the version counter checked, past the unit of work), appends the event (one INSERT) and
writes its webhook deliveries (one INSERT … SELECT over the endpoints that want it, in the
event's transaction, no endpoint row loaded). The
page reads the session, its version, the operator's name and the newest event id in one
SELECT. The steps come from the cache of published versions and the pictures' URLs from
the process's minute-long memory of them: a test failing here means a query crept back
into the hot path.
"""

from service.db import db
from service.models import EventType
from service.sessions.events import SessionEvent
from tests.conftest import csrf_from
from tests.helpers import counted

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"
)
# Lock-and-read, UPDATE the session, INSERT the event, INSERT … SELECT its deliveries.
STATEMENTS_PER_PRESS = 4
# The session with its version, operator and newest event id (the step's pictures were
# read on the page before and are kept).
STATEMENTS_PER_PAGE = 1


def opened(customer, make_session):
    """Return a session opened by the customer's phone, its link and the page's CSRF token."""
    session, path = make_session()
    customer.environ_base["HTTP_USER_AGENT"] = IPHONE
    page = customer.get(path)
    assert page.status_code == 200
    return session, path, csrf_from(page.text)


def test_a_step_press_costs_four_statements_and_stores_its_event(customer, make_session):
    session, path, token = opened(customer, make_session)

    with counted() as statements:
        answer = customer.post(path, data={"action": "next", "step": "1", "csrf_token": token})

    assert answer.status_code == 303
    assert len(statements) == STATEMENTS_PER_PRESS, statements
    lock, update, insert, deliveries = statements
    assert lock.startswith("SELECT") and "guidance_sessions.token_hash" in lock
    if db.engine.dialect.name == "postgresql":
        assert lock.endswith("FOR UPDATE OF guidance_sessions")
    assert update.startswith("UPDATE guidance_sessions")
    assert insert.startswith("INSERT INTO session_events")
    assert deliveries.startswith("INSERT INTO webhook_deliveries")
    assert "FROM webhook_endpoints" in deliveries
    db.session.expire_all()
    assert session.current_step == 2
    newest = db.session.scalars(
        db.select(SessionEvent).order_by(SessionEvent.id.desc()).limit(1)
    ).one()
    assert newest.type is EventType.STEP and newest.data["direction"] == "next"


def test_a_press_from_a_stale_page_costs_the_locked_read_alone(customer, make_session):
    session, path, token = opened(customer, make_session)
    customer.post(path, data={"action": "next", "step": "1", "csrf_token": token})

    with counted() as statements:
        answer = customer.post(path, data={"action": "next", "step": "1", "csrf_token": token})

    assert answer.status_code == 303
    assert len(statements) == 1, statements  # ignored: nothing written, nothing published
    db.session.expire_all()
    assert session.current_step == 2


def test_the_customer_page_costs_two_statements(customer, make_session):
    session, path, _ = opened(customer, make_session)

    with counted() as statements:
        page = customer.get(path)

    assert page.status_code == 200
    assert len(statements) == STATEMENTS_PER_PAGE, statements
    assert "FROM guidance_sessions JOIN guide_versions" in statements[0]
    assert "max(session_events.id)" in statements[0]
    assert session.guide_version.steps[0].title in page.text
    assert session.passphrase in page.text


def test_an_unknown_link_costs_the_lookup_alone(customer):
    with counted() as statements:
        page = customer.get("/g/nosuchtoken")

    assert page.status_code == 404 and "見つかりません" in page.text
    assert len(statements) == 1
