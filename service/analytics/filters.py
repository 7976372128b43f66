"""What an analytics question covers: a device and guide, dates (Japan's calendar), an operator.

The admin page's form and the API's query string both come through ``parse``, which refuses
what it cannot use with ``InvalidInput`` naming the field, before anything is counted.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from service import catalog
from service.db import db
from service.errors import InvalidInput
from service.errors import quote
from service.models import Device
from service.models import Guide
from service.models import GuideVersion
from service.models import User

JST = ZoneInfo("Asia/Tokyo")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A longer span than this is a typo (a year of 0202), not a question.
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Filters:
    """One question: ``None`` everywhere means every session there is."""

    device: str | None = None
    guide: str | None = None
    start: date | None = None
    end: date | None = None
    operator_id: int | None = None
    # The guides the device (and guide) stand for, found once: id -> (device slug, guide slug).
    guides: dict[int, tuple[str, str]] | None = field(default=None, compare=False)
    # Their versions, which sessions name: the database is told the ids themselves.
    versions: tuple[int, ...] | None = field(default=None, compare=False)

    @property
    def one_guide(self) -> bool:
        """Whether the question is about a single guide, whose steps can be listed."""
        return self.guide is not None

    @property
    def since(self) -> datetime | None:
        """Return the first instant counted (midnight in Japan of ``start``), in UTC."""
        return _midnight(self.start) if self.start else None

    @property
    def until(self) -> datetime | None:
        """Return the first instant no longer counted (the midnight after ``end``), in UTC."""
        return _midnight(self.end + timedelta(days=1)) if self.end else None

    def query(self) -> dict[str, str]:
        """Return the filters as query-string arguments (for links and the CSV)."""
        values = {
            "device": self.device,
            "guide": self.guide,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "operator": str(self.operator_id) if self.operator_id else None,
        }
        return {name: value for name, value in values.items() if value}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), JST).astimezone(UTC)


def parse(args: Mapping[str, str]) -> Filters:
    """Return the filters ``args`` ask for (empty values mean "any"), or raise ``InvalidInput``."""
    device = _value(args, "device")
    guide = _value(args, "guide")
    start, end = _day(args, "from"), _day(args, "to")
    if start and end and start > end:
        raise InvalidInput("from", "始まりの日は終わりの日より前にしてください。")
    if start and end and (end - start).days > MAX_DAYS:
        raise InvalidInput("from", f"期間は {MAX_DAYS} 日までにしてください。")
    guides = _guides(device, guide)
    return Filters(
        device=device,
        guide=guide,
        start=start,
        end=end,
        operator_id=_operator(_value(args, "operator")),
        guides=guides,
        versions=None if guides is None else _versions(guides),
    )


def _value(args: Mapping[str, str], name: str) -> str | None:
    raw = (args.get(name) or "").strip()
    return raw or None


def _day(args: Mapping[str, str], name: str) -> date | None:
    raw = _value(args, name)
    if raw is None:
        return None
    if DAY.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass  # 2026-02-30: the shape is right, the day does not exist
    raise InvalidInput(name, f"日付「{quote(raw)}」が読めません。2026-12-01 の形で書いてください。")


def _operator(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise InvalidInput("operator", f"担当者「{quote(raw)}」はいません。")
    if db.session.get(User, int(raw)) is None:
        raise InvalidInput("operator", f"担当者「{quote(raw)}」はいません。")
    return int(raw)


def _versions(guides: dict[int, tuple[str, str]]) -> tuple[int, ...]:
    found = db.session.scalars(select(GuideVersion.id).where(GuideVersion.guide_id.in_(guides)))
    return tuple(found)


def _guides(device: str | None, guide: str | None) -> dict[int, tuple[str, str]] | None:
    """Return the guides a device (and guide) filter keeps, or None when it keeps them all."""
    if device is None:
        if guide is not None:
            raise InvalidInput("device", "手順を選ぶときは端末も選んでください。")
        return None
    if guide is not None:
        found = catalog.guide(device, guide)  # InvalidInput naming the field when unknown
        return {found.id: (device, guide)}
    if catalog.device(device) is None:
        raise InvalidInput("device", f"端末「{quote(device)}」はありません。")
    rows = db.session.execute(
        select(Guide.id, Guide.slug).join(Device).where(Device.slug == device)
    )
    return {guide_id: (device, slug) for guide_id, slug in rows}


def choices() -> dict[str, list[tuple]]:
    """Return what the filter form offers: devices, tasks (guide slugs) and staff."""
    devices = db.session.execute(
        select(Device.slug, Device.name).order_by(Device.position, Device.name)
    ).all()
    tasks: dict[str, str] = {}
    for slug, title in db.session.execute(
        select(Guide.slug, Guide.title).join(Device).order_by(Device.position, Guide.position)
    ):
        tasks.setdefault(slug, title)
    staff = db.session.execute(
        select(User.id, User.display_name).order_by(User.display_name, User.id)
    ).all()
    return {
        "devices": [tuple(row) for row in devices],
        "guides": list(tasks.items()),
        "operators": [tuple(row) for row in staff],
    }
