"""case status merged

Revision ID: c7d2e4f61a90
Revises: 5a43797b65d9
Create Date: 2026-11-25 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'c7d2e4f61a90'
down_revision: str | None = '5a43797b65d9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL keeps enums as a type of their own; SQLite stores them as VARCHAR(21) without a
    # CHECK constraint, so "MERGED" already fits there.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE casestatus ADD VALUE IF NOT EXISTS 'MERGED'")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum type; an unused value is harmless.
    pass
