"""The TOML pack stays the seed and the reviewable source: export a device's published guides,
import a file through the same content rules, and edit a device's own fields."""

import hashlib
import io
import tomllib
from pathlib import Path

import PIL.Image
import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import catalog
from service.content import pack
from service.content import versions
from service.content.seed import _import_image
from service.db import db
from service.media import store
from service.models import AuditEntry
from service.models import GuideVersion
from service.models import Role
from tests.conftest import csrf_from

PACK = Path(pack.CONTENT_DIR)


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def exported(client, device="iphone") -> str:
    answer = client.get(f"/admin/devices/{device}.toml")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{device}.toml"'
    return answer.text


def upload(client, text: str | bytes, name="iphone.toml"):
    token = csrf_from(client.get("/admin/import").text)
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        "/admin/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def version_count() -> int:
    return db.session.scalar(select(func.count()).select_from(GuideVersion))


def test_the_export_says_what_the_shipped_pack_file_says(client, admin):
    spec = pack.parse_device(exported(client), Path("iphone.toml"))
    shipped = pack.load_device(PACK / "20-iphone.toml")

    assert [g.slug for g in spec.guides] == [g.slug for g in shipped.guides]
    for ours, theirs in zip(spec.guides, shipped.guides, strict=True):
        assert versions.step_rows(ours, str) == versions.step_rows(theirs, str)
    assert (spec.name, spec.aliases, spec.sms_apps, spec.image) == (
        shipped.name,
        shipped.aliases,
        shipped.sms_apps,
        shipped.image,
    )


def test_importing_an_unchanged_export_makes_no_version(client, admin):
    count = version_count()
    answer = upload(client, exported(client))
    assert answer.status_code == 303
    assert version_count() == count
    assert "0 件の案内が新しい版" in client.get("/admin/guides").text


def test_an_edited_export_imports_as_a_new_version_and_live_sessions_keep_theirs(
    client, admin, make_session, customer
):
    live, path = make_session(device="iphone", guide="sms-code")
    old = live.guide_version.steps[0].text
    text = exported(client).replace(f'text = "{old}"', 'text = "取り込んだ新しい言葉です。"', 1)

    answer = upload(client, text)

    assert answer.status_code == 303
    guide = catalog.guide("iphone", "sms-code")
    assert guide.current_version.number == 2
    assert guide.current_version.steps[0].text == "取り込んだ新しい言葉です。"
    assert old in customer.get(path).text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "pack.import"))
    assert entry.before["versions"]["sms-code"] == 1
    assert entry.after["versions"]["sms-code"] == 2


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace('text = "', 'text = "届いた番号を教えてください。', 1), "asks for"),
        (lambda t: t.replace('family = "iphone"', 'family = "nokia"', 1), "family must be"),
        (lambda t: t + "\n[[guides]\n", "Expected"),
        (lambda t: t.replace('image = "iphone/', 'image = "iphone/no-such-', 1), "not found"),
        (lambda t: t.replace('image = "iphone/', f'image = "sha256:{"0" * 64}" #', 1), "stored"),
    ],
)
def test_an_import_that_breaks_a_rule_changes_nothing(client, admin, change, says):
    count = version_count()
    device = catalog.device("iphone")
    before = (device.name, device.family, list(device.aliases))

    answer = upload(client, change(exported(client)))

    assert answer.status_code == 422
    assert "読み込めません" in answer.text and says in answer.text
    db.session.expire_all()
    device = catalog.device("iphone")
    assert (device.name, device.family, list(device.aliases)) == before
    assert version_count() == count


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"\xff\xfe\x00not text", "not UTF-8"), (b"x" * (1024 * 1024 + 1), "larger than")],
)
def test_a_file_that_is_not_a_pack_file_is_refused(client, admin, data, says):
    answer = upload(client, data)
    assert answer.status_code == 422 and says in answer.text


def test_an_import_without_a_file_asks_for_one(client, admin):
    token = csrf_from(client.get("/admin/import").text)
    answer = client.post("/admin/import", data={"csrf_token": token})
    assert answer.status_code == 422 and "ファイルを選んでください" in answer.text


def test_an_uploaded_picture_travels_by_digest_and_imports_back(client, admin):
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (720, 1000), "white").save(buffer, "PNG")
    picture = store.store(buffer.getvalue())
    db.session.commit()
    text = exported(client)
    first_image = tomllib.loads(text)["guides"][1]["steps"][0]["image"]
    text = text.replace(f'image = "{first_image}"', f'image = "sha256:{picture.digest}"', 1)

    assert upload(client, text).status_code == 303
    assert f"sha256:{picture.digest}" in exported(client)
    assert hashlib.sha256(buffer.getvalue()).hexdigest() == picture.digest
    assert _import_image(PACK, f"sha256:{picture.digest}") == picture.digest


def test_a_device_edit_is_checked_saved_and_audited(client, admin):
    path = "/admin/devices/iphone"
    token = csrf_from(client.get(path).text)
    form = {
        "csrf_token": token,
        "name": "iPhone（ホームボタンなし）",
        "family": "iphone",
        "aliases": "アイフォン\nあいほん",
        "traits": ["apple"],
        "sms_apps": ["iphone-messages"],
        "image_digest": catalog.device("iphone").image_digest,
    }

    refused = client.post(path, data={**form, "family": "nokia", "aliases": ""})
    assert refused.status_code == 422
    assert "種類を一覧から選んで" in refused.text and "呼び方を 1 つ以上" in refused.text
    db.session.expire_all()
    assert catalog.device("iphone").family == "iphone"

    assert client.post(path, data=form).status_code == 303
    db.session.expire_all()
    device = catalog.device("iphone")
    assert device.aliases == ["アイフォン", "あいほん"] and device.image_digest
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "device.edit"))
    assert "あいほん" in entry.after["aliases"] and "あいほん" not in entry.before["aliases"]
