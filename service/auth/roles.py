"""Roles on every view: a decorator that lets only the named roles through."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user
from flask_login import login_required

from service.models import Role


def role_required(*roles: Role) -> Callable:
    """Let a view through only for signed-in users holding one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(Role.OPERATOR, Role.ADMIN)
