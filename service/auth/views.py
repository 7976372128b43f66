"""Signing in and out of the console."""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import login_user
from flask_login import logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import PasswordField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from service import limits
from service.auth import logins
from service.auth.accounts import authenticate
from service.auth.lockout import AccountLocked
from service.auth.roles import staff_required
from service.db import utcnow
from service.extensions import login_manager
from service.models import User
from service.urls import local_path

bp = Blueprint("auth", __name__)
# The cookie's key for the token of this browser's login row (``service.auth.logins``).
LOGIN_TOKEN = "_login"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    # The cookie signs in only while its login row exists and the account is active:
    # signing out, or an admin's disable, ends it server-side, copies of it included.
    return logins.user_for(user_id, session.get(LOGIN_TOKEN))


class LoginForm(FlaskForm):
    """The sign-in form; no address or password is longer than these."""

    email = EmailField("メールアドレス", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("パスワード", validators=[DataRequired(), Length(max=1024)])


@bp.route("/login", methods=["GET", "POST"])
@limits.sign_in_tries
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data, utcnow())
        except AccountLocked as locked:
            flash(locked.message, "error")
            headers = {"Retry-After": str(locked.retry_after)} if locked.retry_after else {}
            return render_template("auth/login.html", form=form), 429, headers
        if user is not None:
            logins.end(session.pop(LOGIN_TOKEN, None))  # a browser holds one login at a time
            login_user(user)
            session[LOGIN_TOKEN] = logins.start(user, utcnow())
            return redirect(_safe_next(request.args.get("next")))
        flash("メールアドレスかパスワードが違います。", "error")
        return render_template("auth/login.html", form=form), 401
    if form.is_submitted() and form.email.errors:
        form.email.data = ""  # no account has such an address: do not write it back
        flash("メールアドレスかパスワードが違います。", "error")
        return render_template("auth/login.html", form=form), 422
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@staff_required
def logout():
    logins.end(session.pop(LOGIN_TOKEN, None))
    logout_user()
    flash("サインアウトしました。", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Follow ``next`` only within this site, so the sign-in page cannot bounce elsewhere."""
    return local_path(target) or url_for("console.index")
