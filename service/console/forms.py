"""The console's forms: the CSRF-only form of its one-button actions."""

from flask import abort
from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """No fields: it carries the CSRF token of the console's one-button forms."""


def require_token() -> None:
    """Refuse (400) a console POST whose CSRF token is missing or stale."""
    if not ActionForm().validate():
        abort(400)
