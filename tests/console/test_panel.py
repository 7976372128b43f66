"""The session panel the operator steers from, the device cards and the history."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from service.db import db
from service.models import OutboxMessage
from service.sessions import lifecycle
from service.sessions import steering
from service.sessions.lifecycle import Action
from tests.conftest import csrf_from
from tests.helpers import RAKU_RAKU
from tests.helpers import STAFF
from tests.helpers import panel
from tests.helpers import press_panel
from tests.helpers import send_texts
from tests.helpers import visible_cards


def test_panel_shows_passphrase_client_and_mismatch_with_a_switch(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(device="iphone", operator=operator)
    customer.get(path, headers={"User-Agent": RAKU_RAKU})
    page = panel(client, session).text
    assert f'<strong class="passphrase">{session.passphrase}</strong>' in page
    assert "Android 12（F-52B）・Chrome Mobile" in page
    assert "選んだ端末（iPhone" in page
    assert 'id="switch-suggested"' in page

    press_panel(client, session, "switch", device="raku-raku-smartphone")
    db.session.refresh(session)
    assert session.guide_version.guide.device.slug == "raku-raku-smartphone"
    assert "選んだ端末" not in panel(client, session).text


def test_panel_buttons_move_extend_resend_and_report(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(operator=operator)
    customer.get(path)

    press_panel(client, session, "move", step=session.guide_version.step(3).key)
    db.session.refresh(session)
    assert session.current_step == 3
    shown = len(session.path)
    old_expiry = session.expires_at
    press_panel(client, session, "extend", minutes="10")
    db.session.refresh(session)
    assert session.expires_at > old_expiry
    press_panel(client, session, "resend")
    send_texts()
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2
    page = panel(client, session).text
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert "SMSを送り直しました" in timeline and "期限を延ばしました" in timeline
    path_list = page.split('id="path"')[1].split("</ol>")[0]
    assert f"手順 {shown}" in path_list and "（移動）" in path_list


def test_the_short_code_stays_on_the_panel_until_it_is_used(
    client, customer, operator, login, make_session
):
    login(operator)
    session, _ = make_session(operator=operator)
    answer = press_panel(client, session, "short-code")
    shown = client.get(answer.headers["Location"]).text
    code = re.search(r'id="short-code">(\d{3}) (\d{3})<', shown).groups()
    assert "<strong>http://localhost:5000/c</strong>" in shown  # the address customers can reach
    assert 'id="short-code"' in panel(client, session).text  # still there on a reload
    page = customer.get("/c")
    customer.post("/c", data={"code": "".join(code), "csrf_token": csrf_from(page.text)})
    assert 'id="short-code"' not in panel(client, session).text  # used: gone


def test_an_expired_short_code_leaves_the_panel(client, operator, login, make_session):
    from service.models import ShortCode

    login(operator)
    session, _ = make_session(operator=operator)
    press_panel(client, session, "short-code")
    press_panel(client, session, "short-code")  # a second code replaces the first
    assert panel(client, session).text.count('id="short-code"') == 1
    for row in db.session.scalars(select(ShortCode)):
        row.expires_at = row.created_at
    db.session.commit()
    assert 'id="short-code"' not in panel(client, session).text


def test_bad_panel_input_says_so_and_changes_nothing(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(operator=operator)
    customer.get(path)
    answer = press_panel(client, session, "move", step="abc")
    assert answer.status_code == 422
    assert "移動先の手順を一覧から選んでください。" in answer.text
    db.session.refresh(session)
    assert session.current_step == 1


def test_device_cards_search_by_any_alias_and_answers(client, operator, login):
    login(operator)

    def shown(**params):
        return visible_cards(client, **params)

    everyone = shown()
    assert {"iphone", "raku-raku-smartphone", "unknown"} <= everyone
    assert shown(q="ラクラク") == {"raku-raku-smartphone", "unknown"}
    assert shown(q="らくらく") == {"raku-raku-smartphone", "unknown"}
    assert "iphone-home-button" in shown(q="iphone se")
    assert "android-google-messages" in shown(q="ギャラクシー")
    assert shown(apple="yes", home_button="yes") == {"iphone-home-button", "unknown"}
    assert shown(apple="no", big_buttons="yes") >= {"raku-raku-smartphone", "basio-kantan-simple"}
    assert "iphone" not in shown(apple="no")


def test_history_lists_outcome_and_duration(client, customer, operator, login, make_session, now):
    login(operator)
    session, path = make_session(operator=operator, guide="speaker")
    customer.get(path)
    for step in range(1, session.guide_version.total_steps):
        lifecycle.act(session, Action.NEXT, step, now + timedelta(seconds=step))
    lifecycle.act(
        session, Action.DONE, session.guide_version.total_steps, now + timedelta(seconds=65)
    )
    page = client.get("/console/history").text
    row = page.split(session.passphrase)[1].split("</tr>")[0]
    assert "完了" in row and re.search(r"\d+(分\d+)?秒", row)


def test_an_operator_clicking_the_link_is_not_the_customer_opening_it(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(operator=operator)
    page = client.get(path)
    assert "スタッフとしてサインインしているため" in page.text
    db.session.refresh(session)
    assert session.opened_at is None
    customer.get(path, headers={"User-Agent": RAKU_RAKU})
    db.session.refresh(session)
    assert session.opened_at is not None and session.client_family == "raku-raku"


def test_the_panel_shows_where_a_steps_facts_come_from(client, operator, login, make_session):
    login(operator)
    session, _ = make_session(operator=operator)
    step = session.guide_version.steps[0]
    step.sources = ["https://support.apple.com/ja-jp/guide/iphone/", "seen on iPhone SE, iOS 26.1"]
    step.needs_check = "ボタンの名前を実機で確かめる"
    db.session.commit()
    page = panel(client, session).text
    assert '<a href="https://support.apple.com/ja-jp/guide/iphone/"' in page
    assert "seen on iPhone SE, iOS 26.1" in page and "ボタンの名前を実機で確かめる" in page


def test_actions_that_cannot_apply_are_disabled_with_the_reason(
    client, operator, login, make_session, now
):
    login(operator)
    session, path = make_session(operator=operator)
    waiting = panel(client, session).text
    assert 'id="actions-waiting"' in waiting
    assert re.search(r'<button id="move"[^>]*disabled', waiting)
    steering.revoke(session, now, by=STAFF)
    closed = panel(client, session).text
    assert 'id="actions-closed"' in closed
    for button in ("move", "switch", "extend", "resend", "make-short-code", "revoke"):
        assert re.search(rf'<button[^>]*id="{button}"[^>]*disabled', closed), button


def test_the_panel_warns_before_the_link_runs_out(client, operator, login, make_session, now):
    from datetime import timedelta

    login(operator)
    session, _ = make_session(operator=operator, at=now - timedelta(minutes=29))
    page = panel(client, session).text
    assert re.search(r'<p id="expiry-warning" class="alert" role="alert" >リンクの期限', page)
    fresh, _ = make_session(operator=operator)
    assert re.search(r'<p id="expiry-warning"[^>]*hidden', panel(client, fresh).text)


def test_a_guessed_device_is_not_named_before_it_is_known(client, operator, login):
    login(operator)
    page = client.get("/console/new/unknown")
    form = {"guide": "sms-code", "phone": "090-1234-5678", "csrf_token": csrf_from(page.text)}
    confirm = client.post("/console/new/unknown", data=form)
    answer = client.post(
        "/console/sessions",
        data={**form, "device": "unknown", "csrf_token": csrf_from(confirm.text)},
    )
    shown = client.get(answer.headers["Location"]).text
    heading = re.search(r"<h1>(.*?)</h1>", shown).group(1)
    assert heading.startswith("端末未確定／")


def test_back_from_the_confirmation_keeps_the_number_and_the_task(client, operator, login):
    login(operator)
    page = client.get("/console/new/iphone")
    confirm = client.post(
        "/console/new/iphone",
        data={"guide": "email-code", "phone": "09012345678", "csrf_token": csrf_from(page.text)},
    )
    back = re.search(r'<a href="([^"]+)" id="back-to-edit">', confirm.text).group(1)
    again = client.get(back.replace("&amp;", "&")).text
    assert 'value="090-1234-5678"' in again
    assert re.search(r'value="email-code"\s+checked', again)


@pytest.mark.parametrize(
    "typed, device",
    [
        ("Galaxy A23", "android-google-messages"),
        ("ギャラクシーA55", "android-google-messages"),
        ("iPhone 15 Pro", "iphone"),
        ("らくらくスマートフォン F-53E", "raku-raku-smartphone"),
    ],
)
def test_a_full_model_name_finds_its_card(app, typed, device):
    from service import catalog
    from service.catalog import finder

    found = {d.slug for d in finder.search(catalog.devices(), typed, {})}
    assert device in found


def test_the_finder_asks_which_sms_app_the_customer_sees(client, operator, login):
    login(operator)

    def shown(**params):
        return visible_cards(client, **params)

    page = client.get("/console/").text
    assert page.count('name="sms"') == 5 and page.count("<svg") >= 4  # four apps, わからない
    assert shown(sms="iphone-messages") == {"iphone", "iphone-home-button", "unknown"}
    plus = shown(sms="plus-message")
    assert "android-plus-message" in plus and "android-google-messages" not in plus
    assert "iphone" not in plus
    assert shown(sms="nonsense") == shown()  # an unknown answer narrows nothing
