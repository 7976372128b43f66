"""Staff: an admin can disable an account.

Revision ID: a9c1e3f5b789
Revises: f8b0d2e4a678
Create Date: 2026-12-02 20:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a9c1e3f5b789"
down_revision = "f8b0d2e4a678"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
