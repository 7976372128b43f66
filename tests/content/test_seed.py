"""Loading the content pack: what ships, and how a change becomes a new guide version."""

import shutil

from service import catalog
from service.bundle import IMAGES_DIR
from service.content.pack import CONTENT_DIR
from service.content.rules import CORE_GUIDES
from service.content.seed import seed
from service.db import db
from service.sessions import lifecycle
from service.sessions.lifecycle import Action

DEVICES = {
    "iphone-home-button",
    "iphone",
    "raku-raku-smartphone",
    "android-google-messages",
    "android-plus-message",
    "basio-kantan-simple",
}


def test_every_device_ships_with_the_core_guides_aliases_and_pictures(app):
    devices = {device.slug: device for device in catalog.devices()}
    assert set(devices) >= DEVICES
    for device in devices.values():
        assert device.aliases, device.slug
        assert [g.slug for g in device.guides if g.slug in CORE_GUIDES] == list(CORE_GUIDES)
        for guide in device.guides:
            for step in guide.current_version.steps:
                assert step.image is not None and step.image_alt, (guide.slug, step.key)


def test_sms_and_email_guides_start_with_speakerphone(app):
    for device in catalog.devices():
        for slug in ("sms-code", "email-code"):
            first = next(g for g in device.guides if g.slug == slug).current_version.steps[0]
            assert "スピーカー" in first.title + first.text, (device.slug, slug)


def test_iphone_sms_guide_offers_the_keyboard_suggestion_first(app):
    for device in ("iphone-home-button", "iphone"):
        steps = catalog.guide(device, "sms-code").current_version.steps
        suggestion = next(s for s in steps if s.choices and "キーボード" in s.title + s.text)
        messages = next(
            s for s in steps if "メッセージ" in s.title and s.number > suggestion.number
        )
        assert suggestion.number < messages.number


def test_branches_become_step_numbers(app):
    steps = catalog.guide("iphone-home-button", "sms-code").current_version.steps
    suggestion = next(s for s in steps if s.key == "suggestion")
    targets = {c.label: steps[c.next_step - 1].key for c in suggestion.choices}
    assert targets == {"数字が出ている": "tap-suggestion", "出ていない": "open-messages"}
    assert steps[-1].is_end


def test_changed_content_makes_a_new_version_and_live_sessions_keep_theirs(
    app, tmp_path, make_session, client, now
):
    session, path = make_session(guide="speaker")
    old_text = session.guide_version.steps[0].text

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    pack = content / "10-iphone-home-button.toml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(old_text, "新しい説明です。"), "utf-8")
    report = seed(content, IMAGES_DIR)

    assert report.versions_added == 1
    guide = catalog.guide("iphone-home-button", "speaker")
    assert guide.current_version.number == 2
    assert guide.current_version.steps[0].text == "新しい説明です。"
    # The session that was already running still shows what it started with.
    db.session.refresh(session)
    assert session.guide_version.number == 1
    assert old_text in client.get(path).text
    _, newer_path = make_session(guide="speaker")
    assert "新しい説明です。" in client.get(newer_path).text
    lifecycle.act(session, Action.NEXT, 1, now)
    assert session.current_step == 2


def test_seeding_again_adds_nothing(app):
    report = seed()
    assert (report.devices_added, report.guides_added, report.versions_added) == (0, 0, 0)
