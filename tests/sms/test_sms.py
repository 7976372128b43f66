"""SMS: segment counting, the console outbox, and the Twilio SDK up to the network edge."""

import json
import logging

import pytest
from sqlalchemy import select
from twilio.http import HttpClient
from twilio.http.response import Response

from service import create_app
from service.db import db
from service.models import EventType
from service.models import OutboxMessage
from service.models import SessionStatus
from service.sms import SmsError
from service.sms import segments
from service.sms.console import ConsoleProvider
from service.sms.twilio import TwilioProvider
from tests.conftest import BASE_CONFIG

TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "t",
    "TWILIO_FROM": "+15005550006",
}


class FakeTwilioHttp(HttpClient):
    """Stands where the network would: records each request, answers like Twilio's API."""

    def __init__(self, status=201, body=None):
        super().__init__(logging.getLogger("fake-twilio"), is_async=False)
        self.status = status
        self.body = body or {"sid": "SM" + "1" * 32, "status": "queued"}
        self.requests = []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, **kwargs):
        self.requests.append({"method": method, "uri": uri, "data": data, "auth": auth})
        return Response(self.status, json.dumps(self.body), headers={})


@pytest.mark.parametrize(
    "body, parts",
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("あ" * 70, 1),
        ("あ" * 71, 2),
        ("あ" * 134, 2),
        ("あ" * 135, 3),
        ("a" * 69 + "€", 1),  # outside GSM 7-bit: the whole text is UCS-2
        ("😀" * 35, 1),  # two UTF-16 units each
        ("😀" * 36, 2),
    ],
)
def test_segments(body, parts):
    assert segments(body) == parts


def test_console_provider_writes_to_the_outbox(app):
    result = ConsoleProvider().send("+819012345678", "本文 http://x/g/abc")
    db.session.commit()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert (message.to, message.body) == ("+819012345678", "本文 http://x/g/abc")
    assert result.message_id == f"outbox-{message.id}"


def test_twilio_provider_sends_through_the_sdk(app):
    http = FakeTwilioHttp()
    config = {**TWILIO, "PUBLIC_URL": "https://tebiki.example"}
    provider = TwilioProvider.from_config(config, http_client=http)

    result = provider.send("+819012345678", "テスト")

    assert result.message_id == "SM" + "1" * 32
    request = http.requests[0]
    assert request["method"] == "POST"
    assert request["uri"].endswith(f"/Accounts/{TWILIO['TWILIO_ACCOUNT_SID']}/Messages.json")
    assert request["data"]["To"] == "+819012345678"
    assert request["data"]["From"] == TWILIO["TWILIO_FROM"]
    assert request["data"]["Body"] == "テスト"
    # Twilio reports the text's fate to us there.
    assert request["data"]["StatusCallback"] == "https://tebiki.example/sms/twilio/status"


def test_twilio_refusal_becomes_delivery_failed_session(app, make_session):
    http = FakeTwilioHttp(status=400, body={"code": 21614, "message": "not a mobile number"})
    provider = TwilioProvider.from_config(TWILIO, http_client=http)

    with pytest.raises(SmsError):
        provider.send("+819012345678", "x")
    session, _ = make_session(provider=provider)

    assert session.status is SessionStatus.DELIVERY_FAILED
    assert session.events[-1].type is EventType.SMS_FAILED
    assert "not a mobile number" in session.events[-1].data["reason"]


def test_twilio_needs_its_settings(tmp_path):
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN"):
        create_app(
            {
                **BASE_CONFIG,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "SMS_PROVIDER": "twilio",
                "TWILIO_ACCOUNT_SID": "AC1",
                "TWILIO_FROM": "+1",
            }
        )


def test_unknown_provider_is_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="SMS_PROVIDER"):
        create_app(
            {
                **BASE_CONFIG,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "SMS_PROVIDER": "fax",
            }
        )
