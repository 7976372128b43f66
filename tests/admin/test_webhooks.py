"""The admin's webhook page: what it lists, and replays refused without changing anything."""

from sqlalchemy import func
from sqlalchemy import select

from service.db import db
from service.models import Role
from service.models import WebhookDelivery
from service.webhooks import endpoints
from tests.conftest import csrf_from


def test_the_page_lists_endpoints_and_says_when_there_are_none(client, login, make_user, now):
    login(make_user(Role.ADMIN))
    assert "登録された webhook はありません" in client.get("/admin/webhooks").text
    endpoints.register("https://93.184.215.14/crm", ["help"], now, allow_private=False)
    page = client.get("/admin/webhooks").text
    assert "https://93.184.215.14/crm" in page and "正常" in page and "まだ配信はありません" in page
    assert "whsec_" not in page  # the secret is never shown again


def test_replaying_an_unknown_or_pending_delivery_changes_nothing(
    client, login, make_user, make_session, now
):
    login(make_user(Role.ADMIN))
    endpoint, _ = endpoints.register("https://93.184.215.14/crm", None, now, allow_private=False)
    make_session()
    pending = db.session.scalars(select(WebhookDelivery)).first()
    count = db.session.scalar(select(func.count(WebhookDelivery.id)))
    token = csrf_from(client.get("/admin/webhooks").text)
    base = f"/admin/webhooks/{endpoint.id}/deliveries"
    assert client.post(f"{base}/999999/replay", data={"csrf_token": token}).status_code == 404
    refused = client.post(f"{base}/{pending.id}/replay", data={"csrf_token": token})
    assert refused.status_code == 303
    assert "まだ送信待ちです" in client.get("/admin/webhooks").text
    assert client.post(f"{base}/{pending.id}/replay").status_code == 400  # no CSRF token
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == count
