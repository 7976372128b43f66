"""Mail domains and the app that receives each on every phone family.

The table is content (``content/default_hints/mail_domains.toml``), the same on every node,
read once. A domain the operator types that is not in it is still shown to the customer;
only the app cannot be told.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from dataclasses import field
from functools import cache
from pathlib import Path

from service.errors import InvalidInput

HINTS_DIR = Path(__file__).resolve().parent.parent / "content" / "default_hints"
# The SMS app (MMS on iPhone): the mail arrives where the SMS guide looks.
MESSAGES = "messages"
MAX_LENGTH = 100
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN = re.compile(rf"(?:{LABEL}\.)+[a-z]{{2,63}}")


@dataclass(frozen=True)
class MailDomain:
    domain: str
    name: str
    # Phone family -> the app that receives it there ("mail", "gmail", "messages"...).
    apps: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    needs_check: str | None = None


@cache
def table(path: Path = HINTS_DIR / "mail_domains.toml") -> dict[str, MailDomain]:
    """Return the known mail domains, by domain."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        row["domain"]: MailDomain(
            domain=row["domain"],
            name=row["name"],
            apps=dict(row.get("apps", {})),
            sources=tuple(row.get("sources", [])),
            needs_check=row.get("needs_check"),
        )
        for row in data["domains"]
    }


def normalize(typed: str) -> str | None:
    """Return the domain part of what the operator typed, or None for nothing typed.

    Full-width letters, a leading 「＠」 and a whole address are all accepted; only the
    domain is kept (the name before the @ is the customer's and is never stored).
    """
    text = unicodedata.normalize("NFKC", typed or "").strip().lower()
    if not text:
        return None
    domain = text.rsplit("@", 1)[-1].strip().rstrip(".")
    if len(domain) > MAX_LENGTH or not DOMAIN.fullmatch(domain):
        raise InvalidInput(
            "mail_domain",
            "メールのドメインは「docomo.ne.jp」のように、＠のあとの部分を入れてください。",
        )
    return domain


def lookup(domain: str | None) -> MailDomain | None:
    """Return what is known of ``domain``, or None."""
    return table().get(domain) if domain else None


def app_for(domain: str | None, family: str) -> str | None:
    """Return the app that receives ``domain``'s mail on phones of ``family``, if known."""
    known = lookup(domain)
    return known.apps.get(family) if known else None
