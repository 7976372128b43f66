"""The worker as it runs: a thread of the serving app, and the command."""

import requests

from service.auth import api_keys
from service.webhooks import endpoints
from tests.api.test_http_flow import NEW_SESSION
from tests.live_server import LiveServer
from tests.webhooks.receiver import Receiver


def test_the_in_process_worker_sends_without_any_command(app_factory, now):
    with LiveServer() as live, Receiver() as receiver:
        app = live.serve(
            app_factory(PUBLIC_URL=live.url, WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_WORKER_SECONDS=0.1)
        )
        with app.app_context():
            _, secret = endpoints.register(receiver.url, ["created"], now, allow_private=True)
            key = api_keys.create_api_key("crm")[1]
        answer = requests.post(
            f"{live.url}/api/v1/sessions",
            json=NEW_SESSION,
            headers={"Authorization": f"Bearer {key}"},
            timeout=5,
        )
        assert answer.status_code == 201
        assert receiver.arrived.wait(5), "the worker thread sent nothing"
        (body,) = receiver.verified(secret)
        assert body["data"]["session"] == answer.json()["id"]
        app.extensions["tebiki.webhooks"].stop()


def test_the_command_sends_what_is_due_once(app, runner, make_session, now):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    with Receiver() as receiver:
        _, secret = endpoints.register(
            receiver.url, ["created", "sms_sent"], now, allow_private=True
        )
        make_session()
        result = runner.invoke(args=["webhooks", "work", "--once"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == "2 deliveries tried"
        assert [b["type"] for b in receiver.verified(secret)] == [
            "session.created",
            "session.sms_sent",
        ]
