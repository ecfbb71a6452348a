"""Static word vectors distilled from a sentence-embedding model: meaning at lookup speed.

A sentence-embedding model (multilingual-e5-small) knows that 提供理论依据和支撑 is an effect and
专利授权 an output, but it runs at 35–70 texts/s on one core. ``data/static_vectors.npz`` holds
the model's vector of each word of a fixed vocabulary (about 41,000 words: jieba's most frequent
words, every token of the corpus and the domain dictionary, and every character of them),
computed once by ``scripts/distill_vectors.py`` (the model2vec recipe: embed each token alone,
centre, reduce by PCA, store as float16). A text's vector is then the mean of its words' vectors
(an unknown word is read as the mean of its characters), L2-normalised: a dictionary lookup per
word, no model at run time.

:class:`StaticVectors` is that vector as a scikit-learn transformer over
:class:`~indicator_nlp.record.Record` s (the name, cut to its core); the classifier adds it to its
features when ``static_weight`` > 0. The vectors are not copied into each model file: the model
records the file's sha256 and refuses to run against different vectors.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from indicator_nlp.errors import ModelError

VECTORS_FILE = Path(__file__).with_name("data") / "static_vectors.npz"

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


class VectorsMismatch(ModelError):
    """The model was fitted against other static vectors than the ones installed."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_vectors(path: Path | None = None) -> tuple[dict[str, int], np.ndarray, str]:
    """(word → row, float32 matrix, sha256 of the file), loaded once per path (thread-safe)."""
    path = Path(path or VECTORS_FILE)
    key = str(path)
    got = _CACHE.get(key)
    if got is not None:
        return got
    with _LOCK:
        if key not in _CACHE:
            if not path.is_file():
                raise FileNotFoundError(
                    f"{path}: static word vectors missing (run scripts/distill_vectors.py)"
                )
            with np.load(path, allow_pickle=False) as d:
                vocab = d["vocab"].tolist()
                vecs = d["vectors"].astype(np.float32)
            _CACHE[key] = ({w: i for i, w in enumerate(vocab)}, vecs, _sha256(path))
    return _CACHE[key]


def text_vectors(texts: list[str], path: Path | None = None) -> np.ndarray:
    """Mean static vector of each text's words (unknown words: mean of their characters),
    L2-normalised; a row of zeros for a text with no known word or character.

    >>> v = text_vectors(["森林覆盖率", "森林覆盖面积", "服务对象满意度"])
    >>> bool(v[0] @ v[1] > v[0] @ v[2])
    True
    """
    from indicator_nlp.text import tokenize

    index, vecs, _ = load_vectors(path)
    out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
    for i, t in enumerate(texts):
        rows: list[int] = []
        means: list[np.ndarray] = []
        for tok in tokenize(t):
            j = index.get(tok)
            if j is not None:
                rows.append(j)
                continue
            chars = [index[c] for c in tok if c in index]
            if chars:
                means.append(vecs[chars].mean(axis=0))
        if not rows and not means:
            continue
        v = (vecs[rows].sum(axis=0) if rows else 0) + (np.sum(means, axis=0) if means else 0)
        v = v / (len(rows) + len(means))
        norm = float(np.linalg.norm(v))
        if norm > 0:
            out[i] = v / norm
    return out


class StaticVectors(TransformerMixin, BaseEstimator):
    """The static vector of each record's name core, as a scikit-learn transformer.

    ``fit`` records the sha256 of the vectors file; ``transform`` refuses other vectors
    (:class:`VectorsMismatch`), so a model never silently reads words it was not fitted with.
    """

    def __init__(self, path: str | None = None) -> None:
        self.path = path

    def _path(self) -> Path:
        return Path(self.path) if self.path else VECTORS_FILE

    def fit(self, records: list[Any], y: Any = None) -> StaticVectors:
        self.dims_ = int(load_vectors(self._path())[1].shape[1])
        self.sha256_ = load_vectors(self._path())[2]
        return self

    def transform(self, records: list[Any]) -> Any:
        from scipy.sparse import csr_matrix

        from indicator_nlp.features import name_core

        sha = load_vectors(self._path())[2]
        if sha != getattr(self, "sha256_", sha):
            raise VectorsMismatch(
                f"{self._path()}: static vectors sha256 {sha[:12]}… differ from the ones the model was "
                f"fitted with ({self.sha256_[:12]}…); retrain the model (indicator-nlp train)"
            )
        return csr_matrix(text_vectors([name_core(r[0]) for r in records], self._path()))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"dim{i}" for i in range(self.dims_)], dtype=object)
