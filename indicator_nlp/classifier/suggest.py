"""The drafter's view of an indicator text: its category and the closest corpus indicators."""

from __future__ import annotations

from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.classifier.estimator import IndicatorClassifier
from indicator_nlp.classifier.model import load_model
from indicator_nlp.thresholds import extract_thresholds


def suggest(
    text: str,
    model: IndicatorClassifier | None = None,
    k: int = 8,
    layout: str = "2021",
    all_classes: bool = False,
    min_similarity: float | None = None,
) -> dict[str, Any]:
    """The drafter's view of an indicator text: its category and the closest corpus indicators.

    Returns ``{"prediction": Prediction, "similar": [...], "usual": {...}}``. ``similar`` holds
    up to ``k`` corpus indicators (one per distinct name) accepted under the predicted class (any
    class with ``all_classes``) whose names are at least ``min_similarity`` alike, each with its
    usual target values; ``usual`` gives the most frequent units, operators and values among them.
    """
    from collections import Counter

    from indicator_nlp.classifier.estimator import MIN_SIMILARITY

    model = model or load_model()
    pred = model.predictions([text], top=3, layout=layout)[0]
    cls = None if all_classes or pred.level2 is None else taxonomy.class_of(pred.level2)
    similar = model.similar(
        text, k=k, cls=cls, min_similarity=MIN_SIMILARITY if min_similarity is None else min_similarity
    )
    units: Counter[str] = Counter()
    ops: Counter[str] = Counter()
    values: Counter[str] = Counter()
    for s in similar:
        l1, l2 = taxonomy.labels_for_class(s["class"], layout)
        s["level1"], s["level2"] = l1, l2
        s["unit"] = s["op"] = None
        for v in s["values"]:
            values[v] += 1
        if s["value"]:
            found = extract_thresholds(s["value"], name=s["name"])
            if found:
                s["unit"], s["op"] = found[0].unit, found[0].op
                if found[0].unit:
                    units[found[0].unit] += 1
                ops[found[0].op] += 1
    return {
        "prediction": pred,
        "similar": similar,
        "usual": {
            "units": [u for u, _ in units.most_common(3)],
            "operators": [o for o, _ in ops.most_common(3)],
            "values": [v for v, _ in values.most_common(3)],
        },
    }
