"""How long a wrong sign-in takes for an address with an account and for one without.

The two should match (the unknown address is counted and hashed like the known one), so the
answer's timing does not tell which accounts exist. The baseline, measured in the same run,
is the known address; a third figure is a locked address (answered without any hash).
Prints the medians and the ratio of the unknown's to the known's.

    python bench/sign_in_timing.py [tries]
"""

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from service import create_app
from service.auth import accounts
from service.auth import lockout
from service.models import Role


def main(tries: int) -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'b.sqlite3'}",
            "LIMIT_SIGN_INS_PER_CLIENT": 10**9,
        }
    )
    with app.app_context():
        upgrade()
        accounts.create_user("op@example.com", "a long enough password", Role.OPERATOR)
        client = app.test_client()
        page = client.get("/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

        def wrong(email: str) -> float:
            form = {"email": email, "password": "wrong password", "csrf_token": token}
            start = time.perf_counter()
            client.post("/login", data=form)
            return time.perf_counter() - start

        known, unknown = [], []
        for _ in range(tries):  # interleaved, so the machine's load weighs on both alike
            known.append(wrong("op@example.com"))
            unknown.append(wrong("nobody@example.com"))
            lockout.clear("op@example.com")
            lockout.clear("nobody@example.com")
        for _ in range(lockout.MAX_TRIES):
            wrong("op@example.com")
        locked = [wrong("op@example.com") for _ in range(tries)]
    for name, times in (("known address", known), ("unknown address", unknown), ("locked", locked)):
        print(f"{name:16} median {statistics.median(times) * 1000:7.1f} ms over {tries}")
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"ratio of medians, unknown / known: {ratio:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
