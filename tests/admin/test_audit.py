"""The audit log beyond guides: card issuers, people and keys, and the log page itself."""

import pytest
from sqlalchemy import select

from service import audit
from service.db import db
from service.models import AuditEntry
from service.models import Role
from tests.admin.test_issuers import FORM
from tests.conftest import csrf_from


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def post(client, path, page, **fields):
    token = csrf_from(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **fields})


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_an_issuer_edit_keeps_before_and_after(client, admin):
    post(client, "/admin/issuers/rakuten", "/admin/issuers/rakuten", **FORM)

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "issuer.edit"))
    assert entry.target == "issuers/rakuten" and entry.user_id == admin.id
    assert entry.after["channel"] == "email" and entry.after["aliases"] == ["らくてん", "楽天"]
    assert entry.before["channel"] != "email"


def test_a_refused_issuer_edit_leaves_no_entry(client, admin):
    post(client, "/admin/issuers/rakuten", "/admin/issuers/rakuten", **{**FORM, "sources": ""})
    assert actions() == []


def test_people_and_keys_changes_are_kept_without_secrets(client, admin, operator):
    post(client, f"/admin/people/{operator.id}/disable", "/admin/people")
    post(client, "/admin/keys", "/admin/keys", name="CRM")

    assert actions() == ["person.disable", "key.add"]
    key_entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "key.add"))
    assert set(key_entry.after) == {"name", "prefix"}
    page = client.get("/admin/audit").text
    assert f"people/{operator.email}" in page and "key.add" in page


def test_the_log_page_filters_by_target_and_pages_back(client, admin):
    for number in range(audit.PAGE + 5):
        audit.record(admin, "draft.step", f"iphone/sms-code/step-{number}")
    audit.record(admin, "draft.step", "android-plus-message/sms-code/open")
    db.session.commit()

    first = client.get("/admin/audit?target=iphone/").text
    assert "android-plus-message" not in first
    assert first.count('id="audit-') == audit.PAGE
    older = first.split('before=')[1].split('"')[0]
    second = client.get(f"/admin/audit?target=iphone/&before={older}").text
    assert second.count('id="audit-') == 5
    assert client.get("/admin/audit?before=x").status_code == 422
