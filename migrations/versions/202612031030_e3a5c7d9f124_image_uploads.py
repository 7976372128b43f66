"""Admin image uploads: a record of each uploaded screenshot, and a role on API keys (only an
admin's key may upload).

Revision ID: e3a5c7d9f124
Revises: d8f0b2c4e679
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e3a5c7d9f124"
down_revision = "d8f0b2c4e679"
branch_labels = None
depends_on = None

ROLE = sa.Enum("operator", "admin", name="role", native_enum=False, create_constraint=True)


def upgrade():
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        # Keys issued before roles guide customers, as they always did.
        batch_op.add_column(sa.Column("role", ROLE, server_default="operator", nullable=False))
    op.create_table(
        "image_uploads",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_width", sa.Integer(), nullable=False),
        sa.Column("source_height", sa.Integer(), nullable=False),
        sa.Column("target_x", sa.Integer(), nullable=True),
        sa.Column("target_y", sa.Integer(), nullable=True),
        sa.Column("target_w", sa.Integer(), nullable=True),
        sa.Column("target_h", sa.Integer(), nullable=True),
        sa.Column("mark", sa.String(length=16), server_default="ring", nullable=False),
        sa.Column("redactions", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["api_key_id"], ["api_keys.id"], name=op.f("fk_image_uploads_api_key_id_api_keys")
        ),
        sa.ForeignKeyConstraint(
            ["digest"], ["images.digest"], name=op.f("fk_image_uploads_digest_images")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_image_uploads_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_image_uploads")),
    )


def downgrade():
    op.drop_table("image_uploads")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_api_keys_role"), type_="check")
        batch_op.drop_column("role")
