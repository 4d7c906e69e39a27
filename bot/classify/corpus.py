"""Labelled examples: the training corpus (data/train/*.jsonl), staff feedback (data/feedback/)
and the dev set's labels (data/dev/labels.jsonl). One JSON object per line:
{"subject": ..., "text": ..., "language": "fi", "kinds": ["erasure"], "source": ...}.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.classify.messagetext import classified_text
from bot.kinds import RequestKind
from bot.mail.parse import parse_message

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
TRAIN_DIR = REPO_ROOT / "data" / "train"
DEV_DIR = REPO_ROOT / "data" / "dev"
# Rendered datenanfragen letters (CC0), split by template: train/ is trained on, dev/ never.
THIRDPARTY_TRAIN_DIR = REPO_ROOT / "data" / "thirdparty" / "train"
KINDS = {k.value for k in RequestKind}


class CorpusError(ValueError):
    """A labelled file that cannot be read; the message names the file and line."""


@dataclass
class Example:
    text: str
    kinds: list[str]
    subject: str = ""
    language: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def read_jsonl(path: Path) -> list[Example]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            kinds = sorted(set(row.get("kinds", [])))
            bad = [k for k in kinds if k not in KINDS]
            if bad:
                raise ValueError(f"unknown kinds {bad}")
            out.append(Example(text=str(row.get("text", "")), kinds=kinds,
                               subject=str(row.get("subject", "")), language=str(row.get("language", "")),
                               source=str(row.get("source", path.name))))
        except (ValueError, TypeError, AttributeError) as e:
            raise CorpusError(f"{path}:{n}: {e}") from e
    return out


def read_dir(path: Path) -> list[Example]:
    return [ex for p in sorted(path.glob("*.jsonl")) if p.is_file() for ex in read_jsonl(p)]


def save_feedback(feedback_dir: Path, *, subject: str, text: str, kinds: list[str], language: str,
                  actor: str, when: datetime, note: str = "") -> Path:
    """Keep a staff correction as a labelled example that `train` includes (data/feedback/)."""
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ValueError(f"unknown kinds {bad}")
    feedback_dir.mkdir(parents=True, exist_ok=True)
    path = feedback_dir / f"feedback-{when:%Y-%m}.jsonl"
    who = re.sub(r"[^\w.@-]", "_", actor)
    row = {"subject": subject, "text": text, "kinds": sorted(set(kinds)), "language": language,
           "source": f"feedback:{who}", "at": when.isoformat(), "note": note}
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def read_eml_dir(path: Path) -> list[Example]:
    """Labelled .eml files (labels.jsonl beside them) as examples, read the way the classifier
    reads a message (subject and new text, see classifier.parsed_item)."""
    labels = path / "labels.jsonl"
    if not labels.exists():
        return []
    out = []
    for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            parsed = parse_message((path / row["file"]).read_bytes())
        except (ValueError, KeyError, OSError) as e:
            raise CorpusError(f"{labels}:{n}: {e}") from e
        subject, text = classified_text(parsed.subject, parsed.text, parsed.new_text)
        out.append(Example(text=text, subject=subject, kinds=sorted(set(row.get("kinds", []))),
                           language=str(row.get("language", "")), source=f"{path.name}/{row['file']}"))
    return out
