"""What the operations parts cost: a cleaned JSON log line, and a scrape of /metrics.

Log lines: the app's formatter (JSON, tokens cleaned by route, phone numbers found by
phonenumbers) against the standard library's plain one-line formatter, on the access line of
a customer's page and on a line quoting a phone number. Scrapes: /metrics (counted in the
database) against /healthz, on a database holding SESSIONS sessions with their events.

    python bench/observability.py [SESSIONS]
"""

import logging
import statistics
import sys
import time

from seeded import seeded_app

from service import catalog
from service.db import db
from service.db import utcnow
from service.observability.logs import Formatter
from service.observability.redact import Redactor
from service.observability.redact import route_patterns
from service.sessions import lifecycle
from service.sessions import links
from service.sessions.events import AUTOMATIC

LINES = 5000


def per_line(formatter: logging.Formatter, record: logging.LogRecord) -> float:
    started = time.perf_counter()
    for _ in range(LINES):
        formatter.format(record)
    return (time.perf_counter() - started) / LINES * 1e6


def median_ms(client, path: str, runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(sessions: int) -> None:
    with seeded_app() as app:
        logging.getLogger().setLevel(logging.WARNING)  # the bench's own requests: not logged
        ours = Formatter(Redactor(route_patterns(app.url_map)))
        plain = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
        access = logging.LogRecord(
            "tebiki.access", logging.INFO, __file__, 1, "%s %s %s",
            ("GET", "/g/Zx8bQ1kT3pLmN0vWcY7rHg/events", 200), None,
        )  # fmt: skip
        phone = logging.LogRecord(
            "service.sms.console", logging.INFO, __file__, 1, "SMS to %s queued as #%s",
            ("+819012345678", 7), None,
        )  # fmt: skip
        for name, record in (("access line", access), ("phone line", phone)):
            mine, base = per_line(ours, record), per_line(plain, record)
            ratio = mine / base
            print(f"{name:12} JSON+clean {mine:7.1f} µs  plain {base:6.1f} µs  ratio {ratio:.1f}")

        version = catalog.guide("iphone-home-button", "sms-code").current_version
        for _ in range(sessions):
            session = links.start(
                guide_version=version, phone="09012345678", settings=links.settings(),
                now=utcnow(), by=AUTOMATIC,
            )  # fmt: skip
            lifecycle.open_link(session, utcnow())
        db.session.commit()
        client = app.test_client()
        scrape, health = median_ms(client, "/metrics"), median_ms(client, "/healthz")
        print(f"{sessions} sessions: /metrics {scrape:.1f} ms, /healthz {health:.1f} ms (median)")
        print(f"ratio of medians /metrics : /healthz = {scrape / health:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
