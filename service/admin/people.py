"""Admin views of the centre's people and API keys: add, disable, reset, unlock, revoke."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from service import audit
from service.auth import accounts
from service.auth import api_keys
from service.auth import lockout
from service.auth.roles import admin_required
from service.db import db
from service.db import utcnow
from service.errors import InvalidInput
from service.models import Role
from service.models import User


@admin_required
def people():
    """List the staff accounts, with the form to add one."""
    return _people_page()


@admin_required
def add_person():
    """Add an operator or an admin; a refusal keeps what was typed (but the password)."""
    form = request.form
    role = form.get("role", "")
    try:
        if role not in {r.value for r in Role}:
            raise InvalidInput("role", "役割を選んでください。")
        user = accounts.create_user(
            form.get("email", "")[:254],
            form.get("password", "")[:200],
            Role(role),
            form.get("display_name", "").strip()[:80] or None,
        )
    except InvalidInput as error:
        db.session.rollback()
        return _people_page({error.field: error.message}, 422)
    _audit("person.add", f"people/{user.email}", {"role": user.role.value})
    flash(f"{user.display_name}（{user.email}）を追加しました。", "ok")
    return redirect(url_for(".people"), 303)


@admin_required
def change_person(user_id: int, change: str):
    """Disable, re-enable, unlock or reset the password of one account."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if change == "disable":
        if user.id == current_user.id:
            flash("自分のアカウントは止められません。", "error")
            return redirect(url_for(".people"), 303)
        accounts.set_disabled(user, True, utcnow())
        flash(f"{user.display_name} を止めました。サインイン中の画面もサインアウトされます。", "ok")
    elif change == "enable":
        accounts.set_disabled(user, False, utcnow())
        flash(f"{user.display_name} を使えるようにしました。", "ok")
    elif change == "unlock":
        accounts.unlock(user)
        flash(f"{user.display_name} のロックを解きました。", "ok")
    elif change == "password":
        try:
            accounts.reset_password(user, request.form.get("password", "")[:200])
        except InvalidInput as error:
            db.session.rollback()
            return _people_page({f"password-{user.id}": error.message}, 422)
        flash(f"{user.display_name} のパスワードを変えました。", "ok")
    else:
        abort(404)
    _audit(f"person.{change}", f"people/{user.email}", {"role": user.role.value})
    return redirect(url_for(".people"), 303)


@admin_required
def keys():
    """List the API keys; a new one is shown once, right after it is made."""
    return render_template("admin/keys.html", keys=api_keys.listed(), new_key=None)


@admin_required
def add_key():
    """Issue a key and show it once."""
    try:
        role = request.form.get("role", Role.OPERATOR.value)
        if role not in {r.value for r in Role}:
            raise InvalidInput("role", "キーの役割を選んでください。")
        key, raw = api_keys.create_api_key(request.form.get("name", "")[:80], Role(role))
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".keys"), 303)
    _audit("key.add", f"keys/{key.id}", {"name": key.name, "prefix": key.prefix})
    page = render_template("admin/keys.html", keys=api_keys.listed(), new_key=(key, raw))
    return page, 201


@admin_required
def revoke_key(key_id: int):
    """Revoke a key for good."""
    key = api_keys.revoke(key_id, utcnow())
    if key is None:
        abort(404)
    _audit("key.revoke", f"keys/{key.id}", {"name": key.name, "prefix": key.prefix})
    flash(f"API キー「{key.name}」を無効にしました。", "ok")
    return redirect(url_for(".keys"), 303)


def _audit(action: str, target: str, after: dict) -> None:
    """Keep who did it; the change itself is already committed (never a password or key)."""
    audit.record(current_user, action, target, after=after)
    db.session.commit()


def _people_page(problems: dict | None = None, status: int = 200):
    users = db.session.query(User).order_by(User.role, User.email).all()
    page = render_template(
        "admin/people.html",
        users=users,
        locked=lockout.locked([user.email for user in users], utcnow()),
        problems=problems or {},
        form=request.form if request.method == "POST" else {},
        now=utcnow(),
    )
    return page, status
