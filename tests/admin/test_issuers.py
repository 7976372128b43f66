"""The admin's card-issuer table, through the browser's forms: roles, edits, refusals."""

import pytest

from service.db import db
from service.hints import issuers
from service.models import CardIssuer
from service.models import Role
from tests.conftest import csrf_from

FORM = {
    "name": "楽天カード",
    "aliases": "らくてん\n楽天",
    "channel": "email",
    "guide_slug": "email-code",
    "script": "メールで届きます。",
    "sources": "https://example.com/rakuten-mail",
    "needs_check": "",
}


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def post(client, path, **fields):
    token = csrf_from(client.get(path).text)
    return client.post(path, data={"csrf_token": token, **fields})


@pytest.mark.parametrize("path", ["/admin/", "/admin/issuers", "/admin/issuers/rakuten"])
def test_operators_are_refused_and_strangers_sent_to_sign_in(client, operator, login, path):
    assert client.get(path).status_code == 302  # not signed in: to the sign-in page
    login(operator)
    refused = client.get(path)
    assert refused.status_code == 403
    assert "Traceback" not in refused.text


def test_an_operator_cannot_post_an_edit(client, operator, login):
    login(operator)
    token = csrf_from(client.get("/console/").text)
    answer = client.post("/admin/issuers/rakuten", data={"csrf_token": token, **FORM})

    assert answer.status_code == 403
    assert issuers.by_slug("rakuten").channel.value == "sms"


def test_the_list_shows_each_issuer_with_its_sources(client, admin):
    page = client.get("/admin/issuers")

    assert page.status_code == 200
    assert "三井住友カード" in page.text and "パックのまま" in page.text
    assert 'id="issuer-rakuten"' in page.text


def test_an_admin_edit_changes_what_the_next_operator_is_told(client, admin):
    answer = post(client, "/admin/issuers/rakuten", **FORM)
    assert answer.status_code == 303

    db.session.expire_all()
    row = issuers.by_slug("rakuten")
    assert (row.channel.value, row.guide_slug) == ("email", "email-code")
    assert row.edited_by_id == admin.id
    assert row.aliases == ["らくてん", "楽天"]
    page = client.get("/console/new/iphone")
    confirm = client.post(
        "/console/new/iphone",
        data={
            "guide": "sms-code",
            "phone": "09012345678",
            "issuer": "rakuten",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert 'id="better-guide"' in confirm.text
    assert "admin tester（" in client.get("/admin/issuers").text


def test_an_edit_without_a_source_is_refused_and_changes_nothing(client, admin):
    answer = post(client, "/admin/issuers/rakuten", **{**FORM, "sources": "", "needs_check": ""})

    assert answer.status_code == 422
    assert "出典" in answer.text
    assert 'value="楽天カード"' in answer.text  # what was typed is still in the form
    db.session.expire_all()
    assert issuers.by_slug("rakuten").edited_at is None


def test_a_new_issuer_can_be_added_and_a_taken_slug_is_refused(client, admin):
    added = post(client, "/admin/issuers/new", slug="epos", **{**FORM, "name": "エポスカード"})
    assert added.status_code == 303
    assert issuers.by_slug("epos").name == "エポスカード"

    again = post(client, "/admin/issuers/new", slug="epos", **FORM)
    assert again.status_code == 422 and "もう使われています" in again.text
    bad = post(client, "/admin/issuers/new", slug="エポス", **FORM)
    assert bad.status_code == 422
    assert db.session.query(CardIssuer).filter_by(name="楽天カード").count() == 1


def test_unknown_issuer_page_is_404(client, admin):
    assert client.get("/admin/issuers/no-such").status_code == 404
