"""/healthz and /readyz: what a load balancer asks before sending a node traffic."""

import pytest

from tests.live.test_brokers import redis_broker


def test_healthz_answers_while_the_process_runs(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"


def test_readyz_checks_the_database_and_the_broker(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json == {"status": "ok", "database": "ok", "broker": "in-process"}


def test_readyz_with_redis_up_and_down(app_factory):
    redis_broker()  # Redis must be there (under CI a missing Redis fails the test)
    up = app_factory(LIVE_BACKEND="redis", REDIS_URL="redis://127.0.0.1:6379/0")
    assert up.test_client().get("/readyz").json["broker"] == "ok"

    down = app_factory(LIVE_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")
    answer = down.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json == {"status": "unavailable", "database": "ok", "broker": "unreachable"}


@pytest.mark.once_per_run
def test_readyz_says_503_when_the_database_cannot_be_reached(tmp_path):
    from service import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
            "EXPIRY_SWEEP_SECONDS": 0,
        }
    )
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503 and answer.json["database"] == "unreachable"
    assert app.test_client().get("/healthz").status_code == 200
