"""Starting a session and finding it again by its link: token, text message, delivery, lookup."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import tokens
from service.db import db
from service.errors import InvalidInput
from service.errors import LinkGone
from service.errors import NotFound
from service.models import EventType
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import SessionStatus
from service.sessions import expiry
from service.sessions import links
from service.sessions import steering
from service.sms import SmsError
from tests.helpers import STAFF
from tests.helpers import Refusing
from tests.helpers import event_types
from tests.helpers import token_of


def test_start_texts_the_link_and_logs_it(make_session, now):
    session, path = make_session(phone="+81 90-1234-5678")

    assert session.status is SessionStatus.SENT
    assert session.phone == "+819012345678"
    assert session.current_step is None
    assert session.expires_at == now + timedelta(minutes=30)
    outbox = db.session.scalars(select(OutboxMessage)).all()
    assert len(outbox) == 1
    assert outbox[0].to == "+819012345678"
    assert outbox[0].body.endswith("http://localhost:5000" + path)
    assert event_types(session) == [EventType.CREATED, EventType.SMS_SENT]


def test_link_token_has_128_bits_and_only_its_hash_is_stored(make_session):
    session, path = make_session()
    token = token_of(path)

    assert len(token) >= 22  # 16 bytes in URL-safe base64
    assert session.token_hash == tokens.digest(token)
    stored = db.session.execute(select(GuidanceSession.__table__)).one()._mapping
    assert token not in [str(value) for value in stored.values()]


def test_two_sessions_get_different_links(make_session):
    _, first = make_session()
    _, second = make_session()
    assert first != second


def test_refused_text_keeps_the_session_as_delivery_failed(make_session):
    session, path = make_session(provider=Refusing(SmsError("carrier said no")))

    assert session.status is SessionStatus.DELIVERY_FAILED
    assert event_types(session) == [EventType.CREATED, EventType.SMS_FAILED]
    assert session.events[-1].data == {"reason": "carrier said no"}
    # The link works all the same: the operator can give it by QR code.
    assert links.for_token(token_of(path), session.created_at) == session


def test_a_crashing_provider_is_logged_as_failed_delivery_not_an_error(make_session):
    session, _ = make_session(provider=Refusing(ConnectionResetError()))
    assert session.status is SessionStatus.DELIVERY_FAILED
    assert session.events[-1].data == {"reason": "ConnectionResetError"}


@pytest.mark.parametrize(
    "phone", ["03-1234-5678", "0120-123-456", "+1 415 555 2671", "090-1234", "abc", ""]
)
def test_start_refuses_what_is_not_a_japanese_mobile_and_stores_nothing(make_session, phone):
    with pytest.raises(InvalidInput) as raised:
        make_session(phone=phone)
    assert raised.value.field == "phone"
    assert db.session.scalar(select(func.count()).select_from(GuidanceSession)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_sms_text_fits_one_segment_with_default_settings(app, make_session):
    from service.sms import segments

    make_session()
    body = db.session.scalars(select(OutboxMessage)).one().body
    assert len(body) <= 70
    assert segments(body) == 1
    assert app.config["SHOP_NAME"] in body


def test_every_session_gets_a_passphrase_word(make_session):
    from service.tokens import PASSPHRASES

    session, _ = make_session()
    assert session.passphrase in PASSPHRASES


def test_unknown_token_is_not_found(app, now):
    with pytest.raises(NotFound):
        links.for_token("not-a-real-token", now)


def test_expired_link_is_gone_and_the_sweep_logs_the_expiry_once(make_session, expired_at, now):
    session, path = make_session(at=expired_at)
    with pytest.raises(LinkGone) as raised:
        links.for_token(token_of(path), now)
    assert raised.value.reason == "expired"
    assert EventType.EXPIRED not in event_types(session)  # reading the link writes nothing
    assert expiry.expire_due(now) == 1
    assert expiry.expire_due(now) == 0
    db.session.refresh(session)
    expired = [e for e in session.events if e.type is EventType.EXPIRED]
    assert len(expired) == 1 and expired[0].at == session.expires_at
    assert session.status is SessionStatus.EXPIRED


def test_revoked_link_is_gone_and_revoking_twice_logs_once(make_session, now):
    session, path = make_session()
    steering.revoke(session, now, by=STAFF)
    steering.revoke(session, now, by=STAFF)

    with pytest.raises(LinkGone) as raised:
        links.for_token(token_of(path), now)
    assert raised.value.reason == "revoked"
    assert event_types(session).count(EventType.REVOKED) == 1


def test_live_sessions_never_share_a_passphrase(make_session, monkeypatch):
    from service import tokens

    # A small pool makes a clash certain if the live words were not left out.
    monkeypatch.setattr(tokens, "PASSPHRASES", ("さくら", "みかん", "うみ"))
    words = [make_session()[0].passphrase for _ in range(5)]
    assert len(set(words)) == 5
    assert set(words[:3]) == {"さくら", "みかん", "うみ"}
    assert all("・" in word for word in words[3:])  # pairs once every word is taken


def test_a_finished_sessions_word_is_free_again(make_session, now, monkeypatch):
    from service import tokens
    from service.sessions import steering
    from tests.helpers import STAFF

    monkeypatch.setattr(tokens, "PASSPHRASES", ("さくら",))
    first, _ = make_session()
    steering.revoke(first, now, by=STAFF)
    assert make_session()[0].passphrase == "さくら"
