"""A known history, built through the real services at known times, and its expected figures.

Six sessions on the iPhone (home button) SMS-code guide, over three days in Japan (the
first, three days ago, is DAYS[0]), all over by now:

- S1 (operator A, day 0): 1 → 2 → 3 (one わからない) → 4, moved by the operator to the end
  (「注文が終わった」), 「できました」 170 s after opening; 「むずかしかった」 naming step 3.
- S2 (operator B, day 1): 1 → 2, two わからない, revoked: lost on step 2.
- S3 (operator A, day 0): 1 → 2, the link runs out: lost on step 2.
- S4 (through the API, day 2): sent, not opened yet: ongoing at NOW (expired since).
- S5 (operator A, day 0): moved from step 1 to an ending that needs the operator, pressed;
  「わかりやすかった」.
- S6 (operator B, day 1): started on らくらくスマートフォン, 1 → 2 there, switched to this
  guide, 1 → 2, revoked: lost on step 2 (what happened before the switch is not counted).
"""

from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone

from service import catalog
from service.models import Role
from service.sessions import expiry
from service.sessions import feedback
from service.sessions import lifecycle
from service.sessions import steering
from service.sessions.events import Actor
from service.sessions.lifecycle import Action

DEVICE, GUIDE = "iphone-home-button", "sms-code"
# 10:00 in Japan three days ago; the next day; and "NOW", two days on (before today).
JST = timezone(timedelta(hours=9))
T = datetime.combine(datetime.now(JST).date() - timedelta(days=3), time(10, 0), JST).astimezone(UTC)
T2 = T + timedelta(days=1)
NOW = T + timedelta(days=2)
DAYS = [(T + timedelta(days=n)).astimezone(JST).date().isoformat() for n in range(3)]
PHONE = "090-1234-5678"
# The step numbers the customer sees, by step key, on this guide.
CALL_ON, HEAR, WHERE_SHOP, SAFARI, DONE, NOT_FOUND = 1, 2, 6, 7, 24, 19


@dataclass
class History:
    operator_a: object
    operator_b: object
    sessions: dict


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def build(make_session, make_user) -> History:
    """Build the six sessions; return the operators and sessions by name."""
    a = make_user(Role.OPERATOR)
    b = make_user(Role.OPERATOR)
    a.display_name, b.display_name = "担当 青木", "担当 別府"
    by_a, by_b = Actor.operator(a), Actor.operator(b)
    made = {}

    s1, _ = make_session(at=T, operator=a, phone=PHONE)
    lifecycle.open_link(s1, T)
    press(s1, Action.NEXT, CALL_ON, T + seconds(10))
    press(s1, Action.CHOOSE, HEAR, T + seconds(30), choice=0)
    press(s1, Action.HELP, WHERE_SHOP, T + seconds(40))
    press(s1, Action.CHOOSE, WHERE_SHOP, T + seconds(100), choice=0)
    steering.move_to(s1, DONE, T + seconds(160), by=by_a)
    press(s1, Action.DONE, DONE, T + seconds(170))
    assert feedback.give(s1, "hard", WHERE_SHOP, T + seconds(200))
    made["S1"] = s1

    s2, _ = make_session(at=T2, operator=b)
    lifecycle.open_link(s2, T2)
    press(s2, Action.NEXT, CALL_ON, T2 + seconds(20))
    press(s2, Action.HELP, HEAR, T2 + seconds(25))
    press(s2, Action.HELP, HEAR, T2 + seconds(35))
    steering.revoke(s2, T2 + seconds(60), by=by_b)
    made["S2"] = s2

    s3, _ = make_session(at=T, operator=a)
    lifecycle.open_link(s3, T + seconds(5))
    press(s3, Action.NEXT, CALL_ON, T + seconds(35))
    expiry.expire_due(T + timedelta(hours=1))
    made["S3"] = s3

    s4, _ = make_session(at=NOW - seconds(60))
    made["S4"] = s4

    s5, _ = make_session(at=T, operator=a)
    lifecycle.open_link(s5, T + seconds(3))
    steering.move_to(s5, NOT_FOUND, T + seconds(50), by=by_a)
    press(s5, Action.DONE, NOT_FOUND, T + seconds(80))
    assert feedback.give(s5, "easy", None, T + seconds(90))
    made["S5"] = s5

    s6, _ = make_session(device="raku-raku-smartphone", at=T2, operator=b)
    lifecycle.open_link(s6, T2)
    press(s6, Action.NEXT, 1, T2 + seconds(10))
    iphone = catalog.guide(DEVICE, GUIDE).current_version
    steering.switch(s6, iphone, T2 + seconds(20), by=by_b)
    press(s6, Action.NEXT, CALL_ON, T2 + seconds(50))
    steering.revoke(s6, T2 + seconds(100), by=by_b)
    made["S6"] = s6
    return History(operator_a=a, operator_b=b, sessions=made)


def press(session, action: Action, step: int, at: datetime, choice: int = 0) -> None:
    """Press a button on the customer's page showing ``step``; it must do something."""
    result = lifecycle.act(session, action, step, at, choice=choice)
    assert result is not lifecycle.PressResult.IGNORED, (action, step)
