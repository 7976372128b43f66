"""Reading the question: dates in Japan's calendar, a guide needs its device, clear refusals."""

from datetime import UTC
from datetime import datetime

import pytest

from service import catalog
from service.analytics.filters import parse
from service.errors import InvalidInput


def test_dates_are_whole_days_in_japan(app):
    chosen = parse({"from": "2026-12-01", "to": "2026-12-01"})
    # Midnight in Japan is 15:00 the day before in UTC.
    assert chosen.since == datetime(2026, 11, 30, 15, tzinfo=UTC)
    assert chosen.until == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert chosen.query() == {"from": "2026-12-01", "to": "2026-12-01"}


def test_empty_values_mean_any(app):
    chosen = parse({"device": "", "guide": " ", "from": "", "operator": ""})
    assert (chosen.guides, chosen.versions, chosen.since, chosen.operator_id) == (None,) * 4
    assert not chosen.one_guide and chosen.query() == {}


def test_a_device_keeps_its_guides_and_a_guide_its_versions(app):
    device = parse({"device": "iphone-home-button"})
    assert len(device.guides) == 5 and not device.one_guide
    guide = catalog.guide("iphone-home-button", "sms-code")
    one = parse({"device": "iphone-home-button", "guide": "sms-code"})
    assert one.one_guide and one.guides == {guide.id: ("iphone-home-button", "sms-code")}
    assert one.versions == tuple(version.id for version in guide.versions)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"from": "2026-12-1"}, "from"),
        ({"from": "20261201"}, "from"),
        ({"from": "2026-W49-1"}, "from"),
        ({"to": "２０２６-１２-０１"}, "to"),
        ({"from": "2026-12-01", "to": "2030-12-01"}, "from"),
        ({"guide": "sms-code"}, "device"),
        ({"operator": "１"}, "operator"),
        ({"operator": "1" * 12}, "operator"),
    ],
)
def test_what_cannot_be_used_is_refused_naming_the_field(app, args, field):
    with pytest.raises(InvalidInput) as refused:
        parse(args)
    assert refused.value.field == field and refused.value.message
