"""One numbering for both screens: where the customer is along their path, 「手順 2 / 5」.

A step's number inside a guide version (``Step.number``, pack order) is never shown to
anyone. What the customer's counter, the operator's panel, the path, the timeline, the
stall alert, the API and the event stream all show is the position on the customer's path:
how many steps they have been through to get here. A step the customer is not on is named
by its *label*: its position on the shortest route from the first step, the number the
customer will see when the operator moves them there (a move puts them on that route).
"""

from collections import deque


def progress(session) -> tuple[int, int]:
    """Return (position, total) along the customer's path, as the counter 「2 / 5」 shows.

    The total counts the steps taken so far plus those ahead on the main route (the first
    answer of each choice), so it can change when the customer picks another answer.
    """
    version = session.guide_version
    position = len(session.path) or 1
    ahead, seen = 0, set(session.path)
    step = version.step(session.current_step or 1)
    while True:
        following = (
            step.next_step
            if step.next_step is not None
            else (step.choices[0].next_step if step.choices else None)
        )
        if following is None or following in seen:
            break
        seen.add(following)
        ahead += 1
        step = version.step(following)
    return position, position + ahead


def main_route(version) -> list[int]:
    """Return the step numbers of the main route: 次へ, or the first answer, to an end."""
    seen, number = [], 1
    while number is not None and number not in seen:
        seen.append(number)
        step = version.step(number)
        choices = [choice.next_step for choice in step.choices]
        number = step.next_step if step.next_step is not None else (choices[0] if choices else None)
    return seen


def main_route_length(version) -> int:
    """Return how many steps the main route has."""
    return len(main_route(version))


def routes(version) -> dict[int, list[int]]:
    """Return, for each step number reachable from the first, the shortest route to it.

    Ties go to the earlier answer, so the main route keeps its own numbers.
    """
    found = {1: [1]}
    waiting = deque([1])
    while waiting:
        number = waiting.popleft()
        step = version.step(number)
        following = [step.next_step] if step.next_step is not None else []
        following += [choice.next_step for choice in step.choices]
        for target in following:
            if target not in found:
                found[target] = [*found[number], target]
                waiting.append(target)
    return found


def labels(version) -> dict[int, int]:
    """Return each reachable step's label: the position the customer sees when put on it."""
    return {number: len(route) for number, route in routes(version).items()}


def route_to(version, number: int) -> list[int]:
    """Return the path a customer moved to step ``number`` takes (just that step if unreachable)."""
    return routes(version).get(number, [number])


def position_of(session, number: int) -> int:
    """Return the number both screens give step ``number`` of the session's guide right now."""
    if number == session.current_step and session.path:
        return len(session.path)
    return labels(session.guide_version).get(number, number)
