"""Content editing: a draft per guide, and the audit log of admins' changes.

Revision ID: d2f4b6c8e012
Revises: b0d2f4a6c890
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d2f4b6c8e012"
down_revision = "b0d2f4a6c890"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "guide_drafts",
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("base_number", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["guide_id"], ["guides.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("guide_id"),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_entries_at"), "audit_entries", ["at"], unique=False)
    op.create_index(op.f("ix_audit_entries_target"), "audit_entries", ["target"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_audit_entries_target"), table_name="audit_entries")
    op.drop_index(op.f("ix_audit_entries_at"), table_name="audit_entries")
    op.drop_table("audit_entries")
    op.drop_table("guide_drafts")
