"""What the declared schemas cost an API call: spectree with pydantic, request and answer.

Times GET /api/v1/sessions/{id} (one session checked against its model) and
GET /api/v1/devices (every device and guide checked) through the test client. The
baseline, measured in the same run, is the same view with spectree's wrapper taken off
(the key check, the view and its JSON unchanged). Prints microseconds a call and the ratio.

    python bench/api_schemas.py
"""

import time

from seeded import seeded_app

from service.auth import api_keys
from service.models import Role

CALLS = 200
ROUNDS = 5


def mean_call(client, path: str, headers: dict) -> float:
    """Return the mean time of ``CALLS`` GETs of ``path``, in µs."""
    started = time.perf_counter()
    for _ in range(CALLS):
        assert client.get(path, headers=headers).status_code == 200
    return (time.perf_counter() - started) / CALLS * 1e6


def main() -> None:
    with seeded_app() as app:
        _, key = api_keys.create_api_key("bench", Role.ADMIN)
        headers = {"Authorization": f"Bearer {key}"}
        client = app.test_client()
        body = {"device": "iphone", "guide": "sms-code", "phone": "090-1234-5678"}
        created = client.post("/api/v1/sessions", json=body, headers=headers).json
        for endpoint, path in (
            ("api.get_session", f"/api/v1/sessions/{created['id']}"),
            ("api.list_devices", "/api/v1/devices"),
        ):
            checked = app.view_functions[endpoint]
            validated, bare = [], []
            # Rounds alternate, so a machine busy with something else slows both alike.
            for _ in range(ROUNDS):
                app.view_functions[endpoint] = checked
                validated.append(mean_call(client, path, headers))
                app.view_functions[endpoint] = checked.__wrapped__
                bare.append(mean_call(client, path, headers))
            app.view_functions[endpoint] = checked
            fast, base = min(validated), min(bare)
            print(
                f"{path.split('/')[3]:9s} validated {fast:7.0f} µs  bare {base:7.0f} µs  "
                f"+{fast - base:5.0f} µs  ratio {fast / base:.2f}"
            )


if __name__ == "__main__":
    main()
