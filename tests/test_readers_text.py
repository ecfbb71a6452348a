"""The text-export reader: encodings, the three table shapes, markup, page-break artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_nlp.errors import FilingError
from indicator_nlp.readers import read_filing
from indicator_nlp.readers.text import decode, read

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"

TSV = "部门名称\t团区委\t\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t培训人次\t≥300人次\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _cells(doc) -> list[list[str]]:
    return [[c for c in row] for t in doc.tables for row in t.rows]


# --- encodings ----------------------------------------------------------------------------

ENCODINGS = [
    pytest.param(TSV.encode("utf-8"), "utf-8", id="utf8"),
    pytest.param(b"\xef\xbb\xbf" + TSV.encode("utf-8"), "utf-8-sig", id="utf8-bom"),
    pytest.param(TSV.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(TSV.encode("gbk"), "gb18030", id="gbk-read-as-gb18030"),
    pytest.param(TSV.encode("utf-16"), "utf-16", id="utf16-bom"),
    pytest.param(TSV.encode("utf-16-le"), "utf-16-le", id="utf16le-no-bom-nul-pattern"),
    pytest.param(TSV.encode("utf-16-be"), "utf-16-be", id="utf16be-no-bom-nul-pattern"),
]


@pytest.mark.parametrize(("data", "encoding"), ENCODINGS)
def test_encoding_detected_and_text_identical(tmp_path, data, encoding):
    doc = read(_write(tmp_path, "f.txt", data))
    assert doc.meta["encoding"] == encoding
    assert ["", "产出指标", "数量指标", "培训人次", "≥300人次"] in _cells(doc)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("seed_000_gb18030.txt", id="gb18030-fixture"),
        pytest.param("seed_000_utf16.txt", id="utf16-fixture"),
        pytest.param("seed_000_utf8bom.txt", id="utf8bom-fixture"),
    ],
)
def test_encoding_fixtures_read_like_the_seed(name):
    path = FIXTURES / "encodings" / name
    if not path.exists():
        pytest.skip("encoding fixtures not generated")
    assert _cells(read(path)) == _cells(read(EXAMPLES / "seed_000.txt"))


BINARY = [
    pytest.param(b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 50, id="nul-bytes"),
    pytest.param(bytes(range(1, 32)) * 40, id="control-characters"),
    pytest.param(b"\x81\x30\xff\xff\xfe" * 100, id="undecodable"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 60, id="zip-header-with-nuls"),
]


@pytest.mark.parametrize("data", BINARY)
def test_binary_content_is_a_one_line_filing_error(tmp_path, data):
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(FilingError) as err:
        read(path)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_binary_fixture_via_read_filing():
    path = FIXTURES / "bad" / "binary.txt"
    if not path.exists():
        pytest.skip("bad fixtures not generated")
    with pytest.raises(FilingError, match="binary content, not a text export"):
        read_filing(path)


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(FilingError, match="empty"):
        read(_write(tmp_path, "e.txt", b""))


def test_decode_plain_ascii():
    assert decode(b"abc\tdef\n") == ("abc\tdef\n", "utf-8")


# --- table shapes -------------------------------------------------------------------------


def test_tsv_rows_keep_their_source_line_numbers(tmp_path):
    doc = read(_write(tmp_path, "t.txt", ("标题\n\n" + TSV).encode()))
    assert doc.meta["layout"] == "tsv"
    table = doc.tables[0]
    assert table.row_numbers == [3, 4, 5]
    assert doc.paragraphs[0].text == "标题"


def test_blank_line_inside_a_tsv_table_does_not_split_it(tmp_path):
    text = "a\tb\tc\n\nd\te\tf\n"
    doc = read(_write(tmp_path, "t.txt", text.encode()))
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == [["a", "b", "c"], ["d", "e", "f"]]


def test_markdown_table_rule_line_skipped_and_cells_split(tmp_path):
    text = "## 自评表\n\n| 关键指标 | 预期实现值 | 指标完成情况 |\n|---|---|---|\n| 覆盖率 | 100% | 34个 |\n"
    doc = read(_write(tmp_path, "t.md", text.encode()))
    assert doc.format == "md"
    assert doc.tables[0].rows == [["关键指标", "预期实现值", "指标完成情况"], ["覆盖率", "100%", "34个"]]
    assert doc.paragraphs[0].text == "自评表"  # the heading marks go


def test_markdown_tables_split_by_a_blank_line(tmp_path):
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n\n|  |  |\n|---|---|\n| 3 | 4 |\n"
    doc = read(_write(tmp_path, "t.md", text.encode()))
    assert [t.rows for t in doc.tables] == [[["a", "b"], ["1", "2"]], [["3", "4"]]]


def test_one_cell_per_line_rows_and_wrapped_cells(tmp_path):
    text = (
        "说明文字\n"
        "\t绩效目标\n\t1.第一项\n2.第二项\n\n"
        "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
        "\t产出指标\n\t数量指标\n\t活动次数\n\t≥5次\n\n"
        "\t\n\t质量指标\n\t合格率\n\t≥90%\n\n"
    )
    doc = read(_write(tmp_path, "c.txt", text.encode()))
    assert doc.meta["layout"] == "cells"
    rows = doc.tables[0].rows
    assert rows[0][:2] == ["绩效目标", "1.第一项\n2.第二项"]
    assert rows[2] == ["产出指标", "数量指标", "活动次数", "≥5次"]
    assert rows[3] == ["", "质量指标", "合格率", "≥90%"]
    assert doc.paragraphs[0].text == "说明文字"


MARKUP = [
    pytest.param("<p>一是甲。</p> <p>二是乙。</p>", "一是甲。\n二是乙。", id="p-paragraphs"),
    pytest.param("第一行<br/>第二行", "第一行\n第二行", id="br-self-closing"),
    pytest.param("第一行<br>2. 第二行", "第一行\n2. 第二行", id="br-list-item"),
    pytest.param("A &amp; B", "A & B", id="html-entity"),
    pytest.param("<span>≥90%</span>", "≥90%", id="other-tag-dropped"),
]


@pytest.mark.parametrize(("cell", "expected"), MARKUP)
def test_cell_markup(tmp_path, cell, expected):
    doc = read(_write(tmp_path, "m.txt", f"总体绩效目标\t{cell}\t\n".encode()))
    assert doc.tables[0].rows[0][1] == expected


# --- page-break artefacts -----------------------------------------------------------------

PAGE_NUMBERS = [
    pytest.param("- 3 -", id="dash-number-dash"),
    pytest.param("— 12 —", id="em-dash"),
    pytest.param("第 3 页", id="di-ye"),
    pytest.param("第3页/共12页", id="di-ye-gong-ye"),
    pytest.param("3 / 12", id="slash"),
    pytest.param("7", id="lone-number"),
]


@pytest.mark.parametrize("marker", PAGE_NUMBERS)
def test_page_number_lines_dropped_and_table_not_split(tmp_path, marker):
    text = f"a\tb\tc\n\f{marker}\nd\te\tf\n"
    doc = read(_write(tmp_path, "p.txt", text.encode()))
    assert doc.paragraphs == []
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == [["a", "b", "c"], ["d", "e", "f"]]
    assert doc.tables[0].row_pages == [1, 2]


def test_running_header_repeated_after_form_feeds_kept_once(tmp_path):
    text = "某某部门绩效目标\n正文一\n\f某某部门绩效目标\n正文二\n\f某某部门绩效目标\n正文三\n"
    doc = read(_write(tmp_path, "h.txt", text.encode()))
    assert [p.text for p in doc.paragraphs] == ["某某部门绩效目标", "正文一", "正文二", "正文三"]
    assert doc.meta["pages"] == 3


def test_word_field_code_cut_from_heading(tmp_path):
    text = "一、总体绩效目标 TC 总体绩效目标 \\f A \\l 1 \n"
    doc = read(_write(tmp_path, "w.txt", text.encode()))
    assert doc.paragraphs[0].text == "一、总体绩效目标"


# --- the seeds ----------------------------------------------------------------------------

SEED_SHAPES = [
    pytest.param("seed_000.txt", "tsv", "txt", id="seed000-tsv"),
    pytest.param("seed_001.txt", "tsv", "txt", id="seed001-tsv"),
    pytest.param("seed_002.txt", "cells", "txt", id="seed002-one-cell-per-line"),
    pytest.param("seed_003.txt", "markdown", "md", id="seed003-markdown"),
    pytest.param("seed_004.txt", "tsv", "txt", id="seed004-tsv"),
]


@pytest.mark.parametrize(("name", "layout", "fmt"), SEED_SHAPES)
def test_seed_layout(name, layout, fmt):
    doc = read_filing(EXAMPLES / name)
    assert doc.meta["layout"] == layout
    assert doc.format == fmt
    assert doc.meta["encoding"] == "utf-8"
    assert doc.tables


def test_seed_000_markup_cells_become_lines():
    doc = read(EXAMPLES / "seed_000.txt")
    goal = next(r[1] for r in doc.tables[0].rows if r[0] == "总体绩效目标")
    assert "<p>" not in goal
    assert len(goal.split("\n")) == 4


def test_seed_002_trailing_page_number_dropped():
    doc = read(EXAMPLES / "seed_002.txt")
    assert all(p.text != "1" for p in doc.paragraphs)


# --- comma-separated and space-aligned exports --------------------------------------------


def test_csv_export_quoted_cells_may_span_lines(tmp_path):
    text = '一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,培训人次,≥300人次\n,,"发放\n册数",≥500册\n'
    doc = read(_write(tmp_path, "t.csv", text.encode("utf-8")))
    assert doc.meta["layout"] == "csv"
    assert doc.tables[0].rows[2] == ["", "", "发放册数", "≥500册"]
    assert doc.tables[0].row_numbers == [1, 2, 3]


def test_space_aligned_columns_placed_by_position(tmp_path):
    lines = [
        "某项目绩效目标表",
        "",
        "一级指标        二级指标        三级指标        指标值",
        "产出指标        数量指标        培训人次        ≥300人次",
        "                                发放册数        ≥500册",
        "                质量指标        合格率          ≥95%",
    ]
    doc = read(_write(tmp_path, "t.txt", "\n".join(lines).encode("utf-8")))
    assert doc.meta["layout"] == "spaced"
    assert doc.paragraphs[0].text == "某项目绩效目标表"
    assert doc.tables[0].rows[1:] == [
        ["产出指标", "数量指标", "培训人次", "≥300人次"],
        ["", "", "发放册数", "≥500册"],
        ["", "质量指标", "合格率", "≥95%"],
    ]


def test_prose_with_single_spaces_stays_paragraphs(tmp_path):
    text = "总体绩效目标 完成全年任务。\n第二段 继续推进工作。\n第三段。\n"
    doc = read(_write(tmp_path, "p.txt", text.encode("utf-8")))
    assert doc.tables == [] and len(doc.paragraphs) == 3


# --- HTML tables inside a text export (MinerU-style Markdown) -----------------------------

HTML_EXPORT = """# 项目支出绩效目标表

<table><tr><td>项目名称</td><td colspan="3">青少年普法宣传</td></tr>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>宣传场次</td><td>≥3场</td></tr>
<tr><td>质量指标</td><td>活动<br>出勤率</td><td>&ge;90%</td></tr></table>

说明文字。
"""


def test_html_table_spans_filled_and_lines_kept(tmp_path):
    doc = read(_write(tmp_path, "h.md", HTML_EXPORT.encode("utf-8")))
    assert doc.meta["layout"] == "html"
    (table,) = doc.tables
    assert table.merged_fill
    assert table.rows == [
        ["项目名称", "青少年普法宣传", "青少年普法宣传", "青少年普法宣传"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "宣传场次", "≥3场"],
        ["产出指标", "质量指标", "活动\n出勤率", "≥90%"],
    ]
    assert table.row_numbers == [3, 4, 5, 6]
    assert [p.text for p in doc.paragraphs] == ["项目支出绩效目标表", "说明文字。"]
    assert doc.paragraphs[1].row_numbers == [8]


def test_html_table_between_tab_separated_tables_keeps_reading_order(tmp_path):
    text = "a\tb\tc\n<table><tr><td>x</td><td>y</td></tr></table>\nd\te\tf\n"
    doc = read(_write(tmp_path, "m.txt", text.encode("utf-8")))
    assert [t.rows for t in doc.tables] == [[["a", "b", "c"]], [["x", "y"]], [["d", "e", "f"]]]
    assert [t.index for t in doc.tables] == [0, 1, 2]
