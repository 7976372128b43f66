"""Whose sessions a staff member sees and steers on the console (``service.sessions.access``):
an operator only their own, an admin every one; another's is answered like a missing one."""

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import Role
from service.models import SessionEvent
from service.models import ShortCode
from tests.conftest import PASSWORD
from tests.conftest import csrf_from

NOT_FOUND = "この案内は見つかりません。"


def signed_in(app, user):
    """Return a browser of its own with ``user`` signed in through the sign-in form."""
    browser = app.test_client()
    token = csrf_from(browser.get("/login").text)
    answer = browser.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 302, answer.text
    return browser


@pytest.fixture
def staff(app, make_user):
    """Operators A and B and an admin, each in their own browser."""
    a, b = make_user(Role.OPERATOR), make_user(Role.OPERATOR)
    admin = make_user(Role.ADMIN)
    return {
        "a": (a, signed_in(app, a)),
        "b": (b, signed_in(app, b)),
        "admin": (admin, signed_in(app, admin)),
    }


def stored(session_id):
    """Return the session's row and its event log as the database holds them (committed)."""
    with db.engine.connect() as connection:
        row = connection.execute(
            select(GuidanceSession.__table__).where(GuidanceSession.id == session_id)
        ).one()
        log = connection.execute(
            select(SessionEvent.__table__)
            .where(SessionEvent.session_id == session_id)
            .order_by(SessionEvent.id)
        ).all()
        texts = connection.scalar(select(func.count()).select_from(OutboxMessage))
        codes = connection.scalar(select(func.count()).select_from(ShortCode))
    return tuple(row), [tuple(event) for event in log], texts, codes


def test_another_operators_panel_and_stream_answer_like_a_missing_session(staff, make_session):
    (a, _), (_, b_browser) = staff["a"], staff["b"]
    session, _ = make_session(operator=a)
    missing = b_browser.get("/console/sessions/0123456789abcdef")

    for path in (f"/console/sessions/{session.id}", f"/console/sessions/{session.id}/events"):
        answer = b_browser.get(path)
        assert answer.status_code == 404, path
        assert "ページが見つかりません" in answer.text and NOT_FOUND in answer.text
        # Nothing tells the other operator the session exists: the same page as a wrong id.
        assert answer.text == missing.text
        assert session.passphrase not in answer.text


@pytest.mark.parametrize(
    ("action", "form"),
    [
        ("revoke", {}),
        ("move", {"step": "KEY"}),
        ("switch", {"device": "raku-raku-smartphone"}),
        ("extend", {"minutes": "30"}),
        ("resend", {}),
        ("short-code", {}),
    ],
)
def test_a_refused_button_on_another_operators_session_changes_nothing(
    staff, make_session, action, form
):
    (a, a_browser), (_, b_browser) = staff["a"], staff["b"]
    session, _ = make_session(operator=a)
    if form.get("step") == "KEY":
        form = {"step": session.guide_version.step(3).key}
    before = stored(session.id)
    # A valid CSRF token of B's own page: only ownership can refuse the press.
    token = csrf_from(b_browser.get("/console/").text)

    answer = b_browser.post(
        f"/console/sessions/{session.id}/{action}", data={"csrf_token": token, **form}
    )

    assert answer.status_code == 404
    assert NOT_FOUND in answer.text and session.passphrase not in answer.text
    assert stored(session.id) == before
    # The owner's panel is as it was, with no flash of B's press.
    owner_page = a_browser.get(f"/console/sessions/{session.id}")
    assert owner_page.status_code == 200 and NOT_FOUND not in owner_page.text


def test_the_owner_and_an_admin_steer_the_session(staff, make_session):
    (a, a_browser), (_, admin_browser) = staff["a"], staff["admin"]
    session, _ = make_session(operator=a)
    for browser, minutes in ((a_browser, "5"), (admin_browser, "10")):
        page = browser.get(f"/console/sessions/{session.id}")
        assert page.status_code == 200
        answer = browser.post(
            f"/console/sessions/{session.id}/extend",
            data={"csrf_token": csrf_from(page.text), "minutes": minutes},
        )
        assert answer.status_code == 303
        assert f"期限を{minutes}分延ばしました" in browser.get(answer.headers["Location"]).text


def test_a_session_started_through_the_api_is_for_admins_only(app, staff, make_session):
    key, _ = api_keys.create_api_key("crm")
    session, _ = make_session(api_key=key)
    assert session.operator_id is None
    for name in ("a", "b"):
        assert staff[name][1].get(f"/console/sessions/{session.id}").status_code == 404
    assert staff["admin"][1].get(f"/console/sessions/{session.id}").status_code == 200


def test_history_shows_an_operator_their_own_and_an_admin_everyones_with_names(staff, make_session):
    (a, a_browser), (b, b_browser) = staff["a"], staff["b"]
    key, _ = api_keys.create_api_key("crm")
    mine, _ = make_session(operator=a, phone="090-1111-1111")
    theirs, _ = make_session(operator=b, phone="090-2222-2222")
    from_api, _ = make_session(api_key=key, phone="090-3333-3333")

    page = a_browser.get("/console/history").text
    assert mine.id in page and theirs.id not in page and from_api.id not in page
    assert "<th>担当</th>" not in page

    page = b_browser.get("/console/history").text
    assert theirs.id in page and mine.id not in page

    page = staff["admin"][1].get("/console/history").text
    assert "<th>担当</th>" in page
    rows = {s.id: page.split(s.id)[1].split("</tr>")[0] for s in (mine, theirs, from_api)}
    assert f'<td class="operator">{a.display_name}</td>' in rows[mine.id]
    assert f'<td class="operator">{b.display_name}</td>' in rows[theirs.id]
    assert '<td class="operator">API</td>' in rows[from_api.id]


def test_outbox_shows_an_operator_only_the_texts_of_their_sessions(staff, make_session):
    (a, a_browser), (b, b_browser) = staff["a"], staff["b"]
    key, _ = api_keys.create_api_key("crm")
    _, mine = make_session(operator=a, phone="090-1111-1111")
    _, theirs = make_session(operator=b, phone="090-2222-2222")
    _, from_api = make_session(api_key=key, phone="090-3333-3333")

    page = a_browser.get("/console/outbox").text
    assert mine in page and theirs not in page and from_api not in page
    page = b_browser.get("/console/outbox").text
    assert theirs in page and mine not in page and from_api not in page
    page = staff["admin"][1].get("/console/outbox").text
    assert mine in page and theirs in page and from_api in page


def test_outbox_of_an_operator_with_no_sessions_is_empty(staff, make_session):
    make_session(operator=staff["a"][0])
    assert "まだ何も送っていません" in staff["b"][1].get("/console/outbox").text
