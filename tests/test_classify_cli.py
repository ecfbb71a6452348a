"""The classify and suggest commands, in process, on the shipped model."""

from __future__ import annotations

import json
import re

import pytest

from indicator_nlp import cli, taxonomy


@pytest.fixture(scope="session", autouse=True)
def _shipped_model_loaded():
    from indicator_nlp.classifier import load_model

    load_model()  # once per session; later calls hit the cache


def test_classify_jsonl_fields(capsys):
    assert cli.main(["classify", "受益群众满意度", "项目完成时间", "--format", "jsonl", "--top", "2"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["name"] for x in lines] == ["受益群众满意度", "项目完成时间"]
    for x in lines:
        assert set(x) == {"name", "class", "level1", "level2", "confidence", "top", "abstained"}
        assert len(x["top"]) == 2 and set(x["top"][0]) == {"class", "level1", "level2", "p"}
        assert x["level1"] == taxonomy.parent(x["level2"], "2021")
        assert x["class"] == x["top"][0]["class"] == taxonomy.class_of(x["level2"])
        assert x["confidence"] == x["top"][0]["p"]


@pytest.mark.parametrize(
    "layout, level1, level2",
    [
        pytest.param("2021", "成本指标", "经济成本指标", id="2021"),
        pytest.param("legacy", "产出指标", "成本指标", id="legacy"),
    ],
)
def test_classify_layout(capsys, layout, level1, level2):
    assert cli.main(["classify", "项目总成本", "--layout", layout, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)[0]
    assert (out["level1"], out["level2"]) == (level1, level2)


def test_classify_input_file_and_abstain(tmp_path, capsys):
    path = tmp_path / "rows.csv"
    path.write_text("name,value\n参训学员满意度,≥90%\n其他,\n", encoding="utf-8")
    assert cli.main(["classify", "--input", str(path), "--format", "jsonl", "--abstain-below", "0.999"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2
    assert all(x.get("abstained") and x["level2"] is None for x in lines if x["confidence"] < 0.999)


def test_classify_table(capsys):
    assert cli.main(["classify", "验收合格率"]) == 0
    out = capsys.readouterr().out
    assert "验收合格率" in out and "质量指标" in out


def test_classify_nothing_given(capsys):
    assert cli.main(["classify"]) == 2
    assert "nothing to classify" in capsys.readouterr().err


def test_classify_refuses_tampered_model(tmp_path, capsys):
    from indicator_nlp.classifier import card_path, default_model_path

    src = default_model_path()
    copy = tmp_path / "m.joblib"
    data = bytearray(src.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    card_path(copy).write_text(card_path(src).read_text("utf-8"), encoding="utf-8")
    assert cli.main(["classify", "培训人次", "--model", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "m.joblib" in err and "does not match its card" in err


def test_suggest(capsys):
    assert cli.main(["suggest", "培训人员满意度", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["prediction"]["level2"] == "服务对象满意度指标"
    # The neighbours of a satisfaction indicator are satisfaction indicators, closest first.
    assert out["similar"] and all("满意" in s["name"] for s in out["similar"])
    assert all(s["class"] == "服务对象满意度指标" for s in out["similar"])
    sims = [s["similarity"] for s in out["similar"]]
    assert sims == sorted(sims, reverse=True) and 0 < sims[-1] <= sims[0] <= 1
    assert "%" in out["usual"]["units"]


def test_suggest_names_without_template_numbers(capsys):
    """Templates that print 指标1：… before each name: the suggestion shows the name itself."""
    assert cli.main(["suggest", "农村户用卫生厕所改造数量", "--format", "json", "--min-similarity", "0.2"]) == 0
    out = json.loads(capsys.readouterr().out)
    names = [s["name"] for s in out["similar"]]
    assert "完成农村户用卫生厕所改造数量" in names
    assert not any(re.match(r"指标\s*\d", n) for n in names)


def test_suggest_table(capsys):
    assert cli.main(["suggest", "培训人次"]) == 0
    out = capsys.readouterr().out
    assert "similar indicator" in out and "数量指标" in out


def test_classify_input_with_filed_categories_checks_them(tmp_path, capsys):
    """A drafter's rows that carry their filed category: each gets the check of `structure --check`
    (R09's posterior), and a planted misfiling is named; rows without a label get none."""
    src = tmp_path / "rows.tsv"
    src.write_text(
        "name\tvalue\tlevel1\tlevel2\n"
        "工程总投资\t≤850万元\t产出指标\t数量指标\n"  # money under 数量: misfiled
        "培训人次\t500人次\t产出指标\t数量指标\n"
        "课程验收合格率\t≥95%\t产出指标\t质量指标\n"
        "新增就业岗位\t120个\t\t\n",  # no filed category
        encoding="utf-8",
    )
    assert cli.main(["classify", "--input", str(src), "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r.get("misfiled") for r in rows] == [True, False, False, None]
    assert rows[0]["filed_level2"] == "数量指标" and rows[0]["level2_checked"] == "成本指标"
    assert 0.5 < rows[0]["check_confidence"] <= 1
    assert rows[1]["level2_checked"] == "数量指标" and "filed_level2" not in rows[3]

    assert cli.main(["classify", "--input", str(src)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[-2:] == ["filed", "check"]
    assert "可能错填 → 成本指标" in table[2] and table[3].rstrip().endswith("ok")

    assert cli.main(["classify", "培训人次", "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "name,level1,level2,confidence,alternatives"
