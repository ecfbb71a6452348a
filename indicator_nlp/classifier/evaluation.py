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
    acceptable: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Grouped K-fold figures of the model and of the keyword baseline on the same folds.

    ``extra`` (items, classes) are added to every training fold and never tested on (prior
    knowledge such as the lexicon of typical indicators). ``acceptable`` (per item, every class a
    reviewer accepts) is passed to the training folds' fits. The result keeps the out-of-fold
    calibrated probabilities (``proba``, columns ``classes``) and the test indices of each fold.
    """
    from indicator_nlp.baseline import KeywordBaseline

    y = np.asarray([str(c) for c in y], dtype=object)
    items = list(items)
    classes = list(taxonomy.classes())
    classes += sorted(set(y) - set(classes))
    proba = np.zeros((len(y), len(classes)))
    base = KeywordBaseline().predict(items)
    folds = grouped_splits(y, groups, k, seed)
    for train, test in folds:
        tr_items = [items[i] for i in train]
        tr_y = list(y[train])
        tr_groups = [groups[i] for i in train] if groups is not None else None
        tr_w = [float(sample_weight[i]) for i in train] if sample_weight is not None else [1.0] * len(train)
        tr_acc = [list(acceptable[i]) for i in train] if acceptable is not None else None
        if extra is not None:
            tr_items += list(extra[0])
            tr_y += list(extra[1])
            tr_w += [1.0] * len(extra[0])
            if tr_groups is not None:
                tr_groups += ["lexicon"] * len(extra[0])
            if tr_acc is not None:
                tr_acc += [[c] for c in extra[1]]
        model = IndicatorClassifier(**{**(params or {}), "neighbors": False, "random_state": seed})
        model.fit(tr_items, tr_y, groups=tr_groups, sample_weight=tr_w, acceptable=tr_acc)
        p = model.predict_proba([items[i] for i in test])
        cols = [classes.index(str(c)) for c in model.classes_]
        proba[np.ix_(test, cols)] = p
    pred = np.asarray([classes[j] for j in proba.argmax(axis=1)], dtype=object)
    return {
        "folds": len(folds),
        "grouped": groups is not None,
        "model": scores(y, pred, level1_true, layouts),
        "baseline": scores(y, base, level1_true, layouts),
        "predictions": [str(p) for p in pred],
        "baseline_predictions": [str(b) for b in base],
        "proba": proba,
        "classes": classes,
        "fold_tests": [test for _, test in folds],
    }


MISFILING_ALPHA = 4.0  # Dirichlet smoothing of the filers' confusion matrix (scripts/model_search.py)
MISFILING_EVIDENCE = 0.75  # exponent of the classifier's probabilities in the posterior (same search)
MIN_RECALL = 0.5  # the misfiling operating point: the best precision at this recall or more


def _r(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 4)


def _class_figures(
    y: Sequence[str], pred: Sequence[str], acceptable: Sequence[Sequence[str]]
) -> dict[str, Any]:
    from indicator_nlp import metrics

    cs = metrics.class_scores(list(y), list(pred), list(taxonomy.classes()))
    return {
        "acceptable_accuracy": _r(metrics.acceptable_accuracy([[p] for p in pred], acceptable, 1)),
        "reviewed_accuracy": _r(cs["accuracy"]),
        "reviewed_macro_f1": _r(cs["macro_f1"]),
        "per_class": {
            c: {k: _r(v) if k != "support" else v for k, v in d.items()} for c, d in cs["per_class"].items()
        },
    }


def posterior_oof(
    proba: np.ndarray,
    classes: Sequence[str],
    fold_tests: Sequence[np.ndarray],
    true: Sequence[str | None],
    filed: Sequence[str | None],
    alpha: float = MISFILING_ALPHA,
    evidence_weight: float = MISFILING_EVIDENCE,
) -> np.ndarray:
    """Out-of-fold posterior P(true class | text, filed label) per row (rows of NaN where the row
    has no filed class of the nine); each fold's filers' confusion matrix comes from the rows of
    the other folds."""
    from indicator_nlp.misfiling import MisfilingModel

    out = np.full((len(filed), len(classes)), np.nan)
    known = set(classes)
    for test in fold_tests:
        rest = np.setdiff1d(np.arange(len(filed)), test)
        tr = [i for i in rest if filed[i] in known and true[i] in known]
        m = MisfilingModel.fit(
            [true[i] for i in tr], [filed[i] for i in tr], classes, alpha=alpha, evidence_weight=evidence_weight
        )
        te = [i for i in test if filed[i] in known]
        if te:
            out[te] = m.posterior(proba[te], [filed[i] for i in te])
    return out


def misfiling_oof(
    proba: np.ndarray,
    classes: Sequence[str],
    fold_tests: Sequence[np.ndarray],
    true: Sequence[str | None],
    filed: Sequence[str | None],
    alpha: float = MISFILING_ALPHA,
    evidence_weight: float = MISFILING_EVIDENCE,
) -> np.ndarray:
    """Out-of-fold posterior probability that each row's filed class is right (NaN where the row
    has no filed class of the nine); each fold's filers' confusion matrix comes from the rows of
    the other folds."""
    post = posterior_oof(proba, classes, fold_tests, true, filed, alpha, evidence_weight)
    index = {c: i for i, c in enumerate(classes)}
    return np.array([post[i, index[f]] if f in index else np.nan for i, f in enumerate(filed)])


def checked_figures(
    post: np.ndarray,
    classes: Sequence[str],
    filed: Sequence[str | None],
    acceptable: Sequence[Sequence[str]],
    threshold: float,
) -> dict[str, Any]:
    """How good the checked labels of ``structure --check`` are: the filed class unless its
    posterior is at most ``threshold``, then the most likely other class. Over the rows with a
    filed class of the nine: acceptable-answer accuracy of the checked label beside the filed
    one, and how many labels were changed, rightly (a misfiled row now acceptable) or wrongly
    (an acceptable label replaced by an unacceptable one)."""
    index = {c: i for i, c in enumerate(classes)}
    rows = [i for i, f in enumerate(filed) if f in index and not np.isnan(post[i]).any()]
    ok_checked = ok_filed = changed = right = wrong = 0
    for i in rows:
        f = filed[i]
        checked = f
        if post[i, index[f]] <= threshold:
            others = post[i].copy()
            others[index[f]] = -1.0
            checked = classes[int(np.argmax(others))]
        ok = set(acceptable[i])
        ok_checked += checked in ok
        ok_filed += f in ok
        if checked != f:
            changed += 1
            right += checked in ok and f not in ok
            wrong += f in ok and checked not in ok
    n = len(rows)
    return {
        "rows": n,
        "acceptable_accuracy": _r(ok_checked / n) if n else None,
        "filed_acceptable_accuracy": _r(ok_filed / n) if n else None,
        "changed": changed,
        "changed_right": right,
        "changed_wrong": wrong,
    }


def reviewed_figures(
    res: dict[str, Any],
    reviewed: Sequence[str],
    acceptable: Sequence[Sequence[str]],
    filed: Sequence[str | None],
    misfiling_model: Any = None,
) -> dict[str, Any]:
    """The issue's figures against reviewed labels from a :func:`cross_validate` result:
    (a) acceptable-answer accuracy and top-3, (b) macro-F1 and per-class P/R/F1, (c) misfiling
    detection with the operating point and the precision/recall curve, (d) ECE — for the model,
    the keyword baseline and (where meaningful) the filers' own labels."""
    from indicator_nlp import metrics
    from indicator_nlp.misfiling import true_class

    classes, proba = res["classes"], res["proba"]
    ranked = metrics.rankings(proba, classes)
    top1 = [r[0] for r in ranked]
    model = _class_figures(reviewed, top1, acceptable)
    model["top3_acceptable_accuracy"] = _r(metrics.acceptable_accuracy(ranked, acceptable, 3))
    model["ece"] = _r(metrics.ece(proba.max(axis=1), [a == b for a, b in zip(top1, reviewed)]))
    base_pred = res["baseline_predictions"]
    baseline = _class_figures(reviewed, base_pred, acceptable)
    known = set(classes)
    have = np.array([f in known for f in filed])
    positive = np.array([f not in a for f, a in zip(filed, acceptable)]) & have
    true = [true_class(f, a, r) for f, a, r in zip(filed, acceptable, reviewed)]
    index = {c: i for i, c in enumerate(classes)}
    if misfiling_model is None:  # cross-validation: each fold's prior from the other folds
        post = posterior_oof(proba, classes, res["fold_tests"], true, filed)
        p_filed = np.array([post[i, index[f]] if f in index else np.nan for i, f in enumerate(filed)])
        curve = metrics.pr_curve(-p_filed[have], positive[have])
        op = metrics.best_precision_at_recall(curve, MIN_RECALL)
    else:  # a fitted model on a file: its own prior and operating point
        p_filed = np.full(len(filed), np.nan)
        post = np.full((len(filed), len(classes)), np.nan)
        rows = [i for i in range(len(filed)) if have[i] and filed[i] in misfiling_model.classes]
        if rows:
            cols = [classes.index(c) for c in misfiling_model.classes]
            sub = misfiling_model.posterior(proba[np.ix_(rows, cols)], [filed[i] for i in rows])
            post[np.ix_(rows, cols)] = sub
            p_filed[rows] = [post[i, index[filed[i]]] for i in rows]
        curve = metrics.pr_curve(-p_filed[have], positive[have])
        d = metrics.detection(p_filed[have] <= misfiling_model.threshold, positive[have])
        op = {"threshold": -misfiling_model.threshold, **d}
    points = [
        {
            "threshold": _r(-c["threshold"]),
            "precision": _r(c["precision"]),
            "recall": _r(c["recall"]),
            "flagged": c["flagged"],
        }
        for c in curve
    ]
    model["misfiling"] = {
        "rows": int(have.sum()),
        "misfiled": int(positive.sum()),
        "threshold": _r(-op["threshold"]) if op else None,
        "precision": _r(op["precision"]) if op else None,
        "recall": _r(op["recall"]) if op else None,
        "flagged": op["flagged"] if op else None,
        "curve": points,
    }
    if op:
        model["checked"] = checked_figures(post, classes, filed, acceptable, -op["threshold"])
    d = metrics.detection(np.array([b != f for b, f in zip(base_pred, filed)])[have], positive[have])
    baseline["misfiling"] = {"rule": "flag when the baseline's class differs from the filed one"}
    baseline["misfiling"].update({k: _r(d[k]) for k in ("precision", "recall")})
    baseline["misfiling"]["flagged"] = d["flagged"]
    f_rows = [i for i in range(len(filed)) if have[i]]
    filers = _class_figures(
        [reviewed[i] for i in f_rows], [filed[i] for i in f_rows], [acceptable[i] for i in f_rows]
    )
    return {"n": len(reviewed), "model": model, "baseline": baseline, "filers": filers}


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


def seen_in_training(model: IndicatorClassifier, items: Sequence[Any]) -> int | None:
    """How many of ``items`` carry a name the model was trained on (its suggestion index: names
    NFKC-folded, digits folded); None for a model without the index. A file of mostly seen names
    gives in-sample figures, not a measure on new filings."""
    from indicator_nlp import features
    from indicator_nlp.record import as_records

    index = getattr(model, "index_", None)
    if not index or index.get("version") != 2:
        return None
    known = {features.normalize_text(features.name_core(r["name"])) for r in index["rows"]}
    return sum(features.normalize_text(features.name_core(r[0])) in known for r in as_records(items))


def evaluate_file(path: str | os.PathLike[str], model: IndicatorClassifier) -> dict[str, Any]:
    """Figures of the model and of the keyword baseline on a labelled file."""
    from indicator_nlp.baseline import KeywordBaseline

    items, y, l1s, layouts, skipped = labelled_items(path)
    if not items:
        from indicator_nlp.errors import DataError

        raise DataError(f"{path}: no row with a level-2 label of the nine classes")
    pred = model.predict(items)
    reviewed = evaluate_reviewed_file(path, model)
    return {
        **({"reviewed": reviewed} if reviewed else {}),
        "data": str(path),
        "skipped": skipped,
        "seen_in_training": seen_in_training(model, items),
        "model": scores(y, pred, l1s, layouts),
        "baseline": scores(y, KeywordBaseline().predict(items), l1s, layouts),
        "predictions": [str(p) for p in pred],
    }


REVIEW_COLUMNS = ("reviewed_level2", "acceptable_level2")


def reviewed_items(
    path: str | os.PathLike[str],
) -> tuple[list[dict[str, str]], list[str], list[list[str]], list[str | None]]:
    """(items, reviewed classes, acceptable sets, filed classes) of a file with reviewed labels:
    columns name, reviewed_level2 and/or acceptable_level2 (';'-separated), and the filed label in
    level1/level2 or filed_level1/filed_level2 (the layout of ../shared/corpus/reviewed.tsv). Rows
    a reviewer could not place in the nine classes are skipped."""
    from indicator_nlp.corpus import OUTSIDE, label_row, read_table

    items, y, acc, filed = [], [], [], []
    for row in read_table(path, required=("name",)):
        classes = [
            c
            for c in (taxonomy.class_of(taxonomy.normalize_label(x.strip(), level=2) or "") for x in
                      [row.get("reviewed_level2", ""), *row.get("acceptable_level2", "").split(";")] if x.strip())
            if c
        ]  # fmt: skip
        classes = list(dict.fromkeys(classes))
        if not classes or not row.get("name"):
            continue
        cls = label_row(
            row.get("level1") or row.get("filed_level1", ""), row.get("level2") or row.get("filed_level2", "")
        )[2]
        items.append(row)
        y.append(classes[0])
        acc.append(classes)
        filed.append(None if cls == OUTSIDE else cls)
    return items, y, acc, filed


def evaluate_reviewed_file(path: str | os.PathLike[str], model: IndicatorClassifier) -> dict[str, Any] | None:
    """The reviewed-label figures (a)–(d) of a fitted model on a file with reviewed columns (None
    when the file has none): R09's decision with the model's own prior and threshold."""
    from indicator_nlp.baseline import KeywordBaseline
    from indicator_nlp.corpus import read_table

    head = read_table(path, required=("name",))[:1]
    if not head or not any(c in head[0] for c in REVIEW_COLUMNS):
        return None
    items, y, acc, filed = reviewed_items(path)
    if not items:
        return None
    classes = [str(c) for c in model.classes_]
    res = {
        "classes": classes,
        "proba": model.predict_proba(items),
        "baseline_predictions": [str(b) for b in KeywordBaseline().predict(items)],
    }
    mis = getattr(model, "misfiling_", None)
    if mis is None:
        from indicator_nlp.errors import ModelError

        raise ModelError("the model has no filers' prior (misfiling_): retrain it on a reviewed corpus")
    fig = reviewed_figures(res, y, acc, filed, misfiling_model=mis)
    fig["model"]["misfiling"].pop("curve", None)
    return fig


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
