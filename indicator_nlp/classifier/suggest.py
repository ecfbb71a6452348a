"""The drafter's view of an indicator text: its category and the closest corpus indicators."""

from __future__ import annotations

from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.classifier.estimator import IndicatorClassifier
from indicator_nlp.classifier.model import load_model
from indicator_nlp.thresholds import extract_thresholds


def suggest(
    text: str, model: IndicatorClassifier | None = None, k: int = 8, layout: str = "2021"
) -> dict[str, Any]:
    """The drafter's view of an indicator text: its category and the closest corpus indicators.

    Returns ``{"prediction": Prediction, "similar": [...], "usual": {...}}`` where ``usual`` gives
    the most frequent units and operators among the similar indicators' target values, and their
    most frequent values within the predicted class.
    """
    from collections import Counter

    model = model or load_model()
    pred = model.predictions([text], top=3, layout=layout)[0]
    similar = model.similar(text, k=k)
    units: Counter[str] = Counter()
    ops: Counter[str] = Counter()
    for s in similar:
        l1, l2 = taxonomy.labels_for_class(s["class"], layout)
        s["level1"], s["level2"] = l1, l2
        s["unit"] = s["op"] = None
        if s["value"]:
            found = extract_thresholds(s["value"], name=s["name"])
            if found:
                s["unit"], s["op"] = found[0].unit, found[0].op
                if found[0].unit:
                    units[found[0].unit] += 1
                ops[found[0].op] += 1
    values = Counter(s["value"] for s in similar if s["value"] and s["level2"] == pred.level2)
    return {
        "prediction": pred,
        "similar": similar,
        "usual": {
            "units": [u for u, _ in units.most_common(3)],
            "operators": [o for o, _ in ops.most_common(3)],
            # target values of the similar indicators in the predicted class, most frequent first
            "values": [v for v, _ in values.most_common(3)],
        },
    }
