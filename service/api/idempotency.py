"""Idempotency-Key on every API POST: a retried request gets the first answer, done once.

The first request with a key claims it by inserting a row (the unique constraint decides
between racing copies) and runs; its answer is stored when it ends. A copy that arrives
while the first runs waits for that answer, up to ``IDEMPOTENCY_WAIT_SECONDS``, then gets
409 and may retry. The same key with another method, path or body is refused (422). Keys
are kept 24 hours; a 5xx answer frees the key, so a retry may run again. The link in a
session's answer is not stored (its token is a secret kept only hashed): a replay
computes it again from the session.
"""

import hashlib
import json
import re
import time
from datetime import timedelta
from http import HTTPStatus

from flask import Response
from flask import current_app
from flask import g
from flask import request
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.db import db
from service.db import utcnow
from service.errors import Conflict
from service.errors import InvalidInput
from service.errors import TebikiError
from service.models import GuidanceSession
from service.models import IdempotentRequest
from service.sessions import links

HEADER = "Idempotency-Key"
# Printable ASCII without spaces, as the IETF draft's examples (UUIDs, random strings).
KEY = re.compile(r"[\x21-\x7e]{1,255}")
KEPT = timedelta(hours=24)
# A claim with no answer after this long died with its process; a retry may take it over.
ABANDONED = timedelta(minutes=5)
POLL_SECONDS = 0.05
_CLAIM = "tebiki.idempotency_claim"


class KeyReused(TebikiError):
    """The key was used for another request."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    code = "idempotency_key_reused"


class StillRunning(Conflict):
    """The first request with this key has not finished yet."""

    code = "idempotency_in_progress"


def begin() -> Response | None:
    """Before a POST: claim its key and let it run, or answer with the first result."""
    raw = request.headers.get(HEADER)
    if request.method != "POST" or raw is None:
        return None
    if not KEY.fullmatch(raw):
        raise InvalidInput(HEADER, f"{HEADER} は空白のない英数字・記号で 255 文字までです。")
    fingerprint = hashlib.sha256(
        b"\n".join([request.method.encode(), request.full_path.encode(), request.get_data()])
    ).hexdigest()
    wait_until = time.monotonic() + current_app.config["IDEMPOTENCY_WAIT_SECONDS"]
    while True:
        first = _claim(g.api_key.id, raw, fingerprint)
        if first is None:
            return None
        if first.fingerprint != fingerprint:
            raise KeyReused(
                f"この {HEADER} は別のリクエストに使われています。新しいキーにしてください。"
            )
        if first.status is not None:
            return _replay(first)
        if time.monotonic() >= wait_until:
            raise StillRunning(
                f"同じ {HEADER} のリクエストがまだ処理中です。少し待って送り直してください。"
            )
        db.session.rollback()  # end the read, so the next one sees the first's answer
        time.sleep(POLL_SECONDS)


def finish(response: Response) -> Response:
    """After a POST that claimed a key: keep its answer (a server error frees the key)."""
    claim = g.pop(_CLAIM, None)
    if claim is None:
        return response
    db.session.rollback()  # views commit their own work; anything left is not theirs to keep
    if response.status_code >= 500:
        db.session.execute(delete(IdempotentRequest).where(IdempotentRequest.id == claim))
    else:
        row = db.session.get(IdempotentRequest, claim)
        row.status = response.status_code
        row.body = _without_link(response.get_data(as_text=True))
        row.location = response.headers.get("Location")
    db.session.commit()
    return response


def purge(now) -> int:
    """Forget answers older than 24 hours; return how many."""
    done = db.session.execute(
        delete(IdempotentRequest).where(IdempotentRequest.created_at < now - KEPT)
    )
    db.session.commit()
    return done.rowcount


def _claim(api_key_id: int, key: str, fingerprint: str) -> IdempotentRequest | None:
    """Claim the key (return None), or return the request that holds it."""
    now = utcnow()
    row = IdempotentRequest(
        api_key_id=api_key_id, key=key, fingerprint=fingerprint, created_at=now
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    else:
        g.setdefault(_CLAIM, row.id)
        return None
    first = db.session.scalar(
        select(IdempotentRequest).where(
            IdempotentRequest.api_key_id == api_key_id, IdempotentRequest.key == key
        )
    )
    if first is None:
        return _claim(api_key_id, key, fingerprint)  # it expired between the two statements
    stale = first.created_at < now - KEPT
    dead = first.status is None and first.created_at < now - ABANDONED
    if stale or dead:
        db.session.execute(delete(IdempotentRequest).where(IdempotentRequest.id == first.id))
        db.session.commit()
        return _claim(api_key_id, key, fingerprint)
    return first


def _without_link(body: str) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict) and "url" in data and "id" in data:
        data["url"] = None
    return json.dumps(data, ensure_ascii=False)


def _replay(first: IdempotentRequest) -> Response:
    body = first.body or ""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("url", "") is None:
        session = db.session.get(GuidanceSession, data.get("id"))
        data["url"] = links.settings().url(session) if session else None
        body = json.dumps(data, ensure_ascii=False)
    response = Response(body, status=first.status, mimetype="application/json")
    if first.location:
        response.headers["Location"] = first.location
    response.headers["Idempotent-Replayed"] = "true"
    return response
