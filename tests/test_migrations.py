"""Migrations: an empty database upgrades to head, matches the models, and downgrades cleanly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import inspect

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
