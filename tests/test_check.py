"""Checked labels (structure --check, indicator_nlp.check) and the classifier's explanations."""

from __future__ import annotations

import json
from functools import cache

import pytest

from indicator_nlp.cli import main
from indicator_nlp.errors import ModelError
from indicator_nlp.types import Indicator


@cache
def _model():
    try:
        from indicator_nlp.classifier import load_model

        return load_model()
    except (ImportError, ModelError, OSError):
        return None


pytestmark = pytest.mark.skipif(_model() is None, reason="no classifier model in models/")

# One project; the third row is planted: a money ceiling filed as 时效指标.
PLANTED = (
    "项目名称\t社区青年服务项目\n\n"
    "一级指标\t二级指标\t三级指标\t指标值\n"
    "产出指标\t数量指标\t开展培训场次\t≥10场\n"
    "产出指标\t质量指标\t培训考核合格率\t≥90%\n"
    "产出指标\t时效指标\t培训经费\t≤30万元\n"
    "产出指标\t时效指标\t项目完成时间\t2024年12月31日前\n"
    "效益指标\t社会效益指标\t青年就业能力提升\t有所提升\n"
    "满意度指标\t服务对象满意度指标\t参训青年满意度\t≥90%\n"
)

CHECKED = [
    # (id, name, level2_checked)
    ("count-kept", "开展培训场次", "数量指标"),
    ("pass-rate-kept", "培训考核合格率", "质量指标"),
    ("planted-money-under-时效-corrected", "培训经费", "成本指标"),
    ("deadline-kept", "项目完成时间", "时效指标"),
    ("effect-kept", "青年就业能力提升", "社会效益指标"),
    ("satisfaction-kept", "参训青年满意度", "服务对象满意度指标"),
]  # fmt: skip


@cache
def _structured_with_check(tmp: str) -> dict[str, dict]:
    from pathlib import Path

    src = Path(tmp) / "planted.txt"
    src.write_text(PLANTED, encoding="utf-8")
    out = Path(tmp) / "out.jsonl"
    assert main(["structure", str(src), "--check", "-o", str(out)]) == 0
    return {r["name"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    return _structured_with_check(str(tmp_path_factory.mktemp("check")))


@pytest.mark.parametrize(("name", "level2"), [c[1:] for c in CHECKED], ids=[c[0] for c in CHECKED])
def test_structure_check_corrects_the_planted_row_only(checked, name, level2):
    rec = checked[name]
    assert rec["level2_checked"] == level2
    assert 0 < rec["check_confidence"] <= 1
    if level2 == rec["level2"]:
        assert rec["level1_checked"] == rec["level1"]


def test_check_columns_sit_beside_the_filed_ones(checked, tmp_path):
    keys = list(next(iter(checked.values())))
    assert keys[keys.index("level2") + 1 : keys.index("level2") + 4] == [
        "level1_checked",
        "level2_checked",
        "check_confidence",
    ]
    src = tmp_path / "planted.txt"
    src.write_text(PLANTED, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["structure", str(src), "--check", "-o", str(out)]) == 0
    header = out.read_text("utf-8").splitlines()[0].split(",")
    assert header[header.index("level2") + 1] == "level1_checked"


UNLABELLED = [
    # (id, name, value, level2_checked): no label filed → the model's class
    ("count", "发放宣传资料份数", "≥2000份", "数量指标"),
    ("deadline", "项目完成时间", "2024年12月31日前", "时效指标"),
    ("satisfaction", "受益群众满意度", "≥90%", "服务对象满意度指标"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value", "level2"), [c[1:] for c in UNLABELLED], ids=[c[0] for c in UNLABELLED]
)
def test_unlabelled_row_takes_the_model_class(name, value, level2):
    from indicator_nlp.check import check_indicators

    got = check_indicators([Indicator(file="x", name=name, value=value)], _model())[0]
    assert got["level2_checked"] == level2 and got["check_confidence"] > 0.5


def test_outside_framework_label_is_kept_without_confidence():
    from indicator_nlp.check import check_indicators

    ind = Indicator(file="x", name="预算执行率", value="≥90%", level1="管理指标", level2="预算管理")
    got = check_indicators([ind], _model())[0]
    assert (got["level2_checked"], got["check_confidence"]) == ("预算管理", None)


EXPLAIN = [
    # (id, item, class, a phrase the evidence must contain)
    ("survival-rate", "苗木成活率", "质量指标", "率"),
    ("income", {"name": "带动农户增收", "value": "≥2000元"}, "经济效益指标", "经济效益"),
    ("deadline", {"name": "项目完成时间", "value": "2024年12月31日前"}, "时效指标", "期限"),
    ("satisfaction", {"name": "受益群众满意度", "value": "≥90%"}, "服务对象满意度指标", "满意"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "cls", "phrase"), [c[1:] for c in EXPLAIN], ids=[c[0] for c in EXPLAIN])
def test_explanation_names_the_evidence_for_the_class(item, cls, phrase):
    from indicator_nlp.classifier import classify

    p = classify([item], model=_model(), explain=True)[0]
    e = p.explanation
    assert p.level2 == cls and e["class"] == cls and e["versus"] != cls
    assert e["for"] and phrase in " ".join(e["for"])
    assert e["text"].startswith("“") and f"→ {cls}" in e["text"]


def test_classify_cli_explain(capsys):
    assert main(["classify", "苗木成活率", "--explain", "--format", "jsonl"]) == 0
    rec = json.loads(capsys.readouterr().out.splitlines()[0])
    assert rec["explanation"]["class"] == "质量指标" and "→ 质量指标" in rec["explanation"]["text"]


REVIEWED_FILE = (
    "name\tvalue\tlevel1\tlevel2\treviewed_level2\tacceptable_level2\n"
    "资助人数\t1人\t产出指标\t时效指标\t数量指标\t数量指标\n"
    "培训合格率\t≥95%\t产出指标\t质量指标\t质量指标\t质量指标\n"
    "受益群众满意度\t≥90%\t满意度指标\t服务对象满意度指标\t服务对象满意度指标\t服务对象满意度指标\n"
    "培训经费\t≤30万元\t产出指标\t时效指标\t成本指标\t成本指标\n"
    "开展培训场次\t≥10场\t产出指标\t数量指标\t数量指标\t数量指标;质量指标\n"
)


def test_evaluate_file_with_reviewed_columns(tmp_path, capsys):
    src = tmp_path / "reviewed.tsv"
    src.write_text(REVIEWED_FILE, encoding="utf-8")
    assert main(["evaluate", "--data", str(src), "--format", "json"]) == 0
    fig = json.loads(capsys.readouterr().out)["reviewed"]
    m, f = fig["model"], fig["filers"]
    assert set(m) >= {
        "acceptable_accuracy",
        "top3_acceptable_accuracy",
        "reviewed_macro_f1",
        "ece",
        "misfiling",
    }
    assert f["acceptable_accuracy"] == 0.6  # two of five rows are misfiled
    assert (m["misfiling"]["misfiled"], m["misfiling"]["rows"]) == (2, 5)
    assert m["misfiling"]["recall"] == 1.0 and m["misfiling"]["precision"] == 1.0
