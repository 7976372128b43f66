"""Sending texts: one small interface, one module per provider."""

from dataclasses import dataclass
from typing import Protocol

from flask import Flask
from flask import current_app

EXTENSION = "tebiki.sms"
# Where each provider reports what became of a text (``service.sms.callbacks``).
TWILIO_STATUS_PATH = "/sms/twilio/status"
HTTP_STATUS_PATH = "/sms/http/status"

# GSM 03.38 basic set; one character outside it makes the whole text UCS-2.
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


class SmsError(Exception):
    """The provider did not accept the text; ``permanent`` when asking again cannot help."""

    def __init__(self, message: str = "", permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def refusal(status: int) -> bool:
    """Whether an HTTP answer ``status`` refuses the text for good (a bad number or key), as
    opposed to a provider busy or down for now."""
    return 400 <= status < 500 and status not in (408, 425, 429)


@dataclass(frozen=True)
class SendResult:
    provider: str
    message_id: str


class SmsProvider(Protocol):
    name: str

    def send(self, to: str, body: str) -> SendResult:
        """Send ``body`` to the E.164 number ``to``, or raise ``SmsError``."""


def is_gsm(body: str) -> bool:
    """Whether ``body`` fits the GSM 7-bit alphabet (else it goes as UCS-2)."""
    return set(body) <= _GSM7


def segments(body: str) -> int:
    """Return how many SMS parts ``body`` takes on an older handset."""
    if is_gsm(body):
        single, part, length = 160, 153, len(body)
    else:
        # UCS-2 counts UTF-16 code units: characters beyond the BMP take two.
        single, part, length = 70, 67, len(body.encode("utf-16-le")) // 2
    if length <= single:
        return 1
    return -(-length // part)


def make_provider(config) -> SmsProvider:
    """Return the provider named by ``SMS_PROVIDER``."""
    name = config["SMS_PROVIDER"]
    if name == "console":
        from service.sms.console import ConsoleProvider

        return ConsoleProvider()
    if name == "twilio":
        from service.sms.twilio import TwilioProvider

        return TwilioProvider.from_config(config)
    if name == "http":
        from service.sms.http import HttpProvider

        return HttpProvider.from_config(config)
    raise ValueError(f"SMS_PROVIDER must be 'console', 'twilio' or 'http', not {name!r}")


def init_app(app: Flask) -> None:
    """Create the app's SMS provider."""
    app.extensions[EXTENSION] = make_provider(app.config)


def provider() -> SmsProvider:
    """Return the current app's SMS provider."""
    return current_app.extensions[EXTENSION]
