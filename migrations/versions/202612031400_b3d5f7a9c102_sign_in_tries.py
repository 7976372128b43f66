"""Sign-in lockout: tries counted per address (known or not) in their own table.

Revision ID: b3d5f7a9c102
Revises: e9a1c3d5f780
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b3d5f7a9c102"
down_revision = "e9a1c3d5f780"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_tries",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("tries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_tries")),
    )
    with op.batch_alter_table("sign_in_tries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_tries_updated_at"), ["updated_at"], unique=False)
    # The counts move to the new table; a lockout under way is lifted (it lasts 15 minutes).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("sign_in_tries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_tries_updated_at"))
    op.drop_table("sign_in_tries")
