"""Devices: the SMS apps their owners may see, for the finder's question.

Revision ID: d6f8b0c2e456
Revises: c5e7a9b1d345
Create Date: 2026-12-02 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d6f8b0c2e456"
down_revision = "c5e7a9b1d345"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sms_apps", sa.JSON(), server_default="[]", nullable=False))


def downgrade():
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("sms_apps")
