"""Flask commands: seed the content pack, add staff, issue API keys, set up a demo, sweep."""

import secrets
import sys
import threading
from pathlib import Path

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup

from service import background
from service import illustrate
from service.api import idempotency
from service.auth import accounts
from service.auth import api_keys as keys
from service.auth import lockout
from service.bundle import IMAGES_DIR
from service.content import pack
from service.content import rules
from service.content import seed as seeding
from service.db import utcnow
from service.errors import InvalidInput
from service.models import Role
from service.sessions import expiry
from service.sessions import retention
from service.sessions import texting
from service.webhooks import running as webhook_running
from service.webhooks import worker as webhook_worker

users = AppGroup("users", help="Manage staff accounts.")
api_keys = AppGroup("api-keys", help="Manage API keys for integrations.")
illustrations = AppGroup("illustrations", help="Render step illustrations from their specs.")
content = AppGroup("content", help="Check the content pack.")
sessions = AppGroup("sessions", help="Look after guidance sessions.")
webhooks = AppGroup("webhooks", help="Send webhook deliveries.")
texts = AppGroup("sms", help="Send the queued texts of links.")

DEMO_USERS = (
    ("operator@example.com", Role.OPERATOR, "オペレーター 佐藤"),
    ("admin@example.com", Role.ADMIN, "管理者 鈴木"),
)


def init_app(app: Flask) -> None:
    """Register the commands on ``app``."""
    app.cli.add_command(seed)
    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(api_keys)
    app.cli.add_command(illustrations)
    app.cli.add_command(content)
    app.cli.add_command(sessions)
    app.cli.add_command(purge)
    app.cli.add_command(webhooks)
    app.cli.add_command(texts)


@click.command()
def seed() -> None:
    """Load the default content pack (running it again changes nothing)."""
    click.echo(seeding.seed())


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "display_name", help="Name shown to customers and colleagues.")
@click.option("--password", help="Read from standard input when left out.")
def create_user(email: str, role: str, display_name: str | None, password: str | None) -> None:
    """Add an operator or an admin."""
    if password is None:
        password = (
            click.prompt("Password", hide_input=True, confirmation_prompt=True)
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\n")
        )
    try:
        user = accounts.create_user(email, password, Role(role), display_name)
    except InvalidInput as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {user.role.value} {user.email}")


@api_keys.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.OPERATOR.value,
    show_default=True,
    help="admin keys may also upload images.",
)
def create_api_key(name: str, role: str) -> None:
    """Issue an API key; it is printed once, alone on the last line."""
    try:
        key, raw = keys.create_api_key(name, Role(role))
    except InvalidInput as error:
        raise click.ClickException(error.message) from None
    click.echo(f"API key {key.id} '{key.name}' ({key.role.value}) created.")
    click.echo("Keep it now; it cannot be shown again:")
    click.echo(raw)


@api_keys.command("list")
def list_api_keys() -> None:
    """List every key: id, name, role, the first characters, last use, revoked or not."""
    for key in keys.listed():
        used = key.last_used_at.isoformat(timespec="minutes") if key.last_used_at else "never"
        state = f"revoked {key.revoked_at.isoformat(timespec='minutes')}" if key.revoked_at else ""
        line = f"{key.id}\t{key.name}\t{key.role.value}\t{key.prefix}…\tlast used {used}\t{state}"
        click.echo(line.rstrip())


@api_keys.command("revoke")
@click.argument("key_id", type=int)
def revoke_api_key(key_id: int) -> None:
    """Revoke a key for good: calls with it answer 401 from now on."""
    key = keys.revoke(key_id, utcnow())
    if key is None:
        raise click.ClickException(f"no API key {key_id}")
    click.echo(f"API key {key.id} '{key.name}' revoked")


@click.command()
def demo() -> None:
    """Create the demo staff accounts once and print how to sign in."""
    path = Path(current_app.instance_path) / "demo-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    password = path.read_text().strip()
    for email, role, name in DEMO_USERS:
        accounts.ensure_user(email, password, role, name)
    url = current_app.config["PUBLIC_URL"]
    click.echo(f"\nTebiki is starting at {url}/login")
    for email, role, _ in DEMO_USERS:
        click.echo(f"  {role.value:9} {email}  password: {password}")
    click.echo(f"  SMS outbox (console provider): {url}/console/outbox\n")


@illustrations.command("build")
@click.option("--device", help="Only the specs in images/<device>/.")
def build_illustrations(device: str | None) -> None:
    """Re-render every spec in images/; files whose bytes are unchanged are left alone."""
    folder = IMAGES_DIR / device if device else IMAGES_DIR
    if not folder.is_dir():
        raise click.ClickException(f"no folder {folder}")
    written = illustrate.build(folder)
    for path in written:
        click.echo(f"wrote {path.relative_to(IMAGES_DIR)}")
    click.echo(f"{len(written)} illustrations changed")


@content.command("check")
@click.option("--device", help="Only report problems of this device (its slug).")
@click.option(
    "--content-dir", type=click.Path(file_okay=False, path_type=Path), default=pack.CONTENT_DIR
)
@click.option("--images-dir", type=click.Path(file_okay=False, path_type=Path), default=IMAGES_DIR)
def check_content(device: str | None, content_dir: Path, images_dir: Path) -> None:
    """Check every device, guide and step against the content rules; exit 1 on a problem."""
    problems = rules.check(content_dir, images_dir)
    if device:
        problems = [p for p in problems if p.where.split("/")[0] in (device, "pack")]
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise click.ClickException(f"{len(problems)} problems")
    click.echo("content pack OK")


@sessions.command("expire")
def expire_sessions() -> None:
    """End every session whose link has run out, logging its expiry once."""
    click.echo(f"{expiry.expire_due(utcnow())} sessions expired")


@click.command()
@click.option("--days", type=click.IntRange(0, 3650), help="Default: PERSONAL_DATA_DAYS.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=500, show_default=True)
def purge(days: int | None, batch_size: int) -> None:
    """Remove personal data older than the retention period, in batches (safe from cron)."""
    if days is None:
        days = current_app.config["PERSONAL_DATA_DAYS"]
    click.echo(retention.purge(utcnow(), days, batch_size))
    click.echo(f"{idempotency.purge(utcnow())} idempotency keys older than 24 h forgotten")
    click.echo(f"{lockout.forget_old(utcnow())} sign-in counts older than a day forgotten")


def _work(run_once, what: str, tried: str, once: bool, interval: float) -> None:
    """Run a worker: once (printing ``tried`` with how many it tried), or until Ctrl+C."""
    if once:
        click.echo(f"{run_once()} {tried}")
        return
    stopped = threading.Event()
    try:
        background.loop(current_app._get_current_object(), run_once, what, interval, stopped)
    except KeyboardInterrupt:
        stopped.set()


ONCE = click.option("--once", is_flag=True, help="Send what is due now, then stop.")
INTERVAL = click.option(
    "--interval", type=click.FloatRange(0.1, 60), default=1.0, show_default=True
)


@webhooks.command("work")
@ONCE
@INTERVAL
def work_webhooks(once: bool, interval: float) -> None:
    """Send due webhook deliveries, retrying failures; runs until stopped (Ctrl+C)."""
    _work(webhook_worker.run_once, webhook_running.WHAT, "deliveries tried", once, interval)


@texts.command("work")
@ONCE
@INTERVAL
def work_texts(once: bool, interval: float) -> None:
    """Send the queued texts, retrying refusals; runs until stopped (Ctrl+C)."""
    _work(texting.run_once, texting.WHAT, "texts tried", once, interval)
