"""`python -m bot suppression check|export|add` as a script would use them (real subprocess)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from bot.runtime.config import Settings
from tests.conftest import ROOT


def bot(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOT_DATABASE__URL": settings.database.url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(ROOT / "config.toml"), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_check_add_export(settings: Settings, tmp_path: Path) -> None:
    r = bot(settings, "suppression", "check", "Someone@Example.fi")
    assert (r.returncode, r.stdout.strip()) == (1, "not suppressed"), r.stderr
    r = bot(settings, "suppression", "add", "someone@example.FI")
    assert r.returncode == 0, r.stderr
    r = bot(settings, "suppression", "check", " SOMEONE@example.fi")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed")
    out = tmp_path / "list.csv"
    r = bot(settings, "suppression", "export", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(x["email"], x["list"], x["reason"]) for x in rows] == [("someone@example.fi", "*", "unsubscribe")]
