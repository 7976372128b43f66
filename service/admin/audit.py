"""The audit log page: every admin change, newest first, with its before and after."""

import json

from flask import render_template
from flask import request

from service import audit
from service import inputs
from service.auth.roles import admin_required


@admin_required
def listing():
    """List the newest changes (under ?target=…), a page at a time (?before=<id>)."""
    target = request.args.get("target", "")[:200]
    before = None
    if request.args.get("before"):
        before = inputs.number(request.args["before"], "before", 1, 2**31 - 1, "ページが違います。")
    entries = audit.entries(target, before)
    return render_template(
        "admin/audit.html",
        entries=entries,
        target=target,
        more=entries[-1].id if len(entries) == audit.PAGE else None,
        shown=_shown,
    )


def _shown(value) -> str:
    """Return a before/after value as indented JSON for a person to read."""
    return json.dumps(value, ensure_ascii=False, indent=1) if value is not None else "—"
