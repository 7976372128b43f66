"""Initial schema: staff, API keys, devices, versioned guides, images, sessions, event log, outbox.

Revision ID: 30df1d7cb1da
Revises: 
Create Date: 2026-11-23 15:39:27.734071

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '30df1d7cb1da'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    op.create_table('devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices')),
    sa.UniqueConstraint('slug', name=op.f('uq_devices_slug'))
    )
    op.create_table('images',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_images'))
    )
    op.create_table('sms_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_outbox'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('operator', 'admin', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('guides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_guides_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guides')),
    sa.UniqueConstraint('device_id', 'slug', name=op.f('uq_guides_device_id'))
    )
    with op.batch_alter_table('guides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guides_device_id'), ['device_id'], unique=False)

    op.create_table('guide_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guide_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['guide_id'], ['guides.id'], name=op.f('fk_guide_versions_guide_id_guides')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_versions')),
    sa.UniqueConstraint('guide_id', 'number', name=op.f('uq_guide_versions_guide_id'))
    )
    with op.batch_alter_table('guide_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_versions_guide_id'), ['guide_id'], unique=False)

    op.create_table('guidance_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('token_salt', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('guide_version_id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('api_key_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('status', sa.Enum('sent', 'delivery_failed', 'opened', 'completed', 'expired', 'revoked', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], name=op.f('fk_guidance_sessions_api_key_id_api_keys')),
    sa.ForeignKeyConstraint(['guide_version_id'], ['guide_versions.id'], name=op.f('fk_guidance_sessions_guide_version_id_guide_versions')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_guidance_sessions_operator_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guidance_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_guidance_sessions_token_hash'))
    )
    with op.batch_alter_table('guidance_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guidance_sessions_guide_version_id'), ['guide_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guidance_sessions_operator_id'), ['operator_id'], unique=False)

    op.create_table('steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guide_version_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('operator_script', sa.Text(), nullable=False),
    sa.Column('image_digest', sa.String(length=64), nullable=True),
    sa.Column('image_alt', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['guide_version_id'], ['guide_versions.id'], name=op.f('fk_steps_guide_version_id_guide_versions')),
    sa.ForeignKeyConstraint(['image_digest'], ['images.digest'], name=op.f('fk_steps_image_digest_images')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_steps')),
    sa.UniqueConstraint('guide_version_id', 'number', name=op.f('uq_steps_guide_version_id'))
    )
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_guide_version_id'), ['guide_version_id'], unique=False)

    op.create_table('session_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('type', sa.Enum('created', 'sms_sent', 'sms_failed', 'opened', 'step', 'help', 'completed', 'revoked', name='type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('step', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['guidance_sessions.id'], name=op.f('fk_session_events_session_id_guidance_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_events'))
    )
    with op.batch_alter_table('session_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_events_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('session_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_events_session_id'))

    op.drop_table('session_events')
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_steps_guide_version_id'))

    op.drop_table('steps')
    with op.batch_alter_table('guidance_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guidance_sessions_operator_id'))
        batch_op.drop_index(batch_op.f('ix_guidance_sessions_guide_version_id'))

    op.drop_table('guidance_sessions')
    with op.batch_alter_table('guide_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_versions_guide_id'))

    op.drop_table('guide_versions')
    with op.batch_alter_table('guides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guides_device_id'))

    op.drop_table('guides')
    op.drop_table('users')
    op.drop_table('sms_outbox')
    op.drop_table('images')
    op.drop_table('devices')
    op.drop_table('api_keys')
