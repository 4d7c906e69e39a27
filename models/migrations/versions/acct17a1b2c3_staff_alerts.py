"""staff alerts: staff email, language and alert opt-outs; sent alerts; checked messages

Revision ID: acct17a1b2c3
Revises: req15a1b2c3d4
Create Date: 2026-11-30 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = 'acct17a1b2c3'
down_revision: str | None = 'req15a1b2c3d4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True))
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                                      server_default="fi"))
        batch_op.add_column(sa.Column('alerts_off', sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('checked_by', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    op.create_table('staff_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('outbound_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_user_id', 'key')
    )
    with op.batch_alter_table('staff_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_alert_staff_user_id'), ['staff_user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_alert_staff_user_id'))
    op.drop_table('staff_alert')
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.drop_column('checked_by')
        batch_op.drop_column('checked_at')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('alerts_off')
        batch_op.drop_column('language')
        batch_op.drop_column('email')
