"""Every route of the app, walked as each kind of caller: who may reach what, stated once.

``ROUTES`` gives every endpoint its access class. A route that is not in it fails the walk,
so whoever adds a route has to say who may reach it. Each rule is requested with each of its
methods (Flask answers OPTIONS itself, and HEAD as GET) by five callers: anonymous, operator
A who started the session named in the path, operator B who did not, an admin, and an API key
without a cookie. Path arguments are real (a fresh session of A's for every request, its link
token, a stored image...), and forms carry a valid CSRF token and what the view needs, so the
answer shows the access check and nothing else.
"""

import io
import secrets
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from service import catalog
from service import create_app
from service.auth import api_keys
from service.auth.roles import admin_required
from service.content import drafts
from service.content import export
from service.content import preview
from service.db import db
from service.db import utcnow
from service.models import DeliveryStatus
from service.models import Image
from service.models import Role
from service.models import User
from service.models import WebhookDelivery
from service.sessions import lifecycle
from service.sessions import links
from service.sessions import shortcodes
from service.sessions.events import AUTOMATIC
from service.sessions.events import Actor
from service.sessions.events import ActorKind
from service.webhooks import endpoints as webhook_endpoints
from tests.conftest import BASE_CONFIG
from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.helpers import send_texts
from tests.helpers import sign_in_cookie
from tests.media.crafted import screenshot

PUBLIC = "public"  # anyone: sign-in, the customer's link (its token is the key), images
STAFF = "staff"  # signed-in operators and admins
OWNER = "owner"  # staff; a session only its operator's, or any admin's (anyone else: 404)
ADMIN = "admin"  # admins only (operators: 403)
API = "api-key"  # a valid API key; a console cookie counts for nothing
API_ADMIN = "admin's api-key"  # an admin's key only (the walk's key, an operator's: 403 JSON)
SIGNED = "signed"  # a provider's callback: its signature is the key (the walk's has none)

ROUTES = {
    "static": PUBLIC,
    "home": PUBLIC,
    "health.healthz": PUBLIC,
    "health.readyz": PUBLIC,
    # METRICS_TOKEN unset (as here): loopback clients only (tests/observability/test_metrics).
    "observability.metrics": PUBLIC,
    "media.image": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": STAFF,
    "customer.step": PUBLIC,
    "customer.act": PUBLIC,
    "customer.follow": PUBLIC,
    "customer.short_code": PUBLIC,
    "customer.preview": PUBLIC,
    "customer.feedback": PUBLIC,
    # Self-service help: no session, no sign-in; the shop links its FAQ here.
    "help.index": PUBLIC,
    "help.device": PUBLIC,
    "help.guide": PUBLIC,
    "help.printable": PUBLIC,
    "sms.twilio_status": SIGNED,
    "sms.http_status": SIGNED,
    "admin.index": ADMIN,
    "admin.guides": ADMIN,
    "admin.guide": ADMIN,
    "admin.issuers": ADMIN,
    "admin.issuer_new": ADMIN,
    "admin.issuer": ADMIN,
    "admin.people": ADMIN,
    "admin.add_person": ADMIN,
    "admin.change_person": ADMIN,
    "admin.keys": ADMIN,
    "admin.add_key": ADMIN,
    "admin.revoke_key": ADMIN,
    "admin.restore": ADMIN,
    "admin.audit": ADMIN,
    "admin.sms": ADMIN,
    "admin.device": ADMIN,
    "admin.export_device": ADMIN,
    "admin.import_pack": ADMIN,
    "admin.start_draft": ADMIN,
    "admin.draft": ADMIN,
    "admin.draft_title": ADMIN,
    "admin.draft_copy": ADMIN,
    "admin.draft_add": ADMIN,
    "admin.draft_step": ADMIN,
    "admin.draft_move": ADMIN,
    "admin.draft_remove": ADMIN,
    "admin.publish": ADMIN,
    "admin.discard": ADMIN,
    "admin.images": ADMIN,
    "admin.upload_image": ADMIN,
    "admin.webhooks": ADMIN,
    "admin.replay_delivery": ADMIN,
    "admin.analytics": ADMIN,
    "admin.analytics_csv": ADMIN,
    "console.index": STAFF,
    "console.without_smartphone": STAFF,
    "console.new": STAFF,
    "console.confirm": STAFF,
    "console.send": STAFF,
    # Open to all staff, each seeing what sessions.access lets them (tests/console/test_access).
    "console.history": STAFF,
    "console.outbox": STAFF,
    "console.session": OWNER,
    "console.events": OWNER,
    "console.revoke": OWNER,
    "console.move": OWNER,
    "console.switch": OWNER,
    "console.extend": OWNER,
    "console.resend": OWNER,
    "console.short_code": OWNER,
    # Any valid key reaches any session for now: scoping keys is a later issue.
    # The OpenAPI document: a CRM developer reads it before being given a key.
    "api.openapi": PUBLIC,
    "api.list_devices": API,
    "api.guide_detail": API,
    "api.list_sessions": API,
    "api.create_session": API,
    "api.get_session": API,
    "api.revoke_session": API,
    "api.session_events": API,
    "api.create_short_code": API,
    "api.move_session": API,
    "api.switch_session": API,
    "api.extend_session": API,
    "api.resend_session": API,
    "api.upload_image": API_ADMIN,
    "api.create_webhook": API_ADMIN,
    "api.list_webhooks": API_ADMIN,
    "api.delete_webhook": API_ADMIN,
    "api.rotate_webhook": API_ADMIN,
    "api.webhook_deliveries": API_ADMIN,
    "api.replay_delivery": API_ADMIN,
    "api.analytics_funnel": API,
}

# How an answer looks to the caller.
OK = "ok"  # the view ran: 2xx, or a redirect that is not to sign-in
SIGN_IN = "sign in"  # a redirect to the sign-in page, with the way back
FORBIDDEN = "403"  # the Japanese 「このページは見られません」 page
HIDDEN = "404"  # 「この案内は見つかりません」, as for a session that does not exist
NO_KEY = "401"  # the API's JSON {"error": "unauthorized"}
KEY_FORBIDDEN = "403 JSON"  # the API's {"error": "forbidden"}: the key may not do this
UNSIGNED = "403 bad signature"  # {"error": "bad_signature"}: not signed by the provider

CALLERS = ("anonymous", "operator A (owner)", "operator B", "admin", "API key")
EXPECTED = {
    PUBLIC: (OK, OK, OK, OK, OK),
    STAFF: (SIGN_IN, OK, OK, OK, SIGN_IN),
    OWNER: (SIGN_IN, OK, HIDDEN, OK, SIGN_IN),
    ADMIN: (SIGN_IN, FORBIDDEN, FORBIDDEN, OK, SIGN_IN),
    API: (NO_KEY, NO_KEY, NO_KEY, NO_KEY, OK),
    API_ADMIN: (NO_KEY, NO_KEY, NO_KEY, NO_KEY, KEY_FORBIDDEN),
    SIGNED: (UNSIGNED,) * 5,
}
# The roles role_required names on the view (``view.roles``); None: it does not wear it.
MARKED = {
    PUBLIC: None,
    API: None,
    API_ADMIN: None,
    SIGNED: None,
    STAFF: {Role.OPERATOR, Role.ADMIN},
    OWNER: {Role.OPERATOR, Role.ADMIN},
    ADMIN: {Role.ADMIN},
}

# Real values for each path argument; a new one fails the walk until it is added here.
ARGUMENTS = {
    "session_id": lambda w: w.session_id,
    "token": lambda w: w.token,
    "device_slug": lambda w: "iphone-home-button",
    "guide_slug": lambda w: "sms-code",
    "digest": lambda w: w.digest,
    "filename": lambda w: "console.css",
    "preview_token": lambda w: w.preview_token,
    "slug": lambda w: "rakuten",
    "user_id": lambda w: w.people["operator B"],
    "change": lambda w: "unlock",
    "key_id": lambda w: w.key_id,
    "key": lambda w: w.draft_key,
    "webhook_id": lambda w: w.webhook_id,
    "delivery_id": lambda w: w.delivery_id,
}
PHONE = "090-1234-5678"
ISSUER = {
    "name": "楽天カード",
    "channel": "sms",
    "guide_slug": "sms-code",
    "sources": "https://example.com/rakuten",
}
# What a form or a JSON body must hold for the view to do its work.
BODIES = {
    "auth.login": lambda w: {"email": w.people["walker"](), "password": PASSWORD},
    "customer.act": lambda w: {"action": "next", "step": "1", "version": str(w.version_id)},
    "customer.short_code": lambda w: {"code": w.short_code()},
    "customer.feedback": lambda w: {"rating": "easy"},
    "console.confirm": lambda w: {"guide": "sms-code", "phone": PHONE},
    "console.send": lambda w: {
        "device": "iphone-home-button",
        "guide": "sms-code",
        "phone": PHONE,
        "send_key": secrets.token_urlsafe(16),
    },
    "console.move": lambda w: {"step": w.step_key},
    "console.switch": lambda w: {"device": "raku-raku-smartphone"},
    "console.extend": lambda w: {"minutes": "5"},
    "api.create_session": lambda w: {
        "device": "iphone-home-button",
        "guide": "sms-code",
        "phone": PHONE,
    },
    "api.move_session": lambda w: {"key": w.step_key},
    "api.switch_session": lambda w: {"device": "raku-raku-smartphone", "guide": "sms-code"},
    "api.extend_session": lambda w: {"minutes": 5},
    # A public address given as such: registering it needs no name lookup.
    "api.create_webhook": lambda w: {"url": "https://93.184.215.14/hook", "events": ["step"]},
    "admin.issuer": lambda w: ISSUER,
    "admin.add_person": lambda w: {
        "email": f"new-{secrets.token_hex(4)}@example.com",
        "password": PASSWORD,
        "role": "operator",
    },
    "admin.add_key": lambda w: {"name": "walk"},
    "admin.restore": lambda w: {"version": "1"},
    "admin.sms": lambda w: {"body": "{shop}です。ご案内の画面はこちら\n{link}"},
    "admin.draft_title": lambda w: {"title": "歩いて確かめる"},
    "admin.draft_copy": lambda w: {"source": "iphone/sms-code"},
    "admin.draft_step": lambda w: {"title": "歩く", "text": "歩きます。", "script": "歩きます。"},
    "admin.draft_move": lambda w: {"direction": "down"},
    "admin.device": lambda w: {
        "name": "iPhone SE",
        "family": "iphone",
        "aliases": "アイフォン",
        "sms_apps": "iphone-messages",
    },
    # An unchanged export: the import runs its rules and adds no version.
    "admin.import_pack": lambda w: {
        "file": (io.BytesIO(export.device_toml(catalog.device("iphone")).encode()), "i.toml")
    },
    "admin.upload_image": lambda w: {"file": (io.BytesIO(screenshot()), "walk.png")},
    "admin.issuer_new": lambda w: {**ISSUER, "slug": f"card-{secrets.token_hex(4)}"},
}
AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}


class Walk:
    """What one request names: a fresh session of operator A's, opened on its first step."""

    def __init__(self, people: dict):
        self.people = people
        # An endpoint hears of the session's creation; that delivery was sent (so replayable).
        endpoint, _ = webhook_endpoints.register(
            "https://93.184.215.14/walk", None, utcnow(), allow_private=False
        )
        self.webhook_id = endpoint.id
        owner = Actor(ActorKind.OPERATOR, people["operator A (owner)"])
        session = links.start(
            guide_version=catalog.guide("iphone-home-button", "sms-code").current_version,
            phone=PHONE,
            settings=links.settings(),
            now=utcnow(),
            by=owner,
        )
        send_texts()
        lifecycle.open_link(session, utcnow())
        self.session_id = session.id
        delivery = db.session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
        ).first()
        delivery.status = DeliveryStatus.SENT
        db.session.commit()
        self.delivery_id = delivery.id
        self.token = links.settings().path(session).removeprefix(links.LINK_PATH)
        self.step_key = session.guide_version.step(3).key
        self.version_id = session.guide_version_id
        self.digest = db.session.scalar(select(Image.digest).limit(1))
        self.preview_token = preview.token_for(session.guide_version)
        self.key_id = api_keys.create_api_key("to revoke")[0].id
        # The guide of the path has a draft (the previous request may have published it).
        guide = catalog.guide("iphone-home-button", "sms-code")
        draft = drafts.of(guide) or drafts.start(guide, db.session.get(User, people["admin"]))
        self.draft_key = draft.body["steps"][0]["key"]

    def short_code(self) -> str:
        session = links.for_token(self.token, utcnow())
        return shortcodes.issue(session, links.settings(), utcnow(), by=AUTOMATIC).code


def classify(response) -> str:
    """Name the answer's class, or describe it when it is none of them."""
    status = response.status_code
    text = response.get_data().decode(errors="replace")  # streams end at SSE_MAX_SECONDS
    if 300 <= status < 400:
        target = urlsplit(response.headers.get("Location", ""))
        return SIGN_IN if target.path == "/login" and "next=" in target.query else OK
    if status < 300:
        return OK
    if status == 401 and response.is_json and response.json["error"] == "unauthorized":
        return NO_KEY
    if status == 403 and response.is_json and response.json["error"] == "forbidden":
        return KEY_FORBIDDEN
    if status == 403 and response.is_json and response.json["error"] == "bad_signature":
        return UNSIGNED
    if status == 403 and "このページは見られません" in text:
        return FORBIDDEN
    if status == 404 and "この案内は見つかりません" in text:
        return HIDDEN
    return f"{status}: {' '.join(text.split())[:300]}"


def request_as(app, rule, method: str, caller: str, people: dict, access: str) -> str:
    """Make one request of ``rule`` as ``caller`` and return the class of its answer."""
    walk = Walk(people)
    browser = app.test_client()
    user_id = people.get(caller)
    if isinstance(user_id, int):
        sign_in_cookie(browser, user_id)
    # Admin-key routes are walked with an operator's key (refused); the others with an
    # admin's, which reaches the walk's session (an operator's key reaches only its own).
    key = people["operator key"] if access == API_ADMIN else people["key"]
    headers = {"Authorization": f"Bearer {key}"} if caller == "API key" else {}
    missing = rule.arguments - ARGUMENTS.keys()
    assert not missing, f"{rule.rule}: give ARGUMENTS a real value for {sorted(missing)}"
    values = {name: ARGUMENTS[name](walk) for name in rule.arguments}
    path = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
    kwargs = {}
    if method not in ("GET", "HEAD"):
        body = BODIES[rule.endpoint](walk) if rule.endpoint in BODIES else {}
        if access in (API, API_ADMIN):
            kwargs = {"json": body} if body else {}
        else:  # a form, with the CSRF token of the caller's own cookie
            kwargs = {"data": {"csrf_token": csrf_from(browser.get("/login").text), **body}}
    response = browser.open(path, method=method, headers=headers, **kwargs)
    try:
        return classify(response)
    finally:
        response.close()


def walk_rule(app, rule, method: str, people: dict, access: str) -> None:
    """Request ``rule`` as every caller and compare each answer with its class's row."""
    # A stream the caller may follow ends at once.
    app.config.update(SSE_MAX_SECONDS=0.05, SSE_HEARTBEAT_SECONDS=0.05)
    wrong = {}
    for caller, expected in zip(CALLERS, EXPECTED[access], strict=True):
        answer = request_as(app, rule, method, caller, people, access)
        if answer != expected:
            wrong[caller] = f"{answer} (expected {expected})"
    assert not wrong, f"{method} {rule.rule} is {access}: {wrong}"


def _rules() -> list[tuple[str, str]]:
    """Return (endpoint, method) for every rule of the app, to walk one by one."""
    app = create_app({**BASE_CONFIG, "DATABASE_URL": "sqlite://"})
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - AUTOMATIC_METHODS
    )


@pytest.fixture
def people(app, make_user, api_key):
    """Who calls: the ids of operators A and B and of an admin (signed in by their cookie,
    so their accounts need no password), an API key, and for the sign-in form one account
    with a password."""

    def account(role: Role) -> int:
        email = f"{secrets.token_hex(4)}@example.com"
        user = User(email=email, display_name=role, role=role, password_hash="!")  # none opens it
        db.session.add(user)
        db.session.commit()
        return user.id

    return {
        "operator A (owner)": account(Role.OPERATOR),
        "operator B": account(Role.OPERATOR),
        "admin": account(Role.ADMIN),
        "key": api_key,
        "operator key": api_keys.create_api_key("walk desk", Role.OPERATOR)[1],
        "walker": lambda: make_user(Role.OPERATOR).email,
    }


def test_every_route_has_an_entry_and_every_entry_a_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ROUTES.keys() == set(), "say in ROUTES who may reach these routes"
    assert ROUTES.keys() - endpoints == set(), "these entries name no route any more"


def test_each_view_wears_role_required_as_its_entry_says(app):
    for endpoint, view in app.view_functions.items():
        assert endpoint in ROUTES, f"say in ROUTES who may reach {endpoint}"
        assert getattr(view, "roles", None) == MARKED[ROUTES[endpoint]], endpoint


@pytest.mark.parametrize(("endpoint", "method"), _rules())
def test_each_route_answers_each_caller_as_its_entry_says(app, people, endpoint, method):
    assert endpoint in ROUTES, f"say in ROUTES who may reach {endpoint}"
    for rule in app.url_map.iter_rules(endpoint):
        if method in rule.methods:
            walk_rule(app, rule, method, people, ROUTES[endpoint])


def test_an_admin_only_view_refuses_operators_with_the_japanese_403_page(app, people):
    app.add_url_rule("/admin/walk-probe", "walk_probe", admin_required(lambda: "管理者だけ"))
    (rule,) = app.url_map.iter_rules("walk_probe")
    walk_rule(app, rule, "GET", people, ADMIN)
