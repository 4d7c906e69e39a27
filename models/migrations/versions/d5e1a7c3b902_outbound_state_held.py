"""outbound state held

Revision ID: d5e1a7c3b902
Revises: e5b1c3a9d247
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'd5e1a7c3b902'
down_revision: str | None = 'e5b1c3a9d247'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL keeps enums as a type of their own; SQLite stores them as VARCHAR without a
    # CHECK constraint, so "HELD" already fits there.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE outboundstate ADD VALUE IF NOT EXISTS 'HELD'")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum type; an unused value is harmless.
    pass
