"""A guide's draft: the next version while admins edit it, step by step.

Every edit is one transaction with its audit entry. The draft keeps the guide as the pack
writes it (``versions.body_of``), so the content rules judge it exactly as they judge a file.
"""

import copy

from sqlalchemy import select

from service import audit
from service.content import versions
from service.db import db
from service.db import utcnow
from service.errors import Conflict
from service.errors import InvalidInput
from service.models import Guide
from service.models import GuideDraft
from service.models import User

NEW_STEP = {
    "title": "新しい手順",
    "text": "",
    "script": "",
    "image": "",
    "alt": "",
    "sources": [],
}


def target(guide: Guide, key: str = "") -> str:
    """Return how the audit log names a guide, or one of its steps."""
    path = f"{guide.device.slug}/{guide.slug}"
    return f"{path}/{key}" if key else path


def of(guide: Guide, lock: bool = False) -> GuideDraft | None:
    """Return the guide's draft, or None; ``lock`` holds it until the transaction ends."""
    query = select(GuideDraft).where(GuideDraft.guide_id == guide.id)
    return db.session.scalar(query.with_for_update() if lock else query)


def drafted_guides() -> set[int]:
    """Return the ids of the guides that have a draft."""
    return set(db.session.scalars(select(GuideDraft.guide_id)))


def start(guide: Guide, by: User, number: int | None = None) -> GuideDraft:
    """Open a draft from the current version (or version ``number``), replacing none."""
    if of(guide, lock=True) is not None:
        raise Conflict("この案内にはもう下書きがあります。続きから直してください。")
    version = guide.current_version
    if number is not None:
        version = next((v for v in guide.versions if v.number == number), None)
        if version is None:
            raise InvalidInput("version", "その版はありません。")
    body = versions.body_of(version)
    draft = GuideDraft(guide=guide, base_number=guide.current_version.number, body=body)
    _touch(draft, by)
    db.session.add(draft)
    audit.record(by, "draft.start", target(guide), after={"from_version": version.number})
    db.session.commit()
    return draft


def copy_from(guide: Guide, source: Guide, by: User) -> GuideDraft:
    """Make the guide's draft a copy of ``source``'s current version (another device's)."""
    draft = of(guide, lock=True)
    before = copy.deepcopy(draft.body) if draft else None
    body = versions.body_of(source.current_version)
    body["slug"] = guide.slug
    if draft is None:
        draft = GuideDraft(guide=guide, base_number=guide.current_version.number, body=body)
        db.session.add(draft)
    else:
        draft.body = body
    _touch(draft, by)
    audit.record(by, "draft.copy", target(guide), before, {"from": target(source)})
    db.session.commit()
    return draft


def save_step(draft: GuideDraft, key: str, fields: dict, by: User) -> None:
    """Replace a step's fields (its key stays); the audit keeps before and after."""

    def edit(body: dict):
        index = _index(body, key)
        before, after = body["steps"][index], {"key": key, **fields}
        body["steps"][index] = after
        return before, after

    _change(draft, by, "draft.step", key, edit)


def add_step(draft: GuideDraft, after_key: str, by: User) -> str:
    """Insert an empty step after ``after_key`` (the end when blank); return its key."""
    added = []

    def edit(body: dict):
        keys = {item["key"] for item in body["steps"]}
        number = len(body["steps"]) + 1
        while f"step-{number}" in keys:
            number += 1
        position = _index(body, after_key) + 1 if after_key else len(body["steps"])
        body["steps"].insert(position, {"key": f"step-{number}", **copy.deepcopy(NEW_STEP)})
        added.append(f"step-{number}")
        return None, body["steps"][position]

    _change(draft, by, "draft.add_step", "", edit)
    return added[0]


def remove_step(draft: GuideDraft, key: str, by: User) -> None:
    """Take a step out (the rules then name any branch that still leads to it)."""

    def edit(body: dict):
        index = _index(body, key)
        if len(body["steps"]) == 1:
            raise InvalidInput("step", "最後の一つの手順は消せません。")
        return body["steps"].pop(index), None

    _change(draft, by, "draft.remove_step", key, edit)


def move_step(draft: GuideDraft, key: str, offset: int, by: User) -> None:
    """Move a step up (``-1``) or down (``+1``); steps that follow on follow the new order."""

    def edit(body: dict):
        index = _index(body, key)
        if not 0 <= index + offset < len(body["steps"]):
            raise InvalidInput("step", "それ以上は動かせません。")
        order = [item["key"] for item in body["steps"]]
        body["steps"].insert(index + offset, body["steps"].pop(index))
        return order, [item["key"] for item in body["steps"]]

    _change(draft, by, "draft.move_step", key, edit)


def set_title(draft: GuideDraft, title: str, by: User) -> None:
    """Rename the guide in the draft."""

    def edit(body: dict):
        before, body["title"] = body["title"], title
        return {"title": before}, {"title": title}

    _change(draft, by, "draft.title", "", edit)


def discard(draft: GuideDraft, by: User) -> None:
    """Throw the draft away; the published version is untouched."""
    guide = draft.guide
    audit.record(by, "draft.discard", target(guide), before=draft.body)
    db.session.delete(draft)
    db.session.commit()


def step(draft: GuideDraft, key: str) -> dict:
    """Return one step of the draft, or refuse an unknown key."""
    return draft.body["steps"][_index(draft.body, key)]


def _index(body: dict, key: str) -> int:
    for index, item in enumerate(body["steps"]):
        if item["key"] == key:
            return index
    raise InvalidInput("step", "その手順は下書きにありません。")


def _change(draft: GuideDraft, by: User, action: str, key: str, edit) -> None:
    """Apply ``edit`` to the draft as it is now (locked, so two admins' edits both stay)."""
    guide = draft.guide
    db.session.expire(draft)
    locked = of(guide, lock=True)
    if locked is None:
        db.session.rollback()
        raise Conflict("下書きはほかの管理者が公開したか、捨てました。一覧から開き直してください。")
    body = copy.deepcopy(locked.body)
    try:
        before, after = edit(body)
    except InvalidInput:
        db.session.rollback()
        raise
    if before == after:
        db.session.rollback()
        return
    locked.body = body
    _touch(locked, by)
    audit.record(by, action, target(guide, key), before, after)
    db.session.commit()


def _touch(draft: GuideDraft, by: User) -> None:
    draft.updated_at = utcnow()
    draft.updated_by_id = by.id
