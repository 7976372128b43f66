"""The figures on a known history: per step, outcomes, by day, by operator, the voice."""

import pytest

from service.analytics import filters as analytics_filters
from service.analytics import leaving
from service.analytics import outcomes
from service.analytics import steps
from service.analytics import times
from service.analytics.funnel import funnel
from service.analytics.sql import SESSIONS
from tests.analytics import history
from tests.analytics.history import DAYS
from tests.analytics.history import DEVICE
from tests.analytics.history import GUIDE
from tests.analytics.history import NOW


@pytest.fixture
def known(make_session, make_user):
    return history.build(make_session, make_user)


def ask(**args):
    return analytics_filters.parse(args)


def by_key(rows):
    return {row.key: row for row in rows}


def test_each_step_counts_who_reached_it_left_there_and_how_long_they_stayed(known):
    (rows,) = steps.per_step(ask(device=DEVICE, guide=GUIDE), NOW).values()
    found = by_key(rows)
    # In the order customers meet them, by the number they see.
    assert [(r.number, r.key) for r in rows[:2]] == [(1, "call-on"), (2, "hear")]
    assert [r.number for r in rows] == sorted(r.number for r in rows)
    call_on, hear = found["call-on"], found["hear"]
    assert (call_on.reached, call_on.left, call_on.median_seconds) == (5, 0, 30)
    assert (hear.reached, hear.left, hear.median_seconds) == (4, 3, 45)
    assert (hear.help, call_on.help, found["where-shop"].help) == (2, 0, 1)
    # The operator moved S5 off step 1 and S1 off the Safari step.
    assert (call_on.moves, found["safari-tabs"].moves, hear.moves) == (1, 1, 0)
    assert (found["where-shop"].reached, found["where-shop"].median_seconds) == (1, 70)
    assert (found["done"].reached, found["done"].median_seconds) == (1, 10)
    assert (found["not-found"].reached, found["not-found"].left) == (1, 0)
    assert found["where-shop"].hard == 1 and sum(r.hard for r in rows) == 1
    # Every step of the guide is listed, the ones nobody reached with zeros.
    assert found["resend"].reached == 0 and found["resend"].median_seconds is None
    assert len(rows) == 30


def test_what_happened_before_a_switch_counts_for_no_guide(known):
    every = steps.per_step(ask(), NOW)
    raku = ask(device="raku-raku-smartphone", guide=GUIDE)
    assert list(every) == list(ask(device=DEVICE, guide=GUIDE).guides)
    (raku_rows,) = steps.per_step(raku, NOW).values()
    assert sum(row.reached for row in raku_rows) == 0


def test_outcomes_and_the_time_to_complete(known):
    tally = outcomes.overall(ask(device=DEVICE, guide=GUIDE), NOW)
    assert tally.counts == {
        "completed": 1,
        "needs_operator": 1,
        "abandoned": 2,
        "expired": 1,
        "ongoing": 1,
    }
    assert (tally.sessions, tally.completed, tally.median_seconds) == (6, 1, 170)
    assert tally.completion == pytest.approx(1 / 5)


def test_by_day_in_japan_and_by_operator(known):
    days = times.by_day(ask(), NOW)
    assert [(d.label, d.tally.sessions) for d in days] == [(DAYS[0], 3), (DAYS[1], 2), (DAYS[2], 1)]
    assert days[1].tally.counts["abandoned"] == 2
    people = times.by_operator(ask(), NOW)
    assert [(p.label, p.tally.sessions, p.tally.completed) for p in people] == [
        ("担当 青木", 3, 1),
        ("担当 別府", 2, 0),
        (times.THROUGH_THE_API, 1, 0),
    ]
    assert people[0].tally.median_seconds == 170 and people[1].tally.median_seconds is None


def test_the_filters_narrow_every_figure(known):
    one_day = ask(**{"from": DAYS[1], "to": DAYS[1]})
    assert outcomes.overall(one_day, NOW).sessions == 2
    only_a = ask(operator=str(known.operator_a.id))
    assert outcomes.overall(only_a, NOW).counts["expired"] == 1
    (rows,) = steps.per_step(
        ask(device=DEVICE, guide=GUIDE, operator=str(known.operator_b.id)), NOW
    ).values()
    assert by_key(rows)["hear"].left == 2 and by_key(rows)["hear"].help == 2
    nothing = ask(**{"from": DAYS[2], "to": DAYS[2], "operator": str(known.operator_a.id)})
    assert outcomes.overall(nothing, NOW).sessions == 0
    assert leaving.losing_steps(nothing, NOW, steps.step_names()) == []


def test_the_voice_counts_each_tap(known):
    assert outcomes.voice(ask()) == {"easy": 1, "hard": 1}
    assert outcomes.voice(ask(operator=str(known.operator_b.id))) == {"easy": 0, "hard": 0}


def test_at_a_glance_the_step_that_loses_most_with_a_link_to_edit_it(app, known):
    with app.test_request_context():
        (leak,) = leaving.losing_steps(ask(), NOW, steps.step_names())
        assert leak.link == f"/admin/guides/{DEVICE}/{GUIDE}#step-hear"
    assert (leak.device, leak.guide, leak.key, leak.number) == (DEVICE, GUIDE, "hear", 2)
    assert (leak.left, leak.opened, leak.share) == (3, 5, 0.6)


def test_the_funnel_in_the_api_shape(known):
    answer = funnel(ask(device=DEVICE, guide=GUIDE), NOW)
    assert (answer["sessions"], answer["completed"]) == (6, 1)
    assert answer["outcomes"]["abandoned"] == 2
    first, second = answer["steps"][:2]
    assert first == {
        "number": 1,
        "key": "call-on",
        "title": first["title"],
        "reached": 5,
        "left": 0,
        "median_seconds": 30.0,
        "help": 0,
        "moves": 1,
        "hard": 0,
    }
    assert (second["reached"], second["left"], second["help"]) == (4, 3, 2)
    assert answer["feedback"] == {"easy": 1, "hard": 1} and answer["self_service"] == 0
    # Without one guide there are no steps to list, only the sessions.
    assert funnel(ask(), NOW)["steps"] == [] and funnel(ask(), NOW)["sessions"] == 6


def test_no_figure_reads_personal_data():
    # The queries never name the phone number or the mail domain.
    assert {"phone", "phone_last4", "mail_domain"} <= set(SESSIONS.c.keys())


def test_self_service_counts_guides_opened_on_help_and_their_sheets_apart(known):
    from service import catalog
    from service.help import usage
    from service.models import UseKind

    version = catalog.guide(DEVICE, GUIDE).current_version
    first, second = version.steps[0].key, version.steps[1].key
    for key in (first, first, first, second, second):  # three customers, two went on
        usage.record(DEVICE, GUIDE, UseKind.PAGE, key, NOW)
    usage.record(DEVICE, GUIDE, UseKind.PDF, "", NOW)
    usage.record("iphone", "speaker", UseKind.PAGE, "to-call", NOW)  # another guide

    answer = funnel(ask(device=DEVICE, guide=GUIDE), NOW)
    assert answer["self_service"] == 4  # three openings and one sheet
    assert answer["sessions"] == 6  # the guided sessions are not changed by it
    assert funnel(ask(), NOW)["self_service"] == 5
    assert funnel(ask(operator=str(known.operator_a.id)), NOW)["self_service"] == 0
