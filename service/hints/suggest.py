"""What the hints suggest to the operator: the guide to send first, and the mail app."""

from typing import TYPE_CHECKING

from service.hints.mail_domains import MESSAGES
from service.hints.mail_domains import app_for

if TYPE_CHECKING:
    from service.hints.choose import SessionHints

SMS_GUIDE = "sms-code"
EMAIL_GUIDE = "email-code"
APP_NAMES = {
    "mail": "「メール」（青い封筒の絵）",
    "gmail": "「Gmail」",
    "yahoo": "「Yahoo!メール」",
    "docomo": "「ドコモメール」",
    "au": "「auメール」",
    "softbank": "ソフトバンクのメール",
    MESSAGES: "「メッセージ」（SMSと同じアプリ）",
}


def mail_app(session) -> str | None:
    """Return the app that receives the session's mail domain on its phone, if known."""
    if not session.mail_domain:
        return None
    return app_for(session.mail_domain, session.guide_version.guide.device.family)


def guide_first(hints: "SessionHints", family: str) -> str | None:
    """Return the slug of the guide the hints say to send first, or None for no opinion.

    A mail domain that arrives in the SMS app on this phone (au on iPhone) wins: the code
    is where the SMS guide looks, whatever the issuer says.
    """
    app = app_for(hints.mail_domain, family)
    if app == MESSAGES:
        return SMS_GUIDE
    if hints.issuer is not None:
        return hints.issuer.guide_slug or None
    return EMAIL_GUIDE if hints.mail_domain else None


def shows_domain(step, skipped: dict[int, int]) -> bool:
    """Whether the customer's page shows their mail domain on ``step``.

    On the question 「メールのアプリを選ぶ」, and on the app's step the hint led to: where the
    customer has to know which address the issuer writes to.
    """
    return any(choice.app for choice in step.choices) or step.number in skipped.values()
