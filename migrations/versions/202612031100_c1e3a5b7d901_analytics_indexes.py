"""Indexes for the analytics: partial ones on the event log for the types they read
(sessions by the day their link was sent are indexed already, by c7e9a1b3d568).

Revision ID: c1e3a5b7d901
Revises: f4b6d8e0a235
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c1e3a5b7d901"
down_revision = "f4b6d8e0a235"
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


def downgrade():
    for name in reversed(PARTIAL):
        op.drop_index(name, table_name="session_events")
