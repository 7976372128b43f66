"""Personal data kept no longer than needed: the number cut when a session ends, the purge."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import catalog
from service.db import db
from service.db import utcnow
from service.models import Attempt
from service.models import GuidanceSession
from service.models import OutboxMessage
from service.models import SessionEvent
from service.sessions import lifecycle
from service.sessions import steering
from service.sessions.events import AUTOMATIC
from service.sessions.lifecycle import Action
from service.sessions.retention import mask_numbers
from tests.helpers import STAFF
from tests.helpers import Refusing
from tests.helpers import end_session
from tests.helpers import open_session_on
from tests.helpers import opened


def stored(session):
    db.session.expire_all()
    return db.session.get(GuidanceSession, session.id)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("how", ["completed", "revoked", "expired"])
def test_the_number_is_cut_to_its_last_four_digits_when_the_session_ends(
    make_session, customer, how
):
    session, _ = opened(make_session, customer, phone="090-1234-5678")
    assert stored(session).phone == "+819012345678"
    end_session(session, how)

    kept = stored(session)
    assert kept.phone is None and kept.phone_last4 == "5678"


def test_a_live_session_keeps_the_number_it_may_resend_to(make_session, customer):
    session, _ = opened(make_session, customer)
    lifecycle.act(session, Action.NEXT, 1, utcnow())

    assert stored(session).phone == "+819012345678"


def test_the_centre_may_keep_the_number_until_the_purge(app_factory):
    app = app_factory(MASK_PHONE_ON_END=False)
    with app.app_context():
        version = catalog.guide("iphone", "sms-code").current_version
        session = open_session_on(version, 1)
        steering.revoke(session, utcnow(), by=AUTOMATIC)
        assert stored(session).phone == "+819012345678"


def test_the_panel_of_an_ended_session_shows_only_the_last_digits(
    client, operator, login, make_session
):
    session, _ = make_session(operator=operator, phone="080-1111-2222")
    steering.revoke(session, utcnow(), by=STAFF)
    login(operator)
    page = client.get(f"/console/sessions/{session.id}").text

    assert "末尾 2222" in page and "080-1111-2222" not in page


def test_the_purge_removes_what_is_older_than_the_retention(runner, make_session, now):
    old, _ = make_session(at=now - timedelta(days=31), phone="090-1111-0001")
    recent, _ = make_session(at=now - timedelta(days=2), phone="090-1111-0002")
    db.session.add(Attempt(key="short-code:203.0.113.7", at=now - timedelta(days=2)))
    db.session.commit()
    texts = count(OutboxMessage)
    old_outbox = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to.like("%0001")))
    for message in old_outbox:
        message.created_at = now - timedelta(days=31)
    db.session.commit()

    result = runner.invoke(args=["purge", "--batch-size", "1"])

    assert result.exit_code == 0, result.output
    assert "1 sessions cleared" in result.output
    gone, kept = stored(old), stored(recent)
    assert (gone.phone, gone.phone_last4, gone.mail_domain) == (None, None, None)
    assert kept.phone == "+819011110002"
    assert count(OutboxMessage) == texts - 1
    assert count(Attempt) == 0
    # Everything else of the old session stays: its outcome and its event log.
    assert gone.status is not None
    assert db.session.scalar(select(func.count()).where(SessionEvent.session_id == old.id)) > 0
    again = runner.invoke(args=["purge"])
    assert "0 sessions cleared, 0 outbox texts and 0 counted tries removed" in again.output


def test_a_providers_error_that_quotes_the_number_is_logged_masked(make_session):
    error = RuntimeError("The 'To' number +81 90-1234-5678 is not a valid mobile number")
    session, _ = make_session(provider=Refusing(error))
    logged = db.session.scalars(
        select(SessionEvent.data).where(SessionEvent.session_id == session.id)
    ).all()

    assert "1234" not in repr(logged) and "…5678" in repr(logged)


@pytest.mark.parametrize(
    "text, masked",
    [
        ("to +819012345678 failed", "to …5678 failed"),
        ("090-1234-5678", "…5678"),
        ("error 21211", "error 21211"),  # a provider's error code is not a number to hide
    ],
)
def test_numbers_in_text_are_masked(text, masked):
    assert mask_numbers(text) == masked
