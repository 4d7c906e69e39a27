"""Scores the classifier on a labelled set of .eml files (`python -m bot eval`). Pure counting.

Labels: `labels.jsonl` beside the files, one {"file", "language", "kinds", "automated"} per line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.classify.classifier import Classifier, parsed_item
from bot.classify.langid import reply_language
from bot.kinds import RequestKind
from bot.mail.parse import parse_message


@dataclass
class Labelled:
    file: str
    kinds: list[str]
    automated: bool
    language: str


@dataclass
class Report:
    n: int = 0
    per_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    macro_f1: float = 0.0
    exact_match: float = 0.0
    automated: dict[str, float] = field(default_factory=dict)
    language_accuracy: float = 0.0
    reply_language_accuracy: float = 0.0
    mistakes: list[dict[str, Any]] = field(default_factory=list)
    silent_drops: int = 0  # requests with no kind and outcome not `unclear`
    outcomes: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, dict[str, Any]] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # wanted kind -> got kinds

    def to_json(self) -> dict[str, Any]:
        return self.__dict__


# Labels may name Norwegian "no" (or Nynorsk "nn"); the classifier reports Norwegian as "nb".
_SAME_LANGUAGE = {"no": "nb", "nn": "nb"}


def read_labels(directory: Path) -> list[Labelled]:
    path = directory / "labels.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(Labelled(row["file"], sorted(row.get("kinds", [])), bool(row.get("automated", False)),
                                _SAME_LANGUAGE.get(row.get("language", ""), row.get("language", ""))))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}


def _macro(pairs: list[tuple[list[str], list[str]]]) -> tuple[float, dict[str, dict[str, float]]]:
    counts = {k.value: [0, 0, 0] for k in RequestKind}
    for want, got in pairs:
        for kind, c in counts.items():
            c[0] += kind in want and kind in got
            c[1] += kind in got and kind not in want
            c[2] += kind in want and kind not in got
    per = {k: _prf(*c) for k, c in counts.items()}
    # Per language, a kind with no support and no false positive says nothing: leave it out.
    scored = [v for v in per.values() if v["support"] or v["fp"]]
    return (sum(v["f1"] for v in scored) / len(scored) if scored else 1.0), per


def evaluate(classifier: Classifier, directory: Path) -> Report:
    labels = read_labels(directory)
    parsed = [parse_message((directory / lab.file).read_bytes()) for lab in labels]
    results = list(classifier.classify_many(parsed_item(p) for p in parsed))
    rep = Report(n=len(labels))
    pairs_by_lang: dict[str, list[tuple[list[str], list[str]]]] = {}
    drops_by_lang: dict[str, int] = {}
    for lab, res in zip(labels, results, strict=True):
        outcome = str(getattr(res, "outcome", ""))
        rep.outcomes[outcome] = rep.outcomes.get(outcome, 0) + 1
        lang = lab.language or "?"
        pairs_by_lang.setdefault(lang, []).append((lab.kinds, res.kinds))
        dropped = bool(lab.kinds) and not res.kinds and outcome != "unclear"
        rep.silent_drops += dropped
        drops_by_lang[lang] = drops_by_lang.get(lang, 0) + dropped
        for want in lab.kinds or ["(none)"]:
            row = rep.confusion.setdefault(want, {})
            if want in res.kinds:
                row[want] = row.get(want, 0) + 1
                continue
            for got in [k for k in res.kinds if k not in lab.kinds] or [f"(none:{outcome})"]:
                row[got] = row.get(got, 0) + 1
    for lang, pairs in sorted(pairs_by_lang.items()):
        macro, per = _macro(pairs)
        rep.by_language[lang] = {"n": len(pairs), "macro_f1": macro,
                                 "exact": sum(sorted(w) == sorted(g) for w, g in pairs) / len(pairs),
                                 "silent_drops": drops_by_lang.get(lang, 0),
                                 "f1": {k: v["f1"] for k, v in per.items() if v["support"] or v["fp"]}}
    counts = {k.value: [0, 0, 0] for k in RequestKind}
    auto = [0, 0, 0]
    exact = lang_ok = reply_ok = 0
    for lab, res in zip(labels, results, strict=True):
        for kind, c in counts.items():
            is_wanted, is_got = kind in lab.kinds, kind in res.kinds
            c[0] += is_wanted and is_got
            c[1] += is_got and not is_wanted
            c[2] += is_wanted and not is_got
        auto[0] += lab.automated and res.automated
        auto[1] += res.automated and not lab.automated
        auto[2] += lab.automated and not res.automated
        ok = res.kinds == lab.kinds and res.automated == lab.automated
        exact += ok
        if lab.language:
            lang_ok += res.language == lab.language
            reply_ok += res.reply_language == reply_language(lab.language)
        if not ok or (lab.language and res.language != lab.language):
            rep.mistakes.append({"file": lab.file, "want": lab.kinds, "got": res.kinds,
                                 "want_automated": lab.automated, "got_automated": res.automated,
                                 "want_language": lab.language, "got_language": res.language,
                                 "reasons": res.reasons})
    rep.per_kind = {k: _prf(*c) for k, c in counts.items()}
    rep.macro_f1 = sum(v["f1"] for v in rep.per_kind.values()) / len(rep.per_kind)
    rep.exact_match = exact / len(labels) if labels else 0.0
    rep.automated = _prf(*auto)
    with_lang = sum(1 for lab in labels if lab.language)
    rep.language_accuracy = lang_ok / with_lang if with_lang else 0.0
    rep.reply_language_accuracy = reply_ok / with_lang if with_lang else 0.0
    return rep


def format_by_language(rep: Report) -> str:
    kinds = [k.value for k in RequestKind]
    lines = ["", "per language (macro-F1 over the kinds present):",
             f"{'lang':<5} {'n':>4} {'macro-F1':>8} {'exact':>6} {'drops':>5}  "
             + " ".join(f"{k[:6]:>6}" for k in kinds)]
    for lang, row in rep.by_language.items():
        f1 = row["f1"]
        lines.append(f"{lang:<5} {row['n']:>4} {row['macro_f1']:8.3f} {row['exact']:6.3f} "
                     f"{row['silent_drops']:>5}  "
                     + " ".join(f"{f1[k]:6.3f}" if k in f1 else f"{'-':>6}" for k in kinds))
    lines += ["", "confusion (wanted kind -> what came back):"]
    for want, row in sorted(rep.confusion.items()):
        got = sorted(row.items(), key=lambda x: -x[1])
        lines.append(f"  {want:<13} " + ", ".join(f"{g} {n}" for g, n in got))
    return "\n".join(lines)


def format_report(rep: Report) -> str:
    lines = [f"{rep.n} messages", "", f"{'kind':<13} {'prec':>6} {'recall':>6} {'F1':>6} {'support':>7}"]
    for kind, m in rep.per_kind.items():
        lines.append(f"{kind:<13} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:7d}")
    a = rep.automated
    lines += [
        f"{'macro-F1':<13} {'':>6} {'':>6} {rep.macro_f1:6.3f}",
        f"{'automated':<13} {a['precision']:6.3f} {a['recall']:6.3f} {a['f1']:6.3f} {a['support']:7d}",
        f"exact match (kinds and automated): {rep.exact_match:.3f}",
        f"language accuracy: {rep.language_accuracy:.3f}   "
        f"reply-language accuracy: {rep.reply_language_accuracy:.3f}",
        f"silent drops (requests with no kind, not unclear): {rep.silent_drops}   outcomes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(rep.outcomes.items())),
        "", f"mistakes ({len(rep.mistakes)}):",
    ]
    for mk in rep.mistakes:
        lines.append(f"  {mk['file']}: want {mk['want']}{' auto' if mk['want_automated'] else ''} "
                     f"[{mk['want_language']}] got {mk['got']}{' auto' if mk['got_automated'] else ''} "
                     f"[{mk['got_language']}]  {'; '.join(mk['reasons'][:4])}")
    return "\n".join(lines)
