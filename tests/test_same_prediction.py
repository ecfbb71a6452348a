"""One Indicator, one prediction: ``classify``, ``review``, ``draft`` and a TSV row of the same indicator agree.

The bug behind this file: the review rebuilt each row as a small dict and dropped its 计量单位
column, so 培训人员 / 200 / 人次 was 数量指标 at 0.90 through ``classify`` and 0.72 through
``review`` (figures of the model of that time). Rows come from a table with a unit column, structured as a filing would be.
"""

from __future__ import annotations

import numpy as np
import pytest

from indicator_nlp import taxonomy
from indicator_nlp.classifier import classify, load_model
from indicator_nlp.draft import draft
from indicator_nlp.review import ReviewSettings, review
from indicator_nlp.review.context import _context
from indicator_nlp.structure import structure
from indicator_nlp.types import Block, Document, Filing

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "计量单位"]
# (id, level 1 filed, level 2 filed, name, value, unit column)
ROWS = [
    ("count-in-unit-column", "产出指标", "质量指标", "培训人员", "200", "人次"),
    ("percent-in-unit-column", "效益指标", "社会效益指标", "群众知晓率", "90", "%"),
    ("money-in-unit-column", "产出指标", "数量指标", "项目总成本", "50", "万元"),
    ("unit-already-in-value", "产出指标", "数量指标", "服务个案数", "≥120个", "个"),
    ("qualitative-with-unit", "效益指标", "可持续影响指标", "长效管理机制", "建立", "项"),
]
ALL_CLASSES = len(taxonomy.classes())


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def filing() -> Filing:
    rows = [HEADER] + [list(r[1:]) for r in ROWS]
    return structure(Document(path="units.txt", format="txt", blocks=[Block(kind="table", rows=rows)]))


def test_every_row_is_structured_with_its_unit(filing):
    assert [(i.name, i.unit) for i in filing.indicators] == [(r[3], r[5]) for r in ROWS]


@pytest.mark.parametrize("case", ROWS, ids=[r[0] for r in ROWS])
def test_classify_and_review_agree(case, filing, model):
    ind = next(i for i in filing.indicators if i.name == case[3])
    by_classify = classify([ind], model=model, top=ALL_CLASSES)[0]
    ctx = _context(filing, ReviewSettings(), model)
    assert ctx.classify()
    by_review = next(r.prediction for r in ctx.rows if r.ind is ind)
    assert by_review == by_classify
    # A TSV row with the same columns (classify --input rows.tsv) is the same indicator.
    row = {"name": case[3], "value": case[4], "unit": case[5]}
    assert classify([row], model=model, top=ALL_CLASSES)[0] == by_classify


def test_review_weighs_the_prediction_classify_gives(model):
    """培训人员 / 200 / 人次 filed under 时效指标: R09's posterior is built on classify's own
    distribution for the Indicator (unit column included), so its suggestion is the one computed
    here from ``classify``."""
    rows = [HEADER, ["产出指标", "时效指标", "培训人员", "200", "人次"]]
    filing = structure(Document(path="misfiled.txt", format="txt", blocks=[Block(kind="table", rows=rows)]))
    (ind,) = filing.indicators
    pred = classify([ind], model=model, top=ALL_CLASSES)[0]
    assert pred.cls == "数量指标" and pred.confidence > 0.8
    mis = model.misfiling_
    (d,) = mis.decide(np.array([[pred.p(c) for c in mis.classes]]), ["时效指标"])
    assert d["misfiled"] and d["likely"] == "数量指标"
    found = [f for f in review(filing, model=model) if f.rule == "R09-category-mismatch"]
    l1, l2 = taxonomy.labels_for_class(d["likely"], ind.layout or "legacy")
    assert [f.suggestion for f in found] == [
        {"level1": l1, "level2": l2, "confidence": round(d["p_likely"], 4)}
    ]


# Narrative targets whose drafted row keeps the classifier's own answer (no clause-type evidence
# narrows it): (id, text).
DRAFTED = [
    ("count-target", "全年培训人员不少于200人次。"),
    ("satisfaction-target", "受益群众满意度达到90%以上。"),
]


@pytest.mark.parametrize("text", [t for _, t in DRAFTED], ids=[i for i, _ in DRAFTED])
def test_draft_review_and_classify_agree_on_a_drafted_row(text, model):
    rows = [r for r in draft(text, model=model) if r.name]
    assert rows
    preds = classify(rows, model=model, top=ALL_CLASSES)  # a drafted row is an Indicator
    assert [(r.level2, r.confidence) for r in rows] == [(p.level2, p.confidence) for p in preds]
    ctx = _context(Filing(file="drafted", indicators=rows), ReviewSettings(), model)
    assert ctx.classify()
    assert [r.prediction for r in ctx.rows] == preds



def test_structure_check_reads_the_indicators_as_classify_does(filing, model):
    """``structure --check`` once rebuilt rows as name/description/value dicts and lost the unit."""
    from indicator_nlp.check import check_indicators

    seen = []

    class Spy:
        def __getattr__(self, name):
            return getattr(model, name)

        def predict_proba(self, items):
            seen.extend(items)
            return model.predict_proba(items)

    check_indicators(filing.indicators, Spy())
    assert seen == list(filing.indicators)  # the Indicators themselves, unit column included
