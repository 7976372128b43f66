"""Small things many tests share."""

import time
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.db import utcnow
from service.models import SessionEvent
from service.models import SmsText
from service.models import TextStatus
from service.sessions.events import Actor
from service.sessions.events import ActorKind
from tests.conftest import csrf_from

# Who steers a session in service-level tests: a staff member (only logged as "user:1").
STAFF = Actor(ActorKind.OPERATOR, 1)

# A らくらくスマートフォン's browser, as the customer's phone reports it.
RAKU_RAKU = (
    "Mozilla/5.0 (Linux; Android 12; F-52B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


def event_types(session):
    query = (
        select(SessionEvent.type)
        .where(SessionEvent.session_id == session.id)
        .order_by(SessionEvent.id)
    )
    return list(db.session.scalars(query))


def send_texts(provider=None, now=None, every_try: bool = True, wait: float = 10.0) -> int:
    """Run the SMS worker over the texts due at ``now`` (the clock's time if None), through
    ``provider`` (else the app's); with ``every_try``, again at each retry's time until none
    is queued. Then wait up to ``wait`` seconds for texts another worker holds (a live
    server's thread). Return how many tries this call made."""
    from service.sessions import texting

    moment, tried = now, 0
    for _ in range(10):
        tried += texting.run_once(moment, provider=provider)
        due = db.session.scalar(
            select(func.min(SmsText.next_attempt_at)).where(SmsText.status == TextStatus.QUEUED)
        )
        db.session.rollback()
        if not every_try or due is None:
            break
        moment = due if moment is None else max(moment, due)
    deadline = time.monotonic() + wait
    while texts_held() and time.monotonic() < deadline:
        time.sleep(0.05)
    return tried


def texts_held() -> int:
    """Return how many queued texts a worker is sending right now (read afresh)."""
    held = select(func.count()).where(
        SmsText.status == TextStatus.QUEUED, SmsText.claimed_until > utcnow()
    )
    with db.engine.connect() as connection:
        return connection.scalar(held)


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1]


def opened(make_session, client, agent=RAKU_RAKU, **kwargs):
    session, path = make_session(**kwargs)
    client.get(path, headers={"User-Agent": agent})
    db.session.refresh(session)
    return session, path


def panel(client, session):
    return client.get(f"/console/sessions/{session.id}")


def press_panel(client, session, action, **fields):
    page = panel(client, session)
    return client.post(
        f"/console/sessions/{session.id}/{action}",
        data={"csrf_token": csrf_from(page.text), **fields},
    )


class Refusing:
    """An SMS provider that refuses every text with ``error``."""

    name = "refusing"

    def __init__(self, error):
        self.error = error

    def send(self, to, body):
        raise self.error


def visible_cards(client, **params) -> set[str]:
    """Return the device cards the finder shows for ``params`` (their slugs)."""
    html = client.get("/console/", query_string=params).text
    cards = html.split('id="cards"')[1].split("</ul>")[0].split("<li")[1:]
    return {
        c.split('href="/console/new/')[1].split('"')[0]
        for c in cards
        if " hidden" not in c and 'href="/console/new/' in c
    }


def open_session_on(version, step_number: int, client=None, by=None):
    """Start a session on ``version`` (by ``by``, else no one acting: then only admins see
    it), open it (as ``client`` says, if given), and put the customer on ``step_number``;
    return the session."""
    from service.db import utcnow
    from service.sessions import lifecycle
    from service.sessions import links
    from service.sessions import steering
    from service.sessions.events import AUTOMATIC

    session = links.start(
        guide_version=version,
        phone="090-1234-5678",
        settings=links.settings(),
        now=utcnow(),
        by=by or AUTOMATIC,
    )
    send_texts()
    lifecycle.open_link(session, utcnow(), client)
    if step_number != 1:
        steering.move_to(session, step_number, utcnow(), by=AUTOMATIC)
    return session


def end_session(session, how: str) -> None:
    """End ``session`` as ``how`` says: "completed" (the customer's できました), "revoked" or
    "expired" (the sweep)."""
    from service.db import utcnow
    from service.sessions import expiry
    from service.sessions import lifecycle
    from service.sessions import steering
    from service.sessions.lifecycle import Action

    now = utcnow()
    if how == "completed":
        done = next(s for s in session.guide_version.steps if s.is_end and s.ending == "completed")
        steering.move_to(session, done.number, now, by=STAFF)
        db.session.refresh(session)
        lifecycle.act(session, Action.DONE, session.current_step, now)
    elif how == "revoked":
        steering.revoke(session, now, by=STAFF)
    else:
        session.expires_at = now
        db.session.commit()
        expiry.expire_due(now)


def sign_in_cookie(browser, user_id: int) -> None:
    """Sign ``browser`` in as the user, as a real sign-in leaves its cookie (and login row)."""
    from service.auth import logins
    from service.auth.views import LOGIN_TOKEN
    from service.db import utcnow
    from service.models import User

    token = logins.start(db.session.get(User, user_id), utcnow())
    with browser.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"], cookie[LOGIN_TOKEN] = str(user_id), True, token


@contextmanager
def counted():
    """Collect the SQL statements the app's engine runs inside the block."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
