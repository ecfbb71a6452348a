"""The xlsx reader on the four real workbooks, the rendered demo, and workbooks built here.

Cases are (workbook, sheet row, column letter, text shown): what a person sees in Excel.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import openpyxl
import pytest

from indicator_nlp.errors import FilingError
from indicator_nlp.readers import read_filing
from indicator_nlp.readers.xlsx import format_number, read

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "examples" / "xlsx"
RENDERED = ROOT / "tests" / "fixtures" / "rendered"


def _fixtures_script():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def cell(doc, row: int, col: str) -> str:
    """The text of sheet cell ``col``+``row`` in the first table of ``doc``."""
    table = doc.tables[0]
    index = table.row_numbers.index(row)
    return table.rows[index][openpyxl.utils.column_index_from_string(col) - 1]


@pytest.fixture(scope="module")
def books():
    return {p.stem: read(p) for p in sorted(WORKBOOKS.glob("*.xlsx"))}


@pytest.mark.parametrize(
    ("book", "row", "col", "expected"),
    [
        pytest.param("sstqa-zh-1", 5, "E", "72807.38", id="zh1-formula-cached-0.00-format"),
        pytest.param("sstqa-zh-1", 5, "C", "10891.62", id="zh1-thousands-format-no-separator"),
        pytest.param("sstqa-zh-1", 18, "E", "50000", id="zh1-integer-no-dot-zero"),
        pytest.param("sstqa-zh-1", 22, "E", "100%", id="zh1-percent-1-is-100"),
        pytest.param("sstqa-zh-1", 24, "E", "≧95%", id="zh1-text-in-percent-cell-kept"),
        pytest.param("sstqa-zh-1", 30, "A", "绩效指标", id="zh1-merged-A16-A37-filled"),
        pytest.param("sstqa-zh-1", 25, "B", "产出指标", id="zh1-merged-level1-filled"),
        pytest.param("sstqa-zh-1", 20, "C", "数量指标", id="zh1-merged-level2-filled"),
        pytest.param("sstqa-zh-1", 2, "E", "湛江市人力资源和社会保障局", id="zh1-horizontal-merge-filled"),
        pytest.param("sstqa-zh-1", 9, "D", "拟用于对下转移支付资金", id="zh1-wrapped-line-joined"),
        pytest.param("sstqa-zh-17", 26, "F", "6730.00", id="zh17-formula-sum-of-six-cells"),
        pytest.param("sstqa-zh-17", 44, "F", "100%", id="zh17-percent-1"),
        pytest.param("sstqa-zh-17", 45, "F", "95%", id="zh17-percent-0.95"),
        pytest.param("sstqa-zh-17", 46, "F", "在规定时间结案率为95%", id="zh17-text-in-percent-cell"),
        pytest.param("sstqa-zh-17", 4, "F", "67880231", id="zh17-phone-number-as-integer"),
        pytest.param("sstqa-zh-17", 13, "C", "其中：申请当年预算拨款", id="zh17-leading-spaces-stripped"),
        pytest.param("sstqa-zh-40", 5, "E", "82800.92", id="zh40-SUM-cached-float-noise-removed"),
        pytest.param("sstqa-zh-40", 24, "E", "100%", id="zh40-percent-1"),
        pytest.param("sstqa-zh-72", 10, "C", "指标性质", id="zh72-header-line-break-joined"),
        pytest.param("sstqa-zh-72", 14, "B", "公益性岗位补贴发放准确率", id="zh72-name-line-break-joined"),
        pytest.param("sstqa-zh-72", 19, "D", "90", id="zh72-0_-format"),
        pytest.param("sstqa-zh-72", 21, "G", "88%", id="zh72-percent-0.88"),
        pytest.param(
            "sstqa-zh-72", 11, "N", "达到目标得满分，未达到按完成比例得分或不得分", id="zh72-H-N-merge-filled"
        ),
    ],
)
def test_real_workbook_cells(books, book, row, col, expected):
    assert cell(books[book], row, col) == expected


@pytest.mark.parametrize(
    ("book", "row"),
    [
        pytest.param("sstqa-zh-72", 8, id="zh72-row8-only-merge-tails"),
        pytest.param("sstqa-zh-72", 9, id="zh72-row9-only-merge-tails"),
        pytest.param("sstqa-zh-40", 28, id="zh40-empty-cost-row-tail"),
    ],
)
def test_rows_of_merge_tails_only_are_dropped(books, book, row):
    assert row not in books[book].tables[0].row_numbers


@pytest.mark.parametrize(
    ("book", "sheet", "rows", "width"),
    [
        pytest.param("sstqa-zh-1", "Sheet1", 37, 5, id="zh1"),
        pytest.param("sstqa-zh-17", "Sheet1", 52, 7, id="zh17"),
        pytest.param("sstqa-zh-40", "Sheet1", 35, 5, id="zh40"),
        pytest.param("sstqa-zh-72", "就业补助资金", 27, 15, id="zh72"),
    ],
)
def test_one_table_per_sheet_with_provenance(books, book, sheet, rows, width):
    doc = books[book]
    assert doc.format == "xlsx" and len(doc.blocks) == 1
    table = doc.tables[0]
    assert table.sheet == sheet and table.merged_fill
    assert len(table.rows) == rows and {len(r) for r in table.rows} == {width}
    assert table.row_numbers == sorted(table.row_numbers)


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        pytest.param(1, "0%", "100%", id="percent-1"),
        pytest.param(0.95, "0%", "95%", id="percent-0.95"),
        pytest.param(0.955, "0.0%", "95.5%", id="percent-one-decimal"),
        pytest.param(50000.0, "General", "50000", id="float-integral"),
        pytest.param(0.1 + 0.2, "General", "0.3", id="float-noise"),
        pytest.param(2 / 3, "General", "0.6666666667", id="general-ten-decimals"),
        pytest.param(10891.615675, "#,##0.00", "10891.62", id="thousands-two-decimals"),
        pytest.param(90, "0_ ", "90", id="padding-format"),
        pytest.param(5, '0"人"', "5人", id="quoted-suffix"),
        pytest.param(12.5, '0.00"万元"', "12.50万元", id="quoted-money-suffix"),
        pytest.param(3.0, "0.##", "3", id="optional-decimals"),
        pytest.param(-0.001, "0.00", "0.00", id="no-negative-zero"),
        pytest.param(7, "0;[Red]-0", "7", id="sections"),
    ],
)
def test_format_number(value, fmt, expected):
    assert format_number(value, fmt) == expected


@pytest.fixture(scope="module")
def uncached(tmp_path_factory):
    """A workbook written by openpyxl: formulas have no cached value, so the reader computes them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "预算"
    ws["A1"], ws["B1"], ws["C1"] = "项目", "金额", "计算"
    ws["B5"], ws["B6"] = 30, 4.5
    formulas = {
        "C2": "=B5+B6",
        "C3": "=SUM(B5:B6)",
        "C4": "=B5-B6",
        "C5": "=B5*B6",
        "C6": "=B5/B6",
        "C7": "=(B5+B6)*2-C2",
        "C8": "=$B$5+B6",
        "C9": "=VLOOKUP(A1,B1:C2,2)",
        "C10": "=C2/B5",
        "C11": "=1/0",
    }
    for coord, formula in formulas.items():
        ws[coord] = formula
        ws[f"A{coord[1:]}"] = "公式 " + formula  # a label, so the row exists even when the result is empty
    ws["C10"].number_format = "0%"
    ws["A2"] = dt.datetime(2024, 12, 31)
    ws["A3"] = dt.date(2025, 1, 2)
    path = tmp_path_factory.mktemp("xlsx") / "uncached.xlsx"
    wb.save(path)
    return read(path)


@pytest.mark.parametrize(
    ("row", "col", "expected"),
    [
        pytest.param(2, "C", "34.5", id="plus"),
        pytest.param(3, "C", "34.5", id="sum-range"),
        pytest.param(4, "C", "25.5", id="minus"),
        pytest.param(5, "C", "135", id="times"),
        pytest.param(6, "C", "6.6666666667", id="divide"),
        pytest.param(7, "C", "34.5", id="parentheses-and-formula-reference"),
        pytest.param(8, "C", "34.5", id="absolute-reference"),
        pytest.param(9, "C", "", id="unsupported-function-empty"),
        pytest.param(10, "C", "115%", id="computed-value-percent-format"),
        pytest.param(11, "C", "", id="division-by-zero-empty"),
        pytest.param(2, "A", "2024-12-31", id="datetime"),
        pytest.param(3, "A", "2025-01-02", id="date"),
    ],
)
def test_uncached_formulas_computed(uncached, row, col, expected):
    assert cell(uncached, row, col) == expected


def test_uncomputed_formulas_listed(uncached):
    assert uncached.meta["uncomputed_formulas"] == ["预算!C9 =VLOOKUP(A1,B1:C2,2)", "预算!C11 =1/0"]


def test_every_sheet_is_a_table(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active["A1"] = "2024年部门预算绩效目标"
    wb.create_sheet("空表")
    wb.create_sheet("指标")["B3"] = "一级指标"
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    doc = read(path)
    assert [(b.sheet, b.rows, b.row_numbers) for b in doc.tables] == [
        ("封面", [["2024年部门预算绩效目标"]], [1]),
        ("指标", [["", "一级指标"]], [3]),
    ]
    assert [b.index for b in doc.tables] == [0, 1]
    assert doc.meta["sheets"] == ["封面", "空表", "指标"]


def test_demo_rendering_round_trips():
    demo = _fixtures_script().DEMO
    doc = read_filing(RENDERED / "demo.xlsx")
    table = doc.tables[0]
    rows = [r[: len(demo.projects[0].table.header)] for r in table.rows]
    header_at = rows.index(demo.projects[0].table.header)
    assert (
        rows[header_at + 1 : header_at + 1 + len(demo.projects[0].table.rows)] == demo.projects[0].table.rows
    )
    assert ["部门名称", "示例市青少年服务中心"] == rows[1][:2]


def test_truncated_workbook_is_one_line_error(tmp_path):
    data = (WORKBOOKS / "sstqa-zh-1.xlsx").read_bytes()
    bad = tmp_path / "half.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(FilingError) as info:
        read(bad)
    message = str(info.value)
    assert str(bad) in message and "\n" not in message and "corrupt" in message
