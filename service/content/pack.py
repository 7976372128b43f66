"""The content pack as files: one TOML per device in ``default_pack/``, pictures in ``images/``.

This module only reads and validates the files' shape; ``seed`` loads them into the database
and ``rules`` judges them against the content rules.
"""

import tomllib
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from service.models.outcomes import Ending

CONTENT_DIR = Path(__file__).parent / "default_pack"

DEVICE_KEYS = {
    "slug",
    "name",
    "family",
    "aliases",
    "traits",
    "sms_apps",
    "image",
    "position",
    "guides",
}
TRAITS = {"home_button", "apple", "big_buttons"}
GUIDE_KEYS = {"slug", "title", "steps"}
STEP_KEYS = {
    "key",
    "title",
    "text",
    "script",
    "image",
    "alt",
    "next",
    "end",
    "choices",
    "warning",
    "needs_check",
    "sources",
}
FAMILIES = {"iphone", "android", "raku-raku", "basio"}
# A picture named by its stored digest (an uploaded screenshot in an export), not a spec.
DIGEST_PREFIX = "sha256:"
# What an end step may mean: the order went through, or the operator takes over.
ENDINGS = {ending.value for ending in Ending}


class PackError(ValueError):
    """A pack file is not in the expected shape."""


CHOICE_KEYS = {"label", "next", "app"}
# What an answer of a 「メールのアプリを選ぶ」 step may stand for (see content/default_hints/).
MAIL_APPS = {"mail", "gmail", "yahoo", "docomo", "au", "softbank"}


@dataclass(frozen=True)
class ChoiceSpec:
    label: str
    next: str
    # The mail app this answer stands for: a session whose mail domain that app receives
    # skips the question.
    app: str | None = None


@dataclass
class StepSpec:
    key: str
    title: str
    text: str
    script: str
    image: str
    alt: str
    next: str | None = None  # None: the following step, unless ``end`` or ``choices``
    # On an end step, what reaching it means: "completed" or "needs_operator".
    end: str | None = None
    choices: list[ChoiceSpec] = field(default_factory=list)
    warning: bool = False
    needs_check: str | None = None
    # Where the step's facts come from: public pages (URLs) or "seen on <model>, <OS>".
    sources: list[str] = field(default_factory=list)


@dataclass
class GuideSpec:
    slug: str
    title: str
    steps: list[StepSpec]

    def successors(self, index: int) -> list[str]:
        """Return the keys a step can lead to, the primary one first."""
        step = self.steps[index]
        if step.choices:
            return [choice.next for choice in step.choices]
        if step.end:
            return []
        if step.next:
            return [step.next]
        return [self.steps[index + 1].key] if index + 1 < len(self.steps) else []


@dataclass
class DeviceSpec:
    slug: str
    name: str
    family: str
    aliases: list[str]
    traits: list[str]
    # The SMS apps a customer of this device may see (see catalog.finder.SMS_APPS).
    sms_apps: list[str]
    image: str
    position: int
    guides: list[GuideSpec]
    source: Path


def load(content_dir: Path = CONTENT_DIR) -> list[DeviceSpec]:
    """Read every device file in ``content_dir``, in file-name order."""
    return [load_device(path) for path in sorted(content_dir.glob("*.toml"))]


def load_device(path: Path) -> DeviceSpec:
    """Read one device file, or raise ``PackError`` naming the file and the problem."""
    return parse_device(path.read_text(encoding="utf-8"), path)


def parse_device(text: str, path: Path) -> DeviceSpec:
    """Read one device file's text (``path`` names it in messages), or raise ``PackError``."""
    try:
        data = tomllib.loads(text)
        _only(data, DEVICE_KEYS, path.name)
        return DeviceSpec(
            slug=data["slug"],
            name=data["name"],
            family=data.get("family", ""),
            aliases=list(data.get("aliases", [])),
            traits=list(data.get("traits", [])),
            sms_apps=list(data.get("sms_apps", [])),
            image=data.get("image", ""),
            position=data.get("position", 0),
            guides=[_guide(g, f"{path.name} {g.get('slug')}") for g in data.get("guides", [])],
            source=path,
        )
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path.name}: {exc}") from None
    except KeyError as exc:
        raise PackError(f"{path.name}: missing {exc.args[0]!r}") from None


def guide_from(data: dict, where: str) -> GuideSpec:
    """Read one guide table (from a file or a draft), or raise ``PackError``."""
    try:
        return _guide(data, where)
    except KeyError as exc:
        raise PackError(f"{where}: missing {exc.args[0]!r}") from None
    except (TypeError, AttributeError) as exc:
        raise PackError(f"{where}: {exc}") from None


def _guide(data: dict, where: str) -> GuideSpec:
    _only(data, GUIDE_KEYS, where)
    steps = []
    for number, step in enumerate(data["steps"], start=1):
        _only(step, STEP_KEYS, f"{where} step {number}")
        choices = [_choice(c, f"{where} step {number}") for c in step.get("choices", [])]
        steps.append(
            StepSpec(
                key=step.get("key") or f"step-{number}",
                title=step["title"],
                text=step["text"].strip(),
                script=step["script"].strip(),
                image=step.get("image", ""),
                alt=step.get("alt", ""),
                next=step.get("next"),
                end=_ending(step.get("end"), f"{where} step {number}"),
                choices=choices,
                warning=bool(step.get("warning", False)),
                needs_check=step.get("needs_check"),
                sources=[str(source).strip() for source in step.get("sources", [])],
            )
        )
    return GuideSpec(slug=data["slug"], title=data["title"], steps=steps)


def _choice(data: dict, where: str) -> ChoiceSpec:
    _only(data, CHOICE_KEYS, f"{where} choice")
    app = data.get("app")
    if app is not None and app not in MAIL_APPS:
        raise PackError(f"{where}: app must be one of {sorted(MAIL_APPS)}, not {app!r}")
    return ChoiceSpec(data["label"], data["next"], app)


def _ending(value, where: str) -> str | None:
    if value is None:
        return None
    if value not in ENDINGS:
        raise PackError(f"{where}: end must be one of {sorted(ENDINGS)}, not {value!r}")
    return value


def _only(data: dict, allowed: set[str], where: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise PackError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
