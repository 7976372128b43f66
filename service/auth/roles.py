"""Roles on every view: a decorator that lets only the named roles through.

``role_required`` is the one way a view says who may reach it: every console (and admin)
view wears it, and the roles it names stay on the view (``view.roles``) so the route walk in
the tests can check each route's entry against them. Which *session* a staff member may see
is a second question, answered in ``service.sessions.access``. API keys carry a role too:
``key_role_required`` lets only the named keys through an API view.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask import g
from flask_login import current_user
from flask_login import login_required

from service.errors import Forbidden
from service.models import Role


def role_required(*roles: Role) -> Callable:
    """Let a view through only for signed-in users holding one of ``roles``.

    Anonymous visitors are sent to sign in; a signed-in user without the role is answered
    403 (the Japanese error page).
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.roles = frozenset(roles)
        return wrapped

    return decorator


def key_role_required(*roles: Role) -> Callable:
    """Let an API view through only for keys holding one of ``roles`` (others: 403 JSON).

    The API's ``before_request`` has already refused calls without a valid key; the roles
    stay on the view as ``view.key_roles``.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.api_key.role not in roles:
                raise Forbidden("この操作には管理者の API キーが必要です。")
            return view(*args, **kwargs)

        wrapped.key_roles = frozenset(roles)
        return wrapped

    return decorator


staff_required = role_required(Role.OPERATOR, Role.ADMIN)
admin_required = role_required(Role.ADMIN)
