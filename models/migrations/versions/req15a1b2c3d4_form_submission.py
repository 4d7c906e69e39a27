"""the public request form: form_submission (hashes only) and the message source FORM

Revision ID: req15a1b2c3d4
Revises: d4a8e1f0b2c3
Create Date: 2026-11-30 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = 'req15a1b2c3d4'
down_revision: str | None = 'd4a8e1f0b2c3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL keeps the enum as its own type; SQLite stores a VARCHAR.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE messagesource ADD VALUE IF NOT EXISTS 'FORM'")
    op.create_table('form_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nonce_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('address_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('client_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent', sa.Boolean(), nullable=False),
    sa.Column('confirmed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nonce_hash')
    )
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submission_address_hash'), ['address_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_submission_client_hash'), ['client_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_submission_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submission_created_at'))
        batch_op.drop_index(batch_op.f('ix_form_submission_client_hash'))
        batch_op.drop_index(batch_op.f('ix_form_submission_address_hash'))
    op.drop_table('form_submission')
