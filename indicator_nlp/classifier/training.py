"""Training from the corpus: the shipped settings, row weights, ``train`` and the corpus's CV figures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from indicator_nlp.classifier.estimator import IndicatorClassifier
from indicator_nlp.classifier.evaluation import cross_validate
from indicator_nlp.classifier.model import DEFAULT_MODEL, repo_root, save_model
from indicator_nlp.errors import ModelError

DEFAULT_PARAMS: dict[str, Any] = {}  # the shipped settings are the estimator's defaults
FLAG_WEIGHT = {"label_conflict": 0.5}  # rows whose filed level 1 and level 2 disagree


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
    rows = corpus.training_rows(all_rows)
    if not rows:
        raise ModelError(f"{corpus_path or 'corpus/'}: no labelled rows to train on")
    params = {**DEFAULT_PARAMS, **(params or {}), "random_state": seed}
    items = [(r.name, r.description, r.value) for r in rows]
    y = [r.cls for r in rows]
    groups = [r.group for r in rows]
    weight = np.array([r.weight * np.prod([FLAG_WEIGHT.get(f, 1.0) for f in r.flags]) for r in rows])
    t0 = time.perf_counter()
    model = IndicatorClassifier(**params).fit(items, y, groups=groups, sample_weight=weight)
    fit_seconds = time.perf_counter() - t0
    card: dict[str, Any] = {
        "name": "indicator-classifier",
        "task": "level-2 class of a budget-performance indicator (nine classes; cost is one class)",
        "classes": [str(c) for c in model.classes_],
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
            "n_features": int(model.model_.coef_.shape[1]),
        },
        "seed": seed,
        "fit_seconds": round(fit_seconds, 1),
    }
    if with_cv:
        layouts = [r.layout for r in rows]
        res = cross_validate(
            items,
            y,
            groups,
            k=cv,
            seed=seed,
            params=params,
            level1_true=[r.level1 for r in rows],
            layouts=layouts,
            sample_weight=weight,
        )
        card["cross_validation"] = {
            "folds": res["folds"],
            "grouped_by": "group (repository for GitHub sources, else document)",
            "model": {k: v for k, v in res["model"].items() if k != "confusion"},
            "baseline": {k: v for k, v in res["baseline"].items() if k != "confusion"},
        }
    out = Path(out) if out else repo_root() / DEFAULT_MODEL
    return save_model(model, out, card)


def evaluate_corpus(
    corpus_path: str | os.PathLike[str] | None = None, k: int = 5, seed: int = 0
) -> dict[str, Any]:
    """Grouped K-fold figures on the corpus (model with the shipped settings, and the baseline)."""
    from indicator_nlp import corpus

    rows = corpus.training_rows(corpus.load(corpus_path))
    weight = [r.weight * float(np.prod([FLAG_WEIGHT.get(f, 1.0) for f in r.flags])) for r in rows]
    res = cross_validate(
        [(r.name, r.description, r.value) for r in rows],
        [r.cls for r in rows],
        [r.group for r in rows],
        k=k,
        seed=seed,
        params=DEFAULT_PARAMS,
        level1_true=[r.level1 for r in rows],
        layouts=[r.layout for r in rows],
        sample_weight=weight,
    )
    res["data"] = str(corpus_path or "corpus/")
    return res
