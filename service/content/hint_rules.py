"""The content rules for the hint tables: card issuers and mail domains (``default_hints/``)."""

import tomllib
from pathlib import Path

from service.content.pack import FAMILIES
from service.content.pack import MAIL_APPS
from service.content.pack import DeviceSpec
from service.hints.issuers import SUGGESTABLE_GUIDES
from service.hints.mail_domains import HINTS_DIR
from service.hints.mail_domains import MESSAGES
from service.models.hints import Channel

CHANNELS = {channel.value for channel in Channel}


def check(devices: list[DeviceSpec], hints_dir: Path = HINTS_DIR) -> list[tuple[str, str]]:
    """Return (where, message) for every problem in the hint tables."""
    try:
        issuers = tomllib.loads((hints_dir / "issuers.toml").read_text(encoding="utf-8"))
        domains = tomllib.loads((hints_dir / "mail_domains.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [("hints", str(exc))]
    problems = []
    for row in issuers.get("issuers", []):
        problems += _issuer(row, devices)
    for row in domains.get("domains", []):
        problems += _domain(row, devices)
    return problems


def _issuer(row: dict, devices: list[DeviceSpec]) -> list[tuple[str, str]]:
    where = f"issuers.toml {row.get('slug')}"
    problems = []
    if row.get("channel") not in CHANNELS:
        problems.append((where, f"channel must be one of {sorted(CHANNELS)}"))
    guide = row.get("guide", "")
    if guide not in ("", *SUGGESTABLE_GUIDES):
        problems.append((where, f"guide must be one of {list(SUGGESTABLE_GUIDES)} or empty"))
    elif guide and any(guide not in [g.slug for g in d.guides] for d in devices):
        problems.append((where, f"not every device has the guide {guide!r}"))
    if not row.get("sources") and not row.get("needs_check"):
        problems.append((where, "no sources: add a public page, or say what to verify"))
    return problems


def _domain(row: dict, devices: list[DeviceSpec]) -> list[tuple[str, str]]:
    where = f"mail_domains.toml {row.get('domain')}"
    problems = []
    for family, app in row.get("apps", {}).items():
        if family not in FAMILIES:
            problems.append((where, f"unknown family {family!r}"))
        elif app == MESSAGES:
            continue
        elif app not in MAIL_APPS:
            problems.append((where, f"app must be one of {sorted(MAIL_APPS | {MESSAGES})}"))
        elif not any(_answers(device, app) for device in devices if device.family == family):
            # The guide could not start in that app: the hint would silently do nothing.
            problems.append((where, f"no {family} device's email guide has an answer for {app!r}"))
    if not row.get("sources") and not row.get("needs_check"):
        problems.append((where, "no sources: add a public page, or say what to verify"))
    return problems


def _answers(device: DeviceSpec, app: str) -> bool:
    """Whether ``device``'s email guide has an answer standing for ``app``."""
    email = next((g for g in device.guides if g.slug == "email-code"), None)
    return email is not None and any(
        choice.app == app for step in email.steps for choice in step.choices
    )
