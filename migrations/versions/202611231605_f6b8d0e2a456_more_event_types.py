"""Session events: expiry, and what operators do during a call.

Revision ID: f6b8d0e2a456
Revises: e5a7c9d1f345
Create Date: 2026-11-23 16:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f6b8d0e2a456"
down_revision = "e5a7c9d1f345"
branch_labels = None
depends_on = None

OLD = ("created", "sms_sent", "sms_failed", "opened", "step", "help", "completed", "revoked")
NEW = (*OLD, "expired", "moved", "switched", "extended", "resent", "short_code")


def _retype(values: tuple[str, ...], previous: tuple[str, ...]) -> None:
    with op.batch_alter_table("session_events", schema=None) as batch_op:
        batch_op.alter_column(
            "type",
            existing_type=sa.Enum(*previous, name="type", native_enum=False, create_constraint=True),
            type_=sa.Enum(*values, name="type", native_enum=False, create_constraint=True),
            existing_nullable=False,
        )


def upgrade():
    _retype(NEW, OLD)


def downgrade():
    op.execute("DELETE FROM session_events WHERE type IN ('%s')" % "', '".join(NEW[len(OLD):]))
    _retype(OLD, NEW)
