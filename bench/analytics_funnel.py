"""How long do the analytics take on a big event log?

Builds a log of about N events (1,000,000 by default) by bulk insert: sessions on every
device's guides over 90 days, walking the main route with わからない, operator moves, 戻る,
and every kind of ending (completed, needs the operator, revoked, expired, still going) and
the customer's feedback. Then times, on the same database, the funnel of the busiest guide,
the funnel of everything, and the admin overview page, against a plain
``SELECT COUNT(*) FROM session_events`` measured in the same run. SQLite always; PostgreSQL
too when a URL is given (``--postgres URL``, or ``TEST_DATABASE_URL``).

    python bench/analytics_funnel.py [events] [--postgres postgresql://user@host/db]
"""

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
import zlib
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from service import catalog
from service import create_app
from service.analytics import filters
from service.analytics.funnel import funnel
from service.analytics.sql import EVENTS
from service.analytics.sql import SESSIONS
from service.auth import accounts
from service.auth import logins
from service.auth.views import LOGIN_TOKEN
from service.content.seed import seed
from service.db import db
from service.db import utcnow
from service.models import Role
from service.sessions.progress import labels
from service.sessions.progress import main_route

START = datetime(2026, 9, 1, tzinfo=UTC)
DAYS = 90
RUNS = 3
BATCH = 20_000


def guides() -> list[dict]:
    """Return each guide's current version with its main route, keys and shown numbers."""
    found = []
    for device in catalog.devices():
        for guide in device.guides:
            version = guide.current_version
            route = main_route(version)
            shown = labels(version)
            found.append(
                {
                    "version_id": version.id,
                    "device": device.slug,
                    "guide": guide.slug,
                    "route": [(version.step(n).key, shown.get(n, n)) for n in route],
                    "ending": version.step(route[-1]).ending,
                }
            )
    return found


def one_session(rng: random.Random, guide: dict, operators: list[int], now: datetime):
    """Return a session row and its events, walked at random along the guide's main route."""
    sid = uuid.uuid4().hex
    t = START + timedelta(seconds=rng.uniform(0, DAYS * 86400))
    events = [("created", None, t, {"by": "auto"}), ("sms_sent", None, t, {"provider": "x"})]
    row = {
        "id": sid,
        "token_salt": sid,
        "token_hash": uuid.uuid4().hex * 2,
        "guide_version_id": guide["version_id"],
        "operator_id": rng.choice(operators) if rng.random() < 0.9 else None,
        "created_at": t,
        "expires_at": t + timedelta(minutes=30),
        "passphrase": "",
        "version": 1,
        "device_guessed": False,
        "status": "expired",
        "path": [],
        **dict.fromkeys(("opened_at", "ended_at", "completed_at", "revoked_at", "current_step")),
    }
    if rng.random() < 0.12:
        events.append(("expired", None, row["expires_at"], {}))
        return row, events
    t += timedelta(seconds=rng.uniform(10, 120))
    row["opened_at"] = t
    kind = "opened"
    for index, (key, shown) in enumerate(guide["route"]):
        events.append((kind, shown, t, {"key": key, "progress": [index + 1, len(guide["route"])]}))
        stay = rng.lognormvariate(3, 0.8) * (4 if zlib.crc32(key.encode()) % 7 == 0 else 1)
        if rng.random() < 0.08:
            events.append(("help", shown, t + timedelta(seconds=stay / 2), {"key": key}))
            kind = "moved" if rng.random() < 0.5 else "step"
        else:
            kind = "step"
        if rng.random() < 0.03 and index:
            events.append(("step", shown - 1, t + timedelta(seconds=stay / 3), {"key": key}))
        t += timedelta(seconds=stay)
        row["current_step"] = shown
        if rng.random() < 0.05:
            end = rng.choice(("revoked", "expired", "expired"))
            at = t if end == "revoked" else row["expires_at"]
            events.append((end, shown, at, {"by": "user:1"} if end == "revoked" else {}))
            row.update(status=end, revoked_at=at if end == "revoked" else None)
            return row, events
    ending = guide["ending"].value if guide["ending"] else "completed"
    events.append((ending, guide["route"][-1][1], t, {}))
    row.update(status=ending, ended_at=t, completed_at=t if ending == "completed" else None)
    if rng.random() < 0.3:
        key, shown = rng.choice(guide["route"])
        rating = rng.choice(("easy", "easy", "hard"))
        events.append(("feedback", shown, t + timedelta(seconds=5), {"rating": rating, "key": key}))
    return row, events


def build(target: int) -> tuple[int, str]:
    """Fill the app's database with about ``target`` events; return the count and busiest guide."""
    rng = random.Random(20261203)
    operators = [
        accounts.create_user(f"op{n}@example.com", "bench-password", Role.OPERATOR, f"担当 {n}").id
        for n in range(12)
    ]
    all_guides = guides()
    weights = [rng.uniform(0.2, 3) for _ in all_guides]
    now = START + timedelta(days=DAYS + 1)
    sessions, events, total, per_guide = [], [], 0, {}
    while total < target:
        guide = rng.choices(all_guides, weights)[0]
        row, logged = one_session(rng, guide, operators, now)
        sessions.append(row)
        for kind, step, at, data in logged:
            events.append(
                {"session_id": row["id"], "type": kind, "step": step, "at": at, "data": data}
            )
        total += len(logged)
        name = (guide["device"], guide["guide"])
        per_guide[name] = per_guide.get(name, 0) + len(logged)
        if len(events) >= BATCH:
            flush(sessions, events)
    flush(sessions, events)
    return total, max(per_guide, key=per_guide.get)


def flush(sessions: list, events: list) -> None:
    """Insert what is waiting, sessions first, and empty the lists."""
    if sessions:
        db.session.execute(insert(SESSIONS), sessions)
    if events:
        db.session.execute(insert(EVENTS), events)
    db.session.commit()
    sessions.clear()
    events.clear()


def timed(work) -> float:
    """Return the median seconds of ``RUNS`` runs of ``work``."""
    spent = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def measure(app, label: str, target: int) -> None:
    """Build the log on ``app``'s database and print the timings."""
    with app.app_context():
        upgrade()
        seed()
        built = time.perf_counter()
        total, (device, guide) = build(target)
        built = time.perf_counter() - built
        admin = accounts.create_user("admin@example.com", "bench-password", Role.ADMIN, "管理")
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        now = START + timedelta(days=DAYS + 1)
        one = filters.parse({"device": device, "guide": guide})
        every = filters.parse({})
        count = timed(lambda: db.session.scalar(select(func.count()).select_from(EVENTS)))
        one_guide = timed(lambda: funnel(one, now))
        everything = timed(lambda: funnel(every, now))
        client = app.test_client()
        with client.session_transaction() as cookie:
            cookie["_user_id"], cookie["_fresh"] = str(admin.id), True
            cookie[LOGIN_TOKEN] = logins.start(admin, utcnow())
        overview = timed(lambda: _page(client, "/admin/analytics"))
        chosen = f"/admin/analytics?device={device}&guide={guide}"
        guide_page = timed(lambda: _page(client, chosen))
        db.session.remove()
    print(f"{label}: {total:,} events built in {built:.1f} s; busiest guide {device}/{guide}")
    print(f"  SELECT COUNT(*) baseline   {count:7.3f} s")
    for name, spent in (
        ("funnel, busiest guide", one_guide),
        ("funnel, every guide", everything),
        ("admin overview page", overview),
        ("admin page, one guide", guide_page),
    ):
        print(f"  {name:26} {spent:7.3f} s   ratio {spent / count:6.1f}")


def _page(client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code


def postgres_app(url: str):
    """Return an app on a private schema of ``url``, and a function dropping the schema."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "EXPIRY_SWEEP_SECONDS": 0,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
        }
    )

    def drop() -> None:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    return app, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL") or None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "EXPIRY_SWEEP_SECONDS": 0,
        }
    )
    measure(app, "SQLite", args.events)
    if args.postgres:
        app, drop = postgres_app(args.postgres)
        try:
            measure(app, "PostgreSQL", args.events)
        finally:
            drop()
    print("ratio: each figure against SELECT COUNT(*) over the same events, same run")


if __name__ == "__main__":
    main()
