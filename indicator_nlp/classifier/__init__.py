"""The indicator classifier: name + description + value → level-2 class, with calibrated confidence.

Public API: :func:`load_model`, :func:`classify`, :func:`save_model`. The nine classes are those of
:func:`indicator_nlp.taxonomy.classes`; cost is one class whose labels follow the layout asked for.

Rooms: :mod:`.estimator` (the scikit-learn estimator and its features), :mod:`.model` (model
files, card, load, classify), :mod:`.evaluation` (scores, cross-validation, plots),
:mod:`.training` (training on the corpus), :mod:`.explain` (why a class, in words) and
:mod:`.suggest` (the drafter's view).
"""

from __future__ import annotations

from indicator_nlp.classifier.estimator import IndicatorClassifier, build_vectorizer, grouped_splits
from indicator_nlp.classifier.evaluation import (
    CLASS_EN,
    cross_validate,
    evaluate_file,
    labelled_items,
    level1_of,
    plot_confusion,
    scores,
)
from indicator_nlp.classifier.explain import explain
from indicator_nlp.classifier.model import (
    DEFAULT_MODEL,
    FORMAT,
    MODEL_ENV,
    card_path,
    classify,
    default_model_path,
    library_versions,
    load_model,
    repo_root,
    save_model,
    sha256_file,
)
from indicator_nlp.classifier.suggest import suggest
from indicator_nlp.classifier.training import DEFAULT_PARAMS, FLAG_WEIGHT, evaluate_corpus, train

__all__ = [
    "CLASS_EN",
    "DEFAULT_MODEL",
    "DEFAULT_PARAMS",
    "FLAG_WEIGHT",
    "FORMAT",
    "MODEL_ENV",
    "IndicatorClassifier",
    "build_vectorizer",
    "card_path",
    "classify",
    "cross_validate",
    "default_model_path",
    "evaluate_corpus",
    "evaluate_file",
    "explain",
    "grouped_splits",
    "labelled_items",
    "level1_of",
    "library_versions",
    "load_model",
    "plot_confusion",
    "repo_root",
    "save_model",
    "scores",
    "sha256_file",
    "suggest",
    "train",
]
