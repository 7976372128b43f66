"""Self-service use: a per-day count of help page steps and PDF downloads, per guide.

Revision ID: f4b6d8e0a235
Revises: a5c7e9b1d346
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f4b6d8e0a235"
down_revision = "a5c7e9b1d346"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "help_uses",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("device_slug", sa.String(length=60), nullable=False),
        sa.Column("guide_slug", sa.String(length=60), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("page", "pdf", name="use_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("step_key", sa.String(length=60), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "device_slug", "guide_slug", "kind", "step_key"),
    )


def downgrade():
    op.drop_table("help_uses")
