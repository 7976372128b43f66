"""Image renditions: WebP and PNG at several widths, each stored by digest.

Revision ID: d4f6b8c0e234
Revises: c3e5a7b9d123
Create Date: 2026-11-23 16:03:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d4f6b8c0e234"
down_revision = "c3e5a7b9d123"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "image_renditions",
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["digest"], ["images.digest"], name=op.f("fk_image_renditions_digest_images")),
        sa.ForeignKeyConstraint(
            ["source_digest"], ["images.digest"], name=op.f("fk_image_renditions_source_digest_images")
        ),
        sa.PrimaryKeyConstraint("source_digest", "width", "format", name=op.f("pk_image_renditions")),
    )


def downgrade():
    op.drop_table("image_renditions")
