"""case status awaiting_processors

Revision ID: d4a8e1f0b2c3
Revises: d5e1a7c3b902
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'd4a8e1f0b2c3'
down_revision: str | None = 'd5e1a7c3b902'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # As for MERGED: PostgreSQL's enum type needs the value; SQLite's VARCHAR(21) already fits it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE casestatus ADD VALUE IF NOT EXISTS 'AWAITING_PROCESSORS'")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum type; an unused value is harmless.
    pass
