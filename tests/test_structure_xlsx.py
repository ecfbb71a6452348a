"""The structurer on the four SSTQA workbooks (real budget-performance filings as .xlsx).

Expected rows are in tests/expected/sstqa-zh-<n>.tsv (see tests/test_structure_seeds.py for the
columns); the workbooks are read by the xlsx reader (merged cells filled, percent formats shown).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_structure_seeds import check_row, expected_cases, filing_of, load_expected

ROOT = Path(__file__).resolve().parents[1]
XLSX = ROOT / "examples" / "xlsx"

pytest.importorskip("indicator_nlp.readers.xlsx")

BOOKS = ("sstqa-zh-1", "sstqa-zh-40", "sstqa-zh-17", "sstqa-zh-72")

COUNTS = [
    pytest.param("sstqa-zh-1", 19, "department", id="sstqa1-19-department"),
    pytest.param("sstqa-zh-40", 16, "department", id="sstqa40-16-department"),
    pytest.param("sstqa-zh-17", 13, "project", id="sstqa17-13-project"),
    pytest.param("sstqa-zh-72", 16, "self_evaluation", id="sstqa72-16-self-evaluation"),
]


@pytest.mark.parametrize(("book", "count", "kind"), COUNTS)
def test_workbook_count_and_kind(book, count, kind):
    f = filing_of(XLSX / f"{book}.xlsx")
    assert len(f.indicators) == count
    assert len(load_expected(book)) == count
    assert f.kind == kind


@pytest.mark.parametrize(("path", "row"), expected_cases(BOOKS, lambda k: XLSX / f"{k}.xlsx"))
def test_workbook_expected_row(path, row):
    check_row(filing_of(path), row)


def test_sstqa1_benefit_rows_filed_under_quality_kept_as_filed():
    f = filing_of(XLSX / "sstqa-zh-1.xlsx")
    filed = [i for i in f.indicators if i.level1_raw == "效益指标" and i.level2_raw == "质量指标"]
    assert [i.name for i in filed] == [
        "全市城乡居民养老保险覆盖面",
        "扶持创业企业（项目）个数",
        "服务期满继续在基层就业人数比例",
        "基层服务覆盖范围",
    ]


def test_sstqa1_department_metadata_and_tasks():
    f = filing_of(XLSX / "sstqa-zh-1.xlsx")
    assert f.meta["部门名称"] == "湛江市人力资源和社会保障局"
    assert f.meta["财政供养人员数"] == "737"
    assert len(f.tasks) == 3 and f.tasks[0].funds == "18862"
    assert f.goals and f.goals[0].startswith("目标1：")


def test_sstqa17_project_metadata():
    f = filing_of(XLSX / "sstqa-zh-17.xlsx")
    (p,) = f.projects
    assert (p.name, p.budget) == ("专项资金", "6730")
    assert p.goal == "完成2020年度市、区下达的各项目标任务"
    assert p.meta["主管部门"] == "武汉市人力资源和社会保障局东湖新技术开发区分局"


SELF_EVAL = [
    pytest.param("新增区级创业孵化基地数量", "≥1个", "3个", 15.0, "个", id="count-with-unit-column"),
    pytest.param("零就业家庭帮扶率", "=100%", "100%", 5.0, "%", id="equal-operator"),
    pytest.param("预算执行率", "≥90%", "88%", 8.0, "%", id="percent-formatted-actual"),
    pytest.param("财务监控有效性", "有效", "较有效", 2.0, None, id="qualitative-no-unit"),
]


@pytest.mark.parametrize(("name", "value", "actual", "weight", "unit"), SELF_EVAL)
def test_sstqa72_self_evaluation_fields(name, value, actual, weight, unit):
    f = filing_of(XLSX / "sstqa-zh-72.xlsx")
    ind = next(i for i in f.indicators if i.name == name)
    assert (ind.value, ind.actual, ind.weight, ind.unit) == (value, actual, weight, unit)


def test_sstqa72_project_budget_from_label_row_above_values():
    f = filing_of(XLSX / "sstqa-zh-72.xlsx")
    (p,) = f.projects
    assert (p.name, p.budget, p.meta["全年执行数"]) == ("就业补助资金", "7574", "6643")
    assert p.goal == "城镇新增就业人数39500人，零就业家庭帮扶率100%"


def test_sstqa72_mixed_label_column():
    f = filing_of(XLSX / "sstqa-zh-72.xlsx")
    labels = [(i.level1, i.level2) for i in f.indicators]
    assert labels[0] == ("产出指标", "数量指标")  # 数量指标 written in 指标类型
    assert labels[1] == ("产出指标", None)  # 产出类指标: a level 1 only
    assert labels[-1] == ("管理指标", None)  # 管理类指标: outside the framework, kept
