"""Self-service counts: one row per day, guide, kind and step, read back by analytics."""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from service.help import usage
from service.models import UseKind

# 23:30 in Tokyo on 2 December is 14:30 UTC: the count belongs to the 2nd, not the 3rd.
LATE_EVENING = datetime(2026, 12, 2, 14, 30, tzinfo=UTC)
NEXT_MORNING = LATE_EVENING + timedelta(hours=1)


def test_a_view_counts_on_the_day_it_is_in_japan(app):
    usage.record("iphone", "sms-code", UseKind.PAGE, "call-on", LATE_EVENING)
    usage.record("iphone", "sms-code", UseKind.PAGE, "call-on", LATE_EVENING)
    usage.record("iphone", "sms-code", UseKind.PAGE, "call-on", NEXT_MORNING)

    found = [(c.day, c.count) for c in usage.counts()]
    assert found == [(date(2026, 12, 2), 2), (date(2026, 12, 3), 1)]


def test_counts_filter_by_phone_guide_and_days_inclusive(app):
    for device, guide, kind, key in [
        ("iphone", "sms-code", UseKind.PAGE, "call-on"),
        ("iphone", "sms-code", UseKind.PDF, ""),
        ("iphone", "no-code", UseKind.PAGE, "wait"),
        ("android-plus-message", "sms-code", UseKind.PAGE, "call-on"),
    ]:
        usage.record(device, guide, kind, key, LATE_EVENING)
    usage.record("iphone", "sms-code", UseKind.PAGE, "call-on", NEXT_MORNING)

    assert len(usage.counts()) == 5
    assert {(c.guide_slug, c.step_key) for c in usage.counts(device_slug="iphone")} == {
        ("sms-code", "call-on"),
        ("sms-code", ""),
        ("no-code", "wait"),
    }
    only_sms = usage.counts(device_slug="iphone", guide_slug="sms-code")
    assert {(c.kind, c.count) for c in only_sms if c.day == date(2026, 12, 2)} == {
        (UseKind.PAGE, 1),
        (UseKind.PDF, 1),
    }
    second = usage.counts(start=date(2026, 12, 2), end=date(2026, 12, 2))
    assert len(second) == 4
    third = usage.counts(start=date(2026, 12, 3))
    assert [(c.device_slug, c.count) for c in third] == [("iphone", 1)]
    assert usage.counts(end=date(2026, 12, 1)) == []
    assert usage.counts(guide_slug="speaker") == []
