"""Evaluation: scores, grouped cross-validation, a labelled file's figures, the confusion plot."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from indicator_nlp import taxonomy
from indicator_nlp.classifier.estimator import IndicatorClassifier, grouped_splits


def level1_of(cls: str | None, layout: str | None) -> str | None:
    if cls is None:
        return None
    return taxonomy.labels_for_class(cls, layout or "2021")[0]


def scores(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    level1_true: Sequence[str | None] | None = None,
    layouts: Sequence[str | None] | None = None,
) -> dict[str, Any]:
    """Level-1 accuracy, level-2 accuracy and macro-F1, per-class P/R/F1/support, confusion matrix.

    Labels are the classes present in ``y_true`` (in taxonomy order), so a class missing from
    the data does not drag macro-F1 down. Level 1 of a prediction is derived from its class in
    the row's layout.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    y_true = [str(c) for c in y_true]
    y_pred = [str(c) for c in y_pred]
    order = [c for c in taxonomy.classes() if c in set(y_true)] + sorted(
        set(y_true) - set(taxonomy.classes())
    )
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=order, zero_division=0)
    out: dict[str, Any] = {
        "n": len(y_true),
        "level2_accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "level2_macro_f1": round(
            float(f1_score(y_true, y_pred, labels=order, average="macro", zero_division=0)), 4
        ),
        "per_class": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, c in enumerate(order)
        },
        "labels": order,
        "confusion": confusion_matrix(y_true, y_pred, labels=order).tolist(),
    }
    if level1_true is not None:
        layouts = layouts or [None] * len(y_true)
        pairs = [(t, level1_of(c, lay)) for t, c, lay in zip(level1_true, y_pred, layouts) if t]
        out["level1_accuracy"] = round(sum(t == pr for t, pr in pairs) / len(pairs), 4) if pairs else None
    return out


def cross_validate(
    items: Sequence[Any],
    y: Sequence[str],
    groups: Sequence[str] | None,
    k: int = 5,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    level1_true: Sequence[str | None] | None = None,
    layouts: Sequence[str | None] | None = None,
    extra: tuple[Sequence[Any], Sequence[str]] | None = None,
    sample_weight: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Grouped K-fold figures of the model and of the keyword baseline on the same folds.

    ``extra`` (items, classes) are added to every training fold and never tested on (prior
    knowledge such as the lexicon of typical indicators).
    """
    from indicator_nlp.baseline import KeywordBaseline

    y = np.asarray([str(c) for c in y], dtype=object)
    items = list(items)
    pred = np.empty(len(y), dtype=object)
    base = KeywordBaseline().predict(items)
    folds = grouped_splits(y, groups, k, seed)
    for train, test in folds:
        tr_items = [items[i] for i in train]
        tr_y = list(y[train])
        tr_groups = [groups[i] for i in train] if groups is not None else None
        tr_w = [float(sample_weight[i]) for i in train] if sample_weight is not None else [1.0] * len(train)
        if extra is not None:
            tr_items += list(extra[0])
            tr_y += list(extra[1])
            tr_w += [1.0] * len(extra[0])
            if tr_groups is not None:
                tr_groups += ["lexicon"] * len(extra[0])
        model = IndicatorClassifier(**{**(params or {}), "neighbors": False, "random_state": seed})
        model.fit(tr_items, tr_y, groups=tr_groups, sample_weight=tr_w)
        pred[test] = model.predict([items[i] for i in test])
    return {
        "folds": len(folds),
        "grouped": groups is not None,
        "model": scores(y, pred, level1_true, layouts),
        "baseline": scores(y, base, level1_true, layouts),
        "predictions": [str(p) for p in pred],
    }


# English names for the plot when no CJK font is installed (matplotlib would draw empty boxes).
CLASS_EN = {
    "数量指标": "quantity", "质量指标": "quality", "时效指标": "timeliness", "成本指标": "cost",
    "经济效益指标": "economic", "社会效益指标": "social", "生态效益指标": "ecological",
    "可持续影响指标": "sustainability", "服务对象满意度指标": "satisfaction",
}  # fmt: skip


def labelled_items(
    path: str | os.PathLike[str],
) -> tuple[list[dict[str, str]], list[str], list[str | None], list[str | None], int]:
    """(items, classes, level1, layouts, skipped) of a labelled TSV/CSV/JSONL (name, level1, level2)."""
    from indicator_nlp.corpus import OUTSIDE, label_row, read_table

    table = read_table(path, required=("name", "level2"))
    items, y, l1s, layouts, skipped = [], [], [], [], 0
    for row in table:
        l1, _, cls, layout, _ = label_row(row.get("level1", ""), row.get("level2", ""))
        if cls is None or cls == OUTSIDE or not row.get("name"):
            skipped += 1
            continue
        items.append(row)
        y.append(cls)
        l1s.append(l1)
        layouts.append(layout)
    return items, y, l1s, layouts, skipped


def evaluate_file(path: str | os.PathLike[str], model: IndicatorClassifier) -> dict[str, Any]:
    """Figures of the model and of the keyword baseline on a labelled file."""
    from indicator_nlp.baseline import KeywordBaseline

    items, y, l1s, layouts, skipped = labelled_items(path)
    if not items:
        from indicator_nlp.errors import DataError

        raise DataError(f"{path}: no row with a level-2 label of the nine classes")
    pred = model.predict(items)
    return {
        "data": str(path),
        "skipped": skipped,
        "model": scores(y, pred, l1s, layouts),
        "baseline": scores(y, KeywordBaseline().predict(items), l1s, layouts),
        "predictions": [str(p) for p in pred],
    }


def plot_confusion(result: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write the model's confusion matrix (rows: true class, columns: predicted) as a PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError as exc:
        from indicator_nlp.errors import MissingDependencyError

        raise MissingDependencyError("matplotlib", extra="plot", purpose="evaluate --plot") from exc
    labels = result["model"]["labels"]
    cjk = [
        f.name
        for f in font_manager.fontManager.ttflist
        if any(k in f.name for k in ("CJK", "Hei", "Song", "WenQuanYi"))
    ]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    names = labels if cjk else [CLASS_EN.get(c, c) for c in labels]
    cm = np.asarray(result["model"]["confusion"])
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    ax.imshow(cm, cmap="Blues")
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(
                j,
                i,
                str(cm[i, j]),
                ha="center",
                va="center",
                color="white" if cm[i, j] > cm.max() / 2 else "black",
                fontsize=8,
            )
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    m = result["model"]
    ax.set_title(
        f"level-2 accuracy {m['level2_accuracy']:.3f}, macro-F1 {m['level2_macro_f1']:.3f} (n={m['n']})"
    )
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
