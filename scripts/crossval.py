"""Cross-validation on the training corpus: the honest place to choose the classifier's policy.

    python scripts/crossval.py [--folds 5] [--sources informal-fi,informal-sv,...] [--show-mistakes]
                               [--set combine.MODEL_ALONE=0.8 ...]
    python scripts/crossval.py --shipped --sources informal-fi2 [--repo ../old-checkout]

The examples whose `source` is in --sources (default: every `informal-*` bank) are split into
folds (by a stable hash of the text, so the split never changes); for each fold a model is
trained on everything else in data/train/ (+ data/thirdparty/train/) and the fold is classified
with the rules and that model. Printed: macro-F1 over the six kinds and exact match, per source
and overall, for the full classifier, the rules alone (their hits after the vetoes) and the model alone
(its raw scores at 0.5). Use it to compare a change of rules, policy or model architecture on
mail the model has not been trained on, without looking at the blind sets. The blind sets and
the third-party dev set are never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --repo PATH: classify with another checkout's classifier (an older commit, with --shipped), on
# this checkout's corpus. Read before the imports below, which it redirects.
_REPO = next((Path(sys.argv[i + 1]).resolve() for i, a in enumerate(sys.argv[:-1]) if a == "--repo"), ROOT)
sys.path.insert(0, str(_REPO))

from bot.classify import training  # noqa: E402
from bot.classify.classifier import Classifier  # noqa: E402
from bot.classify.combine import standing_kinds  # noqa: E402
from bot.classify.corpus import Example, read_dir, read_eml_dir  # noqa: E402
from bot.classify.evaluate import _macro  # noqa: E402
from bot.classify.pipeline import load_nlp  # noqa: E402
from bot.classify.training import save, train_nlp  # noqa: E402


def fold_of(e: Example, folds: int) -> int:
    return int(hashlib.sha256(f"{e.subject}\n{e.text}".encode()).hexdigest(), 16) % folds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--sources", default="", help="comma-separated sources to hold out (default informal-*)")
    ap.add_argument("--show-mistakes", action="store_true")
    ap.add_argument("--repo", type=Path, default=ROOT,
                    help="the checkout whose classifier to use (e.g. a worktree of an older commit; with --shipped)")
    ap.add_argument("--shipped", action="store_true",
                    help="no folds: classify the examples with the shipped model (which was trained on "
                         "them, so only the 'rules alone' column is a fair figure); seconds, for rule work")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                    help="try another value of a policy constant, e.g. combine.MODEL_ALONE=0.8")
    args = ap.parse_args()
    for assignment in args.set:
        target, value = assignment.split("=", 1)
        module, name = target.rsplit(".", 1)
        mod = importlib.import_module(f"bot.classify.{module}")
        if not hasattr(mod, name):
            print(f"no {name} in bot.classify.{module}", file=sys.stderr)
            return 2
        setattr(mod, name, type(getattr(mod, name))(value))
    corpus = read_dir(ROOT / "data" / "train") + read_eml_dir(ROOT / "data" / "thirdparty" / "train")
    wanted = set(filter(None, args.sources.split(",")))
    held = [e for e in corpus if (e.source in wanted if wanted else e.source.startswith("informal-"))]
    if not held:
        print("no examples to hold out", file=sys.stderr)
        return 2
    rest = [e for e in corpus if not any(e is h for h in held)]
    pairs: dict[str, dict[str, list[tuple[list[str], list[str]]]]] = defaultdict(lambda: defaultdict(list))
    mistakes: list[str] = []
    for k in range(1 if args.shipped else args.folds):
        if args.shipped:
            test, clf = held, Classifier(load_nlp())
        else:
            test = [e for e in held if fold_of(e, args.folds) == k]
            train = rest + [e for e in held if fold_of(e, args.folds) != k]
            nlp = train_nlp(train, epochs=training.EPOCHS)
            with tempfile.TemporaryDirectory() as tmp:  # saved and loaded, exactly as shipped
                save(nlp, Path(tmp) / "model")
                clf = Classifier(load_nlp(Path(tmp) / "model"))
        results = list(clf.classify_many([(e.subject, e.text, False, []) for e in test]))
        docs = list(clf.nlp.pipe(f"{e.subject}\n{e.text}" if e.subject else e.text for e in test))
        for e, r, doc in zip(test, results, docs, strict=True):
            model = sorted(c for c, v in doc.cats.items() if v >= 0.5)
            rules = sorted(str(k) for k in standing_kinds(doc._.rule_hits, doc._.sentence_concepts))
            for name, got in (("classifier", r.kinds), ("rules alone", rules), ("model alone", model)):
                pairs[name][e.source].append((e.kinds, got))
                pairs[name]["ALL"].append((e.kinds, got))
            if r.kinds != e.kinds:
                mistakes.append(f"[{e.source}] want {e.kinds} got {r.kinds} rules {rules} ({r.outcome}): "
                                f"{(e.subject + ' | ' + e.text)[:160]!r}")
        print(f"fold {k + 1}/{args.folds}: {len(test)} held out" if not args.shipped
              else f"{len(test)} examples, shipped model (trained on them)", file=sys.stderr)
    print(f"{'source':<18}{'n':>5}  " + "  ".join(f"{n:>22}" for n in pairs))
    for source in sorted(pairs["classifier"]):
        cells = []
        for name in pairs:
            p = pairs[name][source]
            f1, _ = _macro(p)
            exact = sum(w == g for w, g in p) / len(p)
            cells.append(f"F1 {f1:.3f} exact {exact:.3f}")
        print(f"{source:<18}{len(pairs['classifier'][source]):>5}  " + "  ".join(f"{c:>22}" for c in cells))
    _, per = _macro(pairs["classifier"]["ALL"])
    print("per kind (classifier): " + ", ".join(f"{k} {v['f1']:.3f} (P {v['precision']:.2f} R {v['recall']:.2f})"
                                                  for k, v in per.items()))
    if args.show_mistakes:
        print("\n".join(mistakes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
