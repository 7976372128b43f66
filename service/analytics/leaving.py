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

from service import catalog
from service.analytics.sql import EVENTS
from service.analytics.sql import SESSIONS
from service.analytics.sql import STEP_KEY
from service.analytics.sql import by_guide_and_step
from service.analytics.sql import events_of_the_guide
from service.analytics.sql import guide_of_version
from service.analytics.sql import outcome
from service.analytics.sql import session_conditions
from service.db import db
from service.models import Outcome
from service.sessions.events import ARRIVALS

LOST = (Outcome.ABANDONED.value, Outcome.EXPIRED.value)
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
    reached: int

    @property
    def share(self) -> float:
        """Return the part of those who reached the step that were lost there."""
        return self.left / self.reached if self.reached else 0.0

    @property
    def link(self) -> str:
        """Return the admin guide page, open at this step (where it is edited)."""
        page = url_for("admin.guide", device_slug=self.device, guide_slug=self.guide)
        return f"{page}#step-{self.key}"


def left_per_step(filters, now: datetime) -> dict[tuple[int, str], int]:
    """Return the sessions lost on each (guide id, step key)."""
    last = (
        select(func.max(EVENTS.c.id).label("last_id"))
        .select_from(EVENTS.join(SESSIONS, SESSIONS.c.id == EVENTS.c.session_id))
        .where(
            EVENTS.c.type.in_(list(ARRIVALS)),
            EVENTS.c.step.is_not(None),
            outcome(now).in_(LOST),
            *session_conditions(filters),
        )
        .group_by(EVENTS.c.session_id)
        .subquery("last")
    )
    lost = (
        select(SESSIONS.c.guide_version_id, STEP_KEY, func.count())
        .select_from(
            last.join(EVENTS, EVENTS.c.id == last.c.last_id).join(
                SESSIONS, SESSIONS.c.id == EVENTS.c.session_id
            )
        )
        .group_by(SESSIONS.c.guide_version_id, STEP_KEY)
    )
    return by_guide_and_step(db.session.execute(lost), guide_of_version())


def reached_per_step(filters) -> dict[tuple[int, str], int]:
    """Return how many sessions arrived on each (guide id, step key)."""
    reached = events_of_the_guide(
        [SESSIONS.c.guide_version_id, STEP_KEY, func.count(EVENTS.c.session_id.distinct())],
        ARRIVALS,
        filters,
    ).group_by(SESSIONS.c.guide_version_id, STEP_KEY)
    return by_guide_and_step(db.session.execute(reached), guide_of_version())


def losing_steps(filters, now: datetime, names: dict, limit: int = SHOWN) -> list[Leak]:
    """Return the steps that lost the most customers, worst first (ties: the larger share).

    ``names`` is ``steps.step_names()``: each guide's step keys with number and title.
    """
    left = left_per_step(filters, now)
    if not left:
        return []
    reached = reached_per_step(filters)
    guides = {guide.id: (device, guide) for device in catalog.devices() for guide in device.guides}
    leaks = []
    for (guide_id, key), count in left.items():
        device, guide = guides[guide_id]
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
                reached=max(reached.get((guide_id, key), 0), count),
            )
        )
    leaks.sort(key=lambda leak: (-leak.left, -leak.share, leak.device, leak.guide, leak.key))
    return leaks[:limit]
