"""The text that carries the link, in the centre's words: {shop}, {operator}, {link}.

Admins edit it (one row; without one the default applies). It is checked before it is
saved: it must carry the link exactly once and name no other variable, and the page shows
how many characters and SMS parts it takes with a link of the real length.
"""

import re
from dataclasses import dataclass

from service import audit
from service import sms
from service.db import db
from service.db import utcnow
from service.models import SmsTemplate
from service.models import User

DEFAULT = "{shop}です。ご案内の画面はこちら\n{link}"
VARIABLES = ("shop", "operator", "link")
LIMIT = 300
FIELD = re.compile(r"\{([^{}]*)\}")
# A link as long as the real ones: /g/ and a 22-character token.
SAMPLE_TOKEN_LENGTH = 22


@dataclass(frozen=True)
class Count:
    characters: int
    parts: int
    unicode: bool


def current() -> str:
    """Return the wording in use."""
    row = db.session.get(SmsTemplate, 1)
    return row.body if row is not None else DEFAULT


def render(body: str, shop: str, operator: str, link: str) -> str:
    """Return the text for one customer (unknown braces are left as typed)."""
    values = {"shop": shop, "operator": operator, "link": link}
    return FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), body)


def count(text: str) -> Count:
    """Return what a text costs: characters and SMS parts (GSM 7-bit or UCS-2)."""
    parts = sms.segments(text)
    unicode = not sms.is_gsm(text)
    characters = len(text.encode("utf-16-le")) // 2 if unicode else len(text)
    return Count(characters=characters, parts=parts, unicode=unicode)


def problems(body: str) -> list[str]:
    """Return what is wrong with a wording; empty when it may be saved."""
    found = []
    if not body.strip():
        found.append("文面を入れてください。")
    if len(body) > LIMIT:
        found.append(f"{LIMIT} 文字までにしてください。")
    names = FIELD.findall(body)
    unknown = sorted({name for name in names if name not in VARIABLES})
    if unknown:
        found.append("使えるのは {shop}・{operator}・{link} だけです：" + "、".join(unknown))
    if names.count("link") != 1:
        found.append("{link}（案内の画面のリンク）をちょうど1回入れてください。")
    return found


def save(body: str, by: User) -> None:
    """Store a checked wording, with its audit entry."""
    row = db.session.get(SmsTemplate, 1)
    before = row.body if row is not None else DEFAULT
    if row is None:
        row = SmsTemplate(id=1, body=body)
        db.session.add(row)
    row.body, row.updated_at, row.updated_by_id = body, utcnow(), by.id
    audit.record(by, "sms.template", "sms/template", {"body": before}, {"body": body})
    db.session.commit()
