"""Where a help page stands in its guide, from the step number in its URL and nothing else.

Without a session there is no path: a step is reached by the shortest route from the first
(the number the customer's counter shows, ``progress.labels``), and 戻る goes one step back
along it. Every step has its own address, so the shop can link to any of them.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from service import inputs
from service.errors import InvalidInput
from service.errors import NotFound
from service.models import GuideVersion
from service.models import Step
from service.sessions.progress import main_route
from service.sessions.progress import progress
from service.sessions.progress import route_to

NO_SUCH_STEP = "この案内に、その手順はありません。"


@dataclass(frozen=True)
class Place:
    """One step of a help page: what it shows and where its links go."""

    step: Step
    position: int
    total: int
    back: int | None


def place(version: GuideVersion, raw_step: str | None) -> Place:
    """Return the place of step ``raw_step`` (digits; absent: the first) or raise NotFound."""
    try:
        number = inputs.number(raw_step or "1", "step", 1, version.total_steps, NO_SUCH_STEP)
    except InvalidInput:
        raise NotFound(NO_SUCH_STEP) from None
    route = route_to(version, number)
    walk = SimpleNamespace(guide_version=version, path=route, current_step=number, mail_domain=None)
    position, total = progress(walk)
    return Place(version.step(number), position, total, route[-2] if len(route) > 1 else None)


def sheet_steps(version: GuideVersion) -> list[Step]:
    """Return the steps of the main route, the ones the printed sheet shows."""
    return [version.step(number) for number in main_route(version)]


def step_key(step: Step) -> str:
    """Return the name a step is counted under: its stable key (its number if it has none)."""
    return step.key or str(step.number)
