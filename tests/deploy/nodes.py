"""Real app processes, started with the documented command, sharing PostgreSQL and Redis.

Each process is configured by its environment alone, as a container is: ``DATABASE_URL``
(a private schema of the test server), ``REDIS_URL``, ``SECRET_KEY``. The database is
migrated and loaded with the same ``flask`` commands the image runs before it serves.
"""

import os
import random
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote
from urllib.parse import urlsplit

import requests
from sqlalchemy import text

from service import config
from service import create_app
from service.auth import accounts
from service.auth import api_keys
from service.db import db
from service.models import Role
from tests.api.test_http_flow import NEW_SESSION
from tests.conftest import BASE_CONFIG
from tests.conftest import PASSWORD
from tests.conftest import Postgres
from tests.conftest import csrf_from
from tests.conftest import postgres_url
from tests.live.test_brokers import REDIS_URL
from tests.live.test_brokers import redis_broker

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
# The one start command: the README, the Dockerfile and docker-compose.yml use it as it is.
START_COMMAND = "gunicorn --config python:service.serving 'service:create_app()'"
OPERATOR = "operator@example.com"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    """One app server process (gunicorn and its workers) on its own port."""

    def __init__(self, name: str, environment: dict, logs: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = environment
        self.log = logs / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Node":
        command = shlex.split(START_COMMAND)
        command[0] = str(BIN / command[0])
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [*command, "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed with its workers
            )
        self._wait_ready()
        return self

    def _wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name} never became ready:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """End the process and its workers at once, as a crash or a lost machine does."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop gracefully, or kill when that takes too long."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


class Cluster:
    """A migrated, loaded PostgreSQL schema, one Redis, and app processes serving both."""

    def __init__(self, tmp_path: Path, **settings: str):
        redis_broker()  # skips (or fails under CI) without Redis
        self.store = Postgres(postgres_url())
        self.tmp_path = tmp_path
        self.nodes: list[Node] = []
        # Every process on every machine gets the same settings, as a deployment does.
        kept = {k: v for k, v in os.environ.items() if k not in config.ENVIRONMENT}
        kept.pop("LIVE_BACKEND", None)
        self.environment = {
            **kept,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.database_url(),
            "REDIS_URL": REDIS_URL,
            "SECRET_KEY": "the same key on every node",
            "PUBLIC_URL": "http://tebiki.test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            # Long beats: a stream that hears of a tap at once heard it through Redis.
            "SSE_HEARTBEAT_SECONDS": "30",
            # Shared Redis: keep well clear of other tests counting sign-ins from 127.0.0.1.
            "LIMIT_SIGN_INS_PER_CLIENT": "1000",
            "LIMIT_TEXTS_PER_NUMBER": "1000",
            **settings,
        }
        # What the image runs before it serves, with the same settings.
        self.flask("db", "upgrade")
        self.flask("seed")
        self._fresh_key_ids()
        # Staff and keys through the app itself: a command per key costs a process start.
        self.app = create_app({**BASE_CONFIG, **self.store.config()})
        with self.app.app_context():
            accounts.create_user(OPERATOR, PASSWORD, Role.OPERATOR, "オペレーター")

    def database_url(self) -> str:
        options = quote(f"-csearch_path={self.store.schema}")
        return f"{self.store.url}?options={options}"

    def flask(self, *arguments: str) -> str:
        """Run a ``flask --app service`` command with the cluster's settings; return its output."""
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "service", *arguments],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def api_key(self, name: str = "crm") -> str:
        with self.app.app_context():
            return api_keys.create_api_key(name)[1]

    def _fresh_key_ids(self) -> None:
        # Redis outlives this schema and counts per-key limits by key id: start the ids where
        # an earlier run's counts cannot be.
        with self.store.engine.begin() as connection:
            connection.execute(text(f'SET search_path TO "{self.store.schema}"'))
            start = random.randrange(10**6, 10**9)
            connection.execute(text(f"ALTER SEQUENCE api_keys_id_seq RESTART WITH {start}"))

    def node(self, name: str) -> Node:
        """Start one more app process on its own port."""
        started = Node(name, self.environment, self.tmp_path).start()
        self.nodes.append(started)
        return started

    def close(self) -> None:
        for node in self.nodes:
            node.kill()
        with self.app.app_context():
            db.engine.dispose()
        self.store.drop()


@contextmanager
def two_nodes(tmp_path: Path, **settings: str) -> Iterator[Cluster]:
    """Nodes "a" and "b" on one database and one Redis, killed and dropped afterwards."""
    cluster = Cluster(tmp_path, **settings)
    try:
        cluster.node("a")
        cluster.node("b")
        yield cluster
    finally:
        cluster.close()


def path_of(url: str) -> str:
    """The path of a link, to send it to whichever node a load balancer would pick."""
    return urlsplit(url).path


def sign_in(node: Node, email: str = OPERATOR, password: str = PASSWORD) -> requests.Session:
    """Return a browser signed in to the console on ``node``."""
    browser = requests.Session()
    token = csrf_from(browser.get(f"{node.url}/login", timeout=10).text)
    answer = browser.post(
        f"{node.url}/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return browser


class Api:
    """A CRM calling whichever node it is given, with one key."""

    def __init__(self, key: str):
        self.auth = {"Authorization": f"Bearer {key}"}

    def call(self, node: Node, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(
            method, f"{node.url}/api/v1{path}", headers=self.auth, timeout=10, **kwargs
        )

    def create(self, node: Node) -> requests.Response:
        body = {**NEW_SESSION, "operator": OPERATOR}
        return self.call(node, "POST", "/sessions", json=body)
