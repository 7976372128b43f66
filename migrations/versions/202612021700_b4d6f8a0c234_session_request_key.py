"""Sessions: the key of the request that created them, so a repeated send makes no second one.

Revision ID: b4d6f8a0c234
Revises: a3c5e7f9b123
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b4d6f8a0c234"
down_revision = "a3c5e7f9b123"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_key", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_guidance_sessions_request_key"), ["request_key"]
        )


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_guidance_sessions_request_key"), type_="unique")
        batch_op.drop_column("request_key")
