"""One numbering for both screens: where the customer is along their path, 「手順 2 / 5」.

A step's number inside a guide version (``Step.number``, pack order) is never shown to
anyone. What the customer's counter, the operator's panel, the path, the timeline, the
stall alert, the API and the event stream all show is the position on the customer's path:
how many steps they have been through to get here. A step the customer is not on is named
by its *label*: its position on the shortest route from the first step, the number the
customer will see when the operator moves them there (a move puts them on that route).

A question the session already knows the answer to is skipped: with the customer's mail
domain, 「メールのアプリを選ぶ」 leads straight on to the app that receives it. ``skips`` says
which steps a session passes over, and every route below follows them.
"""

from collections import deque

from service.content.published import published
from service.hints.suggest import mail_app


def skips(session) -> dict[int, int]:
    """Return, for each question step the session skips, the step it leads to instead."""
    app = mail_app(session)
    if app is None:
        return {}
    found = {}
    for step in published(session.guide_version).steps:
        for choice in step.choices:
            if choice.app == app:
                found[step.number] = choice.next_step
    return found


def landing(number: int | None, skipped: dict[int, int]) -> int | None:
    """Return where a move to step ``number`` lands once skipped questions are passed over."""
    seen = set()
    while number in skipped and number not in seen:
        seen.add(number)
        number = skipped[number]
    return number


def first_step(session) -> int:
    """Return the step a session starts on (the first, unless the first is skipped)."""
    return landing(1, skips(session))


def asked_back(number: int, skipped: dict[int, int]) -> int | None:
    """Return the question skipped to reach step ``number``, if it was: 「ほかのアプリで見る」
    on that step goes back to it (the hint was wrong, or the customer reads mail elsewhere)."""
    return next((question for question, to in skipped.items() if to == number), None)


def _following(step, skipped: dict[int, int]) -> list[int]:
    """Return the steps ``step`` leads to, the main one first, skipped questions passed over.

    A step reached by skipping a question leads back to it last, so every answer of the
    question stays reachable and numbered.
    """
    targets = [step.next_step] if step.next_step is not None else []
    targets += [choice.next_step for choice in step.choices]
    following = [landing(target, skipped) for target in targets]
    question = asked_back(step.number, skipped)
    return following if question is None else [*following, question]


def progress(session) -> tuple[int, int]:
    """Return (position, total) along the customer's path, as the counter 「2 / 5」 shows.

    The total counts the steps taken so far plus those ahead on the main route (the first
    answer of each choice), so it can change when the customer picks another answer.
    """
    version = published(session.guide_version)
    skipped = skips(session)
    position = len(session.path) or 1
    ahead, seen = 0, set(session.path)
    step = version.step(session.current_step or first_step(session))
    while True:
        following = next(iter(_following(step, skipped)), None)
        if following is None or following in seen:
            break
        seen.add(following)
        ahead += 1
        step = version.step(following)
    return position, position + ahead


def main_route(version, skipped: dict[int, int] | None = None) -> list[int]:
    """Return the step numbers of the main route: 次へ, or the first answer, to an end."""
    skipped = skipped or {}
    seen, number = [], landing(1, skipped)
    while number is not None and number not in seen:
        seen.append(number)
        number = next(iter(_following(version.step(number), skipped)), None)
    return seen


def main_route_length(version, skipped: dict[int, int] | None = None) -> int:
    """Return how many steps the main route has."""
    return len(main_route(version, skipped))


def routes(version, skipped: dict[int, int] | None = None) -> dict[int, list[int]]:
    """Return, for each step number reachable from the first, the shortest route to it.

    Ties go to the earlier answer, so the main route keeps its own numbers.
    """
    skipped = skipped or {}
    start = landing(1, skipped)
    found = {start: [start]}
    waiting = deque([start])
    while waiting:
        number = waiting.popleft()
        for target in _following(version.step(number), skipped):
            if target not in found:
                found[target] = [*found[number], target]
                waiting.append(target)
    return found


def labels(version, skipped: dict[int, int] | None = None) -> dict[int, int]:
    """Return each reachable step's label: the position the customer sees when put on it."""
    return {number: len(route) for number, route in routes(version, skipped).items()}


def route_to(version, number: int, skipped: dict[int, int] | None = None) -> list[int]:
    """Return the path a customer moved to step ``number`` takes (just that step if unreachable)."""
    return routes(version, skipped).get(number, [number])


def position_of(session, number: int) -> int:
    """Return the number both screens give step ``number`` of the session's guide right now."""
    if number == session.current_step and session.path:
        return len(session.path)
    return labels(published(session.guide_version), skips(session)).get(number, number)
