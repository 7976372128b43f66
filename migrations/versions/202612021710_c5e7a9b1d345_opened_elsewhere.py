"""Session events: the link opened again by another phone or browser.

Revision ID: c5e7a9b1d345
Revises: b4d6f8a0c234
Create Date: 2026-12-02 17:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c5e7a9b1d345"
down_revision = "b4d6f8a0c234"
branch_labels = None
depends_on = None

OLD = (
    "created", "sms_sent", "sms_failed", "opened", "step", "help", "completed",
    "needs_operator", "revoked", "expired", "moved", "switched", "extended", "resent",
    "short_code",
)  # fmt: skip
NEW = (*OLD[:4], "opened_elsewhere", *OLD[4:])


def _retype(values, previous):
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
    op.execute("DELETE FROM session_events WHERE type = 'opened_elsewhere'")
    _retype(OLD, NEW)
