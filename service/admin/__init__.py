"""The admin surface (``/admin``): the centre's own tables, admins only.

Today: the card-issuer table the operator's hint reads. Content editing with drafts and
versions, images, people and keys arrive here, one module per area, beside ``console``.
"""

from flask import Blueprint

from service.admin import issuers
from service.console import templating

bp = Blueprint("admin", __name__, url_prefix="/admin")
# Admin pages wear the console's frame and see the same names.
bp.context_processor(templating.context)

bp.add_url_rule("/", view_func=issuers.index)
# Card issuers: who sends the code how, and which guide to send first.
bp.add_url_rule("/issuers", view_func=issuers.listing)
bp.add_url_rule("/issuers/new", view_func=issuers.new, methods=["GET", "POST"])
bp.add_url_rule("/issuers/<slug>", view_func=issuers.edit, methods=["GET", "POST"])
