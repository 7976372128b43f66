"""Event streams under the documented start command, where each leaves its request once open."""

import socket
import time

import pytest
import requests

from service.db import db
from service.live import handover
from tests.api.test_http_flow import Api
from tests.live.processes import Gunicorn


@pytest.fixture
def key(api_key):
    db.session.commit()  # for the server's processes to see
    return api_key


def test_a_stream_off_its_request_ends_in_good_chunks_and_frees_its_slot(app, key, tmp_path):
    with Gunicorn(app, tmp_path, SSE_MAX_STREAMS="1") as server:
        api = Api(server.url, key)
        session = api.create()
        path = f"/api/v1/sessions/{session['id']}/events"
        answer = requests.get(server.url + path, headers=api.auth, stream=True, timeout=10)
        chunks = answer.iter_content(chunk_size=None, decode_unicode=True)
        assert next(chunks).startswith("retry: 2000")
        assert '"type": "created"' in "".join(next(chunks) for _ in range(2))
        revoked = requests.delete(
            f"{server.url}/api/v1/sessions/{session['id']}", headers=api.auth, timeout=5
        )
        assert revoked.status_code == 200, revoked.text
        # requests would raise ChunkedEncodingError on a bad or missing last chunk.
        rest = "".join(chunks)
        assert '"type": "revoked"' in rest and rest.endswith("retry: 600000\n\n")

        # Its slot is free again: the one stream allowed opens, not told busy.
        again = requests.get(server.url + path, headers=api.auth, stream=True, timeout=10)
        try:
            assert next(again.iter_content(chunk_size=None)).startswith(b"retry: 2000")
        finally:
            again.close()


def test_an_http_1_0_client_gets_the_stream_unchunked_until_it_ends(app, key, tmp_path):
    # A proxy left at HTTP/1.0 (nginx's default for proxy_pass) cannot read chunks.
    with Gunicorn(app, tmp_path) as server:
        api = Api(server.url, key)
        session = api.create()
        client = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        client.sendall(
            f"GET /api/v1/sessions/{session['id']}/events HTTP/1.0\r\n"
            f"Authorization: {api.auth['Authorization']}\r\n\r\n".encode()
        )
        received = b""
        while b'"type": "sms_sent"' not in received:
            received += client.recv(65536)
        head, _, body = received.partition(b"\r\n\r\n")
        assert b"200 OK" in head.split(b"\r\n")[0]
        assert b"chunked" not in head.lower()
        assert body.startswith(b"retry: 2000\n\nid: 1\n")

        requests.delete(
            f"{server.url}/api/v1/sessions/{session['id']}", headers=api.auth, timeout=5
        )
        while chunk := client.recv(65536):
            body += chunk
        client.close()
        assert b'"type": "revoked"' in body and body.endswith(b"retry: 600000\n\n")


def test_open_streams_do_not_hold_a_stopping_server_past_its_requests(app, key, tmp_path):
    # A deploy restarts each process: a stream kept in its request would hold the old one for
    # the whole graceful timeout; handed over, it is cut at once and its client comes back.
    with Gunicorn(app, tmp_path, SERVER_GRACEFUL_TIMEOUT="20") as server:
        api = Api(server.url, key)
        stream = api.events(api.create()["id"])
        assert stream.next().data["type"] == "created"
        stopping = time.monotonic()
        server.process.terminate()
        server.process.wait(timeout=30)
        assert time.monotonic() - stopping < 10
        stream.thread.join(timeout=5)
        assert not stream.thread.is_alive(), "the stream's connection stayed open"


def test_a_read_off_the_stream_runs_in_the_app_and_hands_its_failure_back(app, capfd):
    from flask import current_app

    seen = []

    def broken(session_id, after):
        seen.append((current_app.name, session_id, after))
        raise RuntimeError("the database went away")

    loaded = handover._aside(broken)
    with pytest.raises(RuntimeError, match="went away"):
        loaded("abc", 7)
    assert seen == [(app.name, "abc", 7)]
    # Given back to the stream, which logs it by session id; gevent printed no traceback.
    assert "Traceback" not in capfd.readouterr().err
