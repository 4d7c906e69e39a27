"""case status awaiting_requester

Revision ID: e5b1c3a9d247
Revises: c7d2e4f61a90
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'e5b1c3a9d247'
down_revision: str | None = '59a5008b2d01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # As with MERGED: PostgreSQL keeps the enum as its own type; SQLite stores a VARCHAR.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE casestatus ADD VALUE IF NOT EXISTS 'AWAITING_REQUESTER'")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum type; an unused value is harmless.
    pass
