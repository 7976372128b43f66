"""Staff logins: one row per signed-in browser, deleted when it signs out.

Revision ID: c4e6a8b0d213
Revises: b3d5f7a9c102
Create Date: 2026-12-03 14:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4e6a8b0d213"
down_revision = "b3d5f7a9c102"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_logins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_logins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_logins_token_hash")),
    )
    with op.batch_alter_table("staff_logins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_logins_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("staff_logins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_logins_user_id"))
    op.drop_table("staff_logins")
