"""Is a filed category wrong? The posterior of the true class given the filed label and the text.

A filer's label is right about nine times in ten, so it is strong evidence by itself. Review
combines it with the classifier:

    P(true = c | text, filed = f)  ∝  P(c | text) · P(filed = f | true = c)

``P(c | text)`` is the calibrated classifier; ``P(filed = f | true = c)`` is the filers' confusion
matrix, estimated on reviewed rows (the "true" class of a row is its filed class when a reviewer
accepts it, else the reviewed class) with a small Dirichlet smoothing. A row is flagged as
misfiled when the posterior of its filed class falls below a threshold chosen on the reviewed
corpus (see docs/rules.md for the precision/recall curve).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def true_class(filed: str | None, acceptable: Sequence[str], reviewed: str | None) -> str | None:
    """The class a filer should have used: the filed one when acceptable, else the reviewed one."""
    return filed if filed is not None and filed in acceptable else reviewed


def filer_confusion(
    true: Sequence[str], filed: Sequence[str], classes: Sequence[str], alpha: float = 0.5
) -> np.ndarray:
    """``M[c, f]`` = P(filed = f | true = c): counts of (true, filed) pairs plus ``alpha`` in every
    cell, rows normalised. Pairs with a class outside ``classes`` are ignored."""
    index = {c: i for i, c in enumerate(classes)}
    m = np.full((len(classes), len(classes)), float(alpha))
    for t, f in zip(true, filed):
        if t in index and f in index:
            m[index[t], index[f]] += 1.0
    return m / m.sum(axis=1, keepdims=True)


def posterior(
    proba: np.ndarray, confusion: np.ndarray, filed_idx: Sequence[int], evidence_weight: float = 1.0
) -> np.ndarray:
    """Rows of P(true = c | text, filed): the model's probabilities (raised to ``evidence_weight``:
    below 1 the text counts for less against the filer's label) times the column of the
    confusion matrix of each row's filed class, normalised."""
    proba = np.clip(np.asarray(proba, dtype=float), 1e-300, None) ** float(evidence_weight)
    lik = confusion[:, np.asarray(filed_idx, dtype=int)].T  # (n, classes): P(filed_i | c)
    post = proba * lik
    return post / np.clip(post.sum(axis=1, keepdims=True), 1e-300, None)


@dataclass
class MisfilingModel:
    """The filers' confusion matrix and the decision threshold, over ``classes``.

    ``threshold``: a row is flagged when the posterior of its filed class is at most this.
    ``evidence_weight``: the exponent of the classifier's probabilities in the posterior.
    """

    classes: list[str]
    confusion: np.ndarray
    threshold: float = 0.2
    info: dict[str, Any] = field(default_factory=dict)
    evidence_weight: float = 1.0

    @classmethod
    def fit(
        cls,
        true: Sequence[str],
        filed: Sequence[str],
        classes: Sequence[str],
        alpha: float = 0.5,
        threshold: float = 0.2,
        evidence_weight: float = 1.0,
    ) -> MisfilingModel:
        confusion = filer_confusion(true, filed, classes, alpha)
        return cls([str(c) for c in classes], confusion, threshold, evidence_weight=evidence_weight)

    def posterior(self, proba: np.ndarray, filed: Sequence[str]) -> np.ndarray:
        """P(true class | text, filed) for rows whose filed class is one of ``classes``."""
        index = {c: i for i, c in enumerate(self.classes)}
        missing = [f for f in filed if f not in index]
        if missing:
            raise ValueError(f"filed class {missing[0]!r} is not one of the model's classes")
        # models saved before the exponent existed weighed the evidence 1
        return posterior(proba, self.confusion, [index[f] for f in filed], getattr(self, "evidence_weight", 1.0))

    def filed_probability(self, proba: np.ndarray, filed: Sequence[str]) -> np.ndarray:
        """The posterior probability that each row's filed class is right."""
        post = self.posterior(proba, filed)
        index = {c: i for i, c in enumerate(self.classes)}
        return post[np.arange(len(filed)), [index[f] for f in filed]]

    def decide(
        self, proba: np.ndarray, filed: Sequence[str], threshold: float | None = None
    ) -> list[dict[str, Any]]:
        """Per row: ``misfiled`` (posterior of the filed class below ``threshold``, default the
        model's), ``p_filed``, and the most likely class other than the filed one
        (``likely``, ``p_likely``): the reviewer's alternative even when no single class
        outweighs the filed one."""
        threshold = self.threshold if threshold is None else threshold
        post = self.posterior(proba, filed)
        index = {c: i for i, c in enumerate(self.classes)}
        out = []
        for i, f in enumerate(filed):
            p_filed = float(post[i, index[f]])
            others = post[i].copy()
            others[index[f]] = -1.0
            best = int(np.argmax(others))
            out.append(
                {
                    "misfiled": p_filed <= threshold,
                    "p_filed": p_filed,
                    "likely": self.classes[best],
                    "p_likely": float(post[i, best]),
                }
            )
        return out
