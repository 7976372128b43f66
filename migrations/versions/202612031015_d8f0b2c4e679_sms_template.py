"""SMS: the centre's own wording of the text that carries the link.

Revision ID: d8f0b2c4e679
Revises: c7e9a1b3d568
Create Date: 2026-12-03 10:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d8f0b2c4e679"
down_revision = "c7e9a1b3d568"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sms_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("sms_templates")
