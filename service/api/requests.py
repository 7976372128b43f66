"""What the API takes: bodies and queries as pydantic models (JSON Schema 2020-12).

JSON bodies are strict (``"12"`` is not a number, ``true`` not an integer, ``5`` not a
string), as the hand-written readers were; queries are text, so their numbers are read
from it. Each field's ``Say`` is its refusal in Japanese.
"""

from typing import Annotated
from typing import Any

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import StringConstraints
from pydantic import WithJsonSchema
from pydantic import model_validator

from service.api.spec import Say
from service.hints.mail_domains import MAX_LENGTH as MAX_DOMAIN_TYPED
from service.inputs import MAX_STEP
from service.models import Outcome
from service.models import SessionStatus
from service.sessions.listing import MAX_PAGE
from service.sessions.steering import MAX_EXTEND_MINUTES
from service.sms.numbers import MAX_TYPED
from service.webhooks.addresses import MAX_URL

# Slugs and names are short: a longer value is refused before it is looked up or quoted.
SLUG_LIMIT = 60


def text(limit: int = SLUG_LIMIT, description: str | None = None):
    """Return the type of a non-blank string of at most ``limit`` characters (stripped)."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=limit, pattern=r"\S"),
        Field(description=description),
        Say(f"'{{field}}' は {limit} 文字までの空でない文字列で送ってください。"),
    ]


def whole(low: int, high: int, description: str | None = None):
    """Return the type of an integer from ``low`` to ``high``."""
    return Annotated[
        int,
        Field(ge=low, le=high, description=description),
        Say(f"'{{field}}' は {low} から {high} の整数で送ってください。"),
    ]


def query_text(limit: int = SLUG_LIMIT, description: str | None = None):
    """Return the type of a query argument of at most ``limit`` characters."""
    return Annotated[
        str | None,
        Field(None, max_length=limit, description=description),
        Say(f"'{{field}}' は {limit} 文字までです。"),
    ]


def choice(kind, description: str):
    """Return the type of a query argument naming one member of the enum ``kind``."""
    names = "、".join(member.value for member in kind)
    return Annotated[
        kind | None,
        Field(None, description=description),
        Say(f"'{{field}}' は次のどれかです：{names}"),
    ]


class Body(BaseModel):
    """A JSON object the API reads (unknown members are ignored)."""

    model_config = ConfigDict(strict=True, extra="ignore")


class NewSession(Body):
    """Start a session and text the customer its link."""

    device: text(description='a device slug from GET /api/v1/devices, or "unknown"')
    guide: text(description="one of the device's guides")
    phone: text(MAX_TYPED, "a Japanese mobile number (070/080/090), as typed")
    issuer: text(40, "the card issuer's slug") | None = None
    mail_domain: text(MAX_DOMAIN_TYPED, "the mail domain (of an address, after @)") | None = None
    reference: text(100, "the CRM's ticket id") | None = None
    operator: text(254, "the e-mail of the staff member the call is with") | None = None


class MoveTo(Body):
    """A step to put the customer on: its ``key``, or ``step`` as the screens number it."""

    key: text(description="the step's key (from the guide)") | None = None
    step: whole(1, MAX_STEP, "the number both screens show for the step") | None = None


class SwitchTo(Body):
    """Another device's (or task's) guide for the session."""

    device: text()
    guide: text()


class Extension(Body):
    """More minutes for the link."""

    minutes: whole(1, MAX_EXTEND_MINUTES)


EVENTS_SAY = Say('events はイベント種別の名前の配列です（すべてなら ["*"]）。')


class NewWebhook(Body):
    """An endpoint to receive session events."""

    url: Annotated[
        str,
        Field(max_length=MAX_URL, description="https address of the receiver"),
        Say(f"url は {MAX_URL} 文字までの URL です。"),
    ]
    events: Annotated[
        list[str] | None,
        Field(None, description='event types to receive (default ["*"]: all)'),
        EVENTS_SAY,
    ] = None


class Query(BaseModel):
    """Query arguments: an empty one is as if it were not sent."""

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data):
        if isinstance(data, dict):
            return {name: value for name, value in data.items() if value != ""}
        return data


class SessionQuery(Query):
    """The filters and page of GET /api/v1/sessions (empty values mean any)."""

    status: choice(SessionStatus, "the session's status now")
    outcome: choice(Outcome, "how it ended")
    device: query_text(description="a device slug")
    guide: query_text(description="a guide slug")
    operator: query_text(254, "the operator's e-mail")
    reference: query_text(100, "the CRM's ticket id")
    created_from: query_text(40, "a day in Japan (2026-12-03) or a time with its offset")
    created_to: query_text(40, "a day in Japan (2026-12-03) or a time with its offset")
    limit: Annotated[
        int | None,
        Field(None, ge=1, le=MAX_PAGE, description="sessions per page (50)"),
        Say(f"'{{field}}' は 1 から {MAX_PAGE} の整数で送ってください。"),
    ]
    cursor: query_text(200, "the previous page's next_cursor")


class FunnelQuery(Query):
    """The filters of the funnel (all optional)."""

    model_config = ConfigDict(populate_by_name=True)

    device: query_text(description="a device slug")
    guide: query_text(description="a guide slug (needs device)")
    from_: Annotated[
        str | None,
        Field(None, alias="from", max_length=10, description="first day in Japan, 2026-12-01"),
        Say("'{field}' は 10 文字までです。"),
    ]
    to: query_text(10, "last day in Japan, 2026-12-31")
    operator: query_text(20, "a staff id")


FILE = Annotated[
    Any,
    WithJsonSchema({"type": "string", "contentMediaType": "application/octet-stream"}),
    Field(description="the screenshot: PNG, JPEG, WebP or HEIC"),
    Say("画像ファイルを選んでください（API では multipart の file）。"),
]


class ImageUpload(BaseModel):
    """A screenshot and what to do to it (multipart form)."""

    file: FILE
    target: query_text(60, "the place to tap: x,y,w,h in the screenshot's pixels")
    redact: query_text(2000, "boxes to hide, x,y,w,h one per line")
    redact_mode: Annotated[
        str | None, Field(None, pattern="^(fill|blur)$"), Say("'{field}' は fill か blur です。")
    ]
    mark: query_text(20, "the mark on the target: ring, arrow, fingertip...")
    name: query_text(200, "a label for the picture (default: the file's name)")
