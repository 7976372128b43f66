"""Indexes for the analytics: partial ones on the event log for the types they read, and
sessions by the day their link was sent.

Revision ID: c1e3a5b7d901
Revises: b0d2f4a6c890
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c1e3a5b7d901"
down_revision = "b0d2f4a6c890"
branch_labels = None
depends_on = None

# Spelled as service.sessions.events.type_in spells them: SQLite uses a partial index only
# for a query whose condition reads the same.
PARTIAL = {
    "ix_session_events_stays": (
        "completed", "expired", "moved", "needs_operator", "opened", "revoked", "step", "switched",
    ),
    "ix_session_events_asks_and_voices": ("feedback", "help"),
    "ix_session_events_switches": ("switched",),
}  # fmt: skip


def upgrade():
    for name, types in PARTIAL.items():
        where = sa.text(f"type IN ({', '.join(repr(value) for value in types)})")
        op.create_index(
            name,
            "session_events",
            ["session_id", "id"],
            unique=False,
            sqlite_where=where,
            postgresql_where=where,
        )
    op.create_index(
        "ix_guidance_sessions_created_at", "guidance_sessions", ["created_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_guidance_sessions_created_at", table_name="guidance_sessions")
    for name in reversed(PARTIAL):
        op.drop_index(name, table_name="session_events")
