"""Session events: the customer's one optional tap at the end (easy or hard).

Revision ID: b0d2f4a6c890
Revises: a9c1e3f5b789
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b0d2f4a6c890"
down_revision = "a9c1e3f5b789"
branch_labels = None
depends_on = None

OLD = (
    "created", "sms_sent", "sms_failed", "opened", "opened_elsewhere", "step", "help",
    "completed", "needs_operator", "revoked", "expired", "moved", "switched", "extended",
    "resent", "short_code",
)  # fmt: skip
NEW = (*OLD, "feedback")


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
    op.execute("DELETE FROM session_events WHERE type = 'feedback'")
    _retype(OLD, NEW)
