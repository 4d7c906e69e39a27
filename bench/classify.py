"""Classifier speed: messages/s through parsing + classification of the dev set, beside spaCy's
bare tokenizer over the same texts, in one run on one core; and the pipeline's start-up time.

    python bench/classify.py [--rounds 5]

Targets: >= 500 messages/s on one core; start-up (loading the pipeline) < 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARTUP = """
import time
t0 = time.perf_counter()
import spacy  # noqa: F401
from bot.classify import get_classifier
t1 = time.perf_counter()
c = get_classifier()
c.classify("", "warm up")
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def startup(runs: int = 3) -> tuple[float, float]:
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        a, b = map(float, out.stdout.split())
        imports.append(a)
        loads.append(b)
    return statistics.median(imports), statistics.median(loads)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", type=Path, default=ROOT / "data" / "dev")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    import spacy

    from bot.classify import get_classifier
    from bot.classify.classifier import parsed_item
    from bot.classify.rules import concept_of
    from bot.classify.stemmer import stem
    from bot.mail.parse import parse_message

    raws = [p.read_bytes() for p in sorted(args.dir.glob("*.eml"))]
    clf = get_classifier()
    parsed = [parse_message(r) for r in raws]
    texts = [f"{s}\n{b}" for s, b, _, _ in map(parsed_item, parsed)]
    tokenizer = spacy.blank("xx").tokenizer
    n = len(raws) * args.rounds

    def run_tokenizer() -> float:
        t = time.perf_counter()
        for _ in range(args.rounds):
            for _doc in tokenizer.pipe(texts):
                pass
        return time.perf_counter() - t

    def run_pipeline(cold: bool) -> float:
        t = time.perf_counter()
        for _ in range(args.rounds):
            if cold:  # every word's stem and concept computed again, as for unseen mail
                concept_of.cache_clear()
                stem.cache_clear()
            items = (parsed_item(parse_message(r)) for r in raws)
            for _res in clf.classify_many(items):
                pass
        return time.perf_counter() - t

    def run_classify_only() -> float:
        items = [parsed_item(p) for p in parsed]
        t = time.perf_counter()
        for _ in range(args.rounds):
            for _res in clf.classify_many(items):
                pass
        return time.perf_counter() - t

    run_pipeline(False)  # warm-up
    tok = run_tokenizer()
    warm = run_pipeline(False)
    cold = run_pipeline(True)
    only = run_classify_only()
    imp, load = startup()
    chars = sum(map(len, texts)) / len(texts)
    print(f"dev set: {len(raws)} messages x {args.rounds} rounds = {n}; mean text {chars:.0f} chars; one core")
    print(f"{'spaCy bare tokenizer (xx)':<44} {n / tok:9.0f} msg/s")
    print(f"{'parse + classify (warm word caches)':<44} {n / warm:9.0f} msg/s   {warm / tok:5.1f}x tokenizer time")
    print(f"{'parse + classify (caches cleared per round)':<44} {n / cold:9.0f} msg/s   {cold / tok:5.1f}x tokenizer time")
    print(f"{'classify only (already parsed)':<44} {n / only:9.0f} msg/s")
    print(f"start-up: imports (spaCy, bot) {imp:.2f} s + pipeline load {load:.2f} s = {imp + load:.2f} s "
          f"(median of 3 fresh processes)")
    print(f"target >= 500 msg/s: {'met' if n / cold >= 500 else 'NOT met'}; "
          f"start-up < 2 s: {'met' if imp + load < 2 else 'NOT met'} (pipeline load alone {load:.2f} s)")


if __name__ == "__main__":
    main()
