"""The spaCy pipeline: blank multi-language tokenizer, then language, stems, rules, textcat.

`build_nlp()` describes it (the same config every time, so `train` is reproducible);
`load_nlp(path)` loads the trained copy shipped in bot/classify/model/.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import cast

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.ml.extract_ngrams import extract_ngrams
from spacy.ml.models.textcat import resize_and_set_ref, resize_linear_weighted
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, with_cpu
from thinc.types import Floats2d

# Registers the factories used below.
from bot.classify import langid, rules, stemmer  # noqa: F401
from bot.kinds import RequestKind

MODEL_DIR = Path(__file__).parent / "model"
LABELS = [k.value for k in RequestKind]
TEXTCAT = {
    "threshold": 0.5,
    "model": {
        "@architectures": "bot.TextCatBOWNorm.v1",
        "ngram_size": 2,
        "length": 2**16,
    },
}


@registry.architectures("bot.TextCatBOWNorm.v1")
def build_bow_norm(ngram_size: int, length: int, nO: int | None = None) -> Model:
    """spaCy's TextCatBOW (v3) reading token NORMs (our stems) instead of ORTH, so inflected
    forms share weights. Same layers as spacy.ml.models.textcat._build_bow_text_classifier."""
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    fill_defaults = {"b": 0, "W": 0}
    resizable_layer: Model[Floats2d, Floats2d] = resizable(
        sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults))
    model: Model[list[Doc], Floats2d] = chain(
        with_cpu(chain(extract_ngrams(ngram_size, attr=NORM), resizable_layer), sparse_linear.ops),
        with_cpu(Logistic(), sparse_linear.ops))
    if nO is not None:
        model.set_dim("nO", cast(int, nO))
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model


def build_nlp() -> Language:
    nlp = spacy.blank("xx")
    nlp.add_pipe("bot_language")
    nlp.add_pipe("bot_stemmer")
    nlp.add_pipe("bot_rules")
    textcat = nlp.add_pipe("textcat_multilabel", config=TEXTCAT)
    for label in LABELS:
        textcat.add_label(label)  # type: ignore[attr-defined]
    return nlp


def load_nlp(path: Path | None = None) -> Language:
    return spacy.load(path or MODEL_DIR)
