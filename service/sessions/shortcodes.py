"""Short codes: 6 digits the operator reads aloud when the SMS cannot be found.

The customer types them on the short fixed page /c and lands on the session's link. A code
lives ``SHORT_CODE_MINUTES`` (10), works once, and a client that keeps guessing wrong is
refused for a while. Attempts are counted in the database so every app process agrees.
"""

import ipaddress
import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from service import tokens
from service.db import db
from service.errors import TebikiError
from service.errors import TooManyAttempts
from service.models import Attempt
from service.models import GuidanceSession
from service.models import ShortCode
from service.sessions import events
from service.sessions.events import Actor
from service.sessions.events import EventType
from service.sessions.links import LinkSettings
from service.sessions.locking import locked
from service.sessions.locking import one_at_a_time
from service.sessions.steering import ensure_active

ATTEMPT_WINDOW = timedelta(minutes=10)
MAX_WRONG_ATTEMPTS = 5
# Wrong codes from everyone together: a distributed guess stops here (and is logged).
MAX_WRONG_ATTEMPTS_ALL = 300
log = logging.getLogger(__name__)
CODE_LENGTH = 6


class WrongCode(TebikiError):
    """The code is not one we gave out, or no longer works."""

    status = 422
    code = "wrong_code"

    MESSAGES = {
        "unknown": "この番号は見つかりません。",
        "expired": "この番号は期限が切れています。",
        "used": "この番号はもう使われています。",
    }

    def __init__(self, reason: str):
        super().__init__(self.MESSAGES[reason])
        self.reason = reason  # "unknown", "expired" or "used"


@dataclass(frozen=True)
class IssuedCode:
    """A code just made: shown once to the operator, never stored in clear."""

    code: str
    expires_at: datetime


@one_at_a_time
def issue(session: GuidanceSession, settings: LinkSettings, now: datetime, by: Actor) -> IssuedCode:
    """Give a live ``session`` a fresh short code; its earlier unused codes stop working."""
    session = locked(session)
    ensure_active(session, now)
    for old in db.session.scalars(
        select(ShortCode).where(ShortCode.session_id == session.id, ShortCode.used_at.is_(None))
    ):
        old.used_at = now
    while True:
        # Unique among live codes, so a typed code can only mean one session.
        code = tokens.short_code()
        digest = tokens.keyed_digest(settings.secret_key, code)
        live = select(ShortCode.id).where(
            ShortCode.code_hash == digest, ShortCode.used_at.is_(None), ShortCode.expires_at > now
        )
        if db.session.scalar(live) is None:
            break
    expires_at = now + settings.short_code_ttl
    db.session.add(
        ShortCode(session_id=session.id, code_hash=digest, created_at=now, expires_at=expires_at)
    )
    # The code itself is never logged: it opens the customer's guide.
    events.record(
        session,
        EventType.SHORT_CODE,
        now,
        step=session.current_step,
        expires_at=expires_at.isoformat(),
        by=by,
    )
    db.session.commit()
    return IssuedCode(code=code, expires_at=expires_at)


def redeem(typed: str, client_key: str, settings: LinkSettings, now: datetime) -> GuidanceSession:
    """Return the session whose live code was typed, using the code up.

    Raises ``TooManyAttempts`` once ``client_key`` has guessed wrong too often lately, and
    ``WrongCode`` (counting the attempt) for a code that is unknown, expired or used.
    """
    key = f"short-code:{client_key}"[:100]
    window_start = now - ATTEMPT_WINDOW
    if db.session.get_bind().dialect.name == "postgresql":
        # Count and record one try at a time per client, so parallel guesses cannot all
        # read the count before any of them adds to it. (SQLite writes one at a time anyway.)
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
    db.session.execute(delete(Attempt).where(Attempt.at < window_start))
    recent = select(func.count()).select_from(Attempt).where(Attempt.at >= window_start)
    everyone = db.session.scalar(recent)
    wrong = db.session.scalar(recent.where(Attempt.key == key))
    # The global ceiling (a guess spread over many addresses) stops only clients that have
    # already guessed wrong: a customer typing the code read to them gets in on the first
    # try however many others guess, so the ceiling cannot lock everyone out.
    if wrong >= MAX_WRONG_ATTEMPTS or (wrong and everyone >= MAX_WRONG_ATTEMPTS_ALL):
        if everyone >= MAX_WRONG_ATTEMPTS_ALL:
            log.warning("short codes: %s wrong tries in 10 minutes; refusing all", everyone)
        db.session.commit()
        raise TooManyAttempts("入力が多すぎます。10分ほど待ってから、もう一度入れてください。")
    digits = normalise(typed)
    found = None
    if len(digits) == CODE_LENGTH:
        found = db.session.scalar(
            select(ShortCode)
            .where(ShortCode.code_hash == tokens.keyed_digest(settings.secret_key, digits))
            .order_by(ShortCode.id.desc())
            .with_for_update()
        )
    reason = (
        "unknown"
        if found is None
        else "used"
        if found.used_at is not None
        else "expired"
        if now >= found.expires_at
        else None
    )
    if reason is not None:
        db.session.add(Attempt(key=key, at=now))
        db.session.commit()
        raise WrongCode(reason)
    found.used_at = now
    db.session.commit()
    return found.session


def still_usable(
    session: GuidanceSession, code: str, settings: LinkSettings, now: datetime
) -> bool:
    """Whether ``code`` is the session's live code: not used, not replaced, not expired."""
    found = db.session.scalar(
        select(ShortCode.id).where(
            ShortCode.session_id == session.id,
            ShortCode.code_hash == tokens.keyed_digest(settings.secret_key, code),
            ShortCode.used_at.is_(None),
            ShortCode.expires_at > now,
        )
    )
    return found is not None


def client_key(address: str | None) -> str:
    """Return whom to count tries against: the IPv4 address, or the IPv6 /64 network.

    One IPv6 customer holds a whole /64, so counting single addresses would let them rotate.
    """
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def normalise(typed: str) -> str:
    """Keep the digits of what was typed: full-width digits count, spaces and dashes do not."""
    return "".join(c for c in unicodedata.normalize("NFKC", typed or "") if c.isdigit())
