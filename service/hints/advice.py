"""What the operator reads from the hints: how the code comes, where the mail lands, and
whether another guide fits better than the one chosen."""

from dataclasses import dataclass

from service.hints import issuers
from service.hints.choose import SessionHints
from service.hints.mail_domains import MailDomain
from service.hints.mail_domains import app_for
from service.hints.mail_domains import lookup
from service.hints.suggest import APP_NAMES
from service.hints.suggest import guide_first
from service.models import CardIssuer
from service.models.hints import CHANNEL_NAMES


@dataclass(frozen=True)
class Advice:
    issuer: CardIssuer | None
    issuer_unknown: bool
    channel: str | None
    mail_domain: str | None
    mail: MailDomain | None
    # Where the mail lands on this phone ("「メール」（青い封筒の絵）"); None when unknown.
    mail_app: str | None
    # A guide of the same device that fits the hints better than the chosen one.
    better_guide: object | None

    def __bool__(self) -> bool:
        return bool(self.issuer or self.issuer_unknown or self.mail_domain)


def advice(hints: SessionHints, device, guide, *, unknown: bool = False) -> Advice:
    """Return what the hints tell the operator about sending ``guide`` to ``device``."""
    family = "" if unknown else device.family  # an unknown phone: its family comes later
    first = guide_first(hints, family)
    better = None
    if first and guide is not None and first != guide.slug:
        better = next((g for g in device.guides if g.slug == first), None)
    app = app_for(hints.mail_domain, family)
    return Advice(
        issuer=hints.issuer,
        issuer_unknown=hints.issuer_unknown,
        channel=CHANNEL_NAMES[hints.issuer.channel] if hints.issuer else None,
        mail_domain=hints.mail_domain,
        mail=lookup(hints.mail_domain),
        mail_app=APP_NAMES.get(app) if app else None,
        better_guide=better,
    )


def for_session(session) -> Advice:
    """Return the advice for a live session, from what it stored."""
    guide = session.guide_version.guide
    hints = SessionHints(
        issuer=issuers.by_slug(session.issuer_slug) if session.issuer_slug else None,
        mail_domain=session.mail_domain,
        issuer_unknown=session.issuer_slug == issuers.UNKNOWN,
    )
    return advice(hints, guide.device, guide, unknown=session.device_guessed)
