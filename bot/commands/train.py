"""`python -m bot train`: rebuild the classifier pipeline from data/train/ (+ staff feedback).

Seeded and reproducible; writes the pipeline shipped in bot/classify/model/ (or --output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="rebuild the classifier from data/train/ and data/feedback/")
    p.add_argument("--train-dir", type=Path, default=None, help="labelled corpus (default data/train/)")
    p.add_argument("--no-feedback", action="store_true", help="leave out staff corrections")
    p.add_argument("--no-thirdparty", action="store_true",
                   help="leave out the rendered third-party letters (data/thirdparty/train/; "
                        "left out anyway with --train-dir)")
    p.add_argument("--output", type=Path, default=None, help="where to save (default: the shipped model)")
    p.add_argument("--epochs", type=int, default=None)
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(func=cmd_train)


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    # imported here, not at the top: loading spaCy costs every other command ~1 s of start-up
    from bot.classify.corpus import THIRDPARTY_TRAIN_DIR, TRAIN_DIR, CorpusError, read_dir, read_eml_dir
    from bot.classify.pipeline import MODEL_DIR
    from bot.classify.training import EPOCHS, SEED, save, train_nlp

    try:
        examples = read_dir(args.train_dir or TRAIN_DIR)
        if not args.no_thirdparty and args.train_dir is None:  # a corpus of one's own: only that
            examples += read_eml_dir(THIRDPARTY_TRAIN_DIR)
        feedback = [] if args.no_feedback else read_dir(Path(settings.classifier.feedback_dir))
    except CorpusError as e:
        print(f"corpus error: {e}", file=sys.stderr)
        return 2
    if not examples:
        print("no training examples found", file=sys.stderr)
        return 2
    from bot.classify.langlex import build_forms, lexicons

    for code, lex in sorted(lexicons().items()):
        if lex.forms is None and code == lex.language:  # a lexicon file changed since its forms were built
            print(f"lexicon {code}: {build_forms(lex)} inflected forms rebuilt")
    print(f"training on {len(examples)} examples + {len(feedback)} staff corrections")
    nlp = train_nlp(examples + feedback, epochs=args.epochs or EPOCHS,
                    seed=SEED if args.seed is None else args.seed, log=True)
    out = args.output or (Path(settings.classifier.model_dir) if settings.classifier.model_dir else MODEL_DIR)
    save(nlp, out)
    print(f"saved to {out}")
    return 0
