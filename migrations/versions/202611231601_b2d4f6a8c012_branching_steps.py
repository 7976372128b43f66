"""Steps: keys, explicit next step, choices, the code warning and needs_check.

Existing linear guides keep working: each step's next_step becomes the following number.

Revision ID: b2d4f6a8c012
Revises: a1c3e5f7b901
Create Date: 2026-11-23 16:01:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b2d4f6a8c012"
down_revision = "a1c3e5f7b901"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=60), server_default="", nullable=False))
        batch_op.add_column(sa.Column("next_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("warning", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("needs_check", sa.Text(), nullable=True))
    op.execute(
        "UPDATE steps SET next_step = number + 1 WHERE EXISTS ("
        " SELECT 1 FROM steps AS later"
        " WHERE later.guide_version_id = steps.guide_version_id AND later.number = steps.number + 1)"
    )
    op.create_table(
        "step_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("next_step", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["step_id"], ["steps.id"], name=op.f("fk_step_choices_step_id_steps")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_choices")),
        sa.UniqueConstraint("step_id", "position", name=op.f("uq_step_choices_step_id")),
    )
    with op.batch_alter_table("step_choices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_step_choices_step_id"), ["step_id"], unique=False)


def downgrade():
    with op.batch_alter_table("step_choices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_step_choices_step_id"))
    op.drop_table("step_choices")
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.drop_column("needs_check")
        batch_op.drop_column("warning")
        batch_op.drop_column("next_step")
        batch_op.drop_column("key")
