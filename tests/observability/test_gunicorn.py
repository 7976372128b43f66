"""Under gunicorn itself, several workers: JSON logs without tokens, metrics added up."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import Postgres

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(app, database) -> str:
    """Return this test's database as a DATABASE_URL another process can use."""
    if isinstance(database, Postgres):
        return f"{database.url}?options=-csearch_path%3D{database.schema}"
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture
def gunicorn(app, database, tmp_path):
    """Start gunicorn (two gthread workers, JSON logger) on this test's database."""
    port = free_port()
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(app, database),
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "EXPIRY_SWEEP_SECONDS": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    command = [
        str(GUNICORN),
        "--workers", "2",
        "--worker-class", "gthread",
        "--threads", "4",
        "--no-control-socket",
        "--logger-class", "service.observability.gunicorn.JsonLogger",
        "--access-logfile", "-",  # on, to show that it is cleaned too
        "--bind", f"127.0.0.1:{port}",
        "service:create_app()",
    ]  # fmt: skip
    with out.open("w") as stdout, err.open("w") as stderr:
        server = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        # Workers import the app after the master listens: on a busy machine, a while.
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, err.read_text()
            time.sleep(0.2)
        yield url, metrics_dir, lambda: out.read_text() + err.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_line_gunicorn_and_the_app_write_is_json_without_the_token(gunicorn, make_session):
    url, _, logged = gunicorn
    _, path = make_session(phone="090-1234-5678")
    token = path.rsplit("/", 1)[1]

    assert requests.get(url + path, headers={"X-Request-ID": "gu-1"}, timeout=10).ok
    assert requests.get(url + path + "/nothing-here", timeout=10).status_code == 404
    time.sleep(0.5)  # the access lines are written after the answers

    text = logged()
    assert token not in text and "09012345678" not in text
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # the master's, too
    gunicorns = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any("/g/[token]/nothing-here" in line["message"] for line in gunicorns)
    ours = [line for line in lines if line["logger"] == "tebiki.access"]
    assert {"request_id": "gu-1", "path": "/g/[token]", "status": 200}.items() <= ours[0].items()


def test_metrics_add_up_every_worker_in_multiprocess_mode(gunicorn):
    url, metrics_dir, _ = gunicorn

    sent = 0
    # Until both workers have served (each keeps its own file): a new connection each time,
    # as the two share the listening socket.
    while sent < 20 or len(list(metrics_dir.glob("histogram_*.db"))) < 2:
        assert sent < 500, "one worker served everything"
        assert requests.get(f"{url}/login", headers={"Connection": "close"}, timeout=10).ok
        sent += 1

    for _ in range(4):  # whichever worker answers, it counts both
        text = requests.get(f"{url}/metrics", headers={"Connection": "close"}, timeout=10).text
        counts = {
            frozenset(sample.labels.items()): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.name == "tebiki_request_duration_seconds_count"
        }
        assert counts[frozenset({"endpoint": "auth.login", "method": "GET"}.items())] == sent
