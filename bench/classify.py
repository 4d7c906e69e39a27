"""Parsing and classification speed, beside spaCy's bare tokenizer over the same texts, in one run
on one core; the classifier's start-up time; peak memory.

    python bench/classify.py [DIR ...] [--rounds 5] [--profile]

DIR defaults to data/dev (every *.eml below it). In one process pinned to one CPU
(os.sched_setaffinity), each round times, over the same messages:
  (b) spaCy's blank tokenizer ("xx") over the texts the classifier reads (subject + body): the
      floor any spaCy pipeline pays;
  (c) parse only: `parse_message(raw)` for every raw message;
  (d) parse + classify: parse, then `classify_many` over the parsed messages, as the worker does
      (once with the classifier's word caches warm, once with every functools cache in
      bot.classify cleared before the round: unseen mail);
  and classify only (already parsed), for the split.
Throughput is the median round, counted in process CPU time (the machine may be shared: CPU time
is what one core spends) and in wall time. Then (a) start-up: fresh processes (median of 3) that
import the classifier and build it (`get_classifier()` and one warm-up call), as `python -m bot
run` does once. Peak memory: this process's peak RSS, the start-up process's peak RSS, and the
Python heap peak (tracemalloc) of one parse + classify pass over the set.

--profile: cProfile over one parse + classify pass; the share of time per part (mail parsing,
classifier, spaCy, ...) and the top functions by own time.

Targets (issue 14): parse + classify >= 1000 messages/s on one core on the dev set; start-up < 2 s.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MSG_S = 1000
TARGET_STARTUP_S = 2.0

STARTUP = """
import resource, time
t0 = time.perf_counter()
from bot.classify import get_classifier
t1 = time.perf_counter()
c = get_classifier()
c.classify("Tietopyyntö", "Haluan kopion tiedoistani.")
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
"""


def pin_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    cpu = sorted(os.sched_getaffinity(0))[-1]
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def startup(runs: int = 3) -> tuple[float, float, float]:
    """Median import and build seconds, and the largest peak RSS (MiB), of fresh processes."""
    imports, builds, rss = [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, capture_output=True,
                             text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        a, b, kib = out.stdout.split()[-3:]
        imports.append(float(a))
        builds.append(float(b))
        rss.append(int(kib) / 1024)
    return statistics.median(imports), statistics.median(builds), max(rss)


def classifier_caches() -> list[Any]:
    """Every functools cache in the classifier's modules (word stems, lemmas, concepts ...)."""
    caches = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("bot.classify") or module is None:
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                caches.append(value)
    return caches


def timed(rounds: int, body: Callable[[], object], before: Callable[[], object] | None = None
          ) -> tuple[float, float]:
    """Median CPU and wall seconds of `rounds` runs of body (gc collected before each)."""
    cpu, wall = [], []
    for _ in range(rounds):
        if before:
            before()
        gc.collect()
        c, w = time.process_time(), time.perf_counter()
        body()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def profile(run: Callable[[], object], top: int = 25) -> None:
    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.stats.values())  # type: ignore[attr-defined]
    parts: Counter[str] = Counter()
    for (path, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        parts[_part(path)] += tt
    print(f"\nprofile of one parse + classify pass ({total:.3f} s under cProfile), own time by part:")
    for part, tt in parts.most_common():
        if tt / total >= 0.005:
            print(f"  {tt / total * 100:5.1f} %  {part}")
    print(f"top {top} functions by own time (cumulative in brackets):")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]  # type: ignore[attr-defined]
    for (path, line, name), (_cc, ncalls, tt, ct, _callers) in rows:
        where = f"{_short(path)}:{line}" if path != "~" else "builtin"
        print(f"  {tt / total * 100:5.1f} % ({ct / total * 100:5.1f} %) {ncalls:>7} calls  {name}  {where}")


def _short(path: str) -> str:
    for mark in ("/site-packages/", "/lib/python3.13/", str(ROOT) + "/"):
        if mark in path:
            return path.split(mark, 1)[1]
    return path


def _part(path: str) -> str:
    p = _short(path)
    if path == "~":
        return "builtins (str/re methods etc., called from any part)"
    if p.startswith("bot/mail/"):
        return "bot/mail (parsing)"
    if p.startswith("bot/classify/"):
        return "bot/classify (classifier, our code)"
    if p.startswith("email/"):
        return "email (stdlib MIME parser)"
    if p.startswith(("re/", "html/", "encodings/", "charset_normalizer/")):
        return p.split("/", 1)[0] + " (stdlib/library)"
    top = p.split("/", 1)[0]
    return top if "/" in p else p


def messages(dirs: Iterable[Path]) -> list[bytes]:
    raws = []
    for d in dirs:
        raws += [p.read_bytes() for p in sorted(d.rglob("*.eml"))]
    return raws


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[ROOT / "data" / "dev"])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    pinned = pin_one_core()

    import spacy

    from bot.classify import get_classifier
    from bot.classify.classifier import parsed_item
    from bot.mail.parse import parse_message

    for d in args.dirs:
        raws = messages([d])
        if not raws:
            sys.exit(f"no .eml files under {d}")
        clf = get_classifier()
        parsed = [parse_message(r) for r in raws]
        items = [parsed_item(p) for p in parsed]
        texts = [f"{s}\n{b}" if s else b for s, b, _, _ in items]
        tokenizer = spacy.blank("xx").tokenizer
        caches = classifier_caches()
        n = len(raws)

        def tokenize(texts: list[str] = texts, tokenizer: Any = tokenizer) -> None:
            for _doc in tokenizer.pipe(texts):
                pass

        def parse_only(raws: list[bytes] = raws) -> None:
            for r in raws:
                parse_message(r)

        def classify_only(items: list[Any] = items, clf: Any = clf) -> None:
            for _res in clf.classify_many(items):
                pass

        def parse_classify(raws: list[bytes] = raws, clf: Any = clf) -> None:
            for _res in clf.classify_many(parsed_item(parse_message(r)) for r in raws):
                pass

        def clear(caches: list[Any] = caches) -> None:
            for c in caches:
                c.cache_clear()

        parse_classify()  # warm-up: imports, lazy models, caches
        results = [
            ("spaCy blank tokenizer (xx), same texts", timed(args.rounds, tokenize)),
            ("parse only", timed(args.rounds, parse_only)),
            ("classify only (already parsed)", timed(args.rounds, classify_only)),
            ("parse + classify (word caches warm)", timed(args.rounds, parse_classify)),
            ("parse + classify (caches cleared each round)", timed(args.rounds, parse_classify, clear)),
        ]
        tracemalloc.start()
        clear()
        parse_classify()
        heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

        rel = d.resolve().relative_to(ROOT) if d.resolve().is_relative_to(ROOT) else d
        chars = sum(map(len, texts)) / n
        print(f"{rel}: {n} messages, mean text {chars:.0f} chars; {args.rounds} rounds, median round; "
              f"{pinned}")
        tok_cpu = results[0][1][0]
        print(f"{'':46} {'msg/s CPU':>10} {'msg/s wall':>11} {'time vs tokenizer':>18}")
        for name, (cpu, wall) in results:
            print(f"{name:46} {n / cpu:10.0f} {n / wall:11.0f} {cpu / tok_cpu:17.1f}x")
        cold_cpu, cold_wall = results[4][1]
        print(f"python heap peak (tracemalloc) of one parse + classify pass, caches cleared: "
              f"{heap_peak:.1f} MiB")
        if d.resolve() == (ROOT / "data" / "dev").resolve():
            verdict = "met" if n / cold_cpu >= TARGET_MSG_S else "NOT met"
            print(f"target parse + classify >= {TARGET_MSG_S} msg/s on one core (caches cleared, CPU "
                  f"time): {verdict} ({n / cold_cpu:.0f}; wall {n / cold_wall:.0f})")
        print()
        if args.profile:
            clear()
            profile(parse_classify)
            print()

    imp, build, child_rss = startup()
    print(f"start-up (fresh process, median of 3): import {imp:.2f} s + build and first call "
          f"{build:.2f} s = {imp + build:.2f} s; target < {TARGET_STARTUP_S:.0f} s: "
          f"{'met' if imp + build < TARGET_STARTUP_S else 'NOT met'}; its peak RSS {child_rss:.0f} MiB")
    print(f"this process's peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
