"""Evaluation: the figures equal scikit-learn's; the keyword baseline; the evaluate command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from indicator_nlp import classifier, cli
from indicator_nlp.baseline import KeywordBaseline, classify_one
from indicator_nlp.classifier import IndicatorClassifier, save_model, scores

DATA = Path(__file__).parent / "data" / "classifier"

# A fixed set of (true, predicted) classes, with a class never predicted and one never true.
Y_TRUE = [
    "数量指标",
    "数量指标",
    "质量指标",
    "质量指标",
    "时效指标",
    "社会效益指标",
    "社会效益指标",
    "生态效益指标",
]
Y_PRED = [
    "数量指标",
    "质量指标",
    "质量指标",
    "数量指标",
    "时效指标",
    "社会效益指标",
    "经济效益指标",
    "社会效益指标",
]


def test_scores_equal_sklearn():
    got = scores(Y_TRUE, Y_PRED)
    labels = got["labels"]
    assert labels == [
        "数量指标",
        "质量指标",
        "时效指标",
        "社会效益指标",
        "生态效益指标",
    ]  # taxonomy order, true classes
    assert got["level2_accuracy"] == pytest.approx(accuracy_score(Y_TRUE, Y_PRED), abs=1e-4)
    assert got["level2_macro_f1"] == pytest.approx(
        f1_score(Y_TRUE, Y_PRED, labels=labels, average="macro", zero_division=0), abs=1e-4
    )
    p, r, f, s = precision_recall_fscore_support(Y_TRUE, Y_PRED, labels=labels, zero_division=0)
    for i, c in enumerate(labels):
        assert got["per_class"][c] == pytest.approx(
            {"precision": p[i], "recall": r[i], "f1": f[i], "support": s[i]}, abs=1e-4
        )
    assert got["confusion"] == confusion_matrix(Y_TRUE, Y_PRED, labels=labels).tolist()


def test_level1_accuracy_derives_level1_in_the_row_layout():
    got = scores(
        ["成本指标", "数量指标"],
        ["成本指标", "成本指标"],
        level1_true=["产出指标", "产出指标"],
        layouts=["legacy", "2021"],
    )
    # legacy cost is under 产出 (right); a 2021 cost prediction is level 1 成本指标 (wrong).
    assert got["level1_accuracy"] == 0.5


@pytest.mark.parametrize(
    "name, value, cls",
    [
        pytest.param("参训人员满意度", "≥90%", "服务对象满意度指标", id="satisfaction-first"),
        pytest.param("资金拨付及时率", "100%", "时效指标", id="timeliness-before-rate"),
        pytest.param("人均培训费用", "≤500元", "成本指标", id="cost"),
        pytest.param("垃圾清运量", "", "生态效益指标", id="ecology"),
        pytest.param("带动农户增收", "", "经济效益指标", id="economy"),
        pytest.param("长效机制", "", "可持续影响指标", id="sustainability"),
        pytest.param("政策知晓率", "≥90%", "社会效益指标", id="social"),
        pytest.param("验收合格率", "100%", "质量指标", id="quality"),
        pytest.param("培训人数", "≥50人", "数量指标", id="quantity"),
        pytest.param("完成某事", "2024年12月前", "时效指标", id="value-decides-date"),
        pytest.param("完成某事", "≤30万元", "成本指标", id="value-decides-money"),
        pytest.param("完成某事", "", "数量指标", id="default"),
    ],
)
def test_keyword_baseline(name, value, cls):
    assert classify_one(name, value) == cls


@pytest.fixture(scope="module")
def small_model_file(tmp_path_factory):
    from indicator_nlp.corpus import read_table

    rows = [r for r in read_table(DATA / "small.tsv") if r["level2"] != "预算管理"]
    items, y, l1s, layouts, skipped = classifier.labelled_items(DATA / "small.tsv")
    model = IndicatorClassifier(cv=3).fit(items, y, groups=[r["doc"] for r in rows])
    path = tmp_path_factory.mktemp("model") / "small.joblib"
    save_model(model, path)
    return path


def test_evaluate_file_equals_sklearn_on_its_predictions(small_model_file):
    model = classifier.load_model(small_model_file)
    res = classifier.evaluate_file(DATA / "small.tsv", model)
    items, y, _, _, skipped = classifier.labelled_items(DATA / "small.tsv")
    assert skipped == 1  # the 预算管理 row
    pred = list(model.predict(items))
    assert res["predictions"] == pred
    assert res["model"]["level2_accuracy"] == pytest.approx(accuracy_score(y, pred), abs=1e-4)
    base = list(KeywordBaseline().predict(items))
    assert res["baseline"]["level2_macro_f1"] == pytest.approx(
        f1_score(y, base, labels=res["baseline"]["labels"], average="macro", zero_division=0), abs=1e-4
    )


def test_evaluate_command_json(small_model_file, capsys):
    code = cli.main(
        ["evaluate", "--data", str(DATA / "small.tsv"), "--model", str(small_model_file), "--format", "json"]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"model", "baseline", "skipped"}
    assert 0 <= out["model"]["level2_macro_f1"] <= 1
    assert np.array(out["model"]["confusion"]).sum() == out["model"]["n"] == 30


def test_evaluate_command_table_and_plot(small_model_file, tmp_path, capsys):
    png = tmp_path / "confusion.png"
    code = cli.main(
        ["evaluate", "--data", str(DATA / "small.tsv"), "--model", str(small_model_file), "--plot", str(png)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "level2_macro_f1" in out and "baseline F1" in out and "confusion matrix" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_command_bad_file(small_model_file, tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tvalue\n培训人次\t5\n", encoding="utf-8")
    assert cli.main(["evaluate", "--data", str(bad), "--model", str(small_model_file)]) == 1
    err = capsys.readouterr().err
    assert "bad.tsv" in err and "missing column(s) level2" in err


def test_evaluate_says_when_its_figures_are_in_sample(small_model_file, tmp_path, capsys):
    """On the model's own training rows the figures are in-sample, and evaluate says so; on rows
    with names it never saw it does not."""
    code = cli.main(["evaluate", "--data", str(DATA / "small.tsv"), "--model", str(small_model_file)])
    assert code == 0
    out = capsys.readouterr().out
    assert "30 of 30 rows (100%) carry names the model was trained on" in out and "in-sample" in out

    fresh = tmp_path / "fresh.tsv"
    fresh.write_text(
        "name\tvalue\tlevel1\tlevel2\n"
        "危桥改造座数\t12座\t产出指标\t数量指标\n"
        "农村公路优良中等路率\t≥85%\t产出指标\t质量指标\n"
        "交工验收完成时间\t2025年10月底前\t产出指标\t时效指标\n",
        encoding="utf-8",
    )
    assert cli.main(["evaluate", "--data", str(fresh), "--model", str(small_model_file), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["seen_in_training"] == 0 and "in-sample" not in captured.err
