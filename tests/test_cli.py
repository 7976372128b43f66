"""Flask commands, run through the CLI runner."""

from sqlalchemy import func
from sqlalchemy import select

from service import tokens
from service.auth import accounts
from service.db import db
from service.db import utcnow
from service.models import ApiKey
from service.models import Device
from service.models import GuideVersion
from service.models import Role
from service.models import User


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_twice_changes_nothing(runner):
    devices, versions = count(Device), count(GuideVersion)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0
    assert "0 devices added, 0 guides added, 0 guide versions added" in result.output
    assert (count(Device), count(GuideVersion)) == (devices, versions)
    assert devices >= 3


def test_users_create_with_password_option_signs_in(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Op@Example.com",
            "--role",
            "operator",
            "--password",
            "long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = accounts.authenticate("op@example.com", "long enough password", utcnow())
    assert user is not None and user.role is Role.OPERATOR


def test_users_create_reads_password_from_stdin(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "admin@x.jp", "--role", "admin"],
        input="from standard input\n",
    )
    assert result.exit_code == 0, result.output
    assert accounts.authenticate("admin@x.jp", "from standard input", utcnow()).role is Role.ADMIN


def test_users_create_refuses_duplicates_short_passwords_and_bad_roles(runner):
    ok = ["users", "create", "--email", "a@b.jp", "--role", "operator", "--password", "x" * 12]
    assert runner.invoke(args=ok).exit_code == 0

    duplicate = runner.invoke(args=ok)
    assert duplicate.exit_code != 0 and "すでに登録" in duplicate.output
    short = runner.invoke(
        args=["users", "create", "--email", "c@d.jp", "--role", "operator", "--password", "short"]
    )
    assert short.exit_code != 0 and "10文字以上" in short.output
    bad_role = runner.invoke(
        args=["users", "create", "--email", "e@f.jp", "--role", "boss", "--password", "x" * 12]
    )
    assert bad_role.exit_code != 0
    assert count(User) == 1


def test_api_keys_create_prints_a_working_key_alone_on_the_last_line(runner, client):
    result = runner.invoke(args=["api-keys", "create", "crm"])
    assert result.exit_code == 0
    raw = result.output.strip().splitlines()[-1]
    assert raw.startswith("tbk_") and " " not in raw
    key = db.session.scalars(select(ApiKey)).one()
    assert key.key_hash == tokens.digest(raw) and raw not in key.key_hash
    answer = client.get("/api/v1/devices", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status_code == 200


def test_demo_creates_accounts_that_sign_in_and_prints_them(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    assert "/login" in result.output and "operator@example.com" in result.output
    password = result.output.split("password: ")[1].split()[0]
    assert accounts.authenticate("operator@example.com", password, utcnow()).role is Role.OPERATOR
    again = runner.invoke(args=["demo"])
    assert password in again.output
    assert count(User) == 2
