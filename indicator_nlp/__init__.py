"""indicator-nlp: read Chinese budget-performance filings into structured, checked indicator data.

The public verbs (imported lazily, so ``import indicator_nlp`` stays light)::

    extract_thresholds(text, name=None) -> list[Threshold]
    read_filing(path) -> Document
    structure(path) -> Filing
    load_model(path=None) -> IndicatorClassifier
    classify(texts, ...) -> list[Prediction]
    review(path_or_filing) -> list[Finding]
    draft(path_or_text) -> list[DraftRow]
    normalize_label(text) -> str | None
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> module that defines it; keep in sync with __all__.
_EXPORTS = {
    "extract_thresholds": "indicator_nlp.thresholds",
    "read_filing": "indicator_nlp.readers",
    "structure": "indicator_nlp.structure",
    "load_model": "indicator_nlp.classifier",
    "classify": "indicator_nlp.classifier",
    "review": "indicator_nlp.review",
    "draft": "indicator_nlp.draft",
    "normalize_label": "indicator_nlp.taxonomy",
    "Threshold": "indicator_nlp.types",
    "Document": "indicator_nlp.types",
    "Indicator": "indicator_nlp.types",
    "Filing": "indicator_nlp.types",
    "Finding": "indicator_nlp.types",
    "Prediction": "indicator_nlp.types",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'indicator_nlp' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
