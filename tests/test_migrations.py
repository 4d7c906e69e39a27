"""The migrations are one line of history and match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import models  # noqa: F401
from bot.runtime import Runtime
from bot.runtime.db import alembic_config


def test_one_head(rt: Runtime) -> None:
    heads = ScriptDirectory.from_config(alembic_config(rt.db.engine)).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_models_match_migrations(rt: Runtime) -> None:
    with rt.db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == [], f"models differ from migrations; run scripts/make_migration.py: {diff}"
