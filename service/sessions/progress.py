"""Where the customer is along their path: the counter 「2 / 5」 both screens show."""


def progress(session) -> tuple[int, int]:
    """Return (position, total) along the customer's path.

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
