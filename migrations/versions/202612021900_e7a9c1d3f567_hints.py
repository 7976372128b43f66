"""Hints the operator gives before sending: card issuers, the session's issuer and mail domain.

Revision ID: e7a9c1d3f567
Revises: d6f8b0c2e456
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e7a9c1d3f567"
down_revision = "d6f8b0c2e456"
branch_labels = None
depends_on = None

CHANNELS = ("sms", "email", "sms_or_email", "app", "sms_or_app")


def upgrade():
    op.create_table(
        "card_issuers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("aliases", sa.JSON(), server_default="[]", nullable=False),
        sa.Column(
            "channel",
            sa.Enum(*CHANNELS, name="channel", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("guide_slug", sa.String(length=60), server_default="", nullable=False),
        sa.Column("script", sa.Text(), server_default="", nullable=False),
        sa.Column("sources", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("needs_check", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["edited_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    with op.batch_alter_table("step_choices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("app", sa.String(length=20), nullable=True))
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuer_slug", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("mail_domain", sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table("guidance_sessions", schema=None) as batch_op:
        batch_op.drop_column("mail_domain")
        batch_op.drop_column("issuer_slug")
    with op.batch_alter_table("step_choices", schema=None) as batch_op:
        batch_op.drop_column("app")
    op.drop_table("card_issuers")
