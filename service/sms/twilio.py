"""Twilio Programmable Messaging, through its SDK."""

from requests import RequestException
from twilio.base.exceptions import TwilioException
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from service.sms import TWILIO_STATUS_PATH
from service.sms import SendResult
from service.sms import SmsError
from service.sms import refusal

SEND_TIMEOUT_SECONDS = 10


class TwilioProvider:
    name = "twilio"

    def __init__(self, client: Client, sender: str, status_url: str):
        self.client = client
        self.sender = sender
        self.status_url = status_url

    @classmethod
    def from_config(cls, config, http_client=None) -> "TwilioProvider":
        """Build the provider from ``TWILIO_*`` settings; fail at start-up if one is missing."""
        missing = [
            name
            for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")
            if not config.get(name)
        ]
        if missing:
            raise ValueError("SMS_PROVIDER=twilio needs " + ", ".join(missing))
        # A provider that hangs must not hold the worker for ever.
        http_client = http_client or TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS)
        client = Client(
            config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], http_client=http_client
        )
        # Twilio reports each text's fate there (``service.sms.callbacks``).
        status_url = config.get("PUBLIC_URL", "").rstrip("/") + TWILIO_STATUS_PATH
        return cls(client, config["TWILIO_FROM"], status_url)

    def send(self, to: str, body: str) -> SendResult:
        try:
            message = self.client.messages.create(
                to=to, from_=self.sender, body=body, status_callback=self.status_url
            )
        except TwilioRestException as exc:
            raise SmsError(str(exc), refusal(exc.status)) from exc
        except (TwilioException, RequestException) as exc:
            raise SmsError(str(exc)) from exc
        return SendResult(provider=self.name, message_id=message.sid)
