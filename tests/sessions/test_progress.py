"""One numbering: the customer's counter, the operator's panel, the path, the timeline, the
API and the event stream give the same step the same number, on branching guides too."""

import re

from service.db import db
from service.sessions import progress
from service.sessions import queries
from tests.conftest import csrf_from
from tests.helpers import panel
from tests.helpers import press_panel

COUNTER = re.compile(r'<p class="counter"[^>]*>手順 (\d+) / (\d+)</p>')


def customer_counter(customer, path) -> tuple[int, int, str]:
    page = customer.get(path).text
    position, total = COUNTER.search(page).groups()
    return int(position), int(total), page


def press(customer, path, page, action):
    step = re.search(r'name="step" value="(\d+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    customer.post(
        path,
        data={"action": action, "step": step, "version": version, "csrf_token": csrf_from(page)},
    )


def operator_numbers(client, session) -> tuple[int, str]:
    html = panel(client, session).text
    current = re.search(
        r'<div class="panel" data-key="[^"]+" data-title="[^"]*" >\n'
        r'<p class="counter">手順 <span class="position">(\d+)</span>',
        html,
    )
    shown = re.search(r'id="progress">(\d+) / (\d+)<', html).groups()
    return int(current.group(1)), f"{shown[0]} / {shown[1]}"


def test_both_screens_and_the_api_agree_along_a_branching_walk(
    client, customer, operator, login, make_session, api_headers
):
    login(operator)
    session, path = make_session(guide="sms-code", operator=operator)
    position, total, page = customer_counter(customer, path)
    apart = 0  # steps whose place in the pack is not the number shown: the case that matters
    for _ in range(8):
        # Take the second answer where there is one (the longer way round), else 次へ.
        action = "choose:1" if 'value="choose:1"' in page else "next"
        if 'value="done"' in page:
            break
        press(customer, path, page, action)
        position, total, page = customer_counter(customer, path)
        on_panel, counter = operator_numbers(client, session)
        assert on_panel == position and counter == f"{position} / {total}"
        api = client.get(f"/api/v1/sessions/{session.id}", headers=api_headers).json
        assert (api["current_step"], api["total_steps"]) == (position, total)
        last = queries.events_after(session.id, 0)[-1]
        assert last["step"] == position and last["details"]["progress"] == [position, total]
        html = panel(client, session).text
        path_list = html.split('id="path"')[1].split("</ol>")[0]
        assert re.findall(r'class="current">手順 (\d+) ', path_list) == [str(position)]
        db.session.refresh(session)
        apart += session.current_step != position
    assert apart


def test_a_move_shows_the_customer_the_number_the_operator_picked(
    client, customer, operator, login, make_session
):
    login(operator)
    session, path = make_session(guide="sms-code", operator=operator)
    customer.get(path)
    html = panel(client, session).text
    options = re.findall(r'<option value="([^"]+)">手順 (\d+)：', html)
    assert len(options) == session.guide_version.total_steps
    for key, label in options:
        answer = press_panel(client, session, "move", step=key)
        assert f"お客様の画面を手順 {label}（" in client.get(answer.headers["Location"]).text
        position, _, page = customer_counter(customer, path)
        assert position == int(label), key


def test_labels_follow_the_shortest_route_and_the_main_route_keeps_its_numbers(app):
    from service import catalog

    version = catalog.guide("iphone-home-button", "sms-code").current_version
    labels = progress.labels(version)
    assert labels[1] == 1
    number, seen = 1, 1
    while True:  # along the main route, labels count 1, 2, 3...
        step = version.step(number)
        following = step.next_step or (step.choices[0].next_step if step.choices else None)
        if following is None or labels.get(following) != seen + 1:
            break
        number, seen = following, seen + 1
    assert seen >= 3
    for target, route in progress.routes(version).items():
        assert route[0] == 1 and route[-1] == target and len(route) == labels[target]
