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
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: *")
    out = tmp_path / "list.csv"
    r = bot(settings, "suppression", "export", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(x["email"], x["list"], x["reason"]) for x in rows] == [("someone@example.fi", "*", "unsubscribe")]


def test_check_says_suppressed_for_an_address_on_one_list_only(settings: Settings) -> None:
    """Issue 12: an address suppressed on `newsletter` only used to be "not suppressed"."""
    r = bot(settings, "suppression", "add", "matti@example.fi", "--list", "newsletter")
    assert r.returncode == 0, r.stderr
    r = bot(settings, "suppression", "check", "Matti@example.fi")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: newsletter"), r.stderr
    r = bot(settings, "suppression", "check", "matti@example.fi", "--list", "newsletter")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: newsletter")
    r = bot(settings, "suppression", "check", "matti@example.fi", "--list", "events")
    assert (r.returncode, r.stdout.strip()) == (1, "not suppressed")
    bot(settings, "suppression", "add", "matti@example.fi")
    r = bot(settings, "suppression", "check", "matti@example.fi", "--list", "events")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: *")
    r = bot(settings, "suppression", "check", "matti@example.fi")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: *, newsletter")


def test_remove_takes_an_address_off_one_list(settings: Settings) -> None:
    assert bot(settings, "suppression", "add", "someone@example.fi", "--list", "newsletter").returncode == 0
    r = bot(settings, "suppression", "remove", "Someone@Example.fi", "--list", "newsletter")
    assert (r.returncode, r.stdout.strip()) == (0, "removed"), r.stderr
    r = bot(settings, "suppression", "check", "someone@example.fi", "--list", "newsletter")
    assert (r.returncode, r.stdout.strip()) == (1, "not suppressed")
    r = bot(settings, "suppression", "remove", "someone@example.fi", "--list", "newsletter")
    assert (r.returncode, r.stdout.strip()) == (1, "not suppressed")


def test_check_agrees_with_export_for_a_restricted_person(settings: Settings, rt, tmp_path: Path) -> None:
    """Issue 16: `check` said "not suppressed" for a restricted person whom `export` listed."""
    from bot.register.restriction import restrict
    from tests.register.factories import AT, make_person

    with rt.db.session() as s:
        restrict(s, make_person(s, "held@example.fi", history=False), at=AT, reason="PR-2026-00001")
    out = tmp_path / "list.csv"
    assert bot(settings, "suppression", "export", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(x["email"], x["list"], x["reason"]) for x in rows] == [("held@example.fi", "*", "restricted")]
    r = bot(settings, "suppression", "check", "Held@example.fi")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: *"), r.stderr
    r = bot(settings, "suppression", "check", "held@example.fi", "--list", "newsletter")
    assert (r.returncode, r.stdout.strip()) == (0, "suppressed: *")
