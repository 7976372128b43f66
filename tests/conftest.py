"""Shared fixtures: a fresh, migrated, seeded database per test; factories for what tests need.

The suite runs on SQLite by default. Set ``TEST_DATABASE_URL`` to a PostgreSQL URL to run
every test on PostgreSQL instead. Tests that need a part this machine may lack (Chromium,
PostgreSQL, Redis) skip on a laptop without it, and fail under ``CI=true``.
"""

import os
import re
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import text

from service import background
from service import catalog
from service import create_app
from service.auth import accounts
from service.auth import api_keys
from service.content.seed import seed
from service.db import db
from service.db import utcnow
from service.hints import issuers
from service.media import pictures
from service.models import Role
from service.sessions import links
from service.sessions.events import AUTOMATIC
from service.sessions.events import Actor
from tests.live_server import LiveServer

PASSWORD = "correct horse battery"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def missing(reason: str):
    """Skip on a developer's machine; fail in CI, where every part must be present."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def postgres_url() -> str:
    """Return a reachable PostgreSQL URL for postgres-only tests, or skip/fail."""
    url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to connect means "not here"
        missing(f"PostgreSQL not reachable at {url}: {exc.__class__.__name__}")
    return url


class Postgres:
    """A private schema in a PostgreSQL database, so parallel runs never meet."""

    def __init__(self, url: str):
        self.url = url
        self.schema = f"tebiki_test_{uuid.uuid4().hex[:10]}"
        self.seeded = None
        self.engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with self.engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))

    def config(self) -> dict:
        return {
            "DATABASE_URL": self.url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"options": f"-csearch_path={self.schema}"},
            },
        }

    # What tests create; the seeded catalog (devices, guides, images) is kept between tests
    # unless a test changed it, because loading the whole pack takes seconds.
    CATALOG_TABLES = {
        "devices",
        "guides",
        "guide_versions",
        "steps",
        "step_choices",
        "images",
        "image_renditions",
        "alembic_version",
    }
    CATALOG_FINGERPRINT = (
        "SELECT md5(concat_ws('|',"
        " (SELECT string_agg(concat_ws(',', id, slug, name, aliases::text), ';' ORDER BY id)"
        "  FROM devices),"
        " (SELECT string_agg(concat_ws(',', id, title), ';' ORDER BY id) FROM guides),"
        " (SELECT string_agg(id::text, ',' ORDER BY id) FROM guide_versions),"
        " (SELECT count(*) FROM steps), (SELECT count(*) FROM images)))"
    )

    def reset(self) -> bool:
        """Empty what tests create; return False when the catalog must be loaded again."""
        with self.engine.begin() as connection:
            tables = connection.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"),
                {"schema": self.schema},
            ).all()
            per_test = sorted(set(tables) - self.CATALOG_TABLES)
            connection.execute(text(f'SET search_path TO "{self.schema}"'))
            if "image_uploads" in tables:
                self._forget_uploads(connection)
            names = ", ".join(f'"{self.schema}"."{name}"' for name in per_test)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            fingerprint = connection.scalar(text(self.CATALOG_FINGERPRINT))
        if fingerprint is not None and fingerprint == self.seeded:
            return True
        self.empty()
        return False

    # An upload adds pictures to the kept image tables; taking them out again keeps the
    # catalog's fingerprint, so the next test need not load the whole pack again.
    FORGET_UPLOADS = (
        "CREATE TEMP TABLE uploaded ON COMMIT DROP AS SELECT digest FROM image_uploads"
        " UNION SELECT r.digest FROM image_renditions r"
        " JOIN image_uploads u ON r.source_digest = u.digest",
        "DELETE FROM image_uploads",
        "DELETE FROM image_renditions WHERE source_digest IN (SELECT digest FROM uploaded)",
        "DELETE FROM images WHERE digest IN (SELECT digest FROM uploaded)"
        " AND digest NOT IN (SELECT digest FROM image_renditions)"
        " AND digest NOT IN (SELECT image_digest FROM steps WHERE image_digest IS NOT NULL)"
        " AND digest NOT IN (SELECT image_digest FROM devices WHERE image_digest IS NOT NULL)",
    )

    def _forget_uploads(self, connection) -> None:
        for statement in self.FORGET_UPLOADS:
            connection.execute(text(statement))

    def empty(self) -> None:
        """Remove every row, keeping the schema and its migration stamp."""
        with self.engine.begin() as connection:
            tables = connection.scalars(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = :schema "
                    "AND tablename != 'alembic_version'"
                ),
                {"schema": self.schema},
            ).all()
            if tables:
                names = ", ".join(f'"{self.schema}"."{name}"' for name in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))

    def remember_catalog(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(f'SET search_path TO "{self.schema}"'))
            self.seeded = connection.scalar(text(self.CATALOG_FINGERPRINT))

    def drop(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.engine.dispose()


BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "PUBLIC_URL": "http://localhost:5000",
    "SMS_PROVIDER": "console",
    "LINK_TTL_MINUTES": 30,
    "SSE_HEARTBEAT_SECONDS": 15,
    # In-process events unless a test names its Redis (an exported REDIS_URL must not leak in).
    "REDIS_URL": None,
    # No background sweep: tests end sessions by calling expiry.expire_due themselves.
    "EXPIRY_SWEEP_SECONDS": 0,
    # No SMS worker thread but a live server's: tests run it (tests.helpers.send_texts).
    "SMS_WORKER_SECONDS": 0,
    # Tests text one number again and again; tests/test_limits.py sets the real limits.
    "LIMIT_TEXTS_PER_NUMBER": 1000,
    "LIMIT_SENDS_PER_OPERATOR": 1000,
    "LIMIT_SIGN_INS_PER_CLIENT": 1000,
}


def pytest_collection_modifyitems(config, items):
    """Leave out tests of PostgreSQL's own behaviour on a SQLite run (the other pass runs them).

    Deselected, not skipped: CI fails on any skip, and these have nothing to show on SQLite.
    """
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres_database") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """Migrate and seed one database for the run; each test then starts from a copy of it."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgres"):
        store = Postgres(url)
        app = create_app({**BASE_CONFIG, **store.config()})
        with app.app_context():
            upgrade()
        yield store
        store.drop()
        return
    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{template}"})
    with app.app_context():
        upgrade()
        seed()
        db.engine.dispose()
    yield template


@pytest.fixture
def app_factory(database, tmp_path):
    """Return a function building an app on this test's fresh database, with overrides."""
    if isinstance(database, Postgres):
        needs_seed = not database.reset()
        db_config = database.config()
    else:
        path = tmp_path / "tebiki.sqlite3"
        shutil.copyfile(database, path)
        db_config = {"DATABASE_URL": f"sqlite:///{path}"}
        needs_seed = False
    apps = []

    def make(**overrides):
        app = create_app({**BASE_CONFIG, **db_config, **overrides})
        pictures.forget()  # kept for the process's one database; each test has its own
        # Tests keep one app context open, which requests then share; a real request has
        # its own. Forget what a request cached in `g` (signed-in user, CSRF token) so two
        # test clients act like two browsers.
        app.before_request(_forget_request_cache)
        nonlocal needs_seed
        if needs_seed:
            with app.app_context():
                seed()
            database.remember_catalog()
            needs_seed = False
        elif isinstance(database, Postgres):
            # The card issuers reference staff (who edited them), so emptying the staff
            # empties them too: put the pack's few rows back.
            with app.app_context():
                issuers.seed()
        apps.append(app)
        return app

    yield make
    # A worker thread left running would take the next test's texts on the same database.
    background.stop_all()
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test():
    """Stop the workers of apps a test built itself: one left running logs failures (its
    database gone) while the next test builds its app, and Python 3.11 can crash on a
    traceback formatted in one thread while another compiles the routes."""
    yield
    background.stop_all()


def _forget_request_cache():
    from flask import g

    for name in ("_login_user", "csrf_token"):
        g.pop(name, None)


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def customer(app):
    """The customer's phone: a browser that is not signed in to the console."""
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def now():
    return utcnow()


@pytest.fixture
def make_user(app):
    """Return a factory for staff accounts."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.OPERATOR, email: str | None = None, password: str = PASSWORD):
        email = email or f"{role.value}{next(counter)}@example.com"
        return accounts.create_user(email, password, role, display_name=f"{role.value} tester")

    return make


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR)


@pytest.fixture
def login(client):
    """Return a function that signs ``user`` in on the test client."""

    def sign_in(user, password: str = PASSWORD):
        token = csrf_from(client.get("/login").text)
        response = client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.text
        return response

    return sign_in


@pytest.fixture
def api_key(app):
    """Return a valid admin API key (the raw secret): it reaches every session."""
    _, raw = api_keys.create_api_key("tests", Role.ADMIN)
    return raw


@pytest.fixture
def api_headers(api_key):
    return {"Authorization": f"Bearer {api_key}"}


@pytest.fixture
def make_session(app, now):
    """Return a factory for guidance sessions; it returns (session, link path).

    The link's text is sent (through ``provider``, else the app's) before it returns, unless
    ``texted=False`` leaves it queued.
    """

    def make(
        device: str = "iphone-home-button",
        guide: str = "sms-code",
        phone: str = "090-1234-5678",
        at=None,
        **kwargs,
    ):
        settings = links.settings()
        operator, api_key = kwargs.pop("operator", None), kwargs.pop("api_key", None)
        by = (
            Actor.operator(operator)
            if operator
            else Actor.api_key(api_key)
            if api_key
            else AUTOMATIC
        )
        provider, texted = kwargs.pop("provider", None), kwargs.pop("texted", True)
        session = links.start(
            guide_version=catalog.guide(device, guide).current_version,
            phone=phone,
            settings=settings,
            now=at or now,
            by=by,
            **kwargs,
        )
        if texted:  # the worker sends the queued text, as each serving process's thread does
            from tests.helpers import send_texts

            send_texts(provider, at or now)
        return session, settings.path(session)

    return make


@pytest.fixture
def expired_at(now):
    """A start time whose link has already expired."""
    return now - timedelta(minutes=31)


def csrf_from(html: str) -> str:
    """Return the CSRF token embedded in a page."""
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html)
    assert tag, "the page has no CSRF token"
    return re.search(r'value="([^"]+)"', tag.group(0)).group(1)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


# --- browser tests: one Chromium for the run, a live server per test -------------------

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def phone(user_agent: str, width: int = 360, height: int = 640) -> dict:
    """Return Playwright context options for a phone of that size whose browser says so."""
    return {
        "viewport": {"width": width, "height": height},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": user_agent,
        "locale": "ja-JP",
    }


IPHONE_SE = phone(
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    375,
    667,
)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


WEBKIT_DRIVER = Path(os.environ.get("WEBKIT_DRIVER_PATH", "/usr/bin/WebKitWebDriver"))


@pytest.fixture(scope="session")
def webkit():
    """WebKit, the engine of every iPhone browser: WebKitGTK driven by Selenium on a virtual
    screen (Debian's webkit2gtk-driver and Xvfb)."""
    if not WEBKIT_DRIVER.exists() or shutil.which("Xvfb") is None:
        missing(f"WebKitWebDriver ({WEBKIT_DRIVER}) or Xvfb not found")
    try:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service
    except ImportError:
        missing("selenium is not installed")
    import subprocess

    # Xvfb picks a free display and writes its number: parallel workers never share one.
    read, write = os.pipe()
    screen = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    service = Service(str(WEBKIT_DRIVER), env={**os.environ, "DISPLAY": f":{display}"})
    driver = webdriver.WebKitGTK(options=Options(), service=service)
    try:
        yield driver
    finally:
        driver.quit()
        screen.terminate()
        screen.wait(timeout=10)


@pytest.fixture
def site(app_factory):
    """A live Tebiki with one operator account (op@example.com)."""
    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url, SMS_WORKER_SECONDS=1))
        with app.app_context():
            accounts.create_user("op@example.com", PASSWORD, Role.OPERATOR, "オペレーター 田中")
        yield live
