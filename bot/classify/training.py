"""`python -m bot train`: rebuild the pipeline from data/train/ (+ feedback), seeded.

The same corpus gives the same model: fixed seed, fixed example order, one thread.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from spacy.language import Language
from spacy.training import Example as SpacyExample
from spacy.util import fix_random_seed, minibatch

from bot.classify.corpus import Example
from bot.classify.langid import LanguageDetector, seed_samples
from bot.classify.pipeline import LABELS, build_nlp

SEED = 0
EPOCHS = 12


def train_nlp(examples: list[Example], *, epochs: int = EPOCHS, seed: int = SEED,
              log: bool = False) -> Language:
    fix_random_seed(seed)
    nlp = build_nlp()
    samples = seed_samples() + [(f"{e.subject}\n{e.text}", e.language) for e in examples if e.language]
    nlp.get_pipe("bot_language").detector = LanguageDetector.train(samples)  # type: ignore[attr-defined]
    pre = [nlp.get_pipe("bot_language"), nlp.get_pipe("bot_stemmer")]

    def to_example(e: Example) -> SpacyExample:
        doc = nlp.make_doc(f"{e.subject}\n{e.text}" if e.subject else e.text)
        for proc in pre:
            doc = proc(doc)
        return SpacyExample.from_dict(doc, {"cats": {k: float(k in e.kinds) for k in LABELS}})

    data = [to_example(e) for e in examples]
    optimizer = nlp.initialize(lambda: data)
    rnd = random.Random(seed)
    with nlp.select_pipes(enable=["textcat_multilabel"]):
        for epoch in range(epochs):
            rnd.shuffle(data)
            losses: dict[str, float] = {}
            for batch in minibatch(data, size=16):
                nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
            if log:
                print(f"epoch {epoch + 1}: loss {losses.get('textcat_multilabel', 0.0):.3f}")
    return nlp


def save(nlp: Language, path: Path) -> None:
    tmp = path.with_name(path.name + ".new")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    if path.exists():
        shutil.rmtree(path)
    tmp.rename(path)
