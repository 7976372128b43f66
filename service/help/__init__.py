"""Self-service help: public pages (no session, no sign-in) for every published guide.

The shop links its FAQ here; the operator can send or mail these addresses too. The whole
URL map is below; the views are in ``pages``, each concern in its own small module.
"""

from flask import Blueprint

from service.help import links
from service.help import pages

bp = Blueprint("help", __name__, url_prefix="/help")

bp.add_url_rule("", "index", pages.index)
bp.add_url_rule("/<device_slug>", "device", pages.device)
bp.add_url_rule("/<device_slug>/<guide_slug>", "guide", pages.guide)
bp.add_url_rule("/<device_slug>/<guide_slug>.pdf", "printable", pages.printable)


@bp.app_context_processor
def _addresses():
    # The console's confirm page and panel link a guide's help page, sheet and mail.
    return {"help_links": links}
