"""Devices: traits the operator can ask about, and a picture for the device card.

Revision ID: b8d0f2a4c678
Revises: a7c9e1f3b567
Create Date: 2026-11-23 17:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b8d0f2a4c678"
down_revision = "a7c9e1f3b567"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("traits", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("image_digest", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_devices_image_digest_images"), "images", ["image_digest"], ["digest"]
        )


def downgrade():
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_devices_image_digest_images"), type_="foreignkey")
        batch_op.drop_column("image_digest")
        batch_op.drop_column("traits")
