"""The content pack: what ships, and how a change becomes a new guide version."""

import shutil

from service import catalog
from service import guidance
from service.db import db
from service.guidance import Action
from service.seed import CONTENT_DIR
from service.seed import IMAGES_DIR
from service.seed import seed
from tests.conftest import csrf_from

WARNING = "誰にも教えないでください（オペレーターにも）"


def test_default_pack_has_the_three_devices_with_a_complete_sms_guide(app):
    devices = {device.slug: device for device in catalog.devices()}
    assert {"iphone-home-button", "raku-raku-smartphone", "android-google-messages"} <= set(devices)
    for device in devices.values():
        guide = next(g for g in device.guides if g.slug == "sms-code")
        steps = guide.current_version.steps
        assert "スピーカー" in steps[0].title, device.slug  # speakerphone first
        assert any(WARNING in step.text for step in steps), device.slug
        for step in steps:
            assert step.image is not None and step.image_alt, (device.slug, step.number)
            assert step.operator_script
            # Nothing ever asks for the code.
            for text in (step.text, step.operator_script):
                assert "教えてください" not in text and "読み上げてください" not in text


def test_iphone_guide_uses_the_keyboard_suggestion(app):
    steps = catalog.guide("iphone-home-button", "sms-code").current_version.steps
    assert any("キーボードのすぐ上" in step.text for step in steps)


def test_changed_content_makes_a_new_version_and_live_sessions_keep_theirs(
    app, tmp_path, make_session, client, now
):
    session, path = make_session(device="android-google-messages")
    old_text = session.guide_version.steps[0].text

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    pack = content / "30-android-google-messages.toml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(old_text, "新しい説明です。"), "utf-8")
    report = seed(content, IMAGES_DIR)

    assert report.versions_added == 1
    guide = catalog.guide("android-google-messages", "sms-code")
    assert guide.current_version.number == 2
    assert guide.current_version.steps[0].text == "新しい説明です。"
    # The session that was already running still shows what it started with.
    db.session.refresh(session)
    assert session.guide_version.number == 1
    assert old_text in client.get(path).text
    newer, newer_path = make_session(device="android-google-messages")
    assert "新しい説明です。" in client.get(newer_path).text
    # Steps keep working on the old version.
    guidance.act(session, Action.NEXT, 1, now)
    assert session.current_step == 2
    assert csrf_from(client.get(path).text)
