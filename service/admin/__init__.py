"""The admin surface (``/admin``): the centre's own tables, admins only.

The guides (versions, sources, preview; drafts edited, checked and published), the
card-issuer table the operator's hint reads, uploaded screenshots (``images``), people and
API keys, webhooks, the SMS wording, the audit log and the analytics (where customers get
stuck): one module per area.
"""

from flask import Blueprint

from service.admin import analytics
from service.admin import audit
from service.admin import devices
from service.admin import drafts
from service.admin import guides
from service.admin import images
from service.admin import issuers
from service.admin import people
from service.admin import sms
from service.admin import webhooks
from service.console import templating

GUIDE = "/guides/<device_slug>/<guide_slug>"
DRAFT = f"{GUIDE}/draft"

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
bp.add_url_rule(GUIDE, "guide", guides.detail)
bp.add_url_rule(f"{GUIDE}/restore", "restore", drafts.restore, methods=["POST"])
# A guide's draft: edited step by step, checked by the content rules, then published.
bp.add_url_rule(f"{DRAFT}/start", "start_draft", drafts.start, methods=["POST"])
bp.add_url_rule(DRAFT, "draft", drafts.show)
bp.add_url_rule(f"{DRAFT}/title", "draft_title", drafts.rename, methods=["POST"])
bp.add_url_rule(f"{DRAFT}/copy", "draft_copy", drafts.copy, methods=["POST"])
bp.add_url_rule(f"{DRAFT}/steps", "draft_add", drafts.add_step, methods=["POST"])
bp.add_url_rule(
    f"{DRAFT}/steps/<key>", "draft_step", drafts.edit_step, methods=["GET", "POST"]
)
bp.add_url_rule(f"{DRAFT}/steps/<key>/move", "draft_move", drafts.move_step, methods=["POST"])
bp.add_url_rule(
    f"{DRAFT}/steps/<key>/remove", "draft_remove", drafts.remove_step, methods=["POST"]
)
bp.add_url_rule(f"{DRAFT}/publish", "publish", drafts.publish, methods=["POST"])
bp.add_url_rule(f"{DRAFT}/discard", "discard", drafts.discard, methods=["POST"])
# Screenshots: uploaded, cleaned, highlighted, for steps to show.
bp.add_url_rule("/images", "images", images.listing)
bp.add_url_rule("/images", "upload_image", images.upload, methods=["POST"])
# People and API keys.
bp.add_url_rule("/people", "people", people.people)
bp.add_url_rule("/people", "add_person", people.add_person, methods=["POST"])
bp.add_url_rule(
    "/people/<int:user_id>/<change>", "change_person", people.change_person, methods=["POST"]
)
bp.add_url_rule("/keys", "keys", people.keys)
bp.add_url_rule("/keys", "add_key", people.add_key, methods=["POST"])
bp.add_url_rule("/keys/<int:key_id>/revoke", "revoke_key", people.revoke_key, methods=["POST"])
# Who changed what, when, before and after.
bp.add_url_rule("/audit", "audit", audit.listing)
# Devices: their own fields, and their pack file out and in.
bp.add_url_rule("/devices/<device_slug>", "device", devices.edit, methods=["GET", "POST"])
bp.add_url_rule("/devices/<device_slug>.toml", "export_device", devices.export_toml)
bp.add_url_rule("/import", "import_pack", devices.import_toml, methods=["GET", "POST"])
# The wording of the SMS that carries the link.
bp.add_url_rule("/sms", "sms", sms.edit, methods=["GET", "POST"])
# Webhooks: endpoints, their state and delivery log, replays.
bp.add_url_rule("/webhooks", "webhooks", webhooks.listing)
bp.add_url_rule(
    "/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/replay",
    "replay_delivery",
    webhooks.replay,
    methods=["POST"],
)
# Where customers get stuck: the figures, and the same as CSV.
bp.add_url_rule("/analytics", "analytics", analytics.page)
bp.add_url_rule("/analytics.csv", "analytics_csv", analytics.download)
