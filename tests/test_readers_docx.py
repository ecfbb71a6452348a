"""The docx reader on the rendered demo and on documents built here (merges, nesting, order)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from indicator_nlp.errors import FilingError
from indicator_nlp.readers import read_filing
from indicator_nlp.readers.docx import read

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "tests" / "fixtures" / "rendered"
BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.fixture(scope="module")
def demo_doc():
    return read_filing(RENDERED / "demo.docx")


def test_demo_blocks_in_body_order(demo_doc, make_fixtures):
    demo = make_fixtures.DEMO
    kinds = [b.kind for b in demo_doc.blocks]
    # heading, metadata table, the goals, project metadata table, indicator table
    assert kinds == ["paragraph", "table"] + ["paragraph"] * len(demo.goals) + ["table", "table"]
    assert demo_doc.blocks[0].text == demo.title
    assert [b.text for b in demo_doc.paragraphs[1:]] == demo.goals
    assert [b.index for b in demo_doc.tables] == [0, 1, 2]


def test_demo_indicator_table_round_trips(demo_doc, make_fixtures):
    project = make_fixtures.DEMO.projects[0]
    table = demo_doc.tables[-1]
    assert table.rows == [project.table.header, *project.table.rows]
    assert table.merged_fill
    assert table.row_numbers == list(range(1, len(project.table.rows) + 2))


def test_demo_metadata_tables(demo_doc, make_fixtures):
    demo = make_fixtures.DEMO
    assert demo_doc.tables[0].rows == [list(p) for p in demo.meta]
    assert demo_doc.tables[1].rows == [list(p) for p in demo.projects[0].meta]
    assert not demo_doc.tables[0].merged_fill


@pytest.fixture(scope="module")
def merged_doc(tmp_path_factory):
    d = docx.Document()
    d.add_paragraph("项目支出绩效目标表")
    d.add_paragraph("")
    t = d.add_table(rows=6, cols=4)
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        t.cell(0, i).text = h
    t.cell(1, 0).merge(t.cell(4, 0)).text = "产出指标"
    t.cell(1, 1).merge(t.cell(2, 1)).text = "数量指标"
    t.cell(3, 1).merge(t.cell(4, 1)).text = "质量指标"
    t.cell(1, 2).text, t.cell(1, 3).text = "培训人次", "≥500人次"
    t.cell(2, 2).text, t.cell(2, 3).text = "活动场次\n数", "≥10场"
    t.cell(3, 2).text, t.cell(3, 3).text = "合格率", "≥95%"
    t.cell(5, 0).text = "备注"
    t.cell(5, 1).merge(t.cell(5, 3)).text = "横向合并的说明"
    inner = t.cell(3, 3).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "年度", "≥95%"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "周期", "≥98%"
    d.add_paragraph("1.第一条说明\n2.第二条说明")
    path = tmp_path_factory.mktemp("docx") / "merged.docx"
    d.save(path)
    return read(path)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(0, ["一级指标", "二级指标", "三级指标", "指标值"], id="header"),
        pytest.param(1, ["产出指标", "数量指标", "培训人次", "≥500人次"], id="vmerge-start"),
        pytest.param(2, ["产出指标", "数量指标", "活动场次数", "≥10场"], id="vmerge-filled-and-line-joined"),
        pytest.param(
            3, ["产出指标", "质量指标", "合格率", "≥95%\n年度 ≥95%\n周期 ≥98%"], id="nested-table-flattened"
        ),
        pytest.param(4, ["备注", "横向合并的说明", "横向合并的说明", "横向合并的说明"], id="gridspan-filled"),
    ],
)
def test_merged_cells_filled(merged_doc, row, expected):
    assert merged_doc.tables[0].rows[row] == expected


def test_row_of_merge_tails_only_dropped(merged_doc):
    # Word row 5 holds only the tails of the 产出指标/质量指标 merges and an empty cell.
    assert merged_doc.tables[0].row_numbers == [1, 2, 3, 4, 6]
    assert merged_doc.tables[0].merged_fill


def test_paragraph_line_break_before_list_item_kept(merged_doc):
    assert merged_doc.paragraphs[-1].text == "1.第一条说明\n2.第二条说明"
    assert [b.kind for b in merged_doc.blocks] == ["paragraph", "table", "paragraph"]


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        pytest.param("truncated.docx", "truncated or corrupt DOCX", id="truncated"),
    ],
)
def test_bad_docx_one_line_error(name, cause):
    for reader in (read, read_filing):
        with pytest.raises(FilingError) as info:
            reader(BAD / name)
        message = str(info.value)
        assert message.startswith(str(BAD / name)) and cause in message and "\n" not in message


def test_zip_without_document_part(tmp_path):
    import zipfile

    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(FilingError) as info:
        read(path)
    assert str(path) in str(info.value)
