"""A migrated Tebiki with the default content, on a fresh SQLite file, for the bench scripts."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from service import create_app
from service.content.seed import seed
from service.db import db


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
