"""A configurable JSON POST, for an in-house gateway or a Japanese SMS aggregator."""

import hashlib
import hmac

import requests

from service.sms import HTTP_STATUS_PATH
from service.sms import SendResult
from service.sms import SmsError
from service.sms import refusal

SEND_TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Tebiki-Signature"


def signature(secret: str, body: bytes) -> str:
    """Return the header value that signs ``body``: ``sha256=<hex HMAC>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str | None, body: bytes, header: str | None) -> bool:
    """Whether ``header`` signs ``body`` under ``secret`` (compared in constant time)."""
    if not secret or not header:
        return False
    return hmac.compare_digest(signature(secret, body), header)


class HttpProvider:
    """POST {to, body, status_url} as JSON; the gateway answers {id}."""

    name = "http"

    def __init__(self, url: str, token: str | None, status_url: str):
        self.url = url
        self.token = token
        self.status_url = status_url

    @classmethod
    def from_config(cls, config) -> "HttpProvider":
        """Build the provider from ``SMS_HTTP_*`` settings; fail at start-up if one is missing."""
        missing = [name for name in ("SMS_HTTP_URL", "SMS_HTTP_SECRET") if not config.get(name)]
        if missing:
            raise ValueError("SMS_PROVIDER=http needs " + ", ".join(missing))
        status_url = config.get("PUBLIC_URL", "").rstrip("/") + HTTP_STATUS_PATH
        return cls(config["SMS_HTTP_URL"], config.get("SMS_HTTP_TOKEN"), status_url)

    def send(self, to: str, body: str) -> SendResult:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            # A gateway that hangs must not hold the worker for ever.
            response = requests.post(
                self.url,
                json={"to": to, "body": body, "status_url": self.status_url},
                headers=headers,
                timeout=SEND_TIMEOUT_SECONDS,
            )
            response.raise_for_status()
        except requests.HTTPError as exc:
            raise SmsError(f"SMS gateway: {exc}", refusal(exc.response.status_code)) from exc
        except requests.RequestException as exc:
            raise SmsError(f"SMS gateway: {exc}") from exc
        try:
            message_id = response.json()["id"]
        except (ValueError, KeyError, TypeError) as exc:
            # It may have taken the text: asking again could send it twice.
            raise SmsError(f"SMS gateway: {exc}", permanent=True) from exc
        valid = isinstance(message_id, str | int) and not isinstance(message_id, bool)
        if not valid or message_id == "":
            raise SmsError("SMS gateway answered without a message id", permanent=True)
        return SendResult(provider=self.name, message_id=str(message_id))
