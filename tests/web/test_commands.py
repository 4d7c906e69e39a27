"""`python -m bot staff add` and `python -m bot unsubscribe-link` as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from bot.runtime.tokens import read_unsubscribe_token
from bot.staff.accounts import LoginResult, authenticate
from models import StaffUser

ROOT = Path(__file__).resolve().parents[2]


def _bot(settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_DATABASE__URL": settings.database.url,
           "BOT_SECRETS__DEV_KEY_FILE": settings.secrets.dev_key_file,
           "BOT_WEB__BASE_URL": "https://privacy.xcure.fi"}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(ROOT / "config.toml"), *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_staff_add_reads_the_password_from_stdin_and_stores_only_an_argon2_hash(settings, rt):
    r = _bot(settings, "staff", "add", "liisa", stdin="a long enough password\n")
    assert r.returncode == 0, r.stderr
    with rt.db.session() as s:
        user = s.exec(select(StaffUser)).one()
        assert user.password_hash.startswith("$argon2id$") and "long enough" not in user.password_hash
        assert authenticate(s, rt, "liisa", "a long enough password")[0] is LoginResult.OK
    short = _bot(settings, "staff", "add", "pekka", stdin="short\n")
    assert short.returncode == 1 and "at least 12" in short.stderr
    assert "liisa\tactive" in _bot(settings, "staff", "list").stdout


def test_unsubscribe_link_prints_the_rfc_8058_headers(settings):
    r = _bot(settings, "unsubscribe-link", "Matti@Example.fi", "--list", "newsletter")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("List-Unsubscribe: <https://privacy.xcure.fi/u/")
    assert lines[1] == "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    token = lines[-1].rsplit("/", 1)[1]
    assert read_unsubscribe_token(settings, token) == ("matti@example.fi", "newsletter")
