"""Session events: the provider reports that a text reached the phone.

Revision ID: e9a1c3d5f780
Revises: c1e3a5b7d901
Create Date: 2026-12-03 11:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e9a1c3d5f780"
down_revision = "c1e3a5b7d901"
branch_labels = None
depends_on = None

OLD = (
    "created", "sms_sent", "sms_failed", "opened", "opened_elsewhere", "step", "help",
    "completed", "needs_operator", "revoked", "expired", "moved", "switched", "extended",
    "resent", "short_code", "feedback",
)  # fmt: skip
NEW = (*OLD, "sms_delivered")


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
    op.execute("DELETE FROM session_events WHERE type = 'sms_delivered'")
    _retype(OLD, NEW)
