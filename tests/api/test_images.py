"""POST /api/v1/images: an admin's key uploads a screenshot; every refusal says what was wrong."""

import io

import pytest
import requests
from sqlalchemy import func
from sqlalchemy import select

from service.auth import api_keys
from service.db import db
from service.models import Image
from service.models import ImageUpload
from service.models import Role
from tests.live_server import LiveServer
from tests.media import crafted


@pytest.fixture
def admin_key(app):
    return api_keys.create_api_key("content tool", Role.ADMIN)[1]


def post(client, key: str | None, data: bytes | None, name: str = "shot.png", **fields):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = dict(fields)
    if data is not None:
        body["file"] = (io.BytesIO(data), name)
    return client.post("/api/v1/images", data=body, headers=headers)


def stored_images() -> int:
    return db.session.scalar(select(func.count()).select_from(Image))


def test_an_admin_key_uploads_a_screenshot_and_gets_its_renditions(client, admin_key):
    answer = post(client, admin_key, crafted.screenshot(), target="95,600,200,80", name="a.png")
    assert answer.status_code == 201, answer.text
    body = answer.json
    assert len(body["id"]) == 64 and body["width"] == 720 and body["height"] == 1558
    assert body["target"] == [95, 600, 200, 80] and body["name"] == "a.png"
    webp = client.get(body["renditions"]["webp"])
    assert webp.status_code == 200 and webp.mimetype == "image/webp"
    assert "immutable" in webp.headers["Cache-Control"]
    assert client.get(body["renditions"]["png"]).mimetype == "image/png"
    assert "360w" in body["renditions"]["srcset"]["png"]
    assert db.session.get(ImageUpload, body["id"]).api_key.name == "content tool"


def test_an_operator_key_is_refused_with_403_and_nothing_is_stored(client):
    from service.auth import api_keys

    before = stored_images()
    operator_key = api_keys.create_api_key("desk")[1]  # a key's role is operator by default
    answer = post(client, operator_key, crafted.screenshot())
    assert answer.status_code == 403
    assert answer.json["error"] == "forbidden" and "管理者の API キー" in answer.json["message"]
    assert stored_images() == before


def test_no_key_is_refused_with_401(client):
    assert post(client, None, crafted.screenshot()).status_code == 401


@pytest.mark.parametrize(
    ("data", "fields", "field", "words"),
    [
        (b"just text\n" * 50, {}, "file", "画像として読み取れません"),
        (crafted.png_declaring(30000, 30000), {}, "file", "画素数が多すぎます"),
        (crafted.screenshot(), {"target": "95,600"}, "target", "x,y,幅,高さ"),
        (crafted.screenshot(), {"target": "300,800,200,100"}, "target", "はみ出しています"),
        (crafted.screenshot(), {"redact": "0,0,10,10\n1,2"}, "redact", "x,y,幅,高さ"),
        (None, {}, "file", "画像ファイルを選んでください"),
    ],
)
def test_what_is_wrong_is_answered_422_with_the_field(
    client, admin_key, data, fields, field, words
):
    before = stored_images()
    answer = post(client, admin_key, data, **fields)
    assert answer.status_code == 422, answer.text
    assert answer.json["error"] == "invalid_input" and answer.json["field"] == field
    assert words in answer.json["message"]
    assert stored_images() == before


def test_a_file_over_the_limit_is_answered_413_naming_it(app_factory):
    app = app_factory(UPLOAD_MAX_BYTES=200_000)
    with app.app_context():
        key = api_keys.create_api_key("content", Role.ADMIN)[1]
        client = app.test_client()
        over = post(client, key, crafted.noise_png(250_000))
        assert over.status_code == 413
        assert over.json["error"] == "too_large" and "0.2 MB まで" in over.json["message"]
        # Far over: refused by the body limit (twice the file's) before it is read.
        far = post(client, key, crafted.noise_png(500_000))
        assert far.status_code == 413 and "message" in far.json


# --- over real HTTP ----------------------------------------------------------------------


@pytest.fixture
def server(app_factory):
    with LiveServer() as live:
        app = live.serve(app_factory(PUBLIC_URL=live.url))
        with app.app_context():
            admin = api_keys.create_api_key("http admin", Role.ADMIN)[1]
            operator = api_keys.create_api_key("http operator")[1]
        yield live, {"admin": admin, "operator": operator}


def http_post(live, key: str, data: bytes, name: str, **fields) -> requests.Response:
    return requests.post(
        f"{live.url}/api/v1/images",
        files={"file": (name, data, "image/png")},
        data=fields,
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )


def test_over_http_an_upload_larger_than_other_requests_may_be_is_taken(server):
    live, keys = server
    # Past MAX_CONTENT_LENGTH (2 MiB, every other request's limit), under UPLOAD_MAX_BYTES.
    big = crafted.noise_png(2_500_000)
    assert len(big) > 2 * 1024 * 1024
    answer = http_post(live, keys["admin"], big, "noise.png")
    assert answer.status_code == 201, answer.text
    png = requests.get(live.url + answer.json()["renditions"]["png"], timeout=5)
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
    assert png.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    other = requests.post(
        f"{live.url}/api/v1/sessions",
        data=b"{" + b" " * (2 * 1024 * 1024 + 10) + b"}",
        headers={"Authorization": f"Bearer {keys['admin']}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert other.status_code == 413


def test_over_http_a_jpeg_with_gps_is_served_without_it_and_refusals_are_json(server):
    live, keys = server
    answer = http_post(live, keys["admin"], crafted.jpeg_with_gps(), "photo.jpg", target="1,1,9,9")
    assert answer.status_code == 201, answer.text
    served = requests.get(live.url + answer.json()["renditions"]["png"], timeout=5).content
    assert b"TestPhone" not in served and b"Exif" not in served
    text = http_post(live, keys["admin"], b"not an image", "fake.png")
    assert text.status_code == 422 and text.json()["field"] == "file"
    forbidden = http_post(live, keys["operator"], crafted.screenshot(), "shot.png")
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "forbidden"
