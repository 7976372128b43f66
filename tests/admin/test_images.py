"""The admin's images page without JavaScript: upload with numeric boxes, see it listed, and
each refusal shown on the form with what was typed kept."""

import io

import pytest
from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.media import store
from service.models import Image
from service.models import ImageUpload
from service.models import Role
from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.media import crafted


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def upload(client, data: bytes | None, filename: str = "shot.png", **fields):
    body = {"csrf_token": csrf_from(client.get("/admin/images").text), **fields}
    if data is not None:
        body["file"] = (io.BytesIO(data), filename)
    return client.post("/admin/images", data=body)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_admin_uploads_with_numeric_boxes_and_finds_it_listed(client, admin):
    empty = client.get("/admin/images")
    assert empty.status_code == 200 and "まだありません" in empty.text
    assert 'enctype="multipart/form-data"' in empty.text
    answer = upload(
        client,
        crafted.screenshot(),
        name="メッセージ一覧",
        target_x="95",
        target_y="600",
        target_w="200",
        target_h="80",
        mark="tap",
        redact="20,100,350,60",
        redact_mode="fill",
    )
    assert answer.status_code == 303
    record = db.session.scalars(select(ImageUpload)).one()
    assert record.target == (95, 600, 200, 80) and record.mark == "tap"
    assert record.redactions == 1 and record.uploaded_by_id == admin.id
    page = client.get(answer.headers["Location"]).text
    assert "メッセージ一覧" in page and record.digest in page and "1 か所を隠した" in page
    assert f"手順には番号 {record.digest} を使います" in page
    thumbnail = page.split('<img src="')[1].split('"')[0]
    assert client.get(thumbnail).mimetype == "image/png"
    # The secret bar was black; it is stored as the redaction's dark grey.
    master = store.get(record.digest).data
    assert crafted.rgb_at(master, (360, 240)) == pytest.approx((40, 40, 46), abs=6)


@pytest.mark.parametrize(
    ("data", "fields", "words"),
    [
        (b"hello, I am text", {}, "画像として読み取れません"),
        (crafted.png_declaring(30000, 30000), {}, "画素数が多すぎます"),
        (None, {}, "画像ファイルを選んでください"),
        (crafted.screenshot(), {"target_x": "10", "target_y": "x"}, "x,y,幅,高さ"),
        (crafted.screenshot(), {"redact": "0,0,391,10"}, "はみ出しています"),
    ],
)
def test_a_refusal_shows_the_form_again_saying_why(client, admin, data, fields, words):
    before = count(Image)
    answer = upload(client, data, **fields, name="取っておく名前")
    assert answer.status_code == 422
    assert words in answer.text and 'role="alert"' in answer.text
    assert 'value="取っておく名前"' in answer.text  # what was typed is kept
    assert count(Image) == before and count(ImageUpload) == 0


def test_a_file_over_the_limit_is_refused_413_on_the_form(app_factory, make_user):
    app = app_factory(UPLOAD_MAX_BYTES=200_000)
    with app.app_context():
        client = app.test_client()
        user = make_user(Role.ADMIN)
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        answer = upload(client, crafted.noise_png(250_000))
        assert answer.status_code == 413 and "0.2 MB までの画像" in answer.text
        # Far over: refused before the view (the body is twice the file limit at most).
        far = upload(client, crafted.noise_png(500_000))
        assert far.status_code == 413 and "送ったデータが大きすぎます" in far.text
        assert count(ImageUpload) == 0


def test_the_nav_links_the_images_page_for_admins_only(client, admin, app):
    assert 'href="/admin/images"' in client.get("/admin/guides").text
