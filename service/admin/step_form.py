"""A draft step's form: read what the admin typed into the pack's step shape, or say why not.

Words are only bounded here; the content rules (run before publishing) judge what they say,
so an admin can save a half-done step and come back to it.
"""

import re
from dataclasses import dataclass

from flask import request

from service.content.pack import ENDINGS
from service.content.pack import MAIL_APPS

LINES = re.compile(r"[\r\n]+")
CHOICE_ROWS = 4
LIMITS = {"title": 120, "text": 400, "script": 2000, "alt": 200, "needs_check": 2000}
# Where 次へ leads: the following step (blank), a step's key, or an ending.
END_PREFIX = "end:"


@dataclass
class StepForm:
    fields: dict
    problems: dict[str, str]


def read(keys: list[str], images: set[str]) -> StepForm:
    """Return the posted step; ``keys`` are the draft's steps, ``images`` the usable digests."""
    form, problems = request.form, {}
    fields = {}
    for name, limit in LIMITS.items():
        value = form.get(name, "").replace("\r\n", "\n").strip()
        if len(value) > limit:
            problems[name] = f"{limit}文字までにしてください（いま {len(value)} 文字）。"
        fields[name] = value[:limit]
    fields["needs_check"] = fields["needs_check"] or None
    image = form.get("image", "").strip()
    if image and image not in images:
        problems["image"] = "その絵は使えません。一覧から選んでください。"
    fields["image"] = image if image in images else ""
    sources = [line.strip() for line in LINES.split(form.get("sources", "")) if line.strip()]
    if len(sources) > 20 or any(len(line) > 500 for line in sources):
        problems["sources"] = "出典は 1 行に 1 つ、500 文字まで、20 件までです。"
    fields["sources"] = sources[:20]
    fields["warning"] = form.get("warning") == "on"
    choices = _choices(keys, problems)
    after = form.get("after", "")
    if choices:
        fields["choices"] = choices
    elif after.startswith(END_PREFIX) and after[len(END_PREFIX) :] in ENDINGS:
        fields["end"] = after[len(END_PREFIX) :]
    elif after in keys:
        fields["next"] = after
    elif after:
        problems["after"] = "次に進む先を一覧から選んでください。"
    return StepForm(_pack_shape(fields), problems)


def _choices(keys: list[str], problems: dict) -> list[dict]:
    choices = []
    for row in range(1, CHOICE_ROWS + 1):
        label = request.form.get(f"choice{row}_label", "").strip()
        if not label:
            continue
        target = request.form.get(f"choice{row}_next", "")
        app = request.form.get(f"choice{row}_app", "")
        if len(label) > 60:
            problems[f"choice{row}"] = "答えの言葉は 60 文字までです。"
        elif target not in keys:
            problems[f"choice{row}"] = "答えごとに、進む先の手順を選んでください。"
        elif app and app not in MAIL_APPS:
            problems[f"choice{row}"] = "メールのアプリは一覧から選んでください。"
        choice = {"label": label[:60], "next": target}
        if app in MAIL_APPS:
            choice["app"] = app
        choices.append(choice)
    return choices


def _pack_shape(fields: dict) -> dict:
    """Drop what the pack leaves out when empty, so an unchanged step compares equal."""
    shaped = {key: value for key, value in fields.items() if key != "needs_check"}
    if fields["needs_check"]:
        shaped["needs_check"] = fields["needs_check"]
    if not shaped["warning"]:
        del shaped["warning"]
    return shaped
