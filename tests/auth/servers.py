"""Real app server processes on the test database, and sign-in tries fired at them at once."""

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.conftest import csrf_from

ROOT = Path(__file__).resolve().parents[2]


def database_url(app) -> str:
    """Return the test database as a URL another process can open (its schema included)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {}).get("options")
    return f"{url}?options={options.replace('=', '%3D')}" if options else url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppProcess:
    """``flask run`` (threaded) in its own process, on the given app's database."""

    def __init__(self, app, instance: Path, **settings):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(app),
            "SECRET_KEY": app.config["SECRET_KEY"],
            "INSTANCE_PATH": str(instance),
            "EXPIRY_SWEEP_SECONDS": "0",
            **{name: str(value) for name, value in settings.items()},
        }
        command = [sys.executable, "-m", "flask", "--app", "service", "run", "--with-threads"]
        command += ["--no-reload", "--host", "127.0.0.1", "--port", str(self.port)]
        self.log = instance / "server.log"
        instance.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)

    def __enter__(self) -> "AppProcess":
        deadline = time.monotonic() + 90  # a busy 2-core machine starts Python slowly
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-2000:]
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"the app process never answered: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def sign_in_form(url: str) -> tuple[dict, str]:
    """Return a browser's cookie and the CSRF token of its sign-in form."""
    page = requests.get(url + "/login", timeout=10)
    return dict(page.cookies), csrf_from(page.text)


def tries_at_once(urls: list[str], email: str, password: str, count: int) -> list[int]:
    """Post ``count`` sign-ins together, spread over ``urls``; return their statuses."""
    cookies, token = sign_in_form(urls[0])  # the same secret key signs every server's forms
    start = threading.Barrier(count)

    def one(n: int) -> int:
        start.wait()
        answer = requests.post(
            urls[n % len(urls)] + "/login",
            data={"email": email, "password": password, "csrf_token": token},
            cookies=cookies,
            allow_redirects=False,
            timeout=60,
        )
        return answer.status_code

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))
