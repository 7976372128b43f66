"""The route walk's callers (tests/auth/test_route_access.py), for the headers' walk."""

from tests.auth.test_route_access import people

__all__ = ["people"]
