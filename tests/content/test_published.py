"""The cache of published versions: the same steps as the rows, kept by id and content."""

from service import catalog
from service.content.published import published
from service.content.versions import attach_steps
from service.models import GuideVersion


def test_a_published_version_reads_like_its_rows_and_is_read_once(app):
    version = catalog.guide("iphone-home-button", "sms-code").current_version

    frozen = published(version)

    assert published(version) is frozen
    assert frozen.total_steps == version.total_steps
    for row, step in zip(version.steps, frozen.steps, strict=True):
        assert (step.number, step.key, step.title, step.text) == (
            row.number,
            row.key,
            row.title,
            row.text,
        )
        assert (step.next_step, step.ending, step.is_end) == (row.next_step, row.ending, row.is_end)
        assert [(c.label, c.next_step, c.app) for c in step.choices] == [
            (c.label, c.next_step, c.app) for c in row.choices
        ]
    assert frozen.step_by_key(version.steps[1].key).number == 2


def test_other_content_under_the_same_id_is_read_again(app):
    version = catalog.guide("iphone-home-button", "sms-code").current_version
    frozen = published(version)

    version.content_hash = "0" * 64  # as if the id had come back with other steps

    assert published(version) is not frozen


def test_a_drafts_unsaved_version_is_never_kept():
    draft = GuideVersion(number=0, content_hash="")
    attach_steps(draft, [])

    assert published(draft) is draft
