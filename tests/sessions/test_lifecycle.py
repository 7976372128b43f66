"""The customer's side of a session: opening the link, pressing buttons, which phone it is."""

import threading
from datetime import timedelta

import pytest

from service import catalog
from service.db import db
from service.errors import LinkGone
from service.models import EventType
from service.models import SessionStatus
from service.sessions import lifecycle
from service.sessions import links
from service.sessions import progress
from service.sessions import queries
from service.sessions import steering
from service.sessions.lifecycle import Action
from service.sessions.lifecycle import PressResult
from tests.conftest import csrf_from
from tests.helpers import RAKU_RAKU
from tests.helpers import STAFF
from tests.helpers import event_types
from tests.helpers import opened
from tests.helpers import token_of

IPHONE_LINE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0"
)


def number(session, key: str) -> int:
    """Return the number of the step called ``key`` in the session's guide."""
    return next(s.number for s in session.guide_version.steps if s.key == key)


def test_opening_puts_the_customer_on_step_one_once(make_session, now):
    session, path = make_session()
    found = links.for_token(token_of(path), now)

    lifecycle.open_link(found, now)
    lifecycle.open_link(found, now + timedelta(seconds=5))

    assert found.status is SessionStatus.OPENED
    assert (found.current_step, found.path) == (1, [1])
    assert event_types(session).count(EventType.OPENED) == 1


def test_opening_records_the_phone_the_browser_reports(make_session, client):
    session, _ = opened(make_session, client, agent=IPHONE_LINE)
    assert (session.client_os, session.client_browser, session.client_family) == (
        "iOS 17",
        "LINE",
        "iphone",
    )
    details = session.events[-1].data
    assert details["matches_device"] is True and "LINE" in details["client"]


def test_a_phone_that_is_not_the_chosen_device_is_flagged(make_session, client):
    session, _ = opened(make_session, client, agent=RAKU_RAKU, device="iphone")
    assert session.events[-1].data["matches_device"] is False


def test_a_guessed_device_follows_the_browser_when_opened(make_session, client):
    session, _ = opened(make_session, client, agent=RAKU_RAKU, device_guessed=True)
    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert session.guide_version.guide.slug == "sms-code"
    switched = [e for e in session.events if e.type is EventType.SWITCHED]
    assert switched and switched[0].data["by"] == "auto"


def test_a_browser_that_says_nothing_first_then_the_phone_later(make_session, client):
    session, path = make_session(device_guessed=True)
    page = client.get(path, headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/120.0"})
    db.session.refresh(session)
    assert session.device_guessed and session.client_family is None
    # No phone's steps, picked at random: the customer is asked to wait for the operator.
    assert "スマホの種類が、このページからはわかりませんでした" in page.text
    assert 'name="action"' not in page.text
    client.get(path, headers={"User-Agent": RAKU_RAKU})
    db.session.refresh(session)
    assert not session.device_guessed
    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert session.client_model == "F-52B"


def test_linear_guide_forward_back_help_and_done(make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    total = session.guide_version.total_steps

    assert lifecycle.act(session, Action.NEXT, 1, now) is PressResult.MOVED
    assert lifecycle.act(session, Action.NEXT, 2, now) is PressResult.MOVED
    assert lifecycle.act(session, Action.BACK, 3, now) is PressResult.MOVED
    assert lifecycle.act(session, Action.HELP, 2, now) is PressResult.HELPED
    assert (session.current_step, session.path) == (2, [1, 2])
    for step in range(2, total):
        lifecycle.act(session, Action.NEXT, step, now)
    assert lifecycle.act(session, Action.DONE, total, now) is PressResult.ENDED

    assert session.status is SessionStatus.COMPLETED
    assert session.completed_at == now
    moves = [(e.type, e.step) for e in session.events if e.type in (EventType.STEP, EventType.HELP)]
    assert moves[:4] == [
        (EventType.STEP, 2),
        (EventType.STEP, 3),
        (EventType.STEP, 2),
        (EventType.HELP, 2),
    ]
    assert session.events[-1].type is EventType.COMPLETED


def test_a_stale_or_repeated_press_moves_nothing(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.NEXT, 1, now)
    assert lifecycle.act(session, Action.NEXT, 1, now) is PressResult.IGNORED  # the same tap again

    assert session.current_step == 2
    assert event_types(session).count(EventType.STEP) == 1


def test_help_from_a_stale_tab_still_reaches_the_operator(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    lifecycle.act(session, Action.NEXT, 1, now)

    assert lifecycle.act(session, Action.HELP, 1, now) is PressResult.HELPED
    assert session.events[-1].type is EventType.HELP


def test_no_step_before_the_first_and_done_only_at_an_end(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    assert lifecycle.act(session, Action.BACK, 1, now) is PressResult.IGNORED
    assert lifecycle.act(session, Action.DONE, 1, now) is PressResult.IGNORED

    assert session.current_step == 1
    assert session.status is SessionStatus.OPENED


def test_pressing_done_twice_is_harmless(make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    total = session.guide_version.total_steps
    for step in range(1, total):
        lifecycle.act(session, Action.NEXT, step, now)
    lifecycle.act(session, Action.DONE, total, now)

    assert lifecycle.act(session, Action.DONE, total, now) is PressResult.IGNORED
    assert event_types(session).count(EventType.COMPLETED) == 1


def walk(session, now, *keys_and_choices):
    """Press through a guide: a key means 次へ from that step, (key, n) picks answer n."""
    for item in keys_and_choices:
        key, choice = item if isinstance(item, tuple) else (item, None)
        action = Action.NEXT if choice is None else Action.CHOOSE
        outcome = lifecycle.act(session, action, number(session, key), now, choice=choice or 0)
        assert outcome is PressResult.MOVED, item


def test_branching_follows_the_choice_and_back_retraces_the_path(make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    walk(
        session,
        now,
        "call-on",
        ("hear", 0),
        ("where-shop", 0),
        "safari-tabs",
        ("tap-field", 0),
        ("suggestion", 1),
    )

    assert session.current_step == number(session, "open-messages")
    choice = session.events[-1]
    assert choice.data["direction"] == "choice" and choice.data["choice"] == "出ていない"

    walk(session, now, "open-messages", ("newest", 1), "filter")
    assert session.current_step == number(session, "unknown")
    # Back goes along the path taken, not to the step before it in the file.
    lifecycle.act(session, Action.BACK, number(session, "unknown"), now)
    lifecycle.act(session, Action.BACK, number(session, "filter"), now)
    assert session.current_step == number(session, "newest")
    # Then another answer switches to the other branch.
    walk(session, now, ("newest", 0))
    assert session.current_step == number(session, "read-code")
    assert session.path[-2:] == [number(session, "newest"), number(session, "read-code")]


def test_counter_counts_along_the_current_path(make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    position, main_route = progress.progress(session)
    assert position == 1 and main_route >= 5

    walk(session, now, "call-on", ("hear", 0), ("where-shop", 0), "safari-tabs", ("tap-field", 0))
    assert progress.progress(session) == (6, main_route)
    walk(session, now, ("suggestion", 1))
    position, total = progress.progress(session)
    assert position == 7 and total > main_route  # the fallback route is longer
    lifecycle.act(session, Action.BACK, session.current_step, now)
    assert progress.progress(session) == (6, main_route)


def test_an_invalid_choice_moves_nothing(make_session, now):
    session, _ = make_session(guide="sms-code")
    lifecycle.open_link(session, now)
    walk(session, now, "call-on", ("hear", 0), ("where-shop", 0), "safari-tabs", ("tap-field", 0))
    at = number(session, "suggestion")
    assert lifecycle.act(session, Action.CHOOSE, at, now, choice=7) is PressResult.IGNORED
    assert lifecycle.act(session, Action.NEXT, at, now) is PressResult.IGNORED  # a choice step
    assert session.current_step == at


def test_a_press_after_expiry_is_refused_and_changes_nothing(make_session, now):
    session, _ = make_session()
    lifecycle.open_link(session, now)
    later = session.expires_at + timedelta(seconds=1)

    with pytest.raises(LinkGone):
        lifecycle.act(session, Action.NEXT, 1, later)
    assert session.current_step == 1
    assert event_types(session).count(EventType.STEP) == 0


def test_a_press_from_before_a_switch_does_not_move_the_new_guide(make_session, client, now):
    session, path = make_session(device="iphone", guide="sms-code")
    old_page = client.get(path).text
    target = catalog.guide("raku-raku-smartphone", "sms-code").current_version
    steering.switch(session, target, now, by=STAFF)
    client.post(
        path,
        data={
            "action": "next",
            "step": "1",
            "version": old_page.split('name="version" value="')[1].split('"')[0],
            "csrf_token": csrf_from(old_page),
        },
    )
    db.session.refresh(session)
    assert session.current_step == 1 and session.path == [1]


def test_two_simultaneous_presses_move_the_customer_once(app, make_session, now):
    session, _ = make_session(guide="speaker")
    lifecycle.open_link(session, now)
    session_id = session.id  # read here: ORM objects belong to this thread's session
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def press():
        with app.app_context():
            mine = queries.get(session_id)
            barrier.wait()
            outcomes.append(lifecycle.act(mine, Action.NEXT, 1, now))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    db.session.expire_all()
    assert sorted(o.value for o in outcomes) == ["ignored", "moved"]
    assert queries.get(session_id).current_step == 2
    assert event_types(session).count(EventType.STEP) == 1


def test_a_second_phone_opening_the_link_is_told_to_the_operator(make_session, now):
    from service.sessions.clients import describe

    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    session, _ = make_session()
    lifecycle.open_link(session, now, describe(RAKU_RAKU))
    lifecycle.open_link(session, now, describe(RAKU_RAKU))  # the same phone again: nothing
    assert event_types(session).count(EventType.OPENED_ELSEWHERE) == 0
    lifecycle.open_link(session, now, describe(iphone))
    elsewhere = [e for e in session.events if e.type is EventType.OPENED_ELSEWHERE]
    assert len(elsewhere) == 1 and "iOS" in elsewhere[0].data["client"]
    assert "F-52B" in elsewhere[0].data["before"]
    assert session.client_os.startswith("iOS")  # the panel shows the newer one


def test_a_phone_the_operator_picks_ends_the_waiting(make_session, client, now):
    from service import catalog

    session, path = make_session(device_guessed=True)
    client.get(path, headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/120.0"})
    target = catalog.guide("basio-kantan-simple", "sms-code").current_version
    steering.switch(session, target, now, by=STAFF)
    page = client.get(path).text
    assert not session.device_guessed and 'name="action"' in page


ANDROID = "Mozilla/5.0 (Linux; Android "


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        (f"{ANDROID}14; MR01) AppleWebKit/537.36 Chrome/126 Mobile", "raku-raku"),
        (f"{ANDROID}13; F-53E) AppleWebKit/537.36 Chrome/120 Mobile", "raku-raku"),
        (f"{ANDROID}14; SC-51D) AppleWebKit/537.36 Chrome/120 Mobile", "android"),
    ],
)
def test_the_browser_names_the_phone_family(agent, family):
    from service.sessions.clients import describe

    assert describe(agent).family == family
