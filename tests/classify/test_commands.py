"""The commands as an operator runs them: classify (.eml and stdin), eval, train, feedback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.classify.corpus import read_dir, save_feedback

ROOT = Path(__file__).resolve().parents[2]
EML = (b"From: Liisa <liisa@example.fi>\r\nTo: info@xcure.fi\r\nSubject: =?utf-8?q?Tietopyynt=C3=B6?=\r\n"
       b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
       b"Hei, haluan tiet\xc3\xa4\xc3\xa4 mit\xc3\xa4 tietoja teill\xc3\xa4 on minusta ja poistakaa ne sitten.\r\n")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, timeout=120, check=False)


def test_classify_prints_one_json_line_per_file(tmp_path: Path) -> None:
    f = tmp_path / "a.eml"
    f.write_bytes(EML)
    p = run("classify", str(f), "-", stdin=b"Subject: STOP\r\n\r\nSTOP\r\n")
    assert p.returncode == 0, p.stderr
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [x["file"] for x in lines] == [str(f), "-"]
    first = lines[0]
    assert list(first)[:6] == ["file", "language", "kinds", "automated", "scores", "reasons"]
    assert first["language"] == "fi" and first["kinds"] == ["access", "erasure"] and first["automated"] is False
    assert lines[1]["kinds"] == ["unsubscribe"]


def test_classify_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    p = run("classify", str(tmp_path / "nope.eml"))
    assert p.returncode == 1 and b"nope.eml" in p.stderr


def test_eval_reports_scores_and_mistakes(tmp_path: Path) -> None:
    (tmp_path / "1.eml").write_bytes(EML)
    (tmp_path / "2.eml").write_bytes(b"Subject: Hello\r\nAuto-Submitted: auto-replied\r\n\r\nI am out of the office.\r\n")
    (tmp_path / "labels.jsonl").write_text(
        json.dumps({"file": "1.eml", "kinds": ["access"], "automated": False, "language": "fi"}) + "\n"
        + json.dumps({"file": "2.eml", "kinds": [], "automated": True, "language": "en"}) + "\n")
    p = run("eval", str(tmp_path), "--json")
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    assert rep["n"] == 2
    assert rep["automated"]["recall"] == 1.0
    assert rep["per_kind"]["erasure"]["fp"] == 1  # labelled access only: one mistake listed
    assert [m["file"] for m in rep["mistakes"]] == ["1.eml"]


def test_feedback_is_kept_as_a_training_example(tmp_path: Path) -> None:
    when = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    save_feedback(tmp_path, subject="Re: uutiskirje", text="Ei kiitos", kinds=["unsubscribe"], language="fi",
                  actor="staff:anna", when=when)
    [ex] = read_dir(tmp_path)
    assert ex.kinds == ["unsubscribe"] and ex.text == "Ei kiitos" and ex.source == "feedback:staff_anna"


def test_train_is_reproducible(tmp_path: Path) -> None:
    corpus = tmp_path / "train"
    corpus.mkdir()
    rows = [{"text": t, "kinds": k, "language": "en"} for t, k in [
        ("please delete my data", ["erasure"]), ("send me a copy of my data", ["access"]),
        ("unsubscribe me", ["unsubscribe"]), ("can we meet on tuesday", [])] * 5]
    (corpus / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    outs = []
    for name in ("m1", "m2"):
        p = run("train", "--train-dir", str(corpus), "--no-feedback", "--epochs", "2", "--output", str(tmp_path / name))
        assert p.returncode == 0, p.stderr
        outs.append((tmp_path / name / "textcat_multilabel" / "model").read_bytes())
    assert outs[0] == outs[1]


def test_classify_json_line_carries_the_outcome(tmp_path: Path) -> None:
    f = tmp_path / "a.eml"
    f.write_bytes(EML)
    p = run("classify", str(f), "-", stdin=b"Subject: Lunch\r\n\r\nShall we meet on Friday at noon?\r\n")
    assert p.returncode == 0, p.stderr
    first, second = (json.loads(x) for x in p.stdout.decode().splitlines())
    assert first["outcome"] == "request" and second["outcome"] == "not_request"


def test_eval_by_language_reports_languages_drops_and_confusion(tmp_path: Path) -> None:
    (tmp_path / "1.eml").write_bytes(EML)
    (tmp_path / "2.eml").write_bytes(  # a request nothing can read: a silent drop
        b"Subject: Hello\r\n\r\nIs the sauna free on Friday evening?\r\n")
    (tmp_path / "labels.jsonl").write_text(
        json.dumps({"file": "1.eml", "kinds": ["access", "erasure"], "language": "fi"}) + "\n"
        + json.dumps({"file": "2.eml", "kinds": ["access"], "language": "en"}) + "\n")
    p = run("eval", str(tmp_path), "--by-language")
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert "silent drops (requests with no kind, not unclear): 1" in out
    assert "per language" in out and "\nfi " in out and "\nen " in out
    assert "confusion (wanted kind -> what came back):" in out and "(none:not_request) 1" in out
    rep = json.loads(run("eval", str(tmp_path), "--json").stdout)
    assert rep["silent_drops"] == 1 and rep["by_language"]["fi"]["macro_f1"] == 1.0
