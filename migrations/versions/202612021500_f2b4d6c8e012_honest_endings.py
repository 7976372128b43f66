"""Honest endings: what each end step means, sessions that end needing the operator.

Revision ID: f2b4d6c8e012
Revises: e1a3c5b7d901
Create Date: 2026-12-02 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f2b4d6c8e012"
down_revision = "e1a3c5b7d901"
branch_labels = None
depends_on = None

ENDINGS = ("completed", "needs_operator")
OLD_STATUSES = ("sent", "delivery_failed", "opened", "completed", "expired", "revoked")
NEW_STATUSES = (*OLD_STATUSES[:4], "needs_operator", *OLD_STATUSES[4:])
OLD_EVENTS = (
    "created", "sms_sent", "sms_failed", "opened", "step", "help", "completed", "revoked",
    "expired", "moved", "switched", "extended", "resent", "short_code",
)  # fmt: skip
NEW_EVENTS = (*OLD_EVENTS[:7], "needs_operator", *OLD_EVENTS[7:])
# End steps of the first pack whose ending meant "it did not work".
FAILED_ENDINGS = ("not-arrived", "not-found", "still-none")


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def upgrade():
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ending", _enum(ENDINGS, "ending"), nullable=True))
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            "status",
            existing_type=_enum(OLD_STATUSES, "status"),
            type_=_enum(NEW_STATUSES, "status"),
            existing_nullable=False,
        )
    with op.batch_alter_table("session_events", schema=None) as batch_op:
        batch_op.alter_column(
            "type",
            existing_type=_enum(OLD_EVENTS, "type"),
            type_=_enum(NEW_EVENTS, "type"),
            existing_nullable=False,
        )
    failed = ", ".join(f"'{key}'" for key in FAILED_ENDINGS)
    op.execute(
        "UPDATE steps SET ending = CASE WHEN key IN (" + failed + ") "
        "THEN 'needs_operator' ELSE 'completed' END "
        "WHERE next_step IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM step_choices WHERE step_choices.step_id = steps.id)"
    )
    op.execute("UPDATE guidance_sessions SET ended_at = completed_at WHERE completed_at IS NOT NULL")


def downgrade():
    # Sessions that ended needing the operator were, before, recorded as completed.
    op.execute(
        "UPDATE guidance_sessions SET status = 'completed', completed_at = ended_at "
        "WHERE status = 'needs_operator'"
    )
    op.execute("UPDATE session_events SET type = 'completed' WHERE type = 'needs_operator'")
    with op.batch_alter_table("session_events", schema=None) as batch_op:
        batch_op.alter_column(
            "type",
            existing_type=_enum(NEW_EVENTS, "type"),
            type_=_enum(OLD_EVENTS, "type"),
            existing_nullable=False,
        )
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=_enum(NEW_STATUSES, "status"),
            type_=_enum(OLD_STATUSES, "status"),
            existing_nullable=False,
        )
        batch_op.drop_column("ended_at")
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_steps_ending"), type_="check")
        batch_op.drop_column("ending")
