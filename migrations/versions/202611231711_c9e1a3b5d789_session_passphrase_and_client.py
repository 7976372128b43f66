"""Sessions: the 合言葉, the phone the customer's browser reported, and a guessed device.

Revision ID: c9e1a3b5d789
Revises: b8d0f2a4c678
Create Date: 2026-11-23 17:11:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c9e1a3b5d789"
down_revision = "b8d0f2a4c678"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passphrase", sa.String(length=20), server_default="", nullable=False))
        batch_op.add_column(sa.Column("client_os", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("client_browser", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("client_model", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("client_family", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("device_guessed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_column("device_guessed")
        batch_op.drop_column("client_family")
        batch_op.drop_column("client_model")
        batch_op.drop_column("client_browser")
        batch_op.drop_column("client_os")
        batch_op.drop_column("passphrase")
