"""The admin surface (``/admin``): the centre's own tables, admins only.

Today: the guides with their sources and a preview, the card-issuer table the operator's
hint reads, people and keys, and the analytics (where customers get stuck). Content editing
with drafts and versions and images arrive here, one module per area, beside ``console``.
"""

from flask import Blueprint

from service.admin import analytics
from service.admin import guides
from service.admin import issuers
from service.admin import people
from service.console import templating

bp = Blueprint("admin", __name__, url_prefix="/admin")
# Admin pages wear the console's frame and see the same names.
bp.context_processor(templating.context)

bp.add_url_rule("/", "index", guides.index)
# Card issuers: who sends the code how, and which guide to send first.
bp.add_url_rule("/issuers", "issuers", issuers.listing)
bp.add_url_rule("/issuers/new", "issuer_new", issuers.new, methods=["GET", "POST"])
bp.add_url_rule("/issuers/<slug>", "issuer", issuers.edit, methods=["GET", "POST"])
# Guides: every version's steps and sources, previewed as the customer sees them.
bp.add_url_rule("/guides", "guides", guides.listing)
bp.add_url_rule("/guides/<device_slug>/<guide_slug>", "guide", guides.detail)
# People and API keys.
bp.add_url_rule("/people", "people", people.people)
bp.add_url_rule("/people", "add_person", people.add_person, methods=["POST"])
bp.add_url_rule(
    "/people/<int:user_id>/<change>", "change_person", people.change_person, methods=["POST"]
)
bp.add_url_rule("/keys", "keys", people.keys)
bp.add_url_rule("/keys", "add_key", people.add_key, methods=["POST"])
bp.add_url_rule("/keys/<int:key_id>/revoke", "revoke_key", people.revoke_key, methods=["POST"])
# Where customers get stuck: the figures, and the same as CSV.
bp.add_url_rule("/analytics", "analytics", analytics.page)
bp.add_url_rule("/analytics.csv", "analytics_csv", analytics.download)
