"""What every console template can use: filters, the labels, and the groups console.js needs."""

import re
from zoneinfo import ZoneInfo

from markupsafe import Markup
from markupsafe import escape

from service.console.forms import ActionForm
from service.console.labels import OUTCOME_LABELS
from service.console.labels import STATUS_LABELS
from service.console.labels import event_label
from service.console.labels import script_table

JST = ZoneInfo("Asia/Tokyo")
URL = re.compile(r"https?://\S+")


def linkify_sms(body: str) -> Markup:
    """Return an SMS body as HTML with its links clickable."""
    escaped = str(escape(body))
    return Markup(URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))


def duration(seconds: float | None) -> str:
    """Return 「1分05秒」 for 65 seconds."""
    if seconds is None:
        return "-"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}分{rest:02d}秒" if minutes else f"{rest}秒"


def context() -> dict:
    """Return the names every console template sees."""
    return {
        "jst": JST,
        "status_labels": STATUS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "event_label": event_label,
        "labels": script_table(),
        # Only its CSRF field is drawn: reading the posted form here would raise again on an
        # error page for a body over the size limit.
        "action_form": ActionForm(formdata=None),
    }
