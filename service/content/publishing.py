"""From draft to version: the content rules judge a draft, publishing freezes it.

Publishing writes a new version and removes the draft in one transaction; sessions already
running keep the version they started on (they hold its id), new ones start on the new one.
Restoring an old version publishes its content again as the newest version.
"""

from sqlalchemy import select

from service import audit
from service.content import illustrations
from service.content import pack
from service.content import rules
from service.content import versions
from service.content.drafts import of
from service.content.drafts import target
from service.content.rules import Problem
from service.db import db
from service.errors import Conflict
from service.errors import InvalidInput
from service.models import Guide
from service.models import GuideDraft
from service.models import GuideVersion
from service.models import Image
from service.models import User


class Refused(Exception):
    """The draft breaks content rules; ``problems`` says where and what."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def problems(body: dict, where: str) -> list[Problem]:
    """Return what the content rules find wrong with a guide body (draft or import)."""
    try:
        spec = pack.guide_from(body, where)
    except pack.PackError as exc:
        return [Problem(where, str(exc))]
    found = rules.graph(spec, where)
    digests = {step.image for step in spec.steps if step.image}
    stored = set(db.session.scalars(select(Image.digest).where(Image.digest.in_(digests))))
    for step in spec.steps:
        at = f"{where}/{step.key}"
        found += rules.step_words(step, at)
        if not step.image:
            found.append(Problem(at, "has no illustration"))
        elif step.image not in stored:
            found.append(Problem(at, f"picture {step.image[:12]}… is not stored"))
        elif illustrations.shows_code(step.image) and not step.warning:
            found.append(
                Problem(at, "the picture shows the code, so the step must set warning = true")
            )
    return found


def publish(draft: GuideDraft, by: User) -> GuideVersion:
    """Freeze the draft as the guide's next version, or raise ``Refused`` with its problems."""
    guide = _locked(draft.guide)
    draft = of(guide, lock=True)
    if draft is None:
        db.session.rollback()
        raise Conflict("下書きはほかの管理者が公開したか、捨てました。")
    body = draft.body
    found = problems(body, target(guide))
    if found:
        db.session.rollback()
        raise Refused(found)
    before = guide.current_version.number
    version = _write(guide, body)
    audit.record(
        by, "guide.publish", target(guide), {"version": before}, {"version": version.number}
    )
    db.session.delete(draft)
    db.session.commit()
    return version


def restore(guide: Guide, number: int, by: User) -> GuideVersion:
    """Publish version ``number``'s content again as the newest version."""
    guide = _locked(guide)
    old = next((v for v in guide.versions if v.number == number), None)
    if old is None:
        db.session.rollback()
        raise InvalidInput("version", "その版はありません。")
    if old is guide.current_version:
        db.session.rollback()
        raise InvalidInput("version", "その版はいま使われている版です。")
    before = guide.current_version.number
    version = _write(guide, versions.body_of(old))
    audit.record(
        by,
        "guide.restore",
        target(guide),
        {"version": before},
        {"version": version.number, "restored": number},
    )
    db.session.commit()
    return version


def _write(guide: Guide, body: dict) -> GuideVersion:
    spec = pack.guide_from(body, target(guide))
    rows = versions.step_rows(spec, lambda digest: digest)
    version = versions.add_version(guide, spec.title, rows)
    if version is None:
        db.session.rollback()
        raise InvalidInput("draft", "いまの版と同じ内容です。変えてから公開してください。")
    return version


def _locked(guide: Guide) -> Guide:
    """Hold the guide's row, so two publishes cannot both take the same version number."""
    db.session.scalar(select(Guide.id).where(Guide.id == guide.id).with_for_update())
    return guide
