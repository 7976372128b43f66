"""Devices: the names customers say, and the family a user agent can confirm.

Revision ID: a1c3e5f7b901
Revises: 30df1d7cb1da
Create Date: 2026-11-23 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c3e5f7b901"
down_revision = "30df1d7cb1da"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("family", sa.String(length=20), server_default="", nullable=False))
        batch_op.add_column(sa.Column("aliases", sa.JSON(), server_default="[]", nullable=False))


def downgrade():
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("aliases")
        batch_op.drop_column("family")
