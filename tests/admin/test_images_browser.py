"""The images page in Chromium: the admin drags the target and a redaction box on the preview
(the script fills the form's numbers) and uploads; without JavaScript the numbers do it."""

import pytest
from sqlalchemy import select

from service.auth import accounts
from service.db import db
from service.media import store
from service.models import ImageUpload
from service.models import Role
from tests.browser import sign_in
from tests.conftest import PASSWORD
from tests.media import crafted

pytestmark = pytest.mark.browser

DESK = {"locale": "ja-JP", "viewport": {"width": 1280, "height": 1800}}


@pytest.fixture
def admin_site(site):
    with site.app.app_context():
        accounts.create_user("admin@example.com", PASSWORD, Role.ADMIN, "管理者 鈴木")
    return site


def open_images(context, site):
    page = context.new_page()
    sign_in(page, site, "admin@example.com")
    page.click("nav >> text=画像")
    page.wait_for_selector("form.upload")
    return page


def drag(page, box, scale: float) -> None:
    """Drag over ``box`` (the screenshot's pixels) on the preview shown ``scale`` times smaller."""
    shown = page.locator("#shot").bounding_box()
    x, y, w, h = (v / scale for v in box)
    page.mouse.move(shown["x"] + x, shown["y"] + y)
    page.mouse.down()
    page.mouse.move(shown["x"] + x + w / 2, shown["y"] + y + h / 2, steps=4)
    page.mouse.move(shown["x"] + x + w, shown["y"] + y + h, steps=4)
    page.mouse.up()


def stored(site) -> ImageUpload:
    with site.app.app_context():
        record = db.session.scalars(select(ImageUpload)).one()
        db.session.expunge(record)
        return record, store.get(record.digest).data


def test_the_admin_drags_the_target_and_a_redaction_then_uploads(browser, admin_site):
    context = browser.new_context(**DESK)
    try:
        page = open_images(context, admin_site)
        assert page.is_hidden("#drawing")  # nothing to draw on before a file is chosen
        page.set_input_files(
            "#file", {"name": "shot.png", "mimeType": "image/png", "buffer": crafted.screenshot()}
        )
        page.wait_for_function("() => document.querySelector('#shot').naturalWidth > 0")
        shown = page.locator("#shot").bounding_box()
        scale = crafted.SIZE[0] / shown["width"]
        assert shown["width"] == pytest.approx(360, abs=1)

        drag(page, crafted.BUTTON, scale)
        target = [int(page.input_value(f"#target_{part}")) for part in "xywh"]
        assert target == pytest.approx(list(crafted.BUTTON), abs=3)
        assert page.locator("#stage .box.target").count() == 1

        page.click("text=隠す範囲を囲む")
        drag(page, crafted.SECRET, scale)
        (line,) = page.input_value("#redact").splitlines()
        assert [int(v) for v in line.split(",")] == pytest.approx(list(crafted.SECRET), abs=3)
        assert page.locator("#stage .box.redact").count() == 1
        page.fill("#name", "ドラッグで囲んだ画面")
        page.click("form.upload button.primary")
        page.wait_for_selector("text=ドラッグで囲んだ画面")
        thumbnail = page.locator("table.images img").first
        assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 360
    finally:
        context.close()
    record, master = stored(admin_site)
    assert record.target == pytest.approx(crafted.BUTTON, abs=3) and record.redactions == 1
    # Black once; hidden now under the redaction's dark grey.
    assert crafted.rgb_at(master, (360, 240)) == pytest.approx((40, 40, 46), abs=6)


def test_without_javascript_the_numbers_upload_it(browser, admin_site):
    context = browser.new_context(**DESK, java_script_enabled=False)
    try:
        page = open_images(context, admin_site)
        page.set_input_files(
            "#file",
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": crafted.jpeg_with_gps()},
        )
        for part, value in zip("xywh", crafted.BUTTON, strict=True):
            page.fill(f"#target_{part}", str(value))
        page.click("form.upload button.primary")
        page.wait_for_selector("table.images")
        assert "photo.jpg" in page.inner_text("table.images")
        page.set_input_files(
            "#file", {"name": "fake.png", "mimeType": "image/png", "buffer": b"not a picture"}
        )
        page.click("form.upload button.primary")
        assert "画像として読み取れません" in page.inner_text("#problem-file")
    finally:
        context.close()
    record, master = stored(admin_site)
    assert record.target == crafted.BUTTON
    assert b"TestPhone" not in master
