"""Fixtures that start the real things: databases (SQLite and PostgreSQL), the bot's parts.

Every test that takes `rt` runs twice: on a fresh SQLite file and on a fresh PostgreSQL schema
(from BOT_TEST_POSTGRES_URL; skipped without it). No test sees another's rows.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.runtime import Runtime
from bot.runtime.config import Settings, load_settings
from bot.runtime.db import normalise_url

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BOT_TEST_POSTGRES_URL", "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def _signing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_SIGNING_KEY", "test-signing-key-" + "x" * 32)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/bot.sqlite3"
        return
    if not PG_URL:
        pytest.skip("BOT_TEST_POSTGRES_URL not set")
    yield from pg_schema_url()


def pg_schema_url() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards; the URL pins search_path to it."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    env = {
        "BOT_DATABASE__URL": db_url,
        "BOT_SMTP__LISTEN": "127.0.0.1:0",
        "BOT_WEB__LISTEN": "127.0.0.1:0",
        "BOT_OUTBOUND__MAILDIR": str(tmp_path / "outbox"),
        "BOT_SECRETS__DEV_KEY_FILE": str(tmp_path / "signing.key"),
        "BOT_CLASSIFIER__FEEDBACK_DIR": str(tmp_path / "feedback"),
        "BOT_WORKER__POLL_SECONDS": "0.05",
    }
    return load_settings(ROOT / "config.toml", environ=env)


@pytest.fixture
def rt(settings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.from_settings(settings)
    yield runtime
    runtime.db.dispose()
