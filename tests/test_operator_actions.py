"""What the operator (or the CRM) does during a call: move, switch, extend, resend, short code."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from service import catalog
from service.db import db
from service.errors import Conflict
from service.errors import InvalidInput
from service.models import EventType
from service.models import OutboxMessage
from service.models import SessionStatus
from service.sessions import expiry
from service.sessions import lifecycle
from service.sessions import links
from service.sessions import steering
from service.sessions.lifecycle import Action
from tests.conftest import csrf_from
from tests.helpers import STAFF

IPHONE_LINE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0"
)
RAKU_RAKU = (
    "Mozilla/5.0 (Linux; Android 12; F-52B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


def opened(make_session, client, agent=RAKU_RAKU, **kwargs):
    session, path = make_session(**kwargs)
    client.get(path, headers={"User-Agent": agent})
    db.session.refresh(session)
    return session, path


# --- services ------------------------------------------------------------------------


def test_opening_records_the_phone_the_browser_reports(make_session, client):
    session, _ = opened(make_session, client, agent=IPHONE_LINE)
    assert (session.client_os, session.client_browser, session.client_family) == (
        "iOS 17",
        "LINE",
        "iphone",
    )
    details = session.events[-1].data
    assert details["matches_device"] is True and "LINE" in details["client"]


def test_a_phone_that_is_not_the_chosen_device_is_flagged(make_session, client):
    session, _ = opened(make_session, client, agent=RAKU_RAKU, device="iphone")
    assert session.events[-1].data["matches_device"] is False


def test_every_session_gets_a_passphrase_word(make_session):
    from service.tokens import PASSPHRASES

    session, _ = make_session()
    assert session.passphrase in PASSPHRASES


def test_move_puts_the_customer_on_a_step_and_back_returns(make_session, client, now):
    session, _ = opened(make_session, client, guide="sms-code")
    steering.move_to(session, 6, now, by=STAFF)
    assert (session.current_step, session.path) == (6, [1, 6])
    assert session.events[-1].type is EventType.MOVED
    lifecycle.act(session, Action.BACK, 6, now)
    assert session.current_step == 1


def test_move_refuses_steps_that_do_not_exist_and_unopened_links(make_session, client, now):
    session, _ = opened(make_session, client)
    with pytest.raises(InvalidInput):
        steering.move_to(session, 99, now, by=STAFF)
    fresh, _ = make_session()
    with pytest.raises(Conflict):
        steering.move_to(fresh, 2, now, by=STAFF)


def test_switch_moves_the_session_to_another_device_from_step_one(make_session, client, now):
    session, _ = opened(make_session, client, device="iphone", guide="sms-code")
    lifecycle.act(session, Action.NEXT, 1, now)
    target = catalog.guide("raku-raku-smartphone", "sms-code")

    steering.switch(session, target.current_version, now, by=STAFF)

    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert (session.current_step, session.path) == (1, [1])
    assert session.events[-1].data["device"] == "raku-raku-smartphone"


def test_a_guessed_device_follows_the_browser_when_opened(make_session, client):
    session, _ = opened(make_session, client, agent=RAKU_RAKU, device_guessed=True)
    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert session.guide_version.guide.slug == "sms-code"
    switched = [e for e in session.events if e.type is EventType.SWITCHED]
    assert switched and switched[0].data["by"] == "auto"


def test_extend_gives_more_time_even_after_expiry(make_session, expired_at, now):
    session, path = make_session(at=expired_at)
    assert session.status_at(now).value == "expired"
    steering.extend(session, 10, now, by=STAFF)
    assert session.expires_at == now + timedelta(minutes=10)
    assert session.status_at(now).value == "sent"
    with pytest.raises(InvalidInput):
        steering.extend(session, 0, now, by=STAFF)
    with pytest.raises(InvalidInput):
        steering.extend(session, 500, now, by=STAFF)


def test_resend_texts_the_same_link_again(make_session, app, now):
    session, path = make_session()
    settings = links.LinkSettings.from_config(app.config)
    from service import sms

    steering.resend(session, settings, sms.provider(), now, by=STAFF)

    bodies = db.session.scalars(select(OutboxMessage.body)).all()
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert [e.type for e in session.events][-2:] == [EventType.RESENT, EventType.SMS_SENT]


def test_operator_actions_are_refused_once_the_session_ended(make_session, app, now):
    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    from service import sms

    settings = links.LinkSettings.from_config(app.config)
    for action in (
        lambda: steering.resend(session, settings, sms.provider(), now, by=STAFF),
        lambda: steering.extend(session, 5, now, by=STAFF),
        lambda: steering.switch(session, session.guide_version, now, by=STAFF),
    ):
        with pytest.raises(Conflict):
            action()


# --- API -----------------------------------------------------------------------------


def test_api_operator_actions(client, api_headers, make_session):
    session, path = make_session(guide="sms-code")
    client.get(path, headers={"User-Agent": RAKU_RAKU})
    base = f"/api/v1/sessions/{session.id}"

    body = client.get(base, headers=api_headers).json
    assert body["passphrase"] == session.passphrase
    assert body["client"] == {
        "os": "Android 12",
        "browser": "Chrome Mobile",
        "model": "F-52B",
        "matches_device": False,
    }

    moved = client.post(f"{base}/step", json={"step": 3}, headers=api_headers)
    assert moved.status_code == 200 and moved.json["current_step"] == 3

    switched = client.post(
        f"{base}/switch",
        json={"device": "raku-raku-smartphone", "guide": "sms-code"},
        headers=api_headers,
    )
    assert switched.json["device"] == "raku-raku-smartphone"
    assert switched.json["client"]["matches_device"] is True

    extended = client.post(f"{base}/extend", json={"minutes": 15}, headers=api_headers)
    assert extended.json["expires_at"] > body["expires_at"]

    resent = client.post(f"{base}/resend", headers=api_headers)
    assert resent.status_code == 200

    code = client.post(f"{base}/short-code", headers=api_headers)
    assert code.status_code == 201
    assert len(code.json["code"]) == 6 and code.json["code"].isdigit()
    assert code.json["entry_url"] == "http://localhost:5000/c"


@pytest.mark.parametrize(
    "path, body, status, field",
    [
        ("step", {"step": "3"}, 422, "step"),
        ("step", {"step": 999}, 422, "step"),
        ("step", None, 422, "step"),
        ("extend", {"minutes": -5}, 422, "minutes"),
        ("extend", {"minutes": True}, 422, "minutes"),
        ("switch", {"device": "nokia", "guide": "sms-code"}, 422, "device"),
        ("switch", {"device": "iphone"}, 422, "guide"),
    ],
)
def test_api_operator_actions_refuse_bad_input_and_change_nothing(
    client, api_headers, make_session, path, body, status, field
):
    session, link = make_session()
    client.get(link)
    before = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
    answer = client.post(f"/api/v1/sessions/{session.id}/{path}", json=body, headers=api_headers)
    assert answer.status_code == status
    assert answer.json["error"] == "invalid_input" and answer.json["field"] == field
    assert client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json == before


def test_api_actions_on_a_finished_session_are_conflicts(client, api_headers, make_session, now):
    session, _ = make_session()
    steering.revoke(session, now, by=STAFF)
    for path, body in [("step", {"step": 1}), ("extend", {"minutes": 5}), ("resend", None)]:
        answer = client.post(
            f"/api/v1/sessions/{session.id}/{path}", json=body, headers=api_headers
        )
        assert answer.status_code == 409, path
    assert (
        client.post(f"/api/v1/sessions/{session.id}/short-code", headers=api_headers).status_code
        == 409
    )


def test_api_actions_on_unknown_sessions_are_404(client, api_headers):
    for path in ("step", "switch", "extend", "resend", "short-code"):
        answer = client.post(f"/api/v1/sessions/nope/{path}", json={}, headers=api_headers)
        assert answer.status_code == 404, path


# --- console -------------------------------------------------------------------------


def panel(client, session):
    return client.get(f"/console/sessions/{session.id}")


def press_panel(client, session, action, **fields):
    page = panel(client, session)
    return client.post(
        f"/console/sessions/{session.id}/{action}",
        data={"csrf_token": csrf_from(page.text), **fields},
    )


@pytest.fixture
def customer(app):
    """The customer's phone: a browser that is not signed in to the console."""
    return app.test_client()


def test_panel_shows_passphrase_client_and_mismatch_with_a_switch(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(device="iphone", operator=operator)
    customer.get(path, headers={"User-Agent": RAKU_RAKU})
    page = panel(client, session).text
    assert f'<strong class="passphrase">{session.passphrase}</strong>' in page
    assert "Android 12（F-52B）・Chrome Mobile" in page
    assert "選んだ端末（iPhone" in page
    assert 'id="switch-suggested"' in page

    press_panel(client, session, "switch", device="raku-raku-smartphone")
    db.session.refresh(session)
    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert "選んだ端末" not in panel(client, session).text


def test_panel_buttons_move_extend_resend_and_report(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(operator=operator)
    customer.get(path)

    press_panel(client, session, "move", step="3")
    db.session.refresh(session)
    assert session.current_step == 3
    old_expiry = session.expires_at
    press_panel(client, session, "extend", minutes="10")
    db.session.refresh(session)
    assert session.expires_at > old_expiry
    press_panel(client, session, "resend")
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2
    page = panel(client, session).text
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert "SMSを送り直しました" in timeline and "期限を延ばしました" in timeline
    path_list = page.split('id="path"')[1].split("</ol>")[0]
    assert "手順 3" in path_list and "（移動）" in path_list


def test_panel_shows_a_short_code_once(client, operator, login, make_session):
    login(operator)
    session, _ = make_session(operator=operator)
    answer = press_panel(client, session, "short-code")
    shown = client.get(answer.headers["Location"]).text
    assert 'id="short-code"' in shown
    assert "<strong>http://localhost:5000/c</strong>" in shown  # the address customers can reach
    assert 'id="short-code"' not in panel(client, session).text


def test_bad_panel_input_says_so_and_changes_nothing(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(operator=operator)
    customer.get(path)
    answer = press_panel(client, session, "move", step="abc")
    assert "移動先の手順を一覧から選んでください。" in client.get(answer.headers["Location"]).text
    db.session.refresh(session)
    assert session.current_step == 1


def test_device_cards_search_by_any_alias_and_answers(client, operator, login):
    login(operator)

    def shown(**params):
        html = client.get("/console/", query_string=params).text
        cards = html.split('id="cards"')[1].split("</ul>")[0].split("<li")[1:]
        return {
            c.split('href="/console/new/')[1].split('"')[0] for c in cards if " hidden" not in c
        }

    everyone = shown()
    assert {"iphone", "raku-raku-smartphone", "unknown"} <= everyone
    assert shown(q="ラクラク") == {"raku-raku-smartphone", "unknown"}
    assert shown(q="らくらく") == {"raku-raku-smartphone", "unknown"}
    assert "iphone-home-button" in shown(q="iphone se")
    assert "android-google-messages" in shown(q="ギャラクシー")
    assert shown(apple="yes", home_button="yes") == {"iphone-home-button", "unknown"}
    assert shown(apple="no", big_buttons="yes") >= {"raku-raku-smartphone", "basio-kantan-simple"}
    assert "iphone" not in shown(apple="no")


def test_history_lists_outcome_and_duration(client, customer, operator, login, make_session, now):
    login(operator)
    session, path = make_session(operator=operator, guide="speaker")
    customer.get(path)
    for step in range(1, session.guide_version.total_steps):
        lifecycle.act(session, Action.NEXT, step, now + timedelta(seconds=step))
    lifecycle.act(
        session, Action.DONE, session.guide_version.total_steps, now + timedelta(seconds=65)
    )
    page = client.get("/console/history").text
    row = page.split(session.passphrase)[1].split("</tr>")[0]
    assert "完了" in row and re.search(r"\d+(分\d+)?秒", row)


def test_an_operator_clicking_the_link_is_not_the_customer_opening_it(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(operator=operator)
    page = client.get(path)
    assert "スタッフとしてサインインしているため" in page.text
    db.session.refresh(session)
    assert session.opened_at is None
    customer.get(path, headers={"User-Agent": RAKU_RAKU})
    db.session.refresh(session)
    assert session.opened_at is not None and session.client_family == "raku-raku"


def test_a_browser_that_says_nothing_first_then_the_phone_later(make_session, client):
    session, path = make_session(device_guessed=True)
    client.get(path, headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/120.0"})
    db.session.refresh(session)
    assert session.device_guessed and session.client_family is None
    client.get(path, headers={"User-Agent": RAKU_RAKU})
    db.session.refresh(session)
    assert not session.device_guessed
    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert session.client_model == "F-52B"


def test_a_press_from_before_a_switch_does_not_move_the_new_guide(make_session, client, now):
    from tests.conftest import csrf_from as token_of

    session, path = make_session(device="iphone", guide="sms-code")
    old_page = client.get(path).text
    target = catalog.guide("raku-raku-smartphone", "sms-code").current_version
    steering.switch(session, target, now, by=STAFF)
    client.post(
        path,
        data={
            "action": "next",
            "step": "1",
            "version": old_page.split('name="version" value="')[1].split('"')[0],
            "csrf_token": token_of(old_page),
        },
    )
    db.session.refresh(session)
    assert session.current_step == 1 and session.path == [1]


def test_expiring_again_after_an_extension_is_logged_again(make_session, expired_at, now):
    session, path = make_session(at=expired_at)
    expiry.expire_due(now)
    steering.extend(session, 1, now, by=STAFF)
    assert session.status_at(now) is SessionStatus.SENT  # the link works again
    later = now + timedelta(minutes=2)
    expiry.expire_due(later)
    assert [e.type for e in session.events].count(EventType.EXPIRED) == 2


def test_operator_action_losing_a_race_is_a_conflict_not_an_error(
    make_session, client, now, monkeypatch
):
    from sqlalchemy.orm.exc import StaleDataError

    session, _ = opened(make_session, client)

    def lose_the_race(*args, **kwargs):
        raise StaleDataError("someone else changed it")

    monkeypatch.setattr(steering, "locked", lose_the_race)
    with pytest.raises(Conflict):
        steering.move_to(session, 2, now, by=STAFF)


def test_resend_that_fails_is_reported_not_praised(client, api_headers, make_session, app):
    from service import sms as sms_module
    from service.sms import SmsError

    session, path = make_session()

    class Refusing:
        name = "refusing"

        def send(self, to, body):
            raise SmsError("no route")

    original = app.extensions[sms_module.EXTENSION]
    app.extensions[sms_module.EXTENSION] = Refusing()
    try:
        answer = client.post(f"/api/v1/sessions/{session.id}/resend", headers=api_headers)
    finally:
        app.extensions[sms_module.EXTENSION] = original
    assert answer.status_code == 200 and answer.json["sms"] == "failed"
