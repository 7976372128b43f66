"""Short codes read aloud by the operator, and attempts counted to rate-limit guessing.

Revision ID: d0f2b4c6e890
Revises: c9e1a3b5d789
Create Date: 2026-11-23 17:12:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d0f2b4c6e890"
down_revision = "c9e1a3b5d789"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "short_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["guidance_sessions.id"], name=op.f("fk_short_codes_session_id_guidance_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_short_codes")),
    )
    with op.batch_alter_table("short_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_short_codes_code_hash"), ["code_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_short_codes_session_id"), ["session_id"], unique=False)
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attempts_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_attempts_key"), ["key"], unique=False)


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempts_key"))
        batch_op.drop_index(batch_op.f("ix_attempts_at"))
    op.drop_table("attempts")
    with op.batch_alter_table("short_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_short_codes_session_id"))
        batch_op.drop_index(batch_op.f("ix_short_codes_code_hash"))
    op.drop_table("short_codes")
