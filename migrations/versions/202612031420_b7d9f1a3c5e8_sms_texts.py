"""Texts of links: the queue the SMS worker sends from, found again by the provider's id.

Revision ID: b7d9f1a3c5e8
Revises: c4e6a8b0d213
Create Date: 2026-12-03 14:00:00

Texts sent before this revision are carried over from their ``sms_sent`` events, so a
provider's late report on one still finds its session by the index.
"""

import sqlalchemy as sa
from alembic import op

revision = "b7d9f1a3c5e8"
down_revision = "c4e6a8b0d213"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The two JSON fields of an sms_sent event, as each database reads them.
FIELDS = {
    "postgresql": ("data->>'provider'", "data->>'message_id'"),
    "sqlite": ("json_extract(data, '$.provider')", "json_extract(data, '$.message_id')"),
}


def upgrade():
    op.create_table(
        "sms_texts",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum("queued", "sent", "failed", name="status", native_enum=False,
                    create_constraint=True, length=6),
            nullable=False,
        ),
        sa.Column("provider", sa.String(length=20), nullable=True),
        sa.Column("message_id", sa.String(length=100), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["guidance_sessions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sms_texts_due", "sms_texts", ["status", "next_attempt_at"])
    op.create_index("ix_sms_texts_message", "sms_texts", ["provider", "message_id"])
    op.create_index(op.f("ix_sms_texts_session_id"), "sms_texts", ["session_id"], unique=False)
    provider, message_id = FIELDS[op.get_bind().dialect.name]
    op.execute(
        "INSERT INTO sms_texts (session_id, status, attempts, next_attempt_at, provider,"
        " message_id, created_at, sent_at)"
        f" SELECT session_id, 'sent', 1, at, {provider}, {message_id}, at, at"
        " FROM session_events WHERE type = 'sms_sent' ORDER BY id"
    )


def downgrade():
    op.drop_index(op.f("ix_sms_texts_session_id"), table_name="sms_texts")
    op.drop_index("ix_sms_texts_message", table_name="sms_texts")
    op.drop_index("ix_sms_texts_due", table_name="sms_texts")
    op.drop_table("sms_texts")
