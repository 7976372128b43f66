"""Standard Webhooks signatures: ``whsec_`` secrets and the three ``webhook-*`` headers.

The signed content is ``{id}.{timestamp}.{body}``, HMAC-SHA256 with the secret's decoded
bytes, sent as ``v1,<base64>``; several signatures are separated by spaces (a rotation's
overlap signs with the new secret and the previous one).
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime

PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    """Return a fresh secret in the form Standard Webhooks libraries take."""
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """Return ``v1,<base64 HMAC-SHA256>`` of the message under ``secret``."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(secrets_: Iterable[str], message_id: str, at: datetime, body: str) -> dict:
    """Return the headers of one attempt, signed with each of ``secrets_``."""
    timestamp = int(at.timestamp())
    signed = " ".join(signature(secret, message_id, timestamp, body) for secret in secrets_)
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signed,
    }
