"""Sessions: the path of steps taken, so 戻る retraces a branching guide.

Sessions already under way were on linear guides: their path is 1..current_step.

Revision ID: c3e5a7b9d123
Revises: b2d4f6a8c012
Create Date: 2026-11-23 16:02:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3e5a7b9d123"
down_revision = "b2d4f6a8c012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("path", sa.JSON(), server_default="[]", nullable=False))
    sessions = sa.table(
        "guidance_sessions",
        sa.column("id", sa.String),
        sa.column("current_step", sa.Integer),
        sa.column("path", sa.JSON),
    )
    connection = op.get_bind()
    started = connection.execute(
        sa.select(sessions.c.id, sessions.c.current_step).where(sessions.c.current_step.is_not(None))
    ).all()
    for session_id, current in started:
        connection.execute(
            sessions.update()
            .where(sessions.c.id == session_id)
            .values(path=list(range(1, current + 1)))
        )


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_column("path")
