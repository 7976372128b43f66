"""JSON API v1 for the centre's CRM/CTI: Bearer API keys, one error shape."""

from flask import Blueprint
from flask import current_app
from flask import g
from flask import jsonify
from flask import request
from flask import url_for
from werkzeug.exceptions import HTTPException

from service import auth
from service import catalog
from service import guidance
from service import shortcodes
from service import sms
from service.clients import matches
from service.db import utcnow
from service.errors import InvalidInput
from service.errors import NotFound
from service.errors import TebikiError
from service.guidance import LinkSettings
from service.live import sse_response
from service.media import Picture
from service.media import pictures
from service.models import GuidanceSession
from service.models import Step

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status: int, code: str, message: str, **extra):
    """Return the API's one error shape."""
    return jsonify({"error": code, "message": message, **extra}), status


class BadJson(TebikiError):
    code = "invalid_json"


@bp.errorhandler(TebikiError)
def _domain_error(exc: TebikiError):
    extra = {"field": exc.field} if isinstance(exc, InvalidInput) else {}
    return error(exc.status, exc.code, exc.message, **extra)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    code = (exc.name or "error").lower().replace(" ", "_")
    return error(exc.code or 500, code, exc.description or exc.name)


@bp.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    key = auth.api_key_for(raw.strip(), utcnow()) if scheme.lower() == "bearer" else None
    if key is None:
        response, status = error(
            401, "unauthorized", "A valid API key is required: Authorization: Bearer <key>."
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="tebiki"'
        return response, status
    g.api_key = key


@bp.get("/devices")
def devices():
    return jsonify(
        [
            {
                "slug": device.slug,
                "name": device.name,
                "aliases": device.aliases,
                "guides": [
                    {
                        "slug": guide.slug,
                        "title": guide.title,
                        "total_steps": guide.current_version.total_steps,
                    }
                    for guide in device.guides
                    if guide.current_version is not None
                ],
            }
            for device in catalog.devices()
        ]
    )


@bp.get("/devices/<device_slug>/guides/<guide_slug>")
def guide_detail(device_slug: str, guide_slug: str):
    guide = catalog.guide(device_slug, guide_slug, missing=NotFound)
    version = guide.current_version
    images = pictures([step.image_digest for step in version.steps])
    return jsonify(
        {
            "device": guide.device.slug,
            "slug": guide.slug,
            "title": guide.title,
            "version": version.number,
            "total_steps": version.total_steps,
            "steps": [_step_json(step, images.get(step.image_digest)) for step in version.steps],
        }
    )


def _step_json(step: Step, picture: Picture | None) -> dict:
    image = None
    if picture is not None:
        image = {
            "webp": picture.webp[max(picture.webp)],
            "png": picture.png[max(picture.png)],
            "width": picture.width,
            "height": picture.height,
            "alt": step.image_alt,
            "srcset": {"webp": picture.srcset("webp"), "png": picture.srcset("png")},
        }
    return {
        "number": step.number,
        "key": step.key,
        "title": step.title,
        "text": step.text,
        "operator_script": step.operator_script,
        "warning": step.warning,
        "image": image,
        "next": step.next_step,
        "choices": [{"label": c.label, "next": c.next_step} for c in step.choices],
        "needs_check": step.needs_check,
    }


@bp.post("/sessions")
def create_session():
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        raise BadJson("The body must be a JSON object.")
    _require_strings(body, "device", "guide", "phone")
    guide = catalog.guide(body["device"], body["guide"])
    session = guidance.start(
        guide_version=guide.current_version,
        phone=body["phone"],
        settings=LinkSettings.from_config(current_app.config),
        sms=sms.provider(),
        now=utcnow(),
        api_key=g.api_key,
    )
    return jsonify(_session_json(session)), 201


@bp.get("/sessions/<session_id>")
def get_session(session_id: str):
    return jsonify(_session_json(guidance.get(session_id)))


@bp.delete("/sessions/<session_id>")
def revoke_session(session_id: str):
    session = guidance.get(session_id)
    guidance.revoke(session, utcnow(), api_key=g.api_key)
    return jsonify(_session_json(guidance.get(session_id)))


def _json_body() -> dict:
    body = request.get_json(silent=True, force=True)
    if body is None and request.get_data():
        raise BadJson("The body must be JSON.")
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise BadJson("The body must be a JSON object.")
    return body


def _require_strings(body: dict, *fields: str) -> None:
    for field in fields:
        if not isinstance(body.get(field), str) or not body[field].strip():
            raise InvalidInput(field, f"'{field}' is required and must be a non-empty string.")


def _integer(body: dict, field: str) -> int:
    value = body.get(field)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(field, f"'{field}' is required and must be an integer.")
    return value


@bp.post("/sessions/<session_id>/short-code")
def create_short_code(session_id: str):
    session = guidance.get(session_id)
    guidance.ensure_active(session, utcnow())
    settings = LinkSettings.from_config(current_app.config)
    issued = shortcodes.issue(
        session,
        settings,
        current_app.config["SHORT_CODE_MINUTES"],
        utcnow(),
        by=f"api_key:{g.api_key.id}",
    )
    return jsonify(
        {
            "code": issued.code,
            "entry_url": settings.public_url + url_for("customer.short_code"),
            "expires_at": issued.expires_at.isoformat(),
        }
    ), 201


@bp.post("/sessions/<session_id>/step")
def move_session(session_id: str):
    session = guidance.get(session_id)
    guidance.move_to(session, _integer(_json_body(), "step"), utcnow(), api_key=g.api_key)
    return jsonify(_session_json(guidance.get(session_id)))


@bp.post("/sessions/<session_id>/switch")
def switch_session(session_id: str):
    session = guidance.get(session_id)
    body = _json_body()
    _require_strings(body, "device", "guide")
    target = catalog.guide(body["device"], body["guide"])
    guidance.switch(session, target.current_version, utcnow(), api_key=g.api_key)
    return jsonify(_session_json(guidance.get(session_id)))


@bp.post("/sessions/<session_id>/extend")
def extend_session(session_id: str):
    session = guidance.get(session_id)
    guidance.extend(session, _integer(_json_body(), "minutes"), utcnow(), api_key=g.api_key)
    return jsonify(_session_json(guidance.get(session_id)))


@bp.post("/sessions/<session_id>/resend")
def resend_session(session_id: str):
    session = guidance.get(session_id)
    sent = guidance.resend(
        session,
        LinkSettings.from_config(current_app.config),
        sms.provider(),
        utcnow(),
        api_key=g.api_key,
    )
    body = _session_json(guidance.get(session_id))
    return jsonify({**body, "sms": "sent" if sent else "failed"})


@bp.get("/sessions/<session_id>/events")
def session_events(session_id: str):
    return sse_response(guidance.get(session_id).id, guidance.events_after)


def _session_json(session: GuidanceSession) -> dict:
    settings = LinkSettings.from_config(current_app.config)
    version = session.guide_version
    return {
        "id": session.id,
        "url": settings.url(session),
        "status": session.status_at(utcnow()).value,
        "device": version.guide.device.slug,
        "guide": version.guide.slug,
        "guide_version": version.number,
        "current_step": session.current_step,
        "total_steps": version.total_steps,
        "path": session.path,
        "progress": dict(zip(("position", "total"), guidance.progress(session), strict=True))
        if session.current_step
        else None,
        "created_at": session.created_at.isoformat(),
        "expires_at": session.expires_at.isoformat(),
        "passphrase": session.passphrase,
        "client": _client_json(session) if session.opened_at else None,
    }


def _client_json(session: GuidanceSession) -> dict:
    return {
        "os": session.client_os,
        "browser": session.client_browser,
        "model": session.client_model,
        "matches_device": matches(session.guide_version.guide.device.family, session.client_family),
    }
