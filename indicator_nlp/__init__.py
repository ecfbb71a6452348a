"""indicator-nlp: read Chinese budget-performance filings into structured, checked indicator data.

The public verbs (imported lazily, so ``import indicator_nlp`` stays light)::

    extract_thresholds(text, name=None) -> list[Threshold]
    read_filing(path) -> Document
    structure_filing(path_or_document) -> Filing
    structure_many(paths, jobs=1) -> Iterator[(Path, Filing | FilingError)]
    load_model(path=None, trust=False) -> IndicatorClassifier
    classify(items, model=None, top=3, layout="2021") -> list[Prediction]
    check_indicators(indicators, model=None) -> list[dict]   (the filed label weighed against the model)
    suggest(text, model=None) -> dict   (the drafter's view: category, similar indicators, usual targets)
    review_filing(filing_or_path) -> list[Finding]
    draft_indicators(path_or_text) -> list[DraftRow]
    normalize_label(text) -> str | None
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> (module, attribute); keep in sync with the docstring. The verbs for structuring,
# review and drafting carry a noun (structure_filing ...) because their modules are named
# structure/review/draft: a package attribute cannot be both a submodule and a function.
_EXPORTS = {
    "extract_thresholds": ("indicator_nlp.thresholds", "extract_thresholds"),
    "read_filing": ("indicator_nlp.readers", "read_filing"),
    "structure_filing": ("indicator_nlp.structure", "structure"),
    "structure_many": ("indicator_nlp.structure", "structure_many"),
    "load_model": ("indicator_nlp.classifier", "load_model"),
    "classify": ("indicator_nlp.classifier", "classify"),
    "check_indicators": ("indicator_nlp.check", "check_indicators"),
    "suggest": ("indicator_nlp.classifier.suggest", "suggest"),
    "review_filing": ("indicator_nlp.review", "review"),
    "draft_indicators": ("indicator_nlp.draft", "draft"),
    "normalize_label": ("indicator_nlp.taxonomy", "normalize_label"),
    "Threshold": ("indicator_nlp.types", "Threshold"),
    "Document": ("indicator_nlp.types", "Document"),
    "Indicator": ("indicator_nlp.types", "Indicator"),
    "Filing": ("indicator_nlp.types", "Filing"),
    "Finding": ("indicator_nlp.types", "Finding"),
    "Prediction": ("indicator_nlp.types", "Prediction"),
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'indicator_nlp' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), attr)
