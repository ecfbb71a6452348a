"""Evaluation figures against reviewed labels: what a user of the classifier and of review sees.

* :func:`acceptable_accuracy` — share of rows whose top-1 (or any of the top-k) class is one a
  reviewer accepts (``acceptable``: a set per row; a quarter of the rows have two);
* :func:`class_scores` — accuracy, macro-F1 and per-class precision/recall/F1 against one label
  per row (the reviewed class);
* :func:`ece` — expected calibration error (equal-width confidence bins);
* :func:`detection` and :func:`pr_curve` — precision/recall of a yes/no decision (a row flagged as
  misfiled) against the rows that really are, and the curve over a score threshold.

Plain Python and numpy: a row's classes are strings; a ranking is a list of classes, best first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def rankings(proba: np.ndarray, classes: Sequence[str]) -> list[list[str]]:
    """Each row's classes ordered by probability, best first (ties keep the order of ``classes``)."""
    order = np.argsort(-np.asarray(proba), axis=1, kind="stable")
    return [[str(classes[j]) for j in row] for row in order]


def acceptable_accuracy(
    ranked: Sequence[Sequence[str]], acceptable: Sequence[Sequence[str]], k: int = 1
) -> float:
    """Share of rows with at least one of the first ``k`` ranked classes in the row's acceptable set."""
    if len(ranked) != len(acceptable):
        raise ValueError(f"{len(ranked)} rankings but {len(acceptable)} acceptable sets")
    if not ranked:
        return float("nan")
    hits = sum(bool(set(r[:k]) & set(a)) for r, a in zip(ranked, acceptable))
    return hits / len(ranked)


def class_scores(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """Accuracy, macro-F1 over the classes present in ``y_true``, and per-class P/R/F1/support.

    A class never predicted has precision 0; a class absent from ``y_true`` is left out (``labels``
    fixes the order and may add classes; classes without support still count in macro-F1 only if
    listed).
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} labels but {len(y_pred)} predictions")
    present = set(y_true)
    labels = list(labels) if labels is not None else sorted(present)
    labels = [c for c in labels if c in present]
    per: dict[str, dict[str, float]] = {}
    for c in labels:
        tp = sum(t == c and p == c for t, p in zip(y_true, y_pred))
        n_pred = sum(p == c for p in y_pred)
        n_true = sum(t == c for t in y_true)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_true if n_true else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": n_true}
    acc = sum(t == p for t, p in zip(y_true, y_pred)) / len(y_true) if y_true else float("nan")
    macro = float(np.mean([v["f1"] for v in per.values()])) if per else float("nan")
    return {"n": len(y_true), "accuracy": acc, "macro_f1": macro, "per_class": per}


def ece(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error: the row-weighted mean |accuracy − mean confidence| over
    ``bins`` equal-width confidence bins (a confidence of exactly 1 falls in the last bin)."""
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.shape != ok.shape:
        raise ValueError("confidence and correct differ in length")
    if not len(conf):
        return float("nan")
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(ok[m].mean() - conf[m].mean())
    return float(total / len(conf))


def detection(flagged: Sequence[bool], positive: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and counts of a flag against the true positives (NaN precision when
    nothing is flagged)."""
    f = np.asarray(flagged, dtype=bool)
    p = np.asarray(positive, dtype=bool)
    tp = int((f & p).sum())
    return {
        "flagged": int(f.sum()),
        "positives": int(p.sum()),
        "true_positives": tp,
        "precision": tp / int(f.sum()) if f.any() else float("nan"),
        "recall": tp / int(p.sum()) if p.any() else float("nan"),
    }


def pr_curve(score: Sequence[float], positive: Sequence[bool]) -> list[dict[str, float]]:
    """Precision/recall of "flag when score ≥ t" for every distinct score t, highest t first."""
    s = np.asarray(score, dtype=float)
    p = np.asarray(positive, dtype=bool)
    out = []
    for t in sorted(set(s.tolist()), reverse=True):
        d = detection(s >= t, p)
        out.append(
            {"threshold": t, "precision": d["precision"], "recall": d["recall"], "flagged": d["flagged"]}
        )
    return out


def best_precision_at_recall(curve: Sequence[dict[str, float]], min_recall: float) -> dict[str, float] | None:
    """The point of ``curve`` with the highest precision among those with recall ≥ ``min_recall``
    (the higher threshold on ties)."""
    ok = [c for c in curve if c["recall"] >= min_recall]
    return max(ok, key=lambda c: (c["precision"], c["threshold"])) if ok else None
