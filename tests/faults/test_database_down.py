"""PostgreSQL out of reach: requests answer 503 within the timeouts (JSON on the API, Japanese
on pages), never hang, and the app recovers by itself once the database answers again.

The app reaches a real PostgreSQL through a local proxy the test pauses and stops; the
server itself is never touched.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from service import config
from service import create_app
from service.auth import accounts
from service.auth import api_keys
from service.db import db
from service.models import Role
from tests.conftest import BASE_CONFIG
from tests.conftest import PASSWORD
from tests.conftest import Postgres
from tests.conftest import csrf_from
from tests.conftest import postgres_url
from tests.faults.proxy import Proxy
from tests.live_server import LiveServer

CONNECT = 2  # seconds (libpq's shortest)
STATEMENT = 6
# A request finds its pooled connection silent (the pool's check waits as long as a connect),
# then cannot open another: it has its answer after two connect timeouts, not a statement's.
WITHIN = 2 * CONNECT + 1.5


@pytest.fixture(scope="module")
def schema():
    store = Postgres(postgres_url())
    with create_app({**BASE_CONFIG, **store.config()}).app_context():
        upgrade()
    yield store
    store.drop()


@pytest.fixture
def proxied(schema, tmp_path):
    """A live app whose every database connection goes through a proxy; yield both."""
    schema.empty()
    url = make_url(schema.url)
    proxy = Proxy((url.host, url.port or 5432))
    app = create_app(
        {
            **BASE_CONFIG,
            **schema.config(),
            "DATABASE_URL": url.set(port=proxy.port).render_as_string(hide_password=False),
            "DATABASE_CONNECT_TIMEOUT_SECONDS": CONNECT,
            "DATABASE_STATEMENT_TIMEOUT_SECONDS": STATEMENT,
            "DATABASE_POOL_TIMEOUT_SECONDS": CONNECT,
        }
    )
    with app.app_context():
        accounts.create_user("op@example.com", PASSWORD, Role.OPERATOR, "オペレーター")
        key = api_keys.create_api_key("crm", Role.ADMIN)[1]
    with LiveServer(app) as live:
        live.proxied_app = app
        yield live, proxy, {"Authorization": f"Bearer {key}"}
    proxy.close()
    with app.app_context():
        db.engine.dispose()


def timed(call):
    start = time.monotonic()
    answer = call()
    return answer, time.monotonic() - start


def signed_in(url: str) -> requests.Session:
    browser = requests.Session()
    token = csrf_from(browser.get(url + "/login").text)
    form = {"email": "op@example.com", "password": PASSWORD, "csrf_token": token}
    assert browser.post(url + "/login", data=form).url.endswith("/console/")
    return browser


def api(live, key, timeout=WITHIN + 5):
    return requests.get(live.url + "/api/v1/sessions", headers=key, timeout=timeout)


@pytest.mark.parametrize("fault", ["pause", "stop"])
def test_an_unreachable_database_answers_503_in_time_and_recovers(proxied, fault):
    live, proxy, key = proxied
    browser = signed_in(live.url)
    assert api(live, key).status_code == 200

    getattr(proxy, fault)()
    answer, took = timed(lambda: api(live, key))
    assert answer.status_code == 503 and took < WITHIN
    assert answer.json()["error"] == "database_unavailable"
    assert "つながりにくく" in answer.json()["message"]
    assert int(answer.headers["Retry-After"]) > 0
    page, took = timed(lambda: browser.get(live.url + "/console/", timeout=WITHIN + 5))
    assert page.status_code == 503 and took < WITHIN
    assert "つながりにくく" in page.text and "Traceback" not in page.text

    proxy.resume()
    assert api(live, key).status_code == 200
    assert browser.get(live.url + "/console/").status_code == 200


def test_requests_waiting_for_a_connection_get_503_not_a_hang(proxied):
    live, proxy, key = proxied
    assert api(live, key).status_code == 200
    proxy.pause()
    # More requests at once than the pool holds: those that find no connection wait at most
    # the pool's timeout, the others the statement's; none hangs.
    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(lambda _: timed(lambda: api(live, key)), range(30)))
    assert {answer.status_code for answer, _ in answers} == {503}
    assert max(took for _, took in answers) < 2 * WITHIN
    proxy.resume()
    assert api(live, key).status_code == 200


def test_a_process_keeps_its_pool_of_connections_open_and_never_opens_more(schema):
    # SQLAlchemy's default closed every connection past the fifth as it came back, so a
    # busy process opened one for every sixth request.
    app = create_app(
        {
            **BASE_CONFIG,
            **schema.config(),
            "DATABASE_POOL_SIZE": 3,
            "DATABASE_POOL_TIMEOUT_SECONDS": 0.3,
        }
    )
    with app.app_context():
        engine = db.engine
    opened = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    held = threading.Barrier(3)

    def busy(_):
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            held.wait(timeout=5)  # the three at once

    for _ in range(4):
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(busy, range(3)))
    assert len(opened) == 3

    connections = [engine.connect() for _ in range(3)]
    with pytest.raises(PoolTimeout):
        engine.connect()
    for connection in connections:
        connection.close()
    assert len(opened) == 3
    engine.dispose()


def test_the_timeouts_join_the_options_a_url_or_the_settings_already_carry(tmp_path):
    url = "postgresql://tebiki@db.internal/tebiki?options=-csearch_path%3Dcentre"
    given = {"pool_pre_ping": True, "connect_args": {"options": "-capplication_name=web"}}
    settings = config.load(
        str(tmp_path),
        {
            "DATABASE_URL": url,
            "SQLALCHEMY_ENGINE_OPTIONS": given,
            "DATABASE_STATEMENT_TIMEOUT_SECONDS": 2.5,
        },
    )
    options = settings["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {
        "connect_timeout": 5,
        "options": "-csearch_path=centre -capplication_name=web -c statement_timeout=2500",
    }
    assert options["pool_timeout"] == 10 and options["pool_pre_ping"] is True
    assert (options["pool_size"], options["max_overflow"]) == (15, 0)
    sqlite = config.load(str(tmp_path), {"DATABASE_URL": "sqlite:///x.sqlite3"})
    assert sqlite["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


def test_a_statement_past_the_timeout_is_cancelled_by_the_server_and_the_app_goes_on(schema):
    app = create_app({**BASE_CONFIG, **schema.config(), "DATABASE_STATEMENT_TIMEOUT_SECONDS": 0.5})
    with app.app_context():
        with pytest.raises(OperationalError) as cancelled:
            db.session.execute(text("SELECT pg_sleep(3)"))
        assert isinstance(cancelled.value.orig, psycopg.errors.QueryCanceled)
        db.session.rollback()
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        db.engine.dispose()


def test_a_server_gone_quiet_mid_transaction_costs_one_statement_timeout(proxied):
    live, proxy, _ = proxied
    with live.proxied_app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1  # the connection is held
        proxy.pause()
        start = time.monotonic()
        with pytest.raises(OperationalError) as silent:
            db.session.execute(text("SELECT 2"))
        assert time.monotonic() - start < STATEMENT + 2  # the server's timeout, plus 1 s
        assert silent.value.connection_invalidated  # dropped, never handed out again
        db.session.rollback()
        proxy.resume()
        assert db.session.execute(text("SELECT 3")).scalar() == 3
