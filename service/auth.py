"""Who may do what: staff sign-in, roles on every view, API keys for the CRM."""

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from functools import lru_cache
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Flask
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import LoginManager
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash
from wtforms import EmailField
from wtforms import PasswordField
from wtforms.validators import DataRequired

from service import tokens
from service.db import db
from service.db import utcnow
from service.errors import InvalidInput
from service.errors import TebikiError
from service.models import ApiKey
from service.models import Role
from service.models import User

bp = Blueprint("auth", __name__)

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "続けるにはサインインしてください。"

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Writing last_used_at on every call would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def init_app(app: Flask) -> None:
    """Wire Flask-Login into ``app``."""
    login_manager.init_app(app)
    app.register_blueprint(bp)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


# --- services ---------------------------------------------------------------------------


def create_user(email: str, password: str, role: Role, display_name: str | None = None) -> User:
    """Add a staff member; refuse a taken e-mail address or a short password."""
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput("email", "メールアドレスを入力してください。")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise InvalidInput("email", f"{email} はすでに登録されています。")
    user = User(
        email=email,
        display_name=display_name or email.split("@")[0],
        password_hash=generate_password_hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def ensure_user(email: str, password: str, role: Role, display_name: str) -> User:
    """Create the user, or reset an existing one's password and role (demo accounts)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        return create_user(email, password, role, display_name)
    user.password_hash = generate_password_hash(password)
    user.role = role
    db.session.commit()
    return user


class AccountLocked(TebikiError):
    """Too many wrong passwords in a row: the account waits before trying again."""

    status = 429
    code = "locked"


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """Return the user whose e-mail and password these are, or None.

    After ``MAX_FAILED_LOGINS`` wrong passwords in a row the account is locked for
    ``LOCKOUT``. An unknown address costs the same hashing time as a known one, so the
    answer's timing does not tell which addresses exist.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if user.locked_until is not None and now < user.locked_until:
        raise AccountLocked(
            "続けて間違えたため、しばらくサインインできません。15分ほどお待ちください。"
        )
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        db.session.commit()
        return None
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
        db.session.commit()
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("only here to spend the same time as a real check")


def create_api_key(name: str) -> tuple[ApiKey, str]:
    """Issue a key for an integration; the key itself is returned once and never stored."""
    name = name.strip()
    if not name:
        raise InvalidInput("name", "API key needs a name")
    raw = tokens.new_api_key()
    key = ApiKey(name=name, prefix=raw[:12], key_hash=tokens.digest(raw))
    db.session.add(key)
    db.session.commit()
    return key, raw


def api_key_for(raw: str, now: datetime) -> ApiKey | None:
    """Return the live key matching ``raw``, noting when it was last used."""
    key = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == tokens.digest(raw)))
    if key is None or key.revoked_at is not None:
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        key.last_used_at = now
        db.session.commit()
    return key


# --- view helpers -----------------------------------------------------------------------


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


# --- views ------------------------------------------------------------------------------


class LoginForm(FlaskForm):
    email = EmailField("メールアドレス", validators=[DataRequired()])
    password = PasswordField("パスワード", validators=[DataRequired()])


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data, utcnow())
        except AccountLocked as locked:
            flash(locked.message, "error")
            return render_template("auth/login.html", form=form), 429
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("メールアドレスかパスワードが違います。", "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("サインアウトしました。", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Follow ``next`` only within this site, so the sign-in page cannot bounce elsewhere."""
    if target:
        parts = urlsplit(target)
        local = target.startswith("/") and not target.startswith(("//", "/\\"))
        if local and not parts.scheme and not parts.netloc:
            return target
    return url_for("console.index")
