"""The hints an operator gave for one session, checked, and what they suggest."""

from dataclasses import dataclass

from service.hints import issuers
from service.hints import mail_domains
from service.models import CardIssuer


@dataclass(frozen=True)
class SessionHints:
    """The issuer (None: not given or 「わからない」) and the customer's mail domain."""

    issuer: CardIssuer | None = None
    mail_domain: str | None = None
    # The operator asked and the customer did not know: the panel says what to ask instead.
    issuer_unknown: bool = False

    @property
    def issuer_slug(self) -> str | None:
        """Return the issuer's slug as the session stores it ("unknown" when asked in vain)."""
        if self.issuer:
            return self.issuer.slug
        return issuers.UNKNOWN if self.issuer_unknown else None


def resolve(issuer: str | None, mail_domain: str | None) -> SessionHints:
    """Check what the operator picked and typed; raise ``InvalidInput`` naming the field."""
    return SessionHints(
        issuer=issuers.chosen(issuer),
        mail_domain=mail_domains.normalize(mail_domain or ""),
        issuer_unknown=issuer == issuers.UNKNOWN,
    )
