"""Self-service use of the sessionless /help pages, counted apart from guided sessions."""

from service import catalog
from service.help import usage
from service.models import UseKind


def self_service_uses(filters) -> int:
    """Return how often customers opened a guide on /help (its first step) or its PDF.

    Counted from ``help.usage`` (never the session event log); an operator filter leaves
    none, as nobody guides these customers.
    """
    if filters.operator_id is not None:
        return 0
    firsts = {
        (device.slug, guide.slug): guide.current_version.steps[0].key
        for device in catalog.devices()
        for guide in device.guides
        if guide.current_version is not None and guide.current_version.steps
    }
    total = 0
    for count in usage.counts(filters.device, filters.guide, filters.start, filters.end):
        opened = count.step_key == firsts.get((count.device_slug, count.guide_slug))
        if count.kind == UseKind.PDF or opened:
            total += count.count
    return total
