"""The trouble the customer has, in their words, and the guides (and step) that answer it."""

from dataclasses import dataclass

from service.models import Device
from service.models import Guide


@dataclass(frozen=True)
class Trouble:
    """One trouble a customer can name, the guides that answer it, and where to start."""

    slug: str
    words: str
    hint: str
    guides: tuple[str, ...]
    # The step to open at, by its stable key, when the guide has it (else the first).
    start_key: str = ""


TROUBLES = (
    Trouble("not-arrived", "コードが届かない", "SMSやメールが来ません", ("no-code",)),
    Trouble(
        "where",
        "コードがどこにあるかわからない",
        "届いたはずの数字を探します",
        ("sms-code", "email-code"),
    ),
    Trouble(
        "expired",
        "時間切れになった",
        "「期限切れ」と出た・新しいコードがほしい",
        ("no-code",),
        start_key="resend",
    ),
    Trouble("typing", "数字をうまく入れられない", "コピーして貼り付けます", ("copy-paste",)),
    Trouble("speaker", "電話をしながら画面を見たい", "電話をスピーカーにします", ("speaker",)),
)
BY_SLUG = {trouble.slug: trouble for trouble in TROUBLES}


def guides_for(device: Device, trouble: Trouble) -> list[Guide]:
    """Return the published guides of ``device`` that answer ``trouble``, in its order."""
    published = {g.slug: g for g in device.guides if g.current_version is not None}
    return [published[slug] for slug in trouble.guides if slug in published]


def offered(device: Device) -> list[tuple[Trouble, list[Guide]]]:
    """Return each trouble this device has a guide for, with those guides."""
    found = [(trouble, guides_for(device, trouble)) for trouble in TROUBLES]
    return [(trouble, guides) for trouble, guides in found if guides]


def start_step(guide: Guide, trouble: Trouble | None) -> int:
    """Return the step number the trouble's link opens ``guide`` at (1 unless it names one)."""
    if trouble is None or not trouble.start_key:
        return 1
    step = guide.current_version.step_by_key(trouble.start_key)
    return step.number if step else 1
