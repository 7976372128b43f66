"""At a glance: which step of which phone's guide loses the most customers.

A session is lost on a step when that was the last step it arrived on and it ended without
an ending: the operator revoked the link, or its time ran out. (A customer who reached an
ending that hands the call back is counted as needing the operator, not as lost.)
"""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import func
from sqlalchemy import select

from service.analytics.sql import EVENTS
from service.analytics.sql import SESSIONS
from service.analytics.sql import STEP_KEY
from service.analytics.sql import by_guide_and_step
from service.analytics.sql import guide_of_version
from service.analytics.sql import guides_in_order
from service.analytics.sql import lost
from service.analytics.sql import of_types
from service.analytics.sql import session_conditions
from service.db import db
from service.sessions.events import STAY_MARKS

# How many steps the list shows: the worst ones, where editing helps most.
SHOWN = 10


@dataclass(frozen=True)
class Leak:
    """One step that lost customers, and where to edit it."""

    device: str
    device_name: str
    guide: str
    guide_title: str
    key: str
    number: int | None
    title: str
    left: int
    # Sessions of the guide whose link was opened.
    opened: int

    @property
    def share(self) -> float:
        """Return the part of the guide's opened sessions that were lost on this step."""
        return self.left / self.opened if self.opened else 0.0

    @property
    def link(self) -> str:
        """Return the admin guide page, open at this step (where it is edited)."""
        page = url_for("admin.guide", device_slug=self.device, guide_slug=self.guide)
        return f"{page}#step-{self.key}"


def left_per_step(filters, now: datetime) -> dict[tuple[int, str], int]:
    """Return the sessions lost on each (guide id, step key).

    The step is the one the session's last stay mark names: the revocation or the expiry
    (logged on the step the customer was on), or the last arrival while the sweep has not
    yet written the expiry.
    """
    last_mark = (
        select(func.max(EVENTS.c.id))
        .where(EVENTS.c.session_id == SESSIONS.c.id, of_types(STAY_MARKS))
        .scalar_subquery()
    )
    lost_sessions = (
        select(last_mark.label("last_id"))
        .where(lost(now), SESSIONS.c.opened_at.is_not(None), *session_conditions(filters))
        .subquery("lost")
    )
    counted = (
        select(SESSIONS.c.guide_version_id, STEP_KEY, func.count())
        .select_from(
            lost_sessions.join(EVENTS, EVENTS.c.id == lost_sessions.c.last_id).join(
                SESSIONS, SESSIONS.c.id == EVENTS.c.session_id
            )
        )
        .where(EVENTS.c.step.is_not(None))
        .group_by(SESSIONS.c.guide_version_id, STEP_KEY)
    )
    return by_guide_and_step(db.session.execute(counted), guide_of_version())


def opened_per_guide(filters) -> dict[int, int]:
    """Return how many of the filtered sessions were opened, per guide id."""
    opened = (
        select(SESSIONS.c.guide_version_id, func.count())
        .where(SESSIONS.c.opened_at.is_not(None), *session_conditions(filters))
        .group_by(SESSIONS.c.guide_version_id)
    )
    versions = guide_of_version()
    found: dict[int, int] = {}
    for version_id, count in db.session.execute(opened):
        found[versions[version_id]] = found.get(versions[version_id], 0) + count
    return found


def losing_steps(filters, now: datetime, names: dict, limit: int = SHOWN) -> list[Leak]:
    """Return the steps that lost the most customers, worst first (ties: the larger share).

    ``names`` is ``steps.step_names()``: each guide's step keys with number and title.
    """
    left = left_per_step(filters, now)
    if not left:
        return []
    opened = opened_per_guide(filters)
    guides = {guide.id: guide for guide in guides_in_order({guide_id for guide_id, _ in left})}
    leaks = []
    for (guide_id, key), count in left.items():
        guide = guides[guide_id]
        device = guide.device
        name = names.get(guide_id, {}).get(key)
        leaks.append(
            Leak(
                device=device.slug,
                device_name=device.name,
                guide=guide.slug,
                guide_title=guide.title,
                key=key,
                number=name.number if name else None,
                title=name.title if name else "",
                left=count,
                opened=max(opened.get(guide_id, 0), count),
            )
        )
    leaks.sort(key=lambda leak: (-leak.left, -leak.share, leak.device, leak.guide, leak.key))
    return leaks[:limit]
