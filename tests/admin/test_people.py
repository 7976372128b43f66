"""The admin's people and keys: add, disable (signed out at once), unlock, reset, revoke."""

import io
import re

import pytest

from service.db import db
from service.models import ApiKey
from service.models import Role
from service.models import User
from tests.conftest import PASSWORD
from tests.conftest import csrf_from
from tests.media import crafted


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def post(client, path, page="/admin/people", **fields):
    return client.post(path, data={"csrf_token": csrf_from(client.get(page).text), **fields})


def sign_in(app, user, password=PASSWORD):
    browser = app.test_client()
    token = csrf_from(browser.get("/login").text)
    answer = browser.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": token}
    )
    return browser, answer


def test_an_admin_adds_an_operator_who_can_sign_in(app, client, admin):
    added = post(
        client,
        "/admin/people",
        email="New.Op@Example.com",
        display_name="新人 山田",
        role="operator",
        password="a-long-password",
    )
    assert added.status_code == 303
    user = db.session.query(User).filter_by(email="new.op@example.com").one()
    assert user.role is Role.OPERATOR
    assert sign_in(app, user, "a-long-password")[1].status_code == 302


def test_a_taken_address_or_short_password_is_refused_and_adds_nobody(client, admin, operator):
    people = db.session.query(User).count()
    taken = post(client, "/admin/people", email=operator.email, role="operator", password="x" * 12)
    short = post(client, "/admin/people", email="b@example.com", role="operator", password="short")

    assert taken.status_code == short.status_code == 422
    assert "すでに登録されています" in taken.text and "10文字以上" in short.text
    assert 'value="b@example.com"' in short.text
    assert db.session.query(User).count() == people


def test_disabling_signs_the_operator_out_at_once_and_keeps_them_out(app, client, admin, operator):
    their_browser, _ = sign_in(app, operator)
    assert their_browser.get("/console/").status_code == 200

    post(client, f"/admin/people/{operator.id}/disable")

    assert their_browser.get("/console/").status_code == 302  # signed out, server-side
    again, answer = sign_in(app, operator)
    assert answer.status_code == 401  # the form again, with the usual message
    assert "メールアドレスかパスワードが違います" in answer.text
    post(client, f"/admin/people/{operator.id}/enable")
    assert sign_in(app, operator)[1].status_code == 302


def test_an_admin_cannot_disable_themself(client, admin):
    post(client, f"/admin/people/{admin.id}/disable")
    db.session.expire_all()
    assert db.session.get(User, admin.id).disabled_at is None


def test_unlock_lifts_a_lockout_and_a_reset_password_works(app, client, admin, operator):
    for _ in range(5):
        assert sign_in(app, operator, "wrong-password")[1].status_code == 401
    assert "しばらくサインインできません" in sign_in(app, operator)[1].text
    assert "ロック中" in client.get("/admin/people").text

    post(client, f"/admin/people/{operator.id}/unlock")
    assert sign_in(app, operator)[1].status_code == 302
    short = post(client, f"/admin/people/{operator.id}/password", password="short")
    assert short.status_code == 422 and "10文字以上" in short.text
    post(client, f"/admin/people/{operator.id}/password", password="brand-new-password")
    assert sign_in(app, operator)[1].status_code == 401  # the old password no longer works
    assert sign_in(app, operator, "brand-new-password")[1].status_code == 302


def test_an_unknown_account_or_change_is_404(client, admin):
    assert post(client, "/admin/people/9999/disable").status_code == 404
    assert post(client, f"/admin/people/{admin.id}/promote").status_code == 404


def test_a_key_is_shown_once_and_revoking_it_shuts_the_api(client, admin):
    made = post(client, "/admin/keys", page="/admin/keys", name="CRM 本番")
    assert made.status_code == 201
    raw = re.search(r"<pre[^>]*>(tbk_[^<]+)</pre>", made.text).group(1)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/devices", headers=headers).status_code == 200
    assert raw not in client.get("/admin/keys").text  # never shown again

    key = db.session.query(ApiKey).filter_by(name="CRM 本番").one()
    assert post(client, f"/admin/keys/{key.id}/revoke", page="/admin/keys").status_code == 303
    assert client.get("/api/v1/devices", headers=headers).status_code == 401
    assert "無効（" in client.get("/admin/keys").text


def test_operators_reach_no_people_or_key_page(client, operator, login):
    login(operator)
    assert client.get("/admin/people").status_code == 403
    assert client.get("/admin/keys").status_code == 403


def test_the_cli_lists_and_revokes_keys(runner, api_key, client):
    listed = runner.invoke(args=["api-keys", "list"])
    key_id = int(listed.output.split("\t")[0])
    assert "tests" in listed.output and api_key not in listed.output

    revoked = runner.invoke(args=["api-keys", "revoke", str(key_id)])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    headers = {"Authorization": f"Bearer {api_key}"}
    assert client.get("/api/v1/devices", headers=headers).status_code == 401
    assert runner.invoke(args=["api-keys", "revoke", "999"]).exit_code != 0


def test_a_key_issued_as_admin_may_upload_images_and_an_operators_may_not(client, admin):
    shot = crafted.screenshot()
    answers = {}
    for role in ("admin", "operator"):
        made = post(client, "/admin/keys", page="/admin/keys", name=f"{role} key", role=role)
        raw = re.search(r"<pre[^>]*>(tbk_[^<]+)</pre>", made.text).group(1)
        answers[role] = client.post(
            "/api/v1/images",
            data={"file": (io.BytesIO(shot), "shot.png")},
            headers={"Authorization": f"Bearer {raw}"},
        ).status_code
    assert answers == {"admin": 201, "operator": 403}
    listing = client.get("/admin/keys").text
    assert "管理者（画像の登録も）" in listing and "オペレーター" in listing
    refused = post(client, "/admin/keys", page="/admin/keys", name="odd", role="owner")
    assert refused.status_code == 303
    assert db.session.query(ApiKey).filter_by(name="odd").count() == 0


def test_the_cli_issues_an_admin_key_and_lists_each_keys_role(runner):
    made = runner.invoke(args=["api-keys", "create", "content", "--role", "admin"])
    assert made.exit_code == 0 and "(admin)" in made.output
    plain = runner.invoke(args=["api-keys", "create", "desk"])
    assert plain.exit_code == 0 and "(operator)" in plain.output  # the default role
    listed = runner.invoke(args=["api-keys", "list"]).output
    assert "\tcontent\tadmin\t" in listed and "\tdesk\toperator\t" in listed
