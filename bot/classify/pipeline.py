"""The spaCy pipeline: blank multi-language tokenizer, then language, stems, rules, textcat.

`build_nlp()` describes it (the same config every time, so `train` is reproducible);
`load_nlp(path)` loads the trained copy shipped in bot/classify/model/.
"""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.ml.extract_ngrams import extract_ngrams
from spacy.ml.models.textcat import resize_and_set_ref, resize_linear_weighted
from spacy.strings import hash_string  # type: ignore[attr-defined]  # (cython, no stub)
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, with_cpu
from thinc.types import Floats2d

# Registers the factories used below.
from bot.classify import langid, rules, stemmer  # noqa: F401
from bot.kinds import RequestKind

MODEL_DIR = Path(__file__).parent / "model"
LABELS = [k.value for k in RequestKind]
# Character 4-grams of each stem as further features of the model (0: none, the v1 model), in a
# table of 2**18 weights per label. Chosen by five-fold cross-validation on the informal training
# mail (scripts/crossval.py; README "Classifier figures"), not on any evaluation set.
CHAR_NGRAM = 4
LENGTH = 2**18


def textcat_config() -> dict[str, Any]:
    model: dict[str, Any] = {"@architectures": "bot.TextCatBOWNorm.v1", "ngram_size": 2, "length": LENGTH}
    if CHAR_NGRAM:
        model.update({"@architectures": "bot.TextCatBOWNorm.v2", "char_ngram": CHAR_NGRAM})
    return {"threshold": 0.5, "model": model}


def _word_pieces(norm: str, n: int) -> tuple[int, ...]:
    """Hashes of the character n-grams of one stem, with its edges marked ("<post", "ista>"): a
    compound or an inflection the stemmer missed ("postituslistalta", "nyhetsbrevet") shares
    pieces with the words the model was trained on."""
    w = f"<{norm}>"
    if len(w) <= n:
        return (hash_string("#" + w),)
    return tuple(hash_string("#" + w[i:i + n]) for i in range(len(w) - n + 1))


@lru_cache(maxsize=65536)
def word_pieces(norm: str, n: int) -> tuple[int, ...]:
    return _word_pieces(norm, n) if norm.isalpha() else ()


def extract_features(ngram_size: int, char_ngram: int) -> Model:
    """spaCy's extract_ngrams over NORM, plus (char_ngram > 0) each word's character n-grams."""
    model: Model = Model("bot_extract_features", _features_forward)
    model.attrs["ngram_size"] = ngram_size
    model.attrs["char_ngram"] = char_ngram
    return model


def _features_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[Any, Any]:
    xp = model.ops.xp
    n_size, c_size = model.attrs["ngram_size"], model.attrs["char_ngram"]
    batch_keys, batch_vals = [], []
    for doc in docs:
        unigrams: Any = doc.to_array([NORM]).ravel()
        # thinc's ngrams reads out of bounds on a doc shorter than n (an empty message in a batch)
        parts: list[Any] = [unigrams, *(model.ops.ngrams(n, unigrams) for n in range(2, n_size + 1)
                                        if len(unigrams) >= n)]
        if c_size:
            pieces = [h for t in doc for h in word_pieces(t.norm_, c_size)]
            if pieces:
                parts.append(xp.asarray(pieces, dtype="uint64"))
        keys, vals = xp.unique(xp.concatenate(parts), return_counts=True)
        batch_keys.append(keys)
        batch_vals.append(vals)
    lengths = model.ops.asarray([arr.shape[0] for arr in batch_keys], dtype="int32")
    out = (xp.concatenate(batch_keys), model.ops.asarray(xp.concatenate(batch_vals), dtype="f"), lengths)
    return out, lambda dY: []


@registry.architectures("bot.TextCatBOWNorm.v2")
def build_bow_norm_v2(ngram_size: int, length: int, char_ngram: int = 0, nO: int | None = None) -> Model:
    """v1 with each word's character n-grams as further features (see `word_pieces`)."""
    return _bow(extract_features(ngram_size, char_ngram), length, nO)


@registry.architectures("bot.TextCatBOWNorm.v1")
def build_bow_norm(ngram_size: int, length: int, nO: int | None = None) -> Model:
    """spaCy's TextCatBOW (v3) reading token NORMs (our stems) instead of ORTH, so inflected
    forms share weights. Same layers as spacy.ml.models.textcat._build_bow_text_classifier."""
    return _bow(extract_ngrams(ngram_size, attr=NORM), length, nO)


def _bow(features: Model, length: int, nO: int | None) -> Model:
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    fill_defaults = {"b": 0, "W": 0}
    resizable_layer: Model[Floats2d, Floats2d] = resizable(
        sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults))
    model: Model[list[Doc], Floats2d] = chain(
        with_cpu(chain(features, resizable_layer), sparse_linear.ops),
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
    textcat = nlp.add_pipe("textcat_multilabel", config=textcat_config())
    for label in LABELS:
        textcat.add_label(label)  # type: ignore[attr-defined]
    return nlp


def load_nlp(path: Path | None = None) -> Language:
    return spacy.load(path or MODEL_DIR)
