"""What the API answers, as pydantic models: each view's JSON is checked against its model.

Answers forbid members their model does not name, so the document lists every field a
CRM receives and an answer that drifts from it fails in the tests, not at the CRM.
"""

from pydantic import AwareDatetime
from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field

from service.models import DeliveryStatus
from service.models import Outcome
from service.models import SessionStatus
from service.models.webhooks import EndpointState


class Answer(BaseModel):
    """A JSON object the API sends, with exactly these members."""

    model_config = ConfigDict(extra="forbid")


class Error(Answer):
    """Every refusal: a code to branch on, a message in Japanese, the field at fault."""

    error: str = Field(description="invalid_input, not_found, conflict, rate_limited...")
    message: str = Field(description="what went wrong, in Japanese, fit to show a person")
    field: str | None = Field(None, description="the field or header refused (invalid_input)")


class Progress(Answer):
    position: int
    total: int


class Client(Answer):
    os: str | None
    browser: str | None
    model: str | None
    matches_device: bool | None = Field(description="the phone fits the chosen device")


class Session(Answer):
    """A guidance session as it is now."""

    id: str
    url: str = Field(description="the customer's link: do not log it")
    status: SessionStatus
    outcome: Outcome | None = Field(description="null while the session can go on")
    device: str
    guide: str
    guide_version: int
    current_step: int | None = Field(description="the number both screens show")
    total_steps: int
    step_key: str | None
    path: list[str] = Field(description="the keys of the steps taken")
    progress: Progress | None
    created_at: AwareDatetime
    expires_at: AwareDatetime
    passphrase: str = Field(description="the word both screens show")
    client: Client | None = Field(description="the phone that opened the link")
    issuer: str | None
    mail_domain: str | None = Field(description="forgotten when the session ends")
    reference: str | None
    operator: str | None


class Resent(Session):
    """The session after a resend, and whether the SMS provider took the text."""

    sms: str = Field(pattern="^(queued|sent|failed)$")


class SessionPage(Answer):
    """One page of sessions, newest first."""

    sessions: list[Session]
    next_cursor: str | None = Field(description="pass back as cursor; null on the last page")


class ShortCode(Answer):
    """Six digits for the operator to read aloud, typed at ``entry_url``."""

    code: str = Field(pattern="^[0-9]{6}$")
    entry_url: str
    expires_at: AwareDatetime


class GuideSummary(Answer):
    slug: str
    title: str
    total_steps: int


class Device(Answer):
    """A phone family and the guides it has."""

    slug: str
    name: str
    aliases: list[str]
    guides: list[GuideSummary]


class Srcset(Answer):
    webp: str
    png: str


class StepImage(Answer):
    webp: str
    png: str
    width: int
    height: int
    alt: str
    srcset: Srcset


class Choice(Answer):
    label: str
    next: int


class Step(Answer):
    """One step of a guide; ``number`` and ``next`` are places in the pack."""

    number: int
    label: int | None = Field(description="the number the screens show for the step")
    key: str
    title: str
    text: str
    operator_script: str
    warning: bool
    image: StepImage | None
    next: int | None
    choices: list[Choice]
    needs_check: str | None
    sources: list[str]
    ending: str | None


class GuideDetail(Answer):
    """A guide's current version, every step with its picture."""

    device: str
    slug: str
    title: str
    version: int
    total_steps: int
    steps: list[Step]


class Renditions(Answer):
    webp: str
    png: str
    srcset: Srcset


class Image(Answer):
    """A stored screenshot; ``id`` is the digest a step names."""

    id: str
    name: str
    width: int
    height: int
    target: list[int] | None
    renditions: Renditions


class Webhook(Answer):
    """A webhook endpoint (never its secret)."""

    id: int
    url: str
    events: list[str]
    state: EndpointState
    failures: int
    failing_since: AwareDatetime | None
    created_at: AwareDatetime
    previous_secret_until: AwareDatetime | None


class WebhookSecret(Webhook):
    """An endpoint with its signing secret, shown this once."""

    secret: str = Field(pattern="^whsec_")


class Delivery(Answer):
    """One line of an endpoint's delivery log."""

    id: int
    event_id: int
    session: str
    type: str | None
    status: DeliveryStatus
    attempts: int
    next_attempt_at: AwareDatetime | None
    last_status: int | None
    last_error: str | None
    sent_at: AwareDatetime | None
    created_at: AwareDatetime


class FunnelStep(Answer):
    number: int
    key: str
    title: str
    reached: int
    left: int
    median_seconds: float | None
    help: int
    moves: int
    hard: int


class TimeToComplete(Answer):
    median_seconds: float | None
    sessions: int


class Funnel(Answer):
    """Where customers get stuck, for the filters asked."""

    filters: dict[str, str]
    sessions: int
    completed: int
    outcomes: dict[str, int]
    time_to_complete: TimeToComplete
    steps: list[FunnelStep]
    feedback: dict[str, int]
    self_service: int
