"""The documented start command: gevent workers serving pages and streams side by side."""

import os
import subprocess
import sys
import threading
import time

import pytest
import requests
from sqlalchemy import text

from service import config
from service.auth import api_keys
from service.db import db
from service.models import EventType
from tests.api.test_http_flow import Api
from tests.api.test_http_flow import Customer
from tests.helpers import event_types
from tests.live.processes import Gunicorn


@pytest.fixture
def key(app):
    key = api_keys.create_api_key("serving")[1]
    db.session.commit()
    return key


def test_the_start_command_serves_pages_and_live_events(app, key, tmp_path):
    with Gunicorn(app, tmp_path) as server:
        api = Api(server.url, key)
        session = api.create()
        stream = api.events(session["id"])
        try:
            assert stream.next().data["type"] == "created"
            assert stream.next().data["type"] == "sms_sent"
            customer = Customer(session["url"])
            assert customer.open().status_code == 200
            assert stream.next().data["type"] == "opened"
            assert customer.press("next").status_code == 200
            assert stream.next().data["type"] == "step"
        finally:
            stream.close()
        assert requests.get(f"{server.url}/login", timeout=5).status_code == 200
    assert "Using worker: gevent" in server.log.read_text()


def stream_answer(url: str, session_id: str, key: str) -> str:
    """Return the start of what a new stream answers: events, or ``event: busy``."""
    answer = requests.get(
        f"{url}/api/v1/sessions/{session_id}/events",
        headers={"Authorization": f"Bearer {key}"},
        stream=True,
        timeout=5,
    )
    try:
        return next(answer.iter_content(chunk_size=4096, decode_unicode=True))
    finally:
        answer.close()


def test_a_stream_slot_is_back_seconds_after_its_client_hangs_up(app, key, tmp_path):
    with Gunicorn(app, tmp_path, SSE_MAX_STREAMS="1") as server:
        session = Api(server.url, key).create()
        held = Api(server.url, key).events(session["id"])
        assert held.next().data["type"] == "created"
        assert "event: busy" in stream_answer(server.url, session["id"], key)
        held.close()  # the client hangs up without a word; the heartbeat is 15 s away
        deadline = time.monotonic() + 5
        answer = "event: busy"
        while "event: busy" in answer and time.monotonic() < deadline:
            time.sleep(0.25)
            answer = stream_answer(server.url, session["id"], key)
        assert "event: busy" not in answer and answer.startswith("retry:")


@pytest.mark.postgres_database  # psycopg's waiting under gevent
def test_a_request_waiting_on_the_database_holds_up_no_other(app, key, tmp_path, make_session):
    session, path = make_session()
    db.session.commit()
    with Gunicorn(app, tmp_path) as server:
        customer = Customer(server.url + path)
        assert customer.open().status_code == 200
        # Hold the session's row: the customer's tap waits on PostgreSQL for it.
        holder = db.engine.connect()
        holder.execute(
            text("SELECT id FROM guidance_sessions WHERE id = :id FOR UPDATE"), {"id": session.id}
        )
        tap = threading.Thread(target=customer.press, args=("next",))
        tap.start()
        try:
            time.sleep(1)
            assert tap.is_alive(), "the tap did not wait for the row"
            # The process serves others meanwhile: psycopg yields to gevent while it waits.
            assert requests.get(f"{server.url}/login", timeout=5).status_code == 200
            assert tap.is_alive()
        finally:
            holder.rollback()
            holder.close()
        tap.join(timeout=10)
        assert customer.page.status_code == 200
    db.session.rollback()
    assert event_types(session)[-1] == EventType.STEP


def test_workers_default_to_one_without_redis_and_to_every_core_with_it(monkeypatch):
    monkeypatch.delenv("SERVER_WORKERS", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert config.serving()["SERVER_WORKERS"] == 1
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert config.serving()["SERVER_WORKERS"] == len(os.sched_getaffinity(0))
    assert config.serving()["SERVER_WORKER_CLASS"] == "gevent"


def test_several_workers_without_redis_are_refused(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("SERVER_WORKERS", "2")
    with pytest.raises(config.ConfigError, match="needs REDIS_URL"):
        config.serving()


@pytest.mark.parametrize(
    "name, value", [("SERVER_WORKER_CLASS", "tornado"), ("SERVER_TIMEOUT", "x")]
)
def test_a_bad_server_setting_is_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name):
        config.serving()


def test_the_config_module_leaves_psycopg_to_the_worker():
    # gunicorn loads service.serving before gevent patches the worker; psycopg chooses its
    # way of waiting when first imported, so it must not come in with the config module.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, service.serving; print('psycopg' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"
