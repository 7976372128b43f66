"""Guide versions from guide specs, and back: what seeding, publishing and export share.

A version is frozen once written; publishing content equal to the current version writes
nothing, so live sessions and history keep pointing at what the customer saw.
"""

import hashlib
import json
from collections.abc import Callable

from service.content.pack import GuideSpec
from service.db import db
from service.models import Guide
from service.models import GuideVersion
from service.models import Step
from service.models import StepChoice


def step_rows(spec: GuideSpec, image_of: Callable[[str], str]) -> list[dict]:
    """Return each step's columns, branch keys turned into step numbers, pictures into
    digests by ``image_of``."""
    numbers = {step.key: number for number, step in enumerate(spec.steps, start=1)}
    rows = []
    for index, step in enumerate(spec.steps):
        successors = spec.successors(index)
        rows.append(
            {
                "number": index + 1,
                "key": step.key,
                "title": step.title,
                "text": step.text,
                "operator_script": step.script,
                "image_digest": image_of(step.image) if step.image else None,
                "image_alt": step.alt,
                "next_step": None if step.choices or not successors else numbers[successors[0]],
                # An answer's app joins the content (and its hash) only where there is one.
                "choices": [
                    (c.label, numbers[c.next], *([c.app] if c.app else [])) for c in step.choices
                ],
                "warning": step.warning,
                "needs_check": step.needs_check,
                "ending": step.end if not successors else None,
                "sources": step.sources,
            }
        )
    return rows


def content_hash(title: str, rows: list[dict]) -> str:
    """Return the fingerprint that says whether two versions show the same thing."""
    text = json.dumps([title, rows], ensure_ascii=False, sort_keys=True, default=list)
    return hashlib.sha256(text.encode()).hexdigest()


def add_version(guide: Guide, title: str, rows: list[dict]) -> GuideVersion | None:
    """Write ``rows`` as the guide's next version, unless they equal the current one."""
    fingerprint = content_hash(title, rows)
    current = guide.current_version
    if current is not None and current.content_hash == fingerprint:
        return None
    guide.title = title
    version = GuideVersion(
        guide=guide, number=(current.number + 1) if current else 1, content_hash=fingerprint
    )
    attach_steps(version, rows)
    # Added with its steps in place: the add cascades along version.steps to every step
    # and along step.choices to every answer.
    db.session.add(version)
    db.session.flush()
    return version


def attach_steps(version: GuideVersion, rows: list[dict]) -> None:
    """Give ``version`` the steps (and answers) ``rows`` describe; saved with the version
    when it is in the database session, never otherwise."""
    for fields in rows:
        fields = dict(fields)
        choices = fields.pop("choices")
        step = Step(guide_version=version, **fields)
        for position, (label, next_step, *app) in enumerate(choices, start=1):
            StepChoice(
                step=step,
                position=position,
                label=label,
                next_step=next_step,
                app=app[0] if app else None,
            )


def body_of(version: GuideVersion) -> dict:
    """Return a version as the pack writes a guide, pictures as digests (drafts, export)."""
    keys = {step.number: step.key for step in version.steps}
    steps = []
    for step in version.steps:
        item = {
            "key": step.key,
            "title": step.title,
            "text": step.text,
            "script": step.operator_script,
            "image": step.image_digest or "",
            "alt": step.image_alt,
        }
        if step.choices:
            item["choices"] = [_choice(choice, keys) for choice in step.choices]
        elif step.next_step is None:
            item["end"] = step.ending.value if step.ending else "completed"
        elif step.next_step != step.number + 1:
            # Written only where it is not simply the following step, as in the pack.
            item["next"] = keys[step.next_step]
        if step.warning:
            item["warning"] = True
        if step.needs_check:
            item["needs_check"] = step.needs_check
        item["sources"] = list(step.sources)
        steps.append(item)
    return {"slug": version.guide.slug, "title": version.guide.title, "steps": steps}


def _choice(choice: StepChoice, keys: dict[int, str]) -> dict:
    item = {"label": choice.label, "next": keys[choice.next_step]}
    if choice.app:
        item["app"] = choice.app
    return item
