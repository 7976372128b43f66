"""Sessions: the last 4 digits of the phone, kept when the number itself is forgotten.

Revision ID: f8b0d2e4a678
Revises: e7a9c1d3f567
Create Date: 2026-12-02 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f8b0d2e4a678"
down_revision = "e7a9c1d3f567"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_last4", sa.String(length=4), nullable=True))
    sessions = sa.table(
        "guidance_sessions", sa.column("phone", sa.String), sa.column("phone_last4", sa.String)
    )
    # RIGHT() is not SQLite's and a negative SUBSTR start is not PostgreSQL's: count from
    # the length, which both understand.
    op.execute(
        sessions.update()
        .where(sessions.c.phone.isnot(None))
        .values(
            phone_last4=sa.func.substr(
                sessions.c.phone, sa.func.length(sessions.c.phone) - 3, 4
            )
        )
    )


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_column("phone_last4")
