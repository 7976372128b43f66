"""Migrations: an empty database upgrades to head, matches the models, and downgrades cleanly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import inspect
from sqlalchemy import select

from service import create_app
from service.db import db
from tests.conftest import BASE_CONFIG
from tests.conftest import Postgres
from tests.conftest import postgres_url

TABLES = {
    "users",
    "api_keys",
    "images",
    "devices",
    "guides",
    "guide_versions",
    "steps",
    "guidance_sessions",
    "session_events",
    "sms_outbox",
}


def check_round_trip(app):
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        db.engine.dispose()


def test_sqlite_upgrade_head_matches_models_and_downgrades(tmp_path):
    app = create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    check_round_trip(app)


@pytest.mark.postgres
def test_postgres_upgrade_head_matches_models_and_downgrades():
    store = Postgres(postgres_url())
    try:
        check_round_trip(create_app({**BASE_CONFIG, **store.config()}))
    finally:
        store.drop()


def test_plain_postgresql_url_selects_psycopg3():
    from service.config import database_uri

    assert database_uri("postgresql://u@h/db", "/x").startswith("postgresql+psycopg://")
    assert database_uri("postgres://u@h/db", "/x").startswith("postgresql+psycopg://")
    assert database_uri(None, "/inst") == "sqlite:////inst/tebiki.sqlite3"


def test_sessions_and_guides_from_before_branching_keep_working(tmp_path):
    """Data written by the first schema is carried forward: linear steps, paths so far."""
    import sqlalchemy as sa

    app = create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        upgrade(revision="30df1d7cb1da")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO devices (id, slug, name, position) VALUES (1, 'd', 'D', 0);")
            )
            connection.execute(
                sa.text(
                    "INSERT INTO guides (id, device_id, slug, title, position)"
                    " VALUES (1, 1, 'g', 'G', 0)"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO guide_versions (id, guide_id, number, content_hash, created_at)"
                    " VALUES (1, 1, 1, 'h', '2026-01-01 00:00:00')"
                )
            )
            for number in (1, 2, 3):
                connection.execute(
                    sa.text(
                        "INSERT INTO steps (guide_version_id, number, title, text,"
                        " operator_script, image_alt) VALUES (1, :n, 't', 'x', 's', '')"
                    ),
                    {"n": number},
                )
            connection.execute(
                sa.text(
                    "INSERT INTO guidance_sessions (id, token_salt, token_hash, guide_version_id,"
                    " status, current_step, created_at, expires_at) VALUES ('s1', 'salt', 'hash',"
                    " 1, 'opened', 2, '2026-01-01 00:00:00', '2026-01-01 00:30:00')"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            nexts = connection.execute(
                sa.text("SELECT number, next_step FROM steps ORDER BY number")
            ).all()
            path = connection.scalar(sa.text("SELECT path FROM guidance_sessions"))
        db.engine.dispose()
    assert [tuple(row) for row in nexts] == [(1, 2), (2, 3), (3, None)]
    assert path.replace(" ", "") == "[1,2]"


def test_texts_sent_before_the_queue_are_carried_over_for_their_callbacks(app, make_session):
    """The sms_texts revision fills its table from the sms_sent events already logged."""
    from service.db import utcnow
    from service.models import SmsText
    from service.models import TextStatus
    from service.sessions import sms_status
    from service.sessions.sms_status import Delivery

    session, _ = make_session()
    session_id, message_id = session.id, session.events[-1].data["message_id"]
    db.session.remove()  # no open transaction may hold the table being dropped
    downgrade(revision="e9a1c3d5f780")
    upgrade()

    (text,) = db.session.scalars(select(SmsText)).all()
    assert (text.session_id, text.status, text.provider, text.message_id) == (
        session_id,
        TextStatus.SENT,
        "console",
        message_id,
    )
    assert sms_status.apply("console", message_id, Delivery.DELIVERED, utcnow()) is not None
