"""The reading rules behind the publisher layouts, each on a small table (not keyed to a fixture).

- rows that are not indicators: footers, totals, section rows, header-block rows, repeated
  headers — one case each;
- column roles from header words, in any order and subset;
- split operator / number / unit cells joined as a filer writes the value;
- line formats (【一级-二级】名称：值 and variants);
- the HTML reader (spans, <br>, Word markup, chrome, the indicator table among several).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_nlp.readers import read_filing
from indicator_nlp.structure import structure
from indicator_nlp.types import Block, Document

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
ROW = ["产出指标", "数量指标", "培训人次", "≥300人次"]


def doc_of(
    *rows: list[str], paragraphs: tuple[str, ...] = (), fmt: str = "txt", merged_fill: bool = False
) -> Document:
    blocks = [Block(kind="paragraph", text=t, index=n) for n, t in enumerate(paragraphs)]
    width = max(len(r) for r in rows)
    blocks.append(
        Block(
            kind="table",
            rows=[list(r) + [""] * (width - len(r)) for r in rows],
            row_numbers=list(range(1, len(rows) + 1)),
            merged_fill=merged_fill,
        )
    )
    return Document(path="mem.txt", format=fmt, blocks=blocks)


def rows_of(doc: Document) -> list[tuple[str | None, str | None, str, str | None]]:
    return [(i.level1, i.level2, i.name, i.value) for i in structure(doc).indicators]


# --- rows that are never indicators ----------------------------------------------------------

ONE = [("产出指标", "数量指标", "培训人次", "≥300人次")]

REJECTED = [
    pytest.param(
        [HEADER, ROW, ["填报人：王芳", "", "联系电话：0759-3321456", "填报日期：2024年1月5日"]],
        id="footer-填报人-联系电话-填报日期",
    ),
    pytest.param([HEADER, ROW, ["单位负责人：赵强", "审核人：孙丽", "", ""]], id="footer-单位负责人-审核人"),
    pytest.param([HEADER, ROW, ["", "", "填表人：李明", "日期：2024-01-05"]], id="footer-in-the-name-column"),
    pytest.param([HEADER, ROW, ["合计", "", "", ""]], id="total-合计"),
    pytest.param(
        [HEADER + ["分值", "得分"], ROW + ["10", "9"], ["总分", "", "", "", "100", "90"]], id="total-总分"
    ),
    pytest.param(
        [HEADER + ["分值", "得分"], ROW + ["10", "9"], ["合计得分", "合计得分", "合计得分", "", "100", "90"]],
        id="total-合计得分-merged",
    ),
    pytest.param(
        [
            HEADER,
            ["产出指标", "产出指标", "产出指标", "产出指标"],
            ["", "数量指标", "培训人次", "≥300人次"],
        ],
        id="section-row-level1-spanning",
    ),
    pytest.param(
        [
            ["序号", "绩效指标", "指标值"],
            ["一、产出指标", "", ""],
            ["（一）数量指标", "", ""],
            ["1", "培训人次", "≥300人次"],
        ],
        id="section-rows-numbered-levels",
    ),
    pytest.param(
        [["项目名称", "职业技能培训", "", ""], ["主管部门", "人社局", "实施单位", "就业中心"], HEADER, ROW],
        id="header-block-rows",
    ),
    pytest.param([HEADER, ROW, HEADER], id="repeated-header-row"),
    pytest.param(
        [["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"], ["绩效指标", *ROW]],
        id="national-绩效指标-column-is-a-section",
    ),
]


@pytest.mark.parametrize("rows", REJECTED)
def test_rows_that_are_not_indicators(rows):
    assert rows_of(doc_of(*rows)) == ONE


def test_section_row_sets_level1_for_following_rows():
    doc = doc_of(
        ["二级指标", "三级指标", "指标值"],
        ["效益指标", "效益指标", "效益指标"],
        ["社会效益指标", "受益人数", "≥500人"],
        ["满意度指标", "满意度指标", "满意度指标"],
        ["服务对象满意度指标", "群众满意度", "≥90%"],
        merged_fill=True,
    )
    assert rows_of(doc) == [
        ("效益指标", "社会效益指标", "受益人数", "≥500人"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]


def test_a_metadata_row_with_a_bare_footer_word_is_metadata():
    rows = [
        HEADER,
        ROW,
        ["项目名称", "第二个项目", "", ""],
        ["项目负责人", "张三", "联系电话", "0759-1234"],
        HEADER,
        ROW,
    ]
    f = structure(doc_of(*rows))
    assert f.projects[-1].meta["联系电话"] == "0759-1234"
    assert len(f.indicators) == 2


def test_footer_values_go_to_meta():
    f = structure(doc_of(HEADER, ROW, ["填报人：王芳", "", "联系电话：0759-3321456", ""]))
    assert (f.meta["填报人"], f.meta["联系电话"]) == ("王芳", "0759-3321456")


def test_a_table_of_another_width_ends_the_indicator_table():
    links = Block(kind="table", rows=[["相关链接", "国务院", "省政府"]], index=1, row_numbers=[1])
    doc = doc_of(HEADER, ROW, fmt="html")
    doc.blocks.append(links)
    assert rows_of(doc) == ONE


# --- column roles, any order and subset ---------------------------------------------------------

ROLES = [
    pytest.param(
        ["指标名称", "指标值", "二级指标", "一级指标"],
        ["培训人次", "≥300人次", "数量指标", "产出指标"],
        id="levels-right-of-the-name",
    ),
    pytest.param(
        ["指标类别", "指标名称", "目标值"],
        ["产出指标—数量指标", "培训人次", "≥300人次"],
        id="compound-level-cell",
    ),
    pytest.param(
        ["指标类别", "指标名称", "目标值"],
        ["产出指标/数量指标", "培训人次", "≥300人次"],
        id="compound-level-cell-slash",
    ),
    pytest.param(
        ["二级指标", "三级指标", "指标值"], ["数量指标", "培训人次", "≥300人次"], id="no-level1-column"
    ),
    pytest.param(
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出", "产出数量", "培训人次", "≥", "300", "人次"],
        id="split-op-number-unit",
    ),
    pytest.param(
        ["一级指标", "二级指标", "三级指标", "计量单位", "指标方向", "指标值"],
        ["产出指标", "数量指标", "培训人次", "人次", "大于等于", "300"],
        id="unit-before-word-operator",
    ),
    pytest.param(
        ["一级指标", "二级指标", "三级指标", "", "指标值", "计量单位"],
        ["产出指标", "数量指标", "培训人次", "≥", "300", "人次"],
        id="operator-column-without-header",
    ),
    pytest.param(
        ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"],
        ["产出指标", "数量指标", "培训人次", ">=", "300", "人次"],
        id="计算符号-ascii-operator",
    ),
]


@pytest.mark.parametrize(("header", "row"), ROLES)
def test_column_roles_from_header_words(header, row):
    assert rows_of(doc_of(header, row)) == ONE


# Headers outside the exact vocabulary: read by their head words, by the cells under them, or
# by the header line above them. Each case: header rows, then body rows; both rows of ONE_TWO.
ROW2 = ["产出指标", "质量指标", "合格率", "≥95%"]
ONE_TWO = [*ONE, ("产出指标", "质量指标", "合格率", "≥95%")]
BY_PRINCIPLE = [
    pytest.param(
        [["指标层级", "指标级次", "指标名称", "指标值"], ROW, ROW2], id="层级-级次-as-level-1-and-2"
    ),
    pytest.param(
        [["绩效指标类别", "指标子类", "具体指标", "目标值"], ["产出", "数量", "培训人次", "≥300人次"],
         ["", "质量", "合格率", "≥95%"]],
        id="类别-子类-short-labels",
    ),  # fmt: skip
    pytest.param(
        [["考核维度", "指标子项", "评价指标", "绩效目标值"], ["产出", "数量", "培训人次", "≥300人次"],
         ["产出", "质量", "合格率", "≥95%"]],
        id="子项-told-by-its-short-level-words",
    ),  # fmt: skip
    pytest.param(
        [["方面", "考核内容", "绩效目标值"], ["数量指标", "培训人次", "≥300人次"], ["质量指标", "合格率", "≥95%"]],
        id="unknown-header-over-level-2-names",
    ),
    pytest.param(
        [["序号", "指标名称", "所属类型", "年度目标"], ["1", "培训人次", "数量指标", "≥300人次"],
         ["2", "合格率", "质量指标", "≥95%"]],
        id="level-2-column-right-of-the-name",
    ),  # fmt: skip
    pytest.param(
        [["一级指标", "二级指标", "三级指标", "2024年"], ROW, ROW2], id="a-year-over-target-values"
    ),
    pytest.param([["一级指标", "二级指标", "三级指标", ""], ROW, ROW2], id="no-header-over-target-values"),
    pytest.param(
        [["指标", "", "", "预期目标值"], ["一级指标", "二级指标", "三级指标", ""], ROW, ROW2],
        id="two-row-header-empty-lower-cell",
    ),
    pytest.param(
        [["绩效指标", "", "", "指标值"], ["指标层级", "指标级次", "评价指标", "年度预期目标"], ROW, ROW2],
        id="two-row-header-head-words-below",
    ),
]


@pytest.mark.parametrize("rows", BY_PRINCIPLE)
@pytest.mark.parametrize("merged_fill", [False, True], ids=["plain", "merged-fill"])
def test_columns_read_by_principle(rows, merged_fill):
    assert rows_of(doc_of(*rows, merged_fill=merged_fill)) == ONE_TWO


def test_a_name_read_by_head_words_over_category_names_is_a_level_column():
    doc = doc_of(
        ["评价指标", "考核内容", "预期目标值"],
        ["产出指标", "培训人次", "≥300人次"],
        ["", "合格率", "≥95%"],
        ["效益指标", "受益人数", "≥500人"],
    )
    assert rows_of(doc) == [
        ("产出指标", None, "培训人次", "≥300人次"),
        ("产出指标", None, "合格率", "≥95%"),
        ("效益指标", None, "受益人数", "≥500人"),
    ]


def test_numbers_right_of_what_was_done_are_not_the_target():
    # 自评分 is no known word and holds numbers, but stands right of the actual column
    doc = doc_of(["关键指标", "指标完成情况", "自评分"], ["培训人次≥300人次", "320人次", "10"], ["合格率≥95%", "96%", "9"])
    got = [(i.name, i.value, i.actual) for i in structure(doc).indicators]
    assert got == [("培训人次≥300人次", "培训人次≥300人次", "320人次"), ("合格率≥95%", "合格率≥95%", "96%")]


def test_a_column_of_other_texts_is_not_taken_as_the_value():
    # 责任科室 holds texts, not targets: no value column is made of it (without a target column
    # the name states the target, as in a 关键指标 | 指标完成情况 table)
    doc = doc_of(["一级指标", "二级指标", "三级指标", "责任科室"], [*ROW[:3], "综合科"], [*ROW2[:3], "规划科"])
    assert [(i.name, i.value) for i in structure(doc).indicators] == [("培训人次", "培训人次"), ("合格率", "合格率")]


OPERATORS = [
    pytest.param("大于等于", "95", "%", "≥95%", id="大于等于"),
    pytest.param("小于等于", "12.5", "元/株", "≤12.5元/株", id="小于等于-rate-unit"),
    pytest.param("等于", "100", "%", "=100%", id="等于"),
    pytest.param("≤", "2", "%", "≤2%", id="sign"),
    pytest.param("定性", "良好", "", "良好", id="定性"),
    pytest.param("定性", "2024年10月底前", "", "2024年10月底前", id="定性-deadline"),
    # 指标方向 of an indicator library: higher is better → the target is a floor, lower → a ceiling
    pytest.param("正向", "35", "台", "≥35台", id="direction-正向"),
    pytest.param("反向指标", "6", "万元/台", "≤6万元/台", id="direction-反向指标"),
    pytest.param("越低越好", "2", "%", "≤2%", id="direction-越低越好"),
    pytest.param("中性", "3", "个", "3个", id="direction-中性-no-sign"),
]


def test_a_direction_word_is_no_operator_outside_its_column():
    # 正向 in a name or a value cell is text: only the operator column reads it as a sign
    doc = doc_of(["三级指标", "指标值"], ["正向激励机制", "正向"])
    (ind,) = structure(doc).indicators
    assert (ind.name, ind.value) == ("正向激励机制", "正向")


SIDE_BY_SIDE = ["一级指标", "二级指标", "三级指标", "指标值"] * 2


def test_two_blocks_side_by_side_read_left_block_then_right():
    doc = doc_of(
        SIDE_BY_SIDE,
        ["产出指标", "数量指标", "培训人次", "≥300人次", "效益指标", "社会效益指标", "就业率", "≥60%"],
        ["", "质量指标", "合格率", "≥90%", "满意度指标", "服务对象满意度指标", "满意度", "≥90%"],
        ["", "时效指标", "完成时间", "2024年底前", "", "", "", ""],
    )
    inds = structure(doc).indicators
    assert [(i.level1, i.level2, i.name, i.value, i.row) for i in inds] == [
        ("产出指标", "数量指标", "培训人次", "≥300人次", 2),
        ("产出指标", "质量指标", "合格率", "≥90%", 3),
        ("产出指标", "时效指标", "完成时间", "2024年底前", 4),
        ("效益指标", "社会效益指标", "就业率", "≥60%", 2),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", 3),
    ]


def test_side_by_side_ends_at_a_total_row_and_a_repeated_word_is_not_two_blocks():
    doc = doc_of(
        SIDE_BY_SIDE,
        ["产出指标", "数量指标", "培训人次", "≥300人次", "效益指标", "社会效益指标", "就业率", "≥60%"],
        ["合计", "", "", "", "", "", "", ""],
    )
    assert [i.name for i in structure(doc).indicators] == ["培训人次", "就业率"]
    # a header whose halves differ is one table (指标值 | 指标值 under a merged two-row header)
    doc = doc_of(["三级指标", "指标值", "指标值"], ["培训人次", "≥300人次", "≥150人次"])
    assert [i.name for i in structure(doc).indicators] == ["培训人次"]


@pytest.mark.parametrize(("op", "number", "unit", "value"), OPERATORS)
def test_operator_number_unit_joined(op, number, unit, value):
    doc = doc_of(["三级指标", "指标性质", "指标值", "计量单位"], ["某指标", op, number, unit])
    (ind,) = structure(doc).indicators
    assert ind.value == value


def test_both_value_columns_and_self_evaluation_fields():
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标解释",
        "实施周期指标值",
        "年度指标值",
        "实际完成值",
        "权重",
        "得分",
        "偏差原因分析及改进措施",
    ]
    row = [
        "产出指标",
        "数量指标",
        "培训人次",
        "全年培训",
        "≥600人次",
        "≥300人次",
        "280人次",
        "10",
        "9.3",
        "报名不足",
    ]
    (ind,) = structure(doc_of(header, row)).indicators
    got = (ind.description, ind.value, ind.period_value, ind.actual, ind.weight, ind.score, ind.deviation)
    assert got == ("全年培训", "≥300人次", "≥600人次", "280人次", 10.0, 9.3, "报名不足")


# --- line formats ------------------------------------------------------------------------------

LINES = [
    pytest.param(
        "【产出指标-数量指标】培训人次：≥500人次",
        ("产出指标", "数量指标", "培训人次", "≥500人次"),
        id="full-width-brackets",
    ),
    pytest.param(
        "[产出指标/质量指标]培训合格率:≥90%",
        ("产出指标", "质量指标", "培训合格率", "≥90%"),
        id="ascii-brackets-slash",
    ),
    pytest.param(
        "［效益指标－社会效益指标］就业率：≥60%",
        ("效益指标", "社会效益指标", "就业率", "≥60%"),
        id="full-width-square",
    ),
    pytest.param(
        "〔满意度-服务对象满意度〕学员满意度：≥90%",
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"),
        id="short-labels",
    ),
    pytest.param(
        "【数量指标】开班期数：≥5期", ("产出指标", "数量指标", "开班期数", "≥5期"), id="level2-only"
    ),
    pytest.param(
        "产出指标-数量指标-培训人次：≥500人次",
        ("产出指标", "数量指标", "培训人次", "≥500人次"),
        id="dashes-no-brackets",
    ),
    pytest.param(
        "效益指标/社会效益指标/就业率:≥60%",
        ("效益指标", "社会效益指标", "就业率", "≥60%"),
        id="slashes-no-brackets",
    ),
    pytest.param(
        "【产出指标-数量指标】课时（理论:实操=1:2）：≥120课时",
        ("产出指标", "数量指标", "课时（理论:实操=1:2）", "≥120课时"),
        id="colons-inside-the-name",
    ),
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_line_format(line, expected):
    doc = Document(path="mem.txt", format="txt", blocks=[Block(kind="paragraph", text=line, row_numbers=[7])])
    (ind,) = structure(doc).indicators
    assert (ind.level1, ind.level2, ind.name, ind.value) == expected
    assert ind.row == 7


NOT_LINES = [
    pytest.param("填报人：周敏", id="footer"),
    pytest.param("详见【产出指标-数量指标】的说明：按年度计划执行", id="label-quoted-in-a-sentence"),
    pytest.param("【通知】关于报送绩效目标的说明：请于3月底前报送", id="bracket-not-a-label"),
    pytest.param("2024-2025年度工作计划：见附件", id="dashes-not-labels"),
]


@pytest.mark.parametrize("line", NOT_LINES)
def test_not_a_line_format_indicator(line):
    doc = Document(path="mem.txt", format="txt", blocks=[Block(kind="paragraph", text=line)])
    assert structure(doc).indicators == []


def test_line_format_paragraph_joined_by_a_pdf():
    text = "绩效指标：【产出指标-数量指标】培训人次：≥500人次【产出指标-质量指标】合格率：≥90%填报人：周敏联系电话：0371-1234"
    doc = Document(path="mem.pdf", format="pdf", blocks=[Block(kind="paragraph", text=text, page=2)])
    got = [(i.name, i.value, i.page) for i in structure(doc).indicators]
    assert got == [("培训人次", "≥500人次", 2), ("合格率", "≥90%", 2)]


# --- key-value records ---------------------------------------------------------------------------


def paragraphs_doc(*texts: str) -> Document:
    blocks = [Block(kind="paragraph", text=t, index=n, row_numbers=[n + 1]) for n, t in enumerate(texts)]
    return Document(path="mem.txt", format="txt", blocks=blocks)


RECORDS = [
    pytest.param(
        ["一级指标：产出指标，二级指标：数量指标，三级指标：培训人次，指标值：≥500人次"],
        [("产出指标", "数量指标", "培训人次", "≥500人次", 1)],
        id="one-record-per-line",
    ),
    pytest.param(
        [
            "一级指标：产出指标",
            "二级指标：数量指标",
            "三级指标：培训人次",
            "指标值：≥500人次",
            "三级指标：开班期数",
            "指标值：≥5期",
            "二级指标：质量指标",
            "三级指标：合格率",
            "指标值：≥90%",
        ],
        [
            ("产出指标", "数量指标", "培训人次", "≥500人次", 1),
            ("产出指标", "数量指标", "开班期数", "≥5期", 5),
            ("产出指标", "质量指标", "合格率", "≥90%", 7),
        ],
        id="one-pair-per-line-levels-carried",
    ),
    pytest.param(
        ["一级指标：效益指标；二级指标：社会效益指标；指标名称：就业率；目标值：60；计量单位：%"],
        [("效益指标", "社会效益指标", "就业率", "60%", 1)],
        id="unit-key-joins-the-value",
    ),
    pytest.param(
        ["绩效指标：围绕学习宣传贯彻，组织团员青年参与学习。", "单位：万元"],
        [],
        id="not-a-record-a-name-key-alone",
    ),
    pytest.param(
        ["一级指标：产出指标", "二级指标：数量指标", "填报人：王某"], [], id="a-record-without-a-name"
    ),
]


@pytest.mark.parametrize(("texts", "expected"), RECORDS)
def test_key_value_records(texts, expected):
    f = structure(paragraphs_doc(*texts))
    assert [(i.level1, i.level2, i.name, i.value, i.row) for i in f.indicators] == expected


def test_a_name_key_alone_stays_a_paragraph():
    f = structure(paragraphs_doc("绩效指标：围绕学习宣传贯彻，组织团员青年参与学习。", "单位：万元"))
    assert f.meta["金额单位"] == "万元"


# --- the HTML reader ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>绩效目标</title>
<script>document.write("<table><tr><td>x</td></tr></table>")</script></head><body>
<ul class="nav"><li><a href="/">首页</a></li><li>政务公开</li></ul>
<div class="crumb">当前位置：首页 &gt; 预算公开</div>
<table class="layout"><tr><td>
<p>2024年某项目绩效目标表</p>
<table border=1>
<tr><td>项目名称</td><td colspan=2>某项目</td></tr>
</table>
<table border=1>
<tr><td><p class=MsoNormal><span style='font-family:宋体'>一级指标<o:p></o:p></span></p></td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>
<tr><td rowspan=2>产出指标</td><td rowspan=2>数量指标</td><td>培训<br>人次</td><td>≥300人次</td></tr>
<tr><td>开班
期数</td><td>&nbsp;≥5期</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>学员满意度</td><td>≥90%</td></tr>
</table>
</td></tr></table>
<table class="links"><tr><td>相关链接</td><td>国务院</td></tr></table>
<div class="footer">版权所有 联系电话：0000-1234567</div>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    return p


def test_html_reader_tables_spans_breaks_markup(page):
    doc = read_filing(page)
    assert doc.format == "html"
    tables = doc.tables
    assert [t.rows for t in tables] == [
        [["项目名称", "某项目", "某项目"]],
        [
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "培训人次", "≥300人次"],
            ["产出指标", "数量指标", "开班期数", "≥5期"],
            ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"],
        ],
    ]
    assert tables[1].merged_fill
    assert tables[1].row_numbers == [11, 12, 13, 15]
    texts = [b.text for b in doc.paragraphs]
    assert "2024年某项目绩效目标表" in texts
    assert not any("首页" in t or "版权" in t or "相关链接" in t for t in texts)


def test_html_structured_with_provenance(page):
    f = structure(page)
    got = [(i.level1, i.level2, i.name, i.value, i.table, i.row) for i in f.indicators]
    assert got == [
        ("产出指标", "数量指标", "培训人次", "≥300人次", 1, 12),
        ("产出指标", "数量指标", "开班期数", "≥5期", 1, 13),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", 1, 15),
    ]
    assert f.projects[0].name == "某项目"


def test_html_gb2312_page(tmp_path):
    p = tmp_path / "page.htm"
    p.write_bytes(PAGE.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030"))
    assert [i.name for i in structure(p).indicators] == ["培训人次", "开班期数", "学员满意度"]


def test_html_unclosed_chrome_does_not_hide_the_page(tmp_path):
    p = tmp_path / "broken.html"
    broken = PAGE.replace(
        '<div class="crumb">当前位置：首页 &gt; 预算公开</div>', '<div class="crumb">当前位置：<div>首页'
    )
    p.write_text(broken, encoding="utf-8")
    assert [i.name for i in structure(p).indicators] == ["培训人次", "开班期数", "学员满意度"]


# --- the word tables behind these rules ---------------------------------------------------------


def test_weak_name_words_are_name_words_with_known_fallbacks():
    from indicator_nlp.structure import vocabulary as vocab

    for word, fallback in vocab.WEAK_NAME_WORDS.items():
        assert vocab.HEADER_WORDS[word] == "name", word
        assert fallback is None or fallback in vocab.INDICATOR_ROLES, word


def test_footer_and_total_words_are_clean():
    from indicator_nlp.structure import vocabulary as vocab

    assert len(set(vocab.FOOTER_KEYS)) == len(vocab.FOOTER_KEYS)
    assert all(vocab.fold(w) == w for w in vocab.TOTAL_WORDS)
    assert not set(vocab.TOTAL_WORDS) & set(vocab.HEADER_WORDS)
    assert all(vocab.is_footer(k + "：某") for k in vocab.FOOTER_KEYS)


# --- bilingual headers, columns joined by a converter, year columns ----------------------------


def test_an_english_gloss_beside_a_header_word_is_dropped():
    doc = doc_of(
        ["项目名称\nProject Name", "世行贷款示范项目", "主管部门\nAgency", "市农业农村局"],
        ["一级指标\nLevel 1", "二级指标\nLevel 2", "三级指标\nIndicator", "指标值\nTarget"],
        ROW,
    )
    filing = structure(doc)
    assert rows_of(doc) == ONE
    assert filing.projects[0].name == "世行贷款示范项目"


JOINED = [
    pytest.param(
        [["一级指标", "二级指标 三级指标", "指标值"], ["产出指标", "数量指标 培训人次", "≥300人次"],
         ["", "建设 生态沟渠", "≥28公里"]],
        [("产出指标", "数量指标", "培训人次", "≥300人次"), ("产出指标", "数量指标", "建设 生态沟渠", "≥28公里")],
        id="level-2-and-name-joined",
    ),
    pytest.param(
        [["一级指标", "二级指标", "三级指标 指标值"], ["产出指标", "数量指标", "培训人次 ≥300人次"]],
        ONE,
        id="name-and-value-joined",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "expected"), JOINED)
def test_two_columns_joined_by_a_converter_are_split(rows, expected):
    assert rows_of(doc_of(*rows)) == expected


def test_year_columns_of_a_rolling_plan_the_first_year_is_the_target():
    # convention (docs/structure.md): the first year of the plan is the budget year filed
    doc = doc_of(
        ["一级指标", "二级指标", "三级指标", "2024年目标值", "2025年目标值", "2026年目标值", "计量单位"],
        ["产出指标", "数量指标", "新建智慧教室", "≥60", "≥80", "≥100", "间"],
    )
    assert rows_of(doc) == [("产出指标", "数量指标", "新建智慧教室", "≥60间")]
    doc = doc_of(
        ["一级指标", "二级指标", "三级指标", "2026年目标值", "2025年目标值", "2024年目标值"],
        ["产出指标", "数量指标", "新建智慧教室", "≥100间", "≥80间", "≥60间"],
    )
    assert rows_of(doc) == [("产出指标", "数量指标", "新建智慧教室", "≥60间")]


def test_indicators_grouped_under_tasks_name_each_task_once():
    doc = doc_of(
        ["任务名称", "主要实施内容", "拟投入的资金", ""],
        ["食品抽检", "开展监督抽检", "186", ""],
        ["年度绩效指标", "年度绩效指标", "年度绩效指标", "年度绩效指标"],
        ["任务名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["食品抽检", "产出指标", "数量指标", "抽检批次", "≥2600批次"],
        ["食品抽检", "产出指标", "质量指标", "核查处置率", "100%"],
        ["登记服务", "满意度指标", "服务对象满意度指标", "办事群众满意度", "≥95%"],
    )
    filing = structure(doc)
    assert [(t.name, t.funds) for t in filing.tasks] == [("食品抽检", "186"), ("登记服务", None)]
    assert [i.name for i in filing.indicators] == ["抽检批次", "核查处置率", "办事群众满意度"]


def test_values_printed_before_the_name_are_read_by_their_columns():
    doc = doc_of(
        ["一级指标", "二级指标", "年度指标值", "实际完成值", "三级指标", "分值", "得分"],
        ["产出指标", "数量指标", "≥12座", "12座", "病险水库除险加固", "20", "20"],
        ["", "质量指标", "100%", "98%", "工程质量验收合格率", "15", "14"],
    )
    got = [(i.level2, i.name, i.value, i.actual, i.weight, i.score) for i in structure(doc).indicators]
    assert got == [
        ("数量指标", "病险水库除险加固", "≥12座", "12座", 20.0, 20.0),
        ("质量指标", "工程质量验收合格率", "100%", "98%", 15.0, 14.0),
    ]


def test_a_note_row_is_no_indicator_and_the_labels_go_on_past_it():
    note = "说明：含高校毕业生离校未就业人员。"
    doc = doc_of(
        HEADER,
        ROW,
        [note, note, note, note],  # merged across the table (xlsx/docx fill every cell)
        ["", "", "职业技能培训人次", "≥3000人次"],
        ["注：以社保缴费记录核验。", "", "", ""],
        ["", "质量指标", "培训后就业率", "≥60%"],
    )
    assert rows_of(doc) == [
        ("产出指标", "数量指标", "培训人次", "≥300人次"),
        ("产出指标", "数量指标", "职业技能培训人次", "≥3000人次"),
        ("产出指标", "质量指标", "培训后就业率", "≥60%"),
    ]


def test_a_header_is_what_its_last_word_says_value_explained_is_a_description():
    doc = doc_of(HEADER + ["指标值说明"], ROW + ["按实名制登记口径"])
    got = [(i.name, i.value, i.description) for i in structure(doc).indicators]
    assert got == [("培训人次", "≥300人次", "按实名制登记口径")]


def test_a_label_written_one_character_a_line_cut_into_rows_is_one_label():
    # 产\n出\n指\n标 merged down a narrow cell, printed without vertical rules: the reader cuts it
    doc = doc_of(
        ["序号", "一级指标", "二级指标", "三级指标", "指标值"],
        ["一、", "产出", "数量指标", "硬化村内道路", "≥26公里"],
        ["", "指", "", "", ""],
        ["", "标", "质量指标", "项目竣工验收合格率", "100%"],
        ["二、", "效益指", "社会效益指标", "受益农户", "≥9600户"],
        ["", "标", "", "", ""],
        ["三、", "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥92%"],
    )
    assert rows_of(doc) == [
        ("产出指标", "数量指标", "硬化村内道路", "≥26公里"),
        ("产出指标", "质量指标", "项目竣工验收合格率", "100%"),
        ("效益指标", "社会效益指标", "受益农户", "≥9600户"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥92%"),
    ]
