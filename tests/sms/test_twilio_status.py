"""Twilio's status callbacks over real HTTP: signed ones change the session, forged ones not."""

import pytest
import requests
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from service.db import db
from service.models import EventType
from service.models import GuidanceSession
from service.models import Role
from service.models import SessionStatus
from service.sessions.events import SessionEvent
from service.sms.twilio import TwilioProvider
from tests.live_server import LiveServer
from tests.sms.test_sms import TWILIO
from tests.sms.test_sms import FakeTwilioHttp

SID = "SM" + "2" * 32
PATH = "/sms/twilio/status"


@pytest.fixture
def server(app_factory):
    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url, **TWILIO))
        with app.app_context():
            yield live, app


@pytest.fixture
def texted(server, make_session):
    """A session whose link Twilio took as ``SID``."""
    live, app = server
    http = FakeTwilioHttp(body={"sid": SID, "status": "queued"})
    provider = TwilioProvider.from_config({**TWILIO, "PUBLIC_URL": live.url}, http_client=http)
    session, _ = make_session(provider=provider)
    db.session.commit()
    return session.id


def report(live, status: str, sid: str = SID, token: str = TWILIO["TWILIO_AUTH_TOKEN"], **extra):
    """POST Twilio's form as Twilio would, signed with ``token``."""
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
    signature = RequestValidator(token).compute_signature(live.url + PATH, form)
    return requests.post(
        live.url + PATH, data=form, headers={"X-Twilio-Signature": signature}, timeout=10
    )


def state(session_id):
    """Return the session's status and its SMS events, as stored now."""
    db.session.remove()
    session = db.session.get(GuidanceSession, session_id)
    types = db.session.scalars(
        select(SessionEvent.type)
        .where(SessionEvent.session_id == session_id)
        .where(SessionEvent.type.in_([EventType.SMS_DELIVERED, EventType.SMS_FAILED]))
        .order_by(SessionEvent.id)
    ).all()
    return session.status, types


def test_a_signed_delivered_report_is_logged_once(server, texted):
    live, _ = server

    for _ in range(3):  # Twilio retries; "sent" and a repeat say nothing new
        assert report(live, "sent").status_code == 204
        assert report(live, "delivered").status_code == 204

    assert state(texted) == (SessionStatus.SENT, [EventType.SMS_DELIVERED])


def test_a_late_failure_sets_delivery_failed_and_the_panel_says_so(
    server, texted, make_user, login, client
):
    live, _ = server
    assert report(live, "undelivered", ErrorCode="30003").status_code == 204

    assert state(texted) == (SessionStatus.DELIVERY_FAILED, [EventType.SMS_FAILED])
    login(make_user(Role.ADMIN))
    page = client.get(f"/console/sessions/{texted}").text
    assert "SMSがお客様のスマホに届きませんでした" in page
    assert "SMS送信失敗" in page
    assert "QRコード" in page  # the fallbacks: the QR code and the short code
    assert "読み上げ用の番号を出す" in page


def test_out_of_order_reports_keep_the_final_word(server, texted):
    live, _ = server
    assert report(live, "failed").status_code == 204
    # A delivered that Twilio sent before the failure but that came after it changes nothing.
    assert report(live, "delivered").status_code == 204
    assert report(live, "queued").status_code == 204

    assert state(texted) == (SessionStatus.DELIVERY_FAILED, [EventType.SMS_FAILED])


@pytest.mark.parametrize("headers", [{"X-Twilio-Signature": "Zm9yZ2Vk"}, {}])
def test_a_forged_or_unsigned_report_is_refused_and_changes_nothing(server, texted, headers):
    live, _ = server
    form = {"MessageSid": SID, "MessageStatus": "failed"}
    answer = requests.post(live.url + PATH, data=form, headers=headers, timeout=10)

    assert answer.status_code == 403
    assert answer.json()["error"] == "bad_signature"
    assert state(texted) == (SessionStatus.SENT, [])


def test_a_report_signed_with_another_token_is_refused(server, texted):
    live, _ = server
    answer = report(live, "failed", token="another-accounts-token")

    assert answer.status_code == 403
    assert state(texted) == (SessionStatus.SENT, [])


def test_a_signature_for_other_params_is_refused(server, texted):
    live, _ = server
    form = {"MessageSid": SID, "MessageStatus": "delivered"}
    signature = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"]).compute_signature(
        live.url + PATH, form
    )
    answer = requests.post(
        live.url + PATH,
        data={**form, "MessageStatus": "failed"},
        headers={"X-Twilio-Signature": signature},
        timeout=10,
    )

    assert answer.status_code == 403
    assert state(texted) == (SessionStatus.SENT, [])


def test_a_report_on_an_unknown_text_is_taken_and_ignored(server, texted):
    live, _ = server
    assert report(live, "delivered", sid="SM" + "9" * 32).status_code == 204
    assert state(texted) == (SessionStatus.SENT, [])
