"""The wheel is a whole service: pip install . (not editable) migrates, seeds and serves."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from setuptools import find_namespace_packages

pytestmark = pytest.mark.once_per_run

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_service_is_in_the_wheel_list():
    configured = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = {p for p in configured["packages"] if not p.startswith("service.bundled.")}
    found = {
        name
        for name in find_namespace_packages(ROOT, include=["service", "service.*"])
        if (ROOT / name.replace(".", "/") / "__init__.py").exists()
    }
    assert listed == found


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Build the wheel and unpack it where nothing of the checkout is on the path."""
    build = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(build), str(ROOT)],
        check=True,
        timeout=300,
    )
    target = tmp_path_factory.mktemp("site")
    (wheel,) = build.glob("tebiki-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-t", str(target), wheel],
        check=True,
        timeout=300,
    )
    return target


def run(installed: Path, workdir: Path, *args: str) -> subprocess.CompletedProcess:
    # The unpacked wheel first on the path, so `service` is the installed copy, and a working
    # folder outside the checkout; the other dependencies come from this environment.
    env = {
        **os.environ,
        "PYTHONPATH": str(installed),
        "DATABASE_URL": f"sqlite:///{workdir / 'tebiki.sqlite3'}",
        "SECRET_KEY": "packaging-test",
        "INSTANCE_PATH": str(workdir / "instance"),
    }
    env.pop("TEST_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_installed_wheel_migrates_seeds_and_serves_a_customer_page(installed, tmp_path):
    where = run(installed, tmp_path, "-c", "import service; print(service.__file__)")
    assert where.stdout.startswith(str(installed)), where.stderr

    upgrade = run(installed, tmp_path, "-m", "flask", "--app", "service", "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    seed = run(installed, tmp_path, "-m", "flask", "--app", "service", "seed")
    assert seed.returncode == 0, seed.stderr
    assert "6 devices added, 30 guides added" in seed.stdout

    page = run(installed, tmp_path, "-c", SERVE_ONE_PAGE)
    assert page.returncode == 0, page.stderr
    assert page.stdout.split() == ["200", "200", "image/webp", "200", "application/pdf"]


# Send a link and open it as the customer would, then fetch its picture: templates, the
# content pack and the illustrations must all have travelled in the wheel.
SERVE_ONE_PAGE = """
from service import create_app
from service.catalog import guide
from service.db import utcnow
from service.sessions import links
from service.sessions.events import AUTOMATIC
import re
app = create_app()
with app.test_request_context():
    session = links.start(
        guide_version=guide("iphone", "sms-code").current_version, phone="09012345678",
        settings=links.settings(), now=utcnow(), by=AUTOMATIC)
    client = app.test_client()
    page = client.get(links.settings().path(session), headers={"User-Agent": "Mozilla/5.0"})
    print(page.status_code)
    picture = re.search(r'srcset="(/media/[0-9a-f]+)', page.text).group(1)
    image = client.get(picture)
    print(image.status_code, image.mimetype)
    sheet = client.get("/help/iphone/sms-code.pdf")  # the help package's font travelled too
    print(sheet.status_code, sheet.mimetype)
"""
