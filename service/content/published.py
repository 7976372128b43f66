"""Published guide versions as frozen values, read from the database once per process.

A version row never changes once written (see ``versions``), so what it shows can be kept in
memory: every process that reads it gets the same steps, and nothing has to be told when a
new version is published (it has another id). The key is the version's id *and* its content
hash, so an id that came back with other content (a rolled-back insert on SQLite) never
meets the old steps. A draft's preview builds an unsaved version with no id: it is returned
as it is, never kept.

This module imports only the database handle: the session code that reads it sits below
``service.models`` in the import order.
"""

import functools
from dataclasses import dataclass

from sqlalchemy import select

from service.db import db

# Guides times devices is a few dozen; old versions of live sessions add a few more.
CACHED_VERSIONS = 512


@dataclass(frozen=True)
class Choice:
    """One answer on a step, and where it leads."""

    position: int
    label: str
    next_step: int
    app: str | None


@dataclass(frozen=True)
class Step:
    """One screen of a published version, with the attributes the ORM's ``Step`` has."""

    number: int
    key: str
    title: str
    text: str
    operator_script: str
    image_digest: str | None
    image_alt: str
    next_step: int | None
    warning: bool
    needs_check: str | None
    ending: object  # models.Ending or None, as the column reads it
    sources: tuple[str, ...]
    choices: tuple[Choice, ...]

    @property
    def is_end(self) -> bool:
        """Whether this step ends the guide (no 次へ and no choices)."""
        return self.next_step is None and not self.choices


@dataclass(frozen=True)
class Version:
    """A published version's steps, answering like ``models.GuideVersion`` does."""

    # The row's own columns; its guide (and the device's family) are not frozen: read live.
    id: int
    number: int
    content_hash: str
    steps: tuple[Step, ...]

    @property
    def total_steps(self) -> int:
        """Return how many steps the version has (on every branch)."""
        return len(self.steps)

    def step(self, number: int) -> Step:
        """Return the step numbered ``number`` (numbers start at 1, in pack order)."""
        return self.steps[number - 1]

    def step_by_key(self, key: str) -> Step | None:
        """Return the step whose stable key is ``key``, or None."""
        return next((step for step in self.steps if step.key == key), None)


def published(version):
    """Return the frozen copy of the stored ``version`` (a draft's unsaved one as it is)."""
    if version.id is None:
        return version
    return _load(version.id, version.number, version.content_hash)


@functools.lru_cache(maxsize=CACHED_VERSIONS)
def _load(version_id: int, number: int, content_hash: str) -> Version:
    tables = db.metadata.tables
    steps, choices = tables["steps"], tables["step_choices"]
    answers: dict[int, list[Choice]] = {}
    for row in db.session.execute(
        select(choices)
        .join(steps, steps.c.id == choices.c.step_id)
        .where(steps.c.guide_version_id == version_id)
        .order_by(choices.c.position)
    ):
        answers.setdefault(row.step_id, []).append(
            Choice(position=row.position, label=row.label, next_step=row.next_step, app=row.app)
        )
    rows = db.session.execute(
        select(steps).where(steps.c.guide_version_id == version_id).order_by(steps.c.number)
    )
    return Version(
        id=version_id,
        number=number,
        content_hash=content_hash,
        steps=tuple(
            Step(
                number=row.number,
                key=row.key,
                title=row.title,
                text=row.text,
                operator_script=row.operator_script,
                image_digest=row.image_digest,
                image_alt=row.image_alt,
                next_step=row.next_step,
                warning=row.warning,
                needs_check=row.needs_check,
                ending=row.ending,
                sources=tuple(row.sources or ()),
                choices=tuple(answers.get(row.id, ())),
            )
            for row in rows
        ),
    )
