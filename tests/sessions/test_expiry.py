"""Ending sessions whose link ran out: the sweep, its timer, its command, and its races."""

import threading
import time
from datetime import timedelta

from sqlalchemy import select

from service.db import db
from service.db import utcnow
from service.models import GuidanceSession
from service.models import SessionStatus
from service.sessions import expiry
from service.sessions import steering
from service.sessions.events import EventType
from tests.helpers import STAFF
from tests.helpers import Refusing
from tests.helpers import event_types
from tests.live_server import SseReader


def test_the_sweep_ends_only_sessions_whose_time_ran_out(make_session, expired_at, now):
    due, _ = make_session(at=expired_at)
    running, _ = make_session()
    assert expiry.expire_due(now) == 1
    db.session.expire_all()
    assert due.status is SessionStatus.EXPIRED
    assert running.status is SessionStatus.SENT
    assert EventType.EXPIRED not in event_types(running)
    expired = [e for e in due.events if e.type is EventType.EXPIRED]
    assert [e.at for e in expired] == [due.expires_at]  # dated when it ran out, not swept


def test_finished_sessions_are_left_alone(make_session, expired_at, now):
    revoked, _ = make_session(at=expired_at)
    steering.revoke(revoked, expired_at, by=STAFF)
    assert expiry.expire_due(now) == 0
    assert event_types(revoked)[-1] is EventType.REVOKED


def test_the_sweep_works_through_more_than_one_batch(make_session, expired_at, now):
    for _ in range(5):
        make_session(at=expired_at)
    assert expiry.expire_due(now, batch=2) == 5
    left = select(GuidanceSession).where(GuidanceSession.status != SessionStatus.EXPIRED)
    assert db.session.scalars(left).all() == []


def test_an_expiry_logged_before_the_sweep_existed_is_not_logged_twice(
    make_session, expired_at, now
):
    from service.sessions import events

    session, _ = make_session(at=expired_at)
    events.record(session, EventType.EXPIRED, session.expires_at, step=None)
    db.session.commit()
    assert expiry.expire_due(now) == 1
    assert event_types(session).count(EventType.EXPIRED) == 1
    assert session.status is SessionStatus.EXPIRED


def test_sweeps_running_at_once_end_a_session_once(app_factory, now):
    app = app_factory()
    with app.app_context():
        from service import catalog
        from service.sessions import links
        from service.sessions.events import AUTOMATIC

        for _ in range(3):
            links.start(
                guide_version=catalog.guide("iphone", "sms-code").current_version,
                phone="090-1234-5678",
                settings=links.settings(),
                now=now - timedelta(hours=1),
                by=AUTOMATIC,
            )
    ended = []

    def sweep():
        with app.app_context():
            ended.append(expiry.expire_due(now))
            db.session.remove()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(ended) == 3
    with app.app_context():
        logged = db.session.scalars(
            select(GuidanceSession).where(GuidanceSession.status == SessionStatus.EXPIRED)
        ).all()
        assert len(logged) == 3
        assert all(event_types(s).count(EventType.EXPIRED) == 1 for s in logged)


def test_the_command_sweeps(runner, make_session, expired_at):
    make_session(at=expired_at)
    result = runner.invoke(args=["sessions", "expire"])
    assert result.exit_code == 0 and "1 sessions expired" in result.output


def test_while_serving_the_timer_ends_a_session_and_its_watchers_hear_it(app_factory, api_key):
    from service import catalog
    from service.sessions import links
    from service.sessions.events import AUTOMATIC
    from tests.live_server import LiveServer

    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url, EXPIRY_SWEEP_SECONDS=0.2))
        with app.app_context():
            session = links.start(
                guide_version=catalog.guide("iphone", "sms-code").current_version,
                phone="090-1234-5678",
                settings=links.settings(),
                # Ends a second from now: the stream below is open before it does.
                now=utcnow() - timedelta(minutes=30) + timedelta(seconds=1),
                by=AUTOMATIC,
            )
            session_id = session.id
        reader = SseReader(
            f"{live.url}/api/v1/sessions/{session_id}/events",
            headers={"Authorization": f"Bearer {api_key}"},
        )
        try:
            assert reader.until("expired", timeout=10).data["session"] == session_id
        finally:
            reader.close()
            app.extensions["tebiki.sweeper"].stop()
        time.sleep(0.3)


def test_an_extension_brings_back_the_status_the_session_had(make_session, expired_at, now):
    failed, _ = make_session(at=expired_at, provider=Refusing(RuntimeError("no route")))
    assert failed.status is SessionStatus.DELIVERY_FAILED
    expiry.expire_due(now)
    steering.extend(failed, 5, now, by=STAFF)
    assert failed.status is SessionStatus.DELIVERY_FAILED  # still not delivered


def test_an_extended_session_is_on_its_step_again_in_the_timeline(make_session, expired_at, now):
    from service.sessions import lifecycle
    from service.sessions.timeline import path_with_times

    session, _ = make_session(at=expired_at)
    lifecycle.open_link(session, expired_at)
    expiry.expire_due(now)
    assert not any(visit.current for visit in path_with_times(session, now))
    steering.extend(session, 5, now, by=STAFF)
    assert path_with_times(session, now)[-1].current
