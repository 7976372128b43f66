"""Editing a guide from the browser's forms: a draft, the content rules, publish, restore."""

import io
import re

import PIL.Image
import pytest
from sqlalchemy import func
from sqlalchemy import select

from service import catalog
from service.content import drafts
from service.db import db
from service.models import AuditEntry
from service.models import GuideDraft
from service.models import GuideVersion
from service.models import ImageUpload
from service.models import Role
from service.models import SessionEvent
from tests.conftest import PASSWORD
from tests.conftest import csrf_from

GUIDE = "/admin/guides/iphone/sms-code"
DRAFT = f"{GUIDE}/draft"
SOURCE = "https://support.apple.com/ja-jp/guide/iphone/iph5d7a4c1b/ios"


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def post(client, path, page=DRAFT, **data):
    token = csrf_from(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **data})


def start(client):
    answer = post(client, f"{DRAFT}/start", page=GUIDE)
    assert answer.status_code == 303
    return drafts.of(catalog.guide("iphone", "sms-code"))


def step_form(step: dict, **changes) -> dict:
    """Return what the step's form posts when the admin changes ``changes`` only."""
    fields = {
        "title": step["title"],
        "text": step["text"],
        "script": step["script"],
        "image": step["image"],
        "alt": step["alt"],
        "sources": "\n".join(step["sources"]),
        "needs_check": step.get("needs_check") or "",
        "after": step.get("next") or (f"end:{step['end']}" if "end" in step else ""),
    }
    if step.get("warning"):
        fields["warning"] = "on"
    for row, choice in enumerate(step.get("choices", []), start=1):
        fields[f"choice{row}_label"] = choice["label"]
        fields[f"choice{row}_next"] = choice["next"]
        fields[f"choice{row}_app"] = choice.get("app", "")
    return {**fields, **changes}


def save(client, draft, index: int, **changes):
    step = draft.body["steps"][index]
    path = f"{DRAFT}/steps/{step['key']}"
    return post(client, path, page=path, **step_form(step, **changes))


def versions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(GuideVersion))


def test_an_edit_waits_in_the_draft_and_publishing_makes_a_version_new_sessions_use(
    client, admin, make_session, customer
):
    live, live_path = make_session(device="iphone", guide="sms-code")
    old_text = live.guide_version.steps[0].text
    draft = start(client)

    answer = save(client, draft, 0, text="メッセージのアプリを開きます。", sources=SOURCE)
    assert answer.status_code == 303
    assert "メッセージのアプリを開きます。" in client.get(DRAFT).text
    # Not yet published: the customer's page and a new session show the old words.
    assert old_text in customer.get(live_path).text
    _, before_publish = make_session(device="iphone", guide="sms-code")
    assert old_text in customer.get(before_publish).text

    answer = post(client, f"{DRAFT}/publish")
    assert answer.status_code == 303 and answer.headers["Location"] == GUIDE

    guide = catalog.guide("iphone", "sms-code")
    assert guide.current_version.number == 2
    assert guide.current_version.steps[0].sources == [SOURCE]
    assert drafts.of(guide) is None
    _, fresh = make_session(device="iphone", guide="sms-code")
    assert "メッセージのアプリを開きます。" in customer.get(fresh).text
    # The session that was live keeps the version it started with.
    assert old_text in customer.get(live_path).text
    assert "版 2 を公開しました" in client.get(GUIDE).text


def test_every_change_is_in_the_audit_log_with_who_and_before_and_after(client, admin):
    draft = start(client)
    before = draft.body["steps"][0]["text"]
    save(client, draft, 0, text="新しい言葉です。", sources=SOURCE)
    post(client, f"{DRAFT}/publish")

    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries] == ["draft.start", "draft.step", "guide.publish"]
    assert all(e.user_id == admin.id for e in entries)
    edit = entries[1]
    assert edit.target == f"iphone/sms-code/{draft.body['steps'][0]['key']}"
    assert edit.before["text"] == before and edit.after["text"] == "新しい言葉です。"
    assert entries[2].before == {"version": 1} and entries[2].after == {"version": 2}
    page = client.get("/admin/audit?target=iphone/sms-code").text
    assert "新しい言葉です。" in page and admin.display_name in page


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"text": "「スピーカー」を押します。", "sources": "", "needs_check": ""}, "no source"),
        ({"text": "届いた番号を教えてください。"}, "asks for the code"),
        ({"after": "end:needs_operator", "title": "できました"}, "says it worked"),
        ({"text": "あ" * 61}, "at most 60"),
        ({"image": ""}, "has no illustration"),
    ],
)
def test_a_draft_that_breaks_a_content_rule_cannot_be_published(client, admin, change, rule):
    draft = start(client)
    count = versions_count()
    save(client, draft, 0, **change)

    page = client.get(DRAFT).text
    assert rule in page and 'id="publish" disabled' in page
    answer = post(client, f"{DRAFT}/publish")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("#problems")
    assert "公開できません" in client.get(DRAFT).text
    assert versions_count() == count
    assert catalog.guide("iphone", "sms-code").current_version.number == 1
    assert drafts.of(catalog.guide("iphone", "sms-code")) is not None


def test_a_loop_with_no_way_out_is_found_before_publishing(client, admin):
    draft = start(client)
    key = draft.body["steps"][0]["key"]
    save(client, draft, 0, after=key)

    assert "goes round for ever" in client.get(DRAFT).text
    post(client, f"{DRAFT}/publish")
    assert catalog.guide("iphone", "sms-code").current_version.number == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"image": "0" * 64}, "その絵は使えません"),
        ({"choice1_label": "はい", "choice1_next": "no-such-step"}, "進む先の手順を選んで"),
        ({"after": "somewhere"}, "次に進む先を一覧から"),
        ({"title": "あ" * 121}, "120文字まで"),
    ],
)
def test_a_step_form_with_bad_input_says_why_and_saves_nothing(client, admin, change, message):
    draft = start(client)
    body = draft.body

    answer = save(client, draft, 0, **change)

    assert answer.status_code == 422 and message in answer.text
    db.session.expire_all()
    assert drafts.of(catalog.guide("iphone", "sms-code")).body == body


def test_steps_are_reordered_added_and_removed(client, admin):
    draft = start(client)
    first, second = (s["key"] for s in draft.body["steps"][:2])

    post(client, f"{DRAFT}/steps/{first}/move", direction="down")
    db.session.expire_all()
    keys = [s["key"] for s in drafts.of(catalog.guide("iphone", "sms-code")).body["steps"]]
    assert keys[:2] == [second, first]

    answer = post(client, f"{DRAFT}/steps", after=first)
    added = answer.headers["Location"].rsplit("/", 1)[1]
    db.session.expire_all()
    keys = [s["key"] for s in drafts.of(catalog.guide("iphone", "sms-code")).body["steps"]]
    assert keys[2] == added
    # An empty step blocks publishing until it has words and a picture.
    assert f"{added}</a>：needs a title and a text" in client.get(DRAFT).text

    post(client, f"{DRAFT}/steps/{added}/remove")
    db.session.expire_all()
    keys = [s["key"] for s in drafts.of(catalog.guide("iphone", "sms-code")).body["steps"]]
    assert added not in keys


def test_two_admins_editing_different_steps_both_keep_their_edit(client, admin, app, make_user):
    draft = start(client)
    other = app.test_client()
    second_admin = make_user(Role.ADMIN)
    token = csrf_from(other.get("/login").text)
    signed_in = other.post(
        "/login", data={"email": second_admin.email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    first, second = draft.body["steps"][0], draft.body["steps"][1]
    # Both opened the draft before either saved.
    token_a = csrf_from(client.get(f"{DRAFT}/steps/{first['key']}").text)
    token_b = csrf_from(other.get(f"{DRAFT}/steps/{second['key']}").text)
    client.post(
        f"{DRAFT}/steps/{first['key']}",
        data={"csrf_token": token_a, **step_form(first, text="一つめを直しました。")},
    )
    other.post(
        f"{DRAFT}/steps/{second['key']}",
        data={"csrf_token": token_b, **step_form(second, text="二つめを直しました。")},
    )

    db.session.expire_all()
    steps = drafts.of(catalog.guide("iphone", "sms-code")).body["steps"]
    assert steps[0]["text"] == "一つめを直しました。"
    assert steps[1]["text"] == "二つめを直しました。"


def test_an_old_version_is_viewable_and_restored_as_the_newest(client, admin, make_session):
    original = catalog.guide("iphone", "sms-code").current_version.steps[0].text
    draft = start(client)
    save(client, draft, 0, text="二番目の版の言葉です。", sources=SOURCE)
    post(client, f"{DRAFT}/publish")
    on_two, _ = make_session(device="iphone", guide="sms-code")

    assert original in client.get(f"{GUIDE}?version=1").text
    answer = post(client, f"{GUIDE}/restore", page=f"{GUIDE}?version=1", version="1")

    assert answer.status_code == 303
    guide = catalog.guide("iphone", "sms-code")
    assert guide.current_version.number == 3
    assert guide.current_version.steps[0].text == original
    assert on_two.guide_version.number == 2
    assert on_two.guide_version.steps[0].text == "二番目の版の言葉です。"


def test_restoring_the_version_in_use_is_refused(client, admin):
    answer = post(client, f"{GUIDE}/restore", page=GUIDE, version="1")
    assert answer.status_code == 303
    assert "いま使われている版" in client.get(GUIDE).text
    assert catalog.guide("iphone", "sms-code").current_version.number == 1


def test_a_guide_is_copied_from_another_device_into_the_draft(client, admin):
    start(client)
    post(client, f"{DRAFT}/copy", source="raku-raku-smartphone/sms-code")

    db.session.expire_all()
    body = drafts.of(catalog.guide("iphone", "sms-code")).body
    source = catalog.guide("raku-raku-smartphone", "sms-code").current_version
    assert [s["text"] for s in body["steps"]] == [s.text for s in source.steps]
    assert body["slug"] == "sms-code"


def test_discarding_leaves_the_published_version_as_it_was(client, admin):
    draft = start(client)
    save(client, draft, 0, text="捨てる言葉です。")
    post(client, f"{DRAFT}/discard")

    guide = catalog.guide("iphone", "sms-code")
    assert db.session.scalar(select(func.count()).select_from(GuideDraft)) == 0
    assert guide.current_version.number == 1
    assert "捨てる言葉です。" not in client.get(GUIDE).text
    assert client.get(DRAFT).status_code == 404


def test_publishing_an_unchanged_draft_is_refused(client, admin):
    start(client)
    post(client, f"{DRAFT}/publish")
    assert "いまの版と同じ内容です" in client.get(DRAFT).text
    assert catalog.guide("iphone", "sms-code").current_version.number == 1


def test_the_draft_preview_shows_the_unpublished_words_and_records_nothing(client, admin, customer):
    draft = start(client)
    save(client, draft, 0, text="まだ公開していない言葉です。", sources=SOURCE)
    preview = re.search(r'<iframe src="([^"]+)"', client.get(DRAFT).text).group(1)
    count, events = versions_count(), db.session.scalar(select(func.count(SessionEvent.id)))

    page = customer.get(preview)

    assert page.status_code == 200
    assert "まだ公開していない言葉です。" in page.text and "下書き" in page.text
    assert versions_count() == count
    assert db.session.scalar(select(func.count(SessionEvent.id))) == events
    post(client, f"{DRAFT}/discard")
    assert customer.get(preview).status_code == 404


def test_an_uploaded_screenshot_is_picked_for_a_step_and_published(client, admin, customer):
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (720, 1280), "#dde").save(buffer, "PNG")
    post(
        client, "/admin/images", page="/admin/images", file=(io.BytesIO(buffer.getvalue()), "s.png")
    )
    (record,) = db.session.scalars(select(ImageUpload)).all()
    draft = start(client)
    step_page = client.get(f"{DRAFT}/steps/{draft.body['steps'][0]['key']}").text
    assert f'value="{record.digest}"' in step_page  # offered in the picture list

    save(client, draft, 0, image=record.digest, alt="撮った画面。")
    post(client, f"{DRAFT}/publish")

    step = catalog.guide("iphone", "sms-code").current_version.steps[0]
    assert step.image_digest == record.digest and step.image_alt == "撮った画面。"
