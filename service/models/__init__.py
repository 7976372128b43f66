"""Tables and their states, one module per area; importing this package registers them all.

The session event log's table lives with its vocabulary in ``service.sessions.events``, the
one module that writes it; it is imported here so Alembic and the mapper see every table.
"""

from service.models.catalog import Device
from service.models.catalog import Guide
from service.models.catalog import GuideVersion
from service.models.catalog import Step
from service.models.catalog import StepChoice
from service.models.editing import AuditEntry
from service.models.editing import GuideDraft
from service.models.help import HelpUse
from service.models.help import UseKind
from service.models.hints import CardIssuer
from service.models.hints import Channel
from service.models.idempotency import IdempotentRequest
from service.models.limits import Attempt
from service.models.media import Image
from service.models.media import ImageRendition
from service.models.media import ImageUpload
from service.models.outcomes import Ending
from service.models.outcomes import Outcome
from service.models.sessions import GuidanceSession
from service.models.sessions import SessionStatus
from service.models.sessions import ShortCode
from service.models.sms import OutboxMessage
from service.models.sms import SmsTemplate
from service.models.sms import SmsText
from service.models.sms import TextStatus
from service.models.staff import ApiKey
from service.models.staff import Role
from service.models.staff import SignInTries
from service.models.staff import StaffLogin
from service.models.staff import User
from service.models.webhooks import DeliveryStatus
from service.models.webhooks import EndpointState
from service.models.webhooks import WebhookDelivery
from service.models.webhooks import WebhookEndpoint
from service.sessions.events import EventType
from service.sessions.events import SessionEvent

__all__ = [
    "ApiKey",
    "Attempt",
    "AuditEntry",
    "CardIssuer",
    "DeliveryStatus",
    "Channel",
    "Device",
    "Ending",
    "EndpointState",
    "EventType",
    "GuidanceSession",
    "Guide",
    "GuideDraft",
    "GuideVersion",
    "HelpUse",
    "IdempotentRequest",
    "Image",
    "ImageRendition",
    "ImageUpload",
    "OutboxMessage",
    "Outcome",
    "Role",
    "SessionEvent",
    "SessionStatus",
    "ShortCode",
    "SignInTries",
    "SmsTemplate",
    "StaffLogin",
    "SmsText",
    "Step",
    "StepChoice",
    "TextStatus",
    "UseKind",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
