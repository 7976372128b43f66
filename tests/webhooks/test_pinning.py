"""DNS rebinding: the worker looks a name up once per send and connects to that address only."""

import socket

import pytest
from sqlalchemy import select

from service.db import db
from service.models import DeliveryStatus
from service.models import WebhookDelivery
from service.webhooks import endpoints
from service.webhooks import worker
from tests.webhooks.receiver import Receiver

NAME = "crm.rebind.example"
PUBLIC = "93.184.215.14"


class Dns:
    """The network's resolver for ``NAME``: each lookup gets the next of ``answers`` (the last
    one again once they run out); every other host is looked up for real."""

    def __init__(self, monkeypatch, answers):
        self.answers = list(answers)
        self.asked = 0
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host != NAME:
                return real(host, port, *args, **kwargs)
            self.asked += 1
            address = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 2
    with Receiver() as receiver:
        yield receiver


def the_delivery() -> WebhookDelivery:
    query = select(WebhookDelivery).execution_options(populate_existing=True)
    return db.session.scalars(query).one()


def register_by_name(app, receiver, now) -> str:
    port = receiver.url.rsplit(":", 1)[1].split("/")[0]
    url = f"http://{NAME}:{port}/hook"
    allow = app.config["WEBHOOK_ALLOW_PRIVATE"]
    endpoints.register(url, ["created"], now, allow_private=allow)
    return url


def test_a_name_that_resolves_inside_at_send_time_is_refused(
    app, receiver, make_session, now, monkeypatch
):
    # Public when the CRM registered it; loopback by the time the event goes out.
    dns = Dns(monkeypatch, [PUBLIC, "127.0.0.1"])
    register_by_name(app, receiver, now)
    make_session()

    worker.run_once(now)

    assert receiver.received == []
    delivery = the_delivery()
    assert delivery.status is DeliveryStatus.PENDING
    assert "内部のアドレス" in delivery.last_error
    assert dns.asked == 2  # once to register, once to send


def test_the_setting_lets_the_same_send_through_with_the_name_as_host(
    app, receiver, make_session, now, monkeypatch
):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    Dns(monkeypatch, ["127.0.0.1"])
    url = register_by_name(app, receiver, now)
    make_session()

    worker.run_once(now)

    ((headers, _),) = receiver.received
    assert headers["host"] == url.split("/")[2]
    assert the_delivery().status is DeliveryStatus.SENT


def test_the_request_goes_to_the_address_checked_never_a_second_answer(
    app, receiver, make_session, now, monkeypatch
):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    # Registration, then the send's one lookup; a second lookup would get nowhere.
    dns = Dns(monkeypatch, ["127.0.0.1", "127.0.0.1", "192.0.2.1"])
    register_by_name(app, receiver, now)
    make_session()

    worker.run_once(now)

    assert len(receiver.received) == 1
    assert the_delivery().status is DeliveryStatus.SENT
    assert dns.asked == 2


@pytest.fixture
def tls_receiver(app, monkeypatch, tmp_path):
    """Return a function starting an HTTPS receiver whose certificate names ``names``,
    signed by a test authority the worker trusts; it notes the name each client asked for."""
    import ssl

    import trustme

    from service.webhooks import pinned

    authority = trustme.CA()
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setattr(pinned.certifi, "where", lambda: str(bundle))
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_TIMEOUT_SECONDS=2)
    started = []

    def start(*names):
        receiver = Receiver()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert(*names).configure_cert(context)
        receiver.asked_for = []
        context.sni_callback = lambda _socket, name, _context: receiver.asked_for.append(name)
        receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
        started.append(receiver.__enter__())
        return receiver

    yield start
    for receiver in started:
        receiver.__exit__(None, None, None)


def register_https(receiver, now) -> str:
    url = f"https://{NAME}:{receiver.server.server_port}/hook"
    endpoints.register(url, ["created"], now, allow_private=True)
    return url


def test_https_goes_to_the_address_with_the_name_for_sni_and_the_certificate(
    tls_receiver, make_session, now, monkeypatch
):
    Dns(monkeypatch, ["127.0.0.1"])
    receiver = tls_receiver(NAME)
    url = register_https(receiver, now)
    make_session()

    worker.run_once(now)

    assert the_delivery().status is DeliveryStatus.SENT
    assert receiver.asked_for == [NAME]
    ((headers, _),) = receiver.received
    assert headers["host"] == url.split("/")[2]


def test_https_refuses_a_certificate_for_another_name(tls_receiver, make_session, now, monkeypatch):
    Dns(monkeypatch, ["127.0.0.1"])
    receiver = tls_receiver("someone-else.example")
    register_https(receiver, now)
    make_session()

    worker.run_once(now)

    delivery = the_delivery()
    assert receiver.received == []
    assert delivery.status is DeliveryStatus.PENDING
    assert "certificate" in delivery.last_error.lower()
