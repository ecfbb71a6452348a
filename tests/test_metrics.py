"""The evaluation metrics and the misfiling posterior against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicator_nlp import metrics
from indicator_nlp.misfiling import MisfilingModel, filer_confusion, posterior, true_class

# A small table: ranking of classes per row (best first) and the reviewer's acceptable set.
RANKED = [["A", "B", "C"], ["B", "A", "C"], ["C", "B", "A"], ["A", "C", "B"]]
ACCEPTABLE = [["A"], ["A", "B"], ["A"], ["B"]]


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (1, 2 / 4),  # rows 1 (A∈{A}) and 2 (B∈{A,B}); row 3's C and row 4's A are not acceptable
        (2, 2 / 4),  # row 3: C,B ∉ {A}; row 4: A,C ∉ {B}
        (3, 4 / 4),
    ],
    ids=["top1", "top2", "top3"],
)
def test_acceptable_accuracy(k, expected):
    assert metrics.acceptable_accuracy(RANKED, ACCEPTABLE, k) == pytest.approx(expected)


def test_class_scores_by_hand():
    y_true = ["A", "A", "B", "B", "C"]
    y_pred = ["A", "B", "B", "B", "A"]
    s = metrics.class_scores(y_true, y_pred, ["A", "B", "C"])
    # A: tp 1, predicted 2, true 2 → P 0.5 R 0.5 F1 0.5; B: tp 2, predicted 3, true 2 → P 2/3 R 1 F1 0.8;
    # C: tp 0 → F1 0
    assert s["per_class"]["A"] == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2})
    assert s["per_class"]["B"]["f1"] == pytest.approx(0.8)
    assert s["per_class"]["C"]["f1"] == 0.0
    assert s["macro_f1"] == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert s["accuracy"] == pytest.approx(3 / 5)


def test_ece_by_hand():
    # bin [0.9, 1.0]: confidences 0.95, 0.95, accuracy 1/2 → |0.5 − 0.95| = 0.45, 2 rows;
    # bin [0.6, 0.7): confidence 0.6, right → |1 − 0.6| = 0.4, 1 row; bin [0.3, 0.4): 0.3, wrong → 0.3
    e = metrics.ece([0.95, 0.95, 0.6, 0.3], [True, False, True, False], bins=10)
    assert e == pytest.approx((2 * 0.45 + 0.4 + 0.3) / 4)


def test_detection_and_curve_by_hand():
    score = [0.9, 0.8, 0.7, 0.2]
    positive = [True, False, True, False]
    d = metrics.detection([s >= 0.75 for s in score], positive)
    assert (d["precision"], d["recall"], d["flagged"]) == (0.5, 0.5, 2)
    curve = metrics.pr_curve(score, positive)
    assert [(c["threshold"], c["precision"], c["recall"]) for c in curve] == [
        (0.9, 1.0, 0.5),
        (0.8, 0.5, 0.5),
        (0.7, pytest.approx(2 / 3), 1.0),
        (0.2, 0.5, 1.0),
    ]
    best = metrics.best_precision_at_recall(curve, 0.5)
    assert best["threshold"] == 0.9
    assert metrics.best_precision_at_recall(curve, 1.0)["threshold"] == 0.7
    assert math.isnan(metrics.detection([False] * 4, positive)["precision"])


def test_filer_confusion_and_posterior_by_hand():
    classes = ["A", "B"]
    # true A filed A twice, true A filed B once, true B filed B once; alpha 1:
    # row A: (2+1, 1+1)/5 = (0.6, 0.4); row B: (0+1, 1+1)/3 = (1/3, 2/3)
    m = filer_confusion(["A", "A", "A", "B"], ["A", "A", "B", "B"], classes, alpha=1.0)
    assert m == pytest.approx(np.array([[0.6, 0.4], [1 / 3, 2 / 3]]))
    # model says A 0.5 / B 0.5, filed B: posterior ∝ (0.5·0.4, 0.5·2/3) → B = (1/3)/(0.2 + 1/3) = 0.625
    post = posterior(np.array([[0.5, 0.5]]), m, [1])
    assert post[0] == pytest.approx([0.375, 0.625])
    model = MisfilingModel(classes, m, threshold=0.7)
    d = model.decide(np.array([[0.5, 0.5]]), ["B"])[0]
    assert d["misfiled"] and d["p_filed"] == pytest.approx(0.625)
    assert (d["likely"], d["p_likely"]) == ("A", pytest.approx(0.375))
    assert not model.decide(np.array([[0.5, 0.5]]), ["B"], threshold=0.6)[0]["misfiled"]


@pytest.mark.parametrize(
    ("filed", "acceptable", "reviewed", "expected"),
    [
        (
            "数量指标",
            ["质量指标", "数量指标"],
            "质量指标",
            "数量指标",
        ),  # filed and acceptable: the filer was right
        ("时效指标", ["数量指标"], "数量指标", "数量指标"),  # misfiled: the reviewed class
        (None, ["数量指标"], "数量指标", "数量指标"),
    ],
    ids=["acceptable-filed", "misfiled", "no-filed-label"],
)
def test_true_class(filed, acceptable, reviewed, expected):
    assert true_class(filed, acceptable, reviewed) == expected


def test_checked_labels_by_hand():
    """structure --check's label: the filed class unless its posterior is at most the threshold,
    then the most likely other class."""
    from indicator_nlp.classifier.evaluation import checked_figures

    classes = ["A", "B", "C"]
    post = np.array(
        [
            [0.10, 0.70, 0.20],  # filed A at 0.10 → B; A was wrong, B acceptable: a right change
            [0.50, 0.30, 0.20],  # filed A at 0.50 → kept (acceptable)
            [0.20, 0.30, 0.50],  # filed C at 0.50 → kept, but C is not acceptable
            [0.25, 0.15, 0.60],  # filed B at 0.15 → C; B was acceptable, C not: a wrong change
            [np.nan, np.nan, np.nan],  # no filed class of the nine: not counted
        ]
    )
    filed = ["A", "A", "C", "B", None]
    acceptable = [["B"], ["A"], ["A"], ["B"], ["A"]]
    got = checked_figures(post, classes, filed, acceptable, threshold=0.2)
    assert got["rows"] == 4
    assert got["acceptable_accuracy"] == 0.5  # rows 1 and 2
    assert got["filed_acceptable_accuracy"] == 0.5  # rows 2 and 4
    assert (got["changed"], got["changed_right"], got["changed_wrong"]) == (2, 1, 1)
