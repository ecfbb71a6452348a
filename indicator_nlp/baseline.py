"""The keyword-rule baseline: what an analyst writes first, to show what the model adds.

Rules (``data/keywords_baseline.json``) are tried in order against the indicator name; the first
class with a keyword in the name wins; else the value decides (a date → 时效, money → 成本, % → 质量,
a counting unit → 数量); else the default class. It has ``predict``/``classes_`` like the model so
that ``evaluate`` treats both alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from indicator_nlp.record import as_records
from indicator_nlp.text import fold


@cache
def rules() -> dict[str, Any]:
    text = resources.files("indicator_nlp").joinpath("data/keywords_baseline.json").read_text("utf-8")
    return json.loads(text)


def classify_one(name: str, value: str = "") -> str:
    """The baseline's class of one indicator."""
    data = rules()
    core = fold(name)
    for cls, words in data["rules"]:
        if any(w in core for w in words):
            return cls
    v = fold(value)
    for cls, words in data["value_rules"]:
        if any(w in v for w in words):
            return cls
    return data["default"]


class KeywordBaseline:
    """Keyword rules with the predict interface of a fitted classifier (nothing is learned)."""

    def __init__(self) -> None:
        self.classes_ = np.array(sorted({c for c, _ in rules()["rules"]}), dtype=object)

    def fit(self, X: Iterable[Any], y: Iterable[str], **_: Any) -> KeywordBaseline:
        return self

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        return np.array([classify_one(r.name, r.value) for r in as_records(X)], dtype=object)
