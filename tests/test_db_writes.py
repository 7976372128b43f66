"""The hot path's own UPDATE: the same row the unit of work would write, in one statement."""

import pytest
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from service import catalog
from service.db import db
from service.db_writes import store_changes
from service.models import GuidanceSession
from tests.helpers import counted


def test_a_changed_session_is_written_in_one_update_and_the_commit_sends_nothing(make_session):
    session, _ = make_session()
    version = session.version

    with counted() as statements:
        session.current_step, session.path = 2, [1, 2]
        store_changes(session)
        db.session.commit()

    assert len(statements) == 1 and statements[0].startswith("UPDATE guidance_sessions")
    assert "guidance_sessions.version = " in statements[0]  # the counter checked
    db.session.expire_all()
    assert (session.current_step, session.path, session.version) == (2, [1, 2], version + 1)


def test_a_row_changed_meanwhile_is_refused_and_left_as_the_other_change_made_it(make_session):
    session, _ = make_session()
    seen = session.version
    with db.engine.begin() as other:  # another process's press, committed first
        other.execute(
            update(GuidanceSession.__table__)
            .where(GuidanceSession.__table__.c.id == session.id)
            .values(current_step=3, version=seen + 1)
        )

    session.current_step = 2
    with pytest.raises(StaleDataError):
        store_changes(session)
    db.session.rollback()  # as every caller does on a lost race

    assert (session.current_step, session.version) == (3, seen + 1)


def test_a_new_object_or_a_changed_relationship_goes_through_the_flush(make_session):
    session, _ = make_session()
    other = catalog.guide("android-google-messages", "sms-code").current_version
    session.guide_version = other
    session.current_step = 1

    store_changes(session)
    db.session.commit()

    db.session.expire_all()
    assert session.guide_version_id == other.id and session.current_step == 1


def test_nothing_changed_sends_nothing(make_session):
    session, _ = make_session()
    db.session.commit()
    with counted() as statements:
        store_changes(session)
    assert statements == []
