"""The console's forms: the CSRF-only form of its one-button actions.

Flask-WTF's CSRFProtect checks every POST before a view runs; this form only renders the
token into the panel's buttons.
"""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """No fields: it carries the CSRF token of the console's one-button forms."""
