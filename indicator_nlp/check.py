"""Checked labels for structured indicators: the filed category unless the evidence outweighs it.

For each indicator of a filing, :func:`check_indicators` gives ``level1_checked``,
``level2_checked`` and ``check_confidence``:

* a row filed in the framework keeps its filed labels unless the posterior of its filed class
  (the filers' habits as the prior, the classifier as the evidence; :mod:`indicator_nlp.misfiling`)
  falls below the model's operating point; then it takes the most likely other class, in the
  row's cost layout. ``check_confidence`` is the posterior of the class it ends with;
* a row without a usable label (a narrative, a table whose level cells were lost) takes the
  classifier's class and its calibrated probability;
* a row filed outside the framework (预算管理, 管理指标 …) keeps its labels, without confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from indicator_nlp import taxonomy

CHECK_COLUMNS = ("level1_checked", "level2_checked", "check_confidence")


def _filed_class(ind: Any) -> str | None:
    cls = taxonomy.class_of(ind.level2) if ind.level2 else None
    if cls is None and ind.level2 is None:
        if ind.level1 == "满意度指标":
            return "服务对象满意度指标"
        if ind.level1 == "成本指标":
            return "成本指标"
    return cls


def _layout(ind: Any) -> str:
    return ind.layout or ("2021" if ind.level1 == "成本指标" else "legacy")


def check_indicators(
    indicators: Sequence[Any], model: Any = None, threshold: float | None = None
) -> list[dict[str, Any]]:
    """One ``{level1_checked, level2_checked, check_confidence}`` per indicator (see the module).

    ``model``: a fitted classifier (default: the shipped one); ``threshold`` overrides the
    model's misfiling operating point.
    """
    if not indicators:
        return []
    if model is None:
        from indicator_nlp.classifier import load_model

        model = load_model()
    # The Indicators themselves (unit column and thresholds included), as classify and review see them.
    proba = model.predict_proba(list(indicators))
    classes = [str(c) for c in model.classes_]
    mis = getattr(model, "misfiling_", None)
    out = []
    for ind, p in zip(indicators, proba):
        filed = _filed_class(ind)
        if filed is not None and mis is not None and filed in mis.classes:
            vec = np.array([[p[classes.index(c)] if c in classes else 0.0 for c in mis.classes]])
            d = mis.decide(vec, [filed], threshold=threshold)[0]
            if d["misfiled"]:
                l1, l2 = taxonomy.labels_for_class(d["likely"], _layout(ind))
                out.append(
                    {"level1_checked": l1, "level2_checked": l2, "check_confidence": round(d["p_likely"], 4)}
                )
            else:
                l1 = ind.level1 or taxonomy.labels_for_class(filed, _layout(ind))[0]
                l2 = ind.level2 or taxonomy.labels_for_class(filed, _layout(ind))[1]
                out.append(
                    {"level1_checked": l1, "level2_checked": l2, "check_confidence": round(d["p_filed"], 4)}
                )
        elif ind.level2 or (ind.level1 and not taxonomy.in_framework(ind.level1)):
            # filed outside the framework (or a class the model does not know): kept as filed
            out.append({"level1_checked": ind.level1, "level2_checked": ind.level2, "check_confidence": None})
        else:
            j = int(np.argmax(p))
            l1, l2 = taxonomy.labels_for_class(classes[j], _layout(ind))
            out.append(
                {"level1_checked": l1, "level2_checked": l2, "check_confidence": round(float(p[j]), 4)}
            )
    return out


def check_filed(items: Sequence[Any], model: Any = None, threshold: float | None = None) -> list[dict[str, Any] | None]:
    """The check of :func:`check_indicators` for input rows that carry a filed category (mappings
    with ``level1``/``level2`` beside ``name``, ``value``, ``description``): per row, the filed
    labels as written, the checked ones, and ``misfiled`` when the evidence outweighs the filed
    label; None for an item without a filed category (a bare name, a row whose level cells are empty).

    >>> check_filed(["培训人次"])
    [None]
    """
    from collections.abc import Mapping

    from indicator_nlp.types import Indicator

    out: list[dict[str, Any] | None] = [None] * len(items)
    todo = []
    for k, it in enumerate(items):
        if not isinstance(it, Mapping) or not (it.get("level2") or it.get("level1")):
            continue
        l1, l2 = str(it.get("level1") or "").strip(), str(it.get("level2") or "").strip()
        ind = Indicator(
            file="input", name=str(it.get("name") or ""), value=it.get("value") or None,
            description=it.get("description") or None, unit=it.get("unit") or None,
            level1=taxonomy.normalize_label(l1, level=1) if l1 else None,
            level2=taxonomy.normalize_label(l2, level=2) if l2 else None,
            level1_raw=l1 or None, level2_raw=l2 or None,
        )  # fmt: skip
        todo.append((k, ind))
    if not todo:
        return out
    checked = check_indicators([i for _, i in todo], model=model, threshold=threshold)
    for (k, ind), chk in zip(todo, checked):
        out[k] = {
            "filed_level1": ind.level1_raw,
            "filed_level2": ind.level2_raw,
            **chk,
            "misfiled": bool(ind.level2 and chk["level2_checked"] and chk["level2_checked"] != ind.level2),
        }
    return out
