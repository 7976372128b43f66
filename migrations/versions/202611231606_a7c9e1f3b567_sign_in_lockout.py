"""Users: count failed sign-ins and lock the account for a while after too many.

Revision ID: a7c9e1f3b567
Revises: f6b8d0e2a456
Create Date: 2026-11-23 16:06:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7c9e1f3b567"
down_revision = "f6b8d0e2a456"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
