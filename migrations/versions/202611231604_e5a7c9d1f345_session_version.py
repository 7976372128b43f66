"""Sessions: a version counter, so simultaneous presses on SQLite apply once.

Revision ID: e5a7c9d1f345
Revises: d4f6b8c0e234
Create Date: 2026-11-23 16:04:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e5a7c9d1f345"
down_revision = "d4f6b8c0e234"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_column("version")
