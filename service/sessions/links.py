"""A session's secret link: how it looks, starting a session (its text queued), finding it.

Link tokens are 128-bit HMACs of a per-session salt; only their SHA-256 is stored, so a copy
of the database opens no link while the app can show or resend one at any time.
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from flask import Flask
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service import limits
from service import tokens
from service.db import db
from service.errors import LinkGone
from service.errors import NotFound
from service.hints.choose import SessionHints
from service.models import GuidanceSession
from service.models import GuideVersion
from service.models import SessionStatus
from service.models import User
from service.models.sessions import ACTIVE_STATUSES
from service.sessions import events
from service.sessions.events import Actor
from service.sessions.events import EventType
from service.sms import queue as sms_queue
from service.sms import template
from service.sms.numbers import normalize_mobile

LINK_PATH = "/g/"
NO_HINTS = SessionHints()
EXTENSION = "tebiki.links"


@dataclass(frozen=True)
class LinkSettings:
    """What a link looks like and how long it (and a short code) lives."""

    secret_key: str
    public_url: str
    ttl: timedelta
    shop_name: str
    short_code_ttl: timedelta = timedelta(minutes=10)

    @classmethod
    def from_config(cls, config) -> "LinkSettings":
        """Build the settings from the app's configuration."""
        return cls(
            secret_key=config["SECRET_KEY"],
            public_url=config["PUBLIC_URL"],
            ttl=timedelta(minutes=config["LINK_TTL_MINUTES"]),
            shop_name=config["SHOP_NAME"],
            short_code_ttl=timedelta(minutes=config["SHORT_CODE_MINUTES"]),
        )

    def url(self, session: GuidanceSession) -> str:
        """Return the customer's link for ``session``."""
        return self.public_url + self.path(session)

    def path(self, session: GuidanceSession) -> str:
        """Return the path part of the customer's link."""
        return LINK_PATH + tokens.link_token(self.secret_key, session.token_salt)

    def sms_text(self, url: str, operator: str = "") -> str:
        """Return the text announcing ``url``, in the centre's wording (one segment by
        default)."""
        return template.render(template.current(), self.shop_name, operator, url)


def init_app(app: Flask) -> None:
    """Build the app's link settings once, from its configuration."""
    app.extensions[EXTENSION] = LinkSettings.from_config(app.config)


def settings() -> LinkSettings:
    """Return the current app's link settings."""
    return current_app.extensions[EXTENSION]


def start(
    *,
    guide_version: GuideVersion,
    phone: str,
    settings: LinkSettings,
    now: datetime,
    by: Actor,
    device_guessed: bool = False,
    request_key: str | None = None,
    hints: SessionHints = NO_HINTS,
    reference: str | None = None,
    operator: User | None = None,
) -> GuidanceSession:
    """Create a session for ``phone`` and queue the text of its link.

    With ``request_key``, the same request made again (a double click, Back and send again)
    returns the session the first one made, and texts nothing more.

    With ``device_guessed`` the operator did not know the phone: the session starts on
    ``guide_version`` and moves to the same task for the phone's family when it is opened.

    ``hints`` carry the card issuer and the customer's mail domain the operator gave; the
    domain is kept only until the session ends, and never goes into the event log.

    ``reference`` is the CRM's ticket id; ``operator`` the operator a CRM made the session
    for (they then see and steer it in the console), when that is not the one acting.

    The text is queued in the session's own transaction and sent by this process's worker
    woken after the commit (``sessions.texting``), never on the request's path: a provider
    that hangs holds up no one, and a link that reached a phone always leads somewhere. A
    refused text does not undo the session: the operator still has the QR code and the link,
    and the status turns ``delivery_failed`` live.
    """
    if request_key is not None and (earlier := made_by(request_key)) is not None:
        return earlier
    number = normalize_mobile(phone)
    limits.count_text(number, now)
    salt = tokens.new_salt()
    session = GuidanceSession(
        id=tokens.new_id(),
        token_salt=salt,
        token_hash=tokens.digest(tokens.link_token(settings.secret_key, salt)),
        guide_version=guide_version,
        operator_id=operator.id if operator is not None else by.user_id,
        api_key_id=by.api_key_id,
        phone=number,
        phone_last4=number[-4:],
        status=SessionStatus.SENT,
        created_at=now,
        expires_at=now + settings.ttl,
        passphrase=tokens.new_passphrase(_live_passphrases(now)),
        device_guessed=device_guessed,
        request_key=request_key,
        issuer_slug=hints.issuer_slug,
        mail_domain=hints.mail_domain,
        reference=reference,
    )
    db.session.add(session)
    guide = guide_version.guide
    events.record(
        session,
        EventType.CREATED,
        now,
        device=guide.device.slug,
        guide=guide.slug,
        version=guide_version.number,
        by=by,
        **({"issuer": hints.issuer_slug} if hints.issuer_slug else {}),
        reference=reference,
    )
    sms_queue.add(session, now)
    try:
        db.session.commit()
    except IntegrityError:
        # The same request, a moment earlier, in another process: that one sends the text.
        db.session.rollback()
        earlier = made_by(request_key) if request_key is not None else None
        if earlier is None:
            raise
        return earlier
    sms_queue.wake()
    return session


def made_by(request_key: str) -> GuidanceSession | None:
    """Return the session the request ``request_key`` created, if any."""
    return db.session.scalar(
        select(GuidanceSession).where(GuidanceSession.request_key == request_key)
    )


def _live_passphrases(now: datetime) -> set[str]:
    """Return the words of the sessions whose links work now: a new one must differ."""
    return set(
        db.session.scalars(
            select(GuidanceSession.passphrase).where(
                GuidanceSession.status.in_(ACTIVE_STATUSES), GuidanceSession.expires_at > now
            )
        )
    )


def for_token(token: str, now: datetime) -> GuidanceSession:
    """Return the session a customer's link opens, or raise ``NotFound`` / ``LinkGone``."""
    session = db.session.scalar(
        select(GuidanceSession).where(GuidanceSession.token_hash == tokens.digest(token))
    )
    if session is None:
        raise NotFound("このリンクは見つかりません。")
    ensure_link_works(session, now)
    return session


def ensure_link_works(session: GuidanceSession, now: datetime) -> None:
    """Refuse (rolling back what was begun) a link that has expired or been revoked."""
    status = session.status_at(now)
    if status in (SessionStatus.EXPIRED, SessionStatus.REVOKED):
        db.session.rollback()
        raise LinkGone(status.value)
