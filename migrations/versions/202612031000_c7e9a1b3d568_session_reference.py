"""Sessions: the CRM's reference, and an index to list them newest first.

Revision ID: c7e9a1b3d568
Revises: b6d8f0a2c457
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c7e9a1b3d568"
down_revision = "b6d8f0a2c457"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=100), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_guidance_sessions_reference"), ["reference"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guidance_sessions_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guidance_sessions_created_at"))
        batch_op.drop_index(batch_op.f("ix_guidance_sessions_reference"))
        batch_op.drop_column("reference")
