"""A migrated Tebiki with the default content, on a fresh SQLite file, for the bench scripts."""

import tempfile
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import text

from service import create_app
from service.content.seed import seed
from service.db import db

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def seeded_app() -> Iterator[Flask]:
    """Yield the app inside a request context (url_for works), its database loaded."""
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'b.sqlite3'}",
            # One test number texted again and again: no abuse limit here.
            "LIMIT_TEXTS_PER_NUMBER": 10**9,
        }
    )
    with app.test_request_context():
        upgrade()
        seed()
        yield app
        db.session.remove()


@contextmanager
def postgres_schema(url: str | None = None) -> Iterator[tuple[str, Callable[..., Flask]]]:
    """Yield a private, migrated and seeded PostgreSQL schema: its URL (the search path in
    it, for a server started apart) and a function building apps on it; drop it after."""
    url = url or DEFAULT_POSTGRES
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    on_schema = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"

    def make(**overrides) -> Flask:
        return create_app(
            {
                "SECRET_KEY": "bench",
                "DATABASE_URL": on_schema,
                "EXPIRY_SWEEP_SECONDS": 0,
                "LIMIT_TEXTS_PER_NUMBER": 10**9,
                **overrides,
            }
        )

    try:
        with make().app_context():
            upgrade()
            seed()
            db.session.remove()
            db.engine.dispose()
        yield on_schema, make
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
