"""The API's answers built from the models: sessions, guides and steps as JSON.

Each answer is checked against its model in ``service.api.answers`` on the way out.
"""

from service.media.pictures import Picture
from service.models import GuidanceSession
from service.models import Step
from service.sessions import links
from service.sessions.clients import matches
from service.sessions.progress import main_route_length
from service.sessions.progress import progress
from service.sessions.progress import skips


def step_json(step: Step, picture: Picture | None, label: int | None) -> dict:
    """Return one step of a guide as the API shows it (``label``: the number it is shown as)."""
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
        "label": label,
        "key": step.key,
        "title": step.title,
        "text": step.text,
        "operator_script": step.operator_script,
        "warning": step.warning,
        "image": image,
        "next": step.next_step,
        "choices": [{"label": c.label, "next": c.next_step} for c in step.choices],
        "needs_check": step.needs_check,
        "sources": step.sources,
        "ending": step.ending.value if step.ending else None,
    }


def session_json(session: GuidanceSession, now) -> dict:
    """Return a session as the API shows it, current at ``now``."""
    version = session.guide_version
    if session.current_step:
        position, total = progress(session)
    else:
        position, total = None, main_route_length(version, skips(session))
    return {
        "id": session.id,
        "url": links.settings().url(session),
        "status": session.status_at(now).value,
        "outcome": outcome.value if (outcome := session.outcome_at(now)) else None,
        "device": version.guide.device.slug,
        "guide": version.guide.slug,
        "guide_version": version.number,
        # The numbers both screens show: the position on the customer's path and the total.
        "current_step": position if session.current_step else None,
        "total_steps": total,
        "step_key": version.step(session.current_step).key if session.current_step else None,
        "path": [version.step(number).key for number in session.path],
        "progress": {"position": position, "total": total} if session.current_step else None,
        "created_at": session.created_at.isoformat(),
        "expires_at": session.expires_at.isoformat(),
        "passphrase": session.passphrase,
        "client": _client_json(session) if session.opened_at else None,
        # What the operator or CRM told us; the mail domain is forgotten when the session ends.
        "issuer": session.issuer_slug,
        "mail_domain": session.mail_domain,
        "reference": session.reference,
        "operator": session.operator.email if session.operator else None,
    }


def _client_json(session: GuidanceSession) -> dict:
    return {
        "os": session.client_os,
        "browser": session.client_browser,
        "model": session.client_model,
        "matches_device": matches(session.guide_version.guide.device.family, session.client_family),
    }
