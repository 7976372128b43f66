"""Index live sessions by their deadline, for the expiry sweep.

Revision ID: e1a3c5b7d901
Revises: d0f2b4c6e890
Create Date: 2026-12-02 14:00:00
"""

from alembic import op

revision = "e1a3c5b7d901"
down_revision = "d0f2b4c6e890"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_guidance_sessions_status_expires_at",
        "guidance_sessions",
        ["status", "expires_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_guidance_sessions_status_expires_at", table_name="guidance_sessions")
