"""Steps: where their facts come from.

Revision ID: a3c5e7f9b123
Revises: f2b4d6c8e012
Create Date: 2026-12-02 15:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a3c5e7f9b123"
down_revision = "f2b4d6c8e012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sources", sa.JSON(), server_default="[]", nullable=False))


def downgrade():
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.drop_column("sources")
