"""The operator's console: find the phone, send a link, watch and steer the customer live.

The whole URL map of the console is below; each area's views live in their own module.
"""

from flask import Blueprint

from service import limits
from service.console import actions
from service.console import finder
from service.console import history
from service.console import panel
from service.console import sending
from service.console import templating

bp = Blueprint("console", __name__, url_prefix="/console")

bp.add_app_template_filter(templating.linkify_sms, "linkify_sms")
bp.add_app_template_filter(templating.duration, "duration")
bp.context_processor(templating.context)

# Finding the phone and sending the link.
bp.add_url_rule("/", view_func=finder.index)
bp.add_url_rule("/without-smartphone", view_func=finder.without_smartphone)
bp.add_url_rule("/new/<device_slug>", view_func=sending.new)
bp.add_url_rule("/new/<device_slug>", "confirm", sending.confirm, methods=["POST"])
bp.add_url_rule("/sessions", view_func=limits.operator_sends(sending.send), methods=["POST"])
# The live panel and its buttons.
bp.add_url_rule("/sessions/<session_id>", view_func=panel.session)
bp.add_url_rule("/sessions/<session_id>/events", view_func=panel.events)
for path, action in (
    ("revoke", actions.revoke),
    ("move", actions.move),
    ("switch", actions.switch),
    ("extend", actions.extend),
    ("resend", limits.operator_sends(actions.resend)),
    ("short-code", actions.short_code),
):
    bp.add_url_rule(f"/sessions/<session_id>/{path}", view_func=action, methods=["POST"])
# What happened before.
bp.add_url_rule("/history", view_func=history.history)
bp.add_url_rule("/outbox", view_func=history.outbox)
