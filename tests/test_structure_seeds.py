"""The structurer on the five seed filings and on small tables that isolate each mechanism.

The expected rows of each seed are in ``tests/expected/<seed>.tsv`` (row = source line of the
indicator, project = 1-based project number, level1/level2 canonical, name, value, and where the
filing has them period_value and actual). They were written by reading the filings; see
tests/expected/README.md for the reading decisions.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from indicator_nlp.structure import structure
from indicator_nlp.types import Block, Document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPECTED = ROOT / "tests" / "expected"

SEEDS = ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004")


def load_expected(key: str) -> list[dict[str, str]]:
    with (EXPECTED / f"{key}.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        for k, v in r.items():
            r[k] = v.replace("\\n", "\n")
    return rows


_CACHE: dict[str, object] = {}


def filing_of(path: Path):
    key = str(path)
    if key not in _CACHE:
        _CACHE[key] = structure(path)
    return _CACHE[key]


def expected_cases(keys, source):
    cases = []
    for key in keys:
        for row in load_expected(key):
            cases.append(pytest.param(source(key), row, id=f"{key}-line{row['row']}"))
    return cases


def check_row(filing, row: dict[str, str]) -> None:
    matches = [i for i in filing.indicators if str(i.row) == row["row"]]
    assert len(matches) == 1, f"no single indicator at source row {row['row']}"
    ind = matches[0]
    assert (ind.level1 or "", ind.level2 or "") == (row["level1"], row["level2"])
    assert ind.name == row["name"]
    assert (ind.value or "") == row["value"]
    if "period_value" in row:
        assert (ind.period_value or "") == row["period_value"]
    if "actual" in row:
        assert (ind.actual or "") == row["actual"]
    if row.get("project"):
        assert ind.project == filing.projects[int(row["project"]) - 1].name
    else:
        assert ind.project is None


# --- the seeds: counts and rows -----------------------------------------------------------

COUNTS = [
    pytest.param("seed_000", 18, id="seed000-18"),
    pytest.param("seed_001", 24, id="seed001-24"),
    pytest.param("seed_002", 9, id="seed002-9"),
    pytest.param("seed_003", 9, id="seed003-9-key-indicators"),
    pytest.param("seed_004", 44, id="seed004-44"),
]


@pytest.mark.parametrize(("seed", "count"), COUNTS)
def test_seed_indicator_count(seed, count):
    f = filing_of(EXAMPLES / f"{seed}.txt")
    assert len(f.indicators) == count
    assert len(load_expected(seed)) == count


@pytest.mark.parametrize(("path", "row"), expected_cases(SEEDS, lambda k: EXAMPLES / f"{k}.txt"))
def test_seed_expected_row(path, row):
    check_row(filing_of(path), row)


KINDS = [
    pytest.param("seed_000", "department", id="seed000-department"),
    pytest.param("seed_001", "department", id="seed001-department"),
    pytest.param("seed_002", "project", id="seed002-project"),
    pytest.param("seed_003", "self_evaluation", id="seed003-self-evaluation"),
    pytest.param("seed_004", "project", id="seed004-project"),
]


@pytest.mark.parametrize(("seed", "kind"), KINDS)
def test_seed_kind(seed, kind):
    assert filing_of(EXAMPLES / f"{seed}.txt").kind == kind


def test_seed_004_four_projects_with_metadata():
    f = filing_of(EXAMPLES / "seed_004.txt")
    assert [len(p.indicators) for p in f.projects] == [17, 9, 12, 6]
    assert [p.code for p in f.projects] == [
        "13070024P00001410007P",
        "13070024P000018100082",
        "13070024P00001610005U",
        "13070023P000795100019",
    ]
    assert [p.budget for p in f.projects] == ["33.57", "5.83", "17.50", "0.85"]
    assert f.projects[1].name == "预防青少年违法犯罪专项经费"
    assert f.projects[0].schedule == "3月底 25%；6月底 50%；10月底 75%；12月底 100%"
    assert f.projects[3].goal == "1.增强村党组织、增强强村富民、提升治理水平"
    assert f.projects[2].meta["资金用途"].startswith("开展志愿服务工作")


def test_seed_004_lone_rate_row_is_a_continuation_not_an_indicator():
    f = filing_of(EXAMPLES / "seed_004.txt")
    assert all(i.name != "率" for i in f.indicators)
    assert all(i.row != 116 for i in f.indicators)
    # the previous name already ends with the fragment: not doubled
    assert next(i for i in f.indicators if i.row == 113).name == "调研考察覆盖率"


def test_seed_004_repeated_header_after_page_break_keeps_labels():
    f = filing_of(EXAMPLES / "seed_004.txt")
    after_break = next(i for i in f.indicators if i.row == 117)
    assert (after_break.level1, after_break.level2) == ("产出指标", "质量指标")
    assert after_break.project == "落实河北省中长期青年发展规划工作经费"


def test_seed_004_department_goals_from_paragraphs():
    f = filing_of(EXAMPLES / "seed_004.txt")
    assert f.goals[0].startswith("2024年，我委将坚持")
    assert "5.持续改革创新，推动共青团改革向纵深发展。" in f.goals


def test_seed_004_cost_under_output_is_the_legacy_layout():
    f = filing_of(EXAMPLES / "seed_004.txt")
    cost = next(i for i in f.indicators if i.row == 122)
    assert (cost.level1, cost.level2, cost.layout) == ("产出指标", "成本指标", "legacy")


def test_seed_001_cost_as_level1_is_the_2021_layout():
    f = filing_of(EXAMPLES / "seed_001.txt")
    cost = next(i for i in f.indicators if i.row == 42)
    assert (cost.level1_raw, cost.level1, cost.layout) == ("成本指标", "成本指标", "2021")


def test_seed_001_empty_category_rows_are_not_indicators():
    f = filing_of(EXAMPLES / "seed_001.txt")
    assert not {43, 49} & {i.row for i in f.indicators}  # 经济效益指标, 生态效益指标: empty


def test_seed_002_filed_labels_kept_as_filed():
    f = filing_of(EXAMPLES / "seed_002.txt")
    by_name = {i.name: i for i in f.indicators}
    assert by_name["资助人数"].level2_raw == "时效指标"
    assert by_name["人才留用率"].level2_raw == "生态效益指标"
    assert by_name["满意度"].level2 == "服务对象满意度指标"  # a name equal to a label stays a name


def test_seed_002_project_metadata_from_one_cell_per_line():
    f = filing_of(EXAMPLES / "seed_002.txt")
    (p,) = f.projects
    assert (p.name, p.code, p.budget) == ("团委活动经费及宣教业务费", "130303210YA09YBACA1M9", "50000.00")
    assert p.goal.split("\n") == [
        "1.加强团的基层组织建设，搭建有效服务平台",
        "2.加强对青少年的思想政治引领工作",
        "3.足额及时发放名校英才入冀补贴",
    ]
    assert p.schedule.startswith("3月底 25.00%")
    ind = f.indicators[0]
    assert (ind.description, ind.basis) == ("开展青少年活动次数", "基层团组织建设要求")


def test_seed_000_department_meta_goals_tasks():
    f = filing_of(EXAMPLES / "seed_000.txt")
    assert f.meta["部门名称"] == "中国共产主义青年团广州市海珠区委员会"
    assert (f.meta["基本支出"], f.meta["项目支出"], f.meta["财政拨款"]) == ("350.76", "552.50", "903.26")
    assert len(f.goals) == 4 and f.goals[0].startswith("一是持续深化")
    assert [(t.name, t.funds) for t in f.tasks] == [
        ("纵深推进共青团改革工作", "50.00"),
        ("“青年地带”驻校社工服务项目经费", "200.00"),
    ]


def test_seed_001_shifted_task_row_realigned():
    f = filing_of(EXAMPLES / "seed_001.txt")
    assert len(f.tasks) == 6
    last = f.tasks[-1]
    assert last.name == "“阳光成长”青少年权益维护社会工作服务项目"
    assert last.funds == "1, 430, 400. 00"
    assert last.goal.startswith("一、12355青少年综合服务平台")


def test_seed_003_self_evaluation_targets_and_completion():
    f = filing_of(EXAMPLES / "seed_003.txt")
    assert all(i.actual for i in f.indicators)
    assert f.meta["预算完成率"] == "96.36%"
    assert f.meta["存在问题"].startswith("目前在青少年思想引领方面")
    assert "整体目标完成情况" in f.meta
    (task,) = f.tasks
    assert task.name == "“青年地带”预防青少年违法犯罪工作站" and task.funds == "262.5"


def test_every_value_is_parsed_by_the_threshold_extractor():
    pytest.importorskip("indicator_nlp.thresholds")
    f = filing_of(EXAMPLES / "seed_001.txt")
    ind = next(i for i in f.indicators if i.name == "小组服务数量")
    assert [(t.op, t.value, t.unit) for t in ind.threshold] == [(">=", 66.0, "个"), (">=", 388.0, "节次")]


# --- mechanisms on small tables (not keyed to any seed) -----------------------------------


def doc_of(*rows: list[str], paragraphs: tuple[str, ...] = (), merged_fill: bool = False) -> Document:
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
    return Document(path="mem.txt", format="txt", blocks=blocks)


def names(f) -> list[str]:
    return [i.name for i in f.indicators]


HEADERS = [
    pytest.param(["一级指标", "二级指标", "指标名称", "指标解释", "目标值"], id="指标名称-指标解释-目标值"),
    pytest.param(
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "年度指标值"], id="三级-描述-年度指标值"
    ),
    pytest.param(
        ["一级 指标", "二级\n指标", "指标内容", "指标说明", "指标值"], id="spaces-and-wraps-in-headers"
    ),
]


@pytest.mark.parametrize("header", HEADERS)
def test_header_vocabulary_maps_columns(header):
    f = structure(doc_of(header, ["产出指标", "数量指标", "培训人次", "全年培训", "≥300人次"]))
    (ind,) = f.indicators
    assert (ind.name, ind.description, ind.value) == ("培训人次", "全年培训", "≥300人次")
    assert (ind.level1, ind.level2) == ("产出指标", "数量指标")


JOINS = [
    pytest.param(["≥", "90", "%"], "≥90%", id="ge-number-percent"),
    pytest.param(["≤", "33.57", "万元"], "≤33.57万元", id="le-number-money"),
    pytest.param(["=", "12", "个"], "=12个", id="eq-number-count"),
    pytest.param(["无", "合规", "无"], "合规", id="no-operator-qualitative"),
    pytest.param(["", "100", "%"], "100%", id="no-operator-number-unit"),
]


@pytest.mark.parametrize(("cells", "value"), JOINS)
def test_operator_number_unit_columns_rejoined(cells, value):
    header = [
        "指标类型",
        "指标名称",
        "指标性质",
        "指标值",
        "计量单位",
        "指标权重",
        "全年完成值",
        "得分",
        "偏差原因",
    ]
    f = structure(doc_of(header, ["数量指标", "某指标", *cells, "5", cells[1], "4.5", "无偏差"]))
    (ind,) = f.indicators
    assert ind.value == value
    assert (ind.weight, ind.score, ind.deviation) == (5.0, 4.5, "无偏差")
    assert f.kind == "self_evaluation"


def test_level1_inferred_from_level2_and_carried_down():
    f = structure(
        doc_of(
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["", "质量指标", "验收合格率", "100%"],
            ["", "", "资料建档率", "≥95%"],
            ["", "时效指标", "完成时间", "12月31日前"],
        )
    )
    assert [(i.level1, i.level2, i.level1_raw) for i in f.indicators] == [
        ("产出指标", "质量指标", None),
        ("产出指标", "质量指标", None),
        ("产出指标", "时效指标", None),
    ]


def test_category_rows_and_category_names_are_not_indicators():
    f = structure(
        doc_of(
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["成本指标", "经济成本指标", "", ""],
            ["效益指标", "社会效益指标", "知晓率", "≥90%"],
            ["", "生态效益指标", "", ""],
            ["", "可持续影响指标", "可持续影响指标", ""],
        )
    )
    assert names(f) == ["知晓率"]


def test_shifted_rows_realigned_both_ways():
    f = structure(
        doc_of(
            ["", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"],
            ["", "产出指标", "数量指标", "培训人次", "≥600人次", "≥300人次"],
            ["", "", "", "质量指标", "合格率", "≥95%", "≥90%"],  # shifted right: label in the name column
            ["", "办证及时率", "100%", "100%", "", ""],  # shifted left: name in the level-1 column
            ["知晓率提升", "", "", "≥80%", "≥85%", ""],  # name in the section column, values apart
        )
    )
    got = [(i.level2, i.name, i.period_value, i.value) for i in f.indicators]
    assert got == [
        ("数量指标", "培训人次", "≥600人次", "≥300人次"),
        ("质量指标", "合格率", "≥95%", "≥90%"),
        ("质量指标", "办证及时率", "100%", "100%"),
        ("质量指标", "知晓率提升", "≥80%", "≥85%"),
    ]


def test_repeated_header_skipped_and_fragment_joined():
    f = structure(
        doc_of(
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "质量指标", "资料归档", "100%"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["", "", "率", ""],
            ["", "", "设备完好率", "≥98%"],
        )
    )
    assert names(f) == ["资料归档率", "设备完好率"]
    assert f.indicators[1].level2 == "质量指标"


def test_two_projects_in_one_document():
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    f = structure(
        doc_of(
            ["项目名称", "甲项目", "项目编码", "A001"],
            ["预算数", "10.5"],
            header,
            ["产出指标", "数量指标", "活动场次", "≥3场"],
            ["项目名称", "乙项目", "项目编码", "B002"],
            ["项目总额", "20"],
            header,
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
        )
    )
    assert [(p.name, p.code, p.budget, len(p.indicators)) for p in f.projects] == [
        ("甲项目", "A001", "10.5", 1),
        ("乙项目", "B002", "20", 1),
    ]
    assert [i.project for i in f.indicators] == ["甲项目", "乙项目"]
    assert f.kind == "project"


def test_merged_fill_section_cells_ignored():
    f = structure(
        doc_of(
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
            ["绩效指标", "产出指标", "数量指标", "培训人次", "≥300人次"],
            ["绩效指标", "产出指标", "数量指标", "发放册数", "≥500册"],
            merged_fill=True,
        )
    )
    assert names(f) == ["培训人次", "发放册数"]


def test_no_indicator_table_gives_no_indicators():
    f = structure(doc_of(["部门名称", "某局"], ["基本支出", "12.5", "项目支出", "3"]))
    assert f.indicators == []
    assert f.meta == {"部门名称": "某局", "基本支出": "12.5", "项目支出": "3"}
    assert f.kind == "department"


def test_two_line_header_splits_the_value_column():
    header = ["一级指标", "二级指标", "三级指标", "指标值", "", "指标值确定依据"]
    sub = ["", "", "", "实施周期指标值", "年度指标值", ""]
    f = structure(
        doc_of(
            header,
            sub,
            ["产出指标", "数量指标", "培训人次", "≥600人次", "≥300人次", "年度计划"],
            header,  # repeated after a page break, with its second line
            sub,
            ["", "质量指标", "合格率", "≥90%", "≥95%", "行业标准"],
        )
    )
    got = [(i.level1_raw, i.level2, i.name, i.period_value, i.value, i.basis) for i in f.indicators]
    assert got == [
        ("产出指标", "数量指标", "培训人次", "≥600人次", "≥300人次", "年度计划"),
        ("产出指标", "质量指标", "合格率", "≥90%", "≥95%", "行业标准"),
    ]


# --- the vocabulary tables ----------------------------------------------------------------

VOCAB_TABLES = [
    pytest.param("HEADER_WORDS", id="header-words"),
    pytest.param("TASK_HEADER_WORDS", id="task-header-words"),
    pytest.param("META_KEYS", id="meta-keys"),
]


@pytest.mark.parametrize("table", VOCAB_TABLES)
def test_vocabulary_keys_are_folded(table):
    from indicator_nlp.structure import vocabulary as vocab

    keys = list(getattr(vocab, table))
    assert all(vocab.fold(k) == k for k in keys)


def test_vocabulary_roles_known_and_sections_folded():
    from indicator_nlp.structure import vocabulary as vocab

    assert set(vocab.HEADER_WORDS.values()) <= set(vocab.INDICATOR_ROLES)
    assert {r for _, r in vocab.HEADER_PREFIXES} <= set(vocab.INDICATOR_ROLES)
    assert vocab.CORE_ROLES <= set(vocab.INDICATOR_ROLES)
    assert all(vocab.fold(w) == w for w in vocab.SECTION_WORDS)
    assert vocab.TEXT_KEYS <= set(vocab.META_KEYS.values())
    # a header word is never also a metadata key: rows are told apart by them
    assert not set(vocab.HEADER_WORDS) & set(vocab.META_KEYS)


def test_wrapped_description_row_continues_the_previous_indicator():
    f = structure(
        doc_of(
            ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
            ["产出指标", "数量指标", "培训人次", "全年组织开展", "≥300人次", "年度"],
            ["", "", "", "各类培训", "", "工作计划"],
            ["", "", "发放册数", "宣传册", "≥500册", "计划"],
        )
    )
    assert [(i.name, i.description, i.basis) for i in f.indicators] == [
        ("培训人次", "全年组织开展各类培训", "年度工作计划"),
        ("发放册数", "宣传册", "计划"),
    ]


UNITS = [
    pytest.param("90", "%", "90%", id="number-percent"),
    pytest.param("≥90", "%", "≥90%", id="operator-in-value"),
    pytest.param("不少于 5", "场", "不少于 5场", id="word-operator-in-value"),
    pytest.param("≥90%", "%", "≥90%", id="unit-already-written"),
    pytest.param("合格", "无", "合格", id="qualitative"),
]


@pytest.mark.parametrize(("value", "unit", "expected"), UNITS)
def test_unit_column_appended_to_numeric_values(value, unit, expected):
    f = structure(doc_of(["二级指标", "指标名称", "指标值", "计量单位"], ["质量指标", "某指标", value, unit]))
    assert f.indicators[0].value == expected


# --- the same seed in other text shapes gives the same indicators ---------------------------


def _tsv_to_markdown(text: str) -> str:
    out, in_table = [], False
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
                in_table = True
        elif not (line.strip() == "" and in_table):
            in_table = False
            out.append(line)
    return "\n".join(out)


def _tsv_to_cells(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        out += (["\t" + c for c in line.split("\t")] + [""]) if "\t" in line else [line]
    return "\n".join(out)


def _page_break(text: str) -> str:
    """A form feed and a page number in the middle of the indicator table."""
    lines = text.split("\n")
    k = int(len(lines) * 0.6)
    while k < len(lines) and not lines[k].startswith("\t"):
        k += 1
    return "\n".join(lines[:k] + ["\f- 2 -"] + lines[k:])


def _tsv_to_spaced(text: str) -> str:
    """Columns padded with spaces, as ``pdftotext -layout`` prints a table."""
    import unicodedata

    def width(t: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in t)

    out: list[str] = []
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            ncol = max(len(r) for r in block)
            widths = [max(width(r[k]) if k < len(r) else 0 for r in block) + 2 for k in range(ncol)]
            out.extend(
                "".join(c + " " * (widths[k] - width(c)) for k, c in enumerate(r)).rstrip() for r in block
            )
            block.clear()

    for line in text.split("\n"):
        if "\t" in line:
            block.append([c.strip() for c in line.split("\t")])
        elif not (block and not line.strip()):
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def _tsv_to_html(text: str) -> str:
    """Each tab-separated table as an HTML <table> (how MinerU-style Markdown keeps tables)."""
    import html

    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            trs = [
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r.split("\t")) + "</tr>" for r in block
            ]
            out.append("<table>" + "\n".join(trs) + "</table>")
            block.clear()

    for line in text.split("\n"):
        if "\t" in line:
            block.append(line)
        elif not (block and not line.strip()):
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf16": lambda t: t.encode("utf-16"),
    "page-break": lambda t: _page_break(t).encode("utf-8"),
    "markdown": lambda t: _tsv_to_markdown(t).encode("utf-8"),
    "one-cell-per-line": lambda t: _tsv_to_cells(t).encode("utf-8"),
    "space-aligned": lambda t: _tsv_to_spaced(t).encode("utf-8"),
    "html-tables": lambda t: _tsv_to_html(t).encode("utf-8"),
}
TSV_ONLY = ("markdown", "one-cell-per-line", "space-aligned", "html-tables")
VARIANT_CASES = [
    pytest.param(seed, variant, id=f"{seed}-{variant}")
    for seed in SEEDS
    for variant in VARIANTS
    if seed in ("seed_000", "seed_001", "seed_004") or variant not in TSV_ONLY
]


@pytest.mark.parametrize(("seed", "variant"), VARIANT_CASES)
def test_seed_in_another_text_shape_gives_the_same_indicators(tmp_path, seed, variant):
    text = (EXAMPLES / f"{seed}.txt").read_text("utf-8")
    path = tmp_path / f"{seed}.txt"
    path.write_bytes(VARIANTS[variant](text))

    def rows(f):
        return [(i.level1, i.level2, i.name, i.value, i.project) for i in f.indicators]

    assert rows(structure(path)) == rows(filing_of(EXAMPLES / f"{seed}.txt"))


def test_budget_label_row_paired_with_the_values_row_below():
    f = structure(
        doc_of(
            ["项目名称", "丙项目", "项目编码", "C003"],
            ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "100", "120", "108", "10", "90%", "9"],
            ["年度总体目标", "完成全年培训任务"],
        )
    )
    (p,) = f.projects
    assert (p.budget, p.meta["全年执行数"], p.meta["执行率"], p.goal) == (
        "120",
        "108",
        "90%",
        "完成全年培训任务",
    )


def test_project_named_by_its_form_title_when_no_project_rows():
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    blocks = []
    for n, (title, row) in enumerate(
        [
            ("1.青少年普法宣传经费绩效目标表", ["产出指标", "数量指标", "宣传场次", "≥3场"]),
            ("2.志愿服务项目专项经费绩效目标表", ["产出指标（50分）", "质量指标", "出勤率", "≥90%"]),
        ]
    ):
        blocks.append(Block(kind="paragraph", text=title, index=n))
        blocks.append(Block(kind="table", rows=[header, row], index=n))
    f = structure(Document(path="mem.txt", format="txt", blocks=blocks))
    assert [(p.name, len(p.indicators)) for p in f.projects] == [
        ("青少年普法宣传经费", 1),
        ("志愿服务项目专项经费", 1),
    ]
    assert f.indicators[1].level1_raw == "产出指标"  # the score annotation is not part of the label
    assert f.kind == "project"


def test_department_form_title_is_not_a_project():
    blocks = [
        Block(kind="paragraph", text="部门整体支出绩效目标表"),
        Block(
            kind="table",
            rows=[["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训人次", "≥3"]],
        ),
    ]
    f = structure(Document(path="mem.txt", format="txt", blocks=blocks))
    assert f.projects == [] and f.kind == "department"


# --- property: any table of form words structures without error -----------------------------

FORM_WORDS = [
    "一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "实施周期指标值", "指标名称", "绩效指标描述",
    "指标性质", "计量单位", "全年完成值", "权重", "得分", "偏差原因", "名称", "主要实施内容", "拟投入的资金",
    "产出指标", "数量指标", "质量指标", "成本指标", "效益指标", "满意度", "服务对象满意度指标", "管理类指标",
    "项目名称", "项目编码", "预算数", "资金支出计划", "绩效目标", "总体绩效目标", "部门名称", "合计", "绩效指标",
    "年度关键指标", "培训人次", "≥90%", "100", "个", "≥", "无", "3月底", "25%", "率", "1.5万", "",
    "某某项目绩效目标表", "年度整体目标", "12.5", "预算规模及资金用途",
]  # fmt: skip


def test_any_table_of_form_words_structures_without_error():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    table = st.lists(st.lists(st.sampled_from(FORM_WORDS), min_size=1, max_size=8), min_size=1, max_size=10)
    block = st.builds(
        lambda rows, fill, sheet: Block(kind="table", rows=rows, merged_fill=fill, sheet=sheet),
        table,
        st.booleans(),
        st.sampled_from([None, "Sheet1", "Sheet2"]),
    ) | st.builds(lambda t: Block(kind="paragraph", text=t or "x"), st.sampled_from(FORM_WORDS))

    @hypothesis.settings(max_examples=300, deadline=None, derandomize=True)
    @hypothesis.given(st.lists(block, min_size=1, max_size=4))
    def check(blocks):
        f = structure(Document(path="mem.txt", format="txt", blocks=blocks))
        assert all(i.name for i in f.indicators)
        assert sum(len(p.indicators) for p in f.projects) <= len(f.indicators)
        assert f.kind in ("department", "project", "self_evaluation", "narrative", "unknown")

    check()


def test_a_new_sheet_does_not_continue_the_previous_table():
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    blocks = [
        Block(kind="table", sheet="甲", rows=[header, ["产出指标", "数量指标", "培训人次", "≥3"]]),
        Block(kind="table", sheet="乙", rows=[["资金来源", "金额"], ["财政拨款", "100"]]),
    ]
    f = structure(Document(path="mem.xlsx", format="xlsx", blocks=blocks))
    assert names(f) == ["培训人次"]
    assert f.meta["财政拨款"] == "100"


CATEGORY_AS_NAME = [
    pytest.param(
        ["", "", "社会效益指标", "显著"], ("社会效益指标", "显著"), id="category-name-with-value-kept"
    ),
    pytest.param(
        ["", "", "", "质量指标", "合格率", "≥90%"], ("合格率", "≥90%"), id="label-pushed-past-the-table"
    ),
    pytest.param(
        ["", "", "质量指标", "合格率", "≥90%", ""], ("合格率", "≥90%"), id="label-pushed-value-further-right"
    ),
]


@pytest.mark.parametrize(("row", "expected"), CATEGORY_AS_NAME)
def test_label_in_the_name_column_name_or_shifted_label(row, expected):
    f = structure(
        doc_of(
            ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"][: max(4, len(row) - 1)],
            ["效益指标", "社会效益指标", "知晓率", "≥90%"],
            row,
        )
    )
    last = f.indicators[-1]
    assert (last.name, last.value) == expected


UNIT_LINES = [
    pytest.param(
        "seed_002", "中国共产主义青年团秦皇岛市山海关区委员会本级", "元", id="seed002-unit-in-a-row"
    ),
    pytest.param("seed_003", None, "万元", id="seed003-money-unit-paragraph"),
    pytest.param("seed_004", "共青团张家口市委员会本级", "万元", id="seed004-unit-paragraph"),
]


@pytest.mark.parametrize(("seed", "unit_name", "money_unit"), UNIT_LINES)
def test_budget_unit_and_money_unit_lines(seed, unit_name, money_unit):
    f = filing_of(EXAMPLES / f"{seed}.txt")
    assert (f.meta.get("单位名称"), f.meta.get("金额单位")) == (unit_name, money_unit)


ROW_NUMBERS = [
    pytest.param(["序号", "一级指标", "二级指标", "三级指标", "指标值"], id="index-column-with-header"),
    pytest.param(["", "一级指标", "二级指标", "三级指标", "指标值"], id="index-column-without-header"),
]


@pytest.mark.parametrize("header", ROW_NUMBERS)
def test_row_number_column_is_not_part_of_the_indicator(header):
    f = structure(
        doc_of(
            header,
            ["1", "产出指标", "数量指标", "培训人次", "≥300人次"],
            ["2", "", "", "发放册数", "≥500册"],
        )
    )
    assert [(i.level2, i.name, i.value) for i in f.indicators] == [
        ("数量指标", "培训人次", "≥300人次"),
        ("数量指标", "发放册数", "≥500册"),
    ]


def test_short_fragment_in_a_value_column_continues_the_value():
    f = structure(
        doc_of(
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "成本指标", "总成本", "≤33.57"],
            ["", "", "", "万元"],
            ["", "", "", "≥90%"],  # a lone value: no name, not a fragment either
        )
    )
    assert [(i.name, i.value) for i in f.indicators] == [("总成本", "≤33.57万元")]
    assert [(t.op, t.value, t.unit) for t in f.indicators[0].threshold] == [("<=", 33.57, "万元")]


def test_running_title_repeated_after_a_page_break_does_not_split_the_project():
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    title = "1.青少年普法宣传经费绩效目标表"
    blocks = [
        Block(kind="paragraph", text=title),
        Block(kind="table", rows=[header, ["产出指标", "数量指标", "宣传场次", "≥3场"]]),
        Block(kind="paragraph", text=title),
        Block(kind="table", rows=[header, ["", "", "宣传人次", "≥300人次"]]),
    ]
    f = structure(Document(path="mem.txt", format="txt", blocks=blocks))
    assert [(p.name, len(p.indicators)) for p in f.projects] == [("青少年普法宣传经费", 2)]
    assert f.indicators[1].level2 == "数量指标"


def test_head_word_patterns_compile_to_known_roles():
    import re

    from indicator_nlp.structure import vocabulary as vocab

    for pattern, role in vocab.HEADER_HEADS:
        assert role in vocab.INDICATOR_ROLES, pattern
        re.compile(pattern)


# Headers other provinces print, outside HEADER_WORDS: the role their head words give (None: no
# role from the words, the column's cells decide). Each word is checked to be no exact word.
HEAD_WORDS = [
    pytest.param("绩效指标类别", "label", id="绩效指标类别"),
    pytest.param("指标子类", "label", id="指标子类"),
    pytest.param("指标层级", "label", id="指标层级"),
    pytest.param("指标级次", "label", id="指标级次"),
    pytest.param("考核维度", "label", id="考核维度"),
    pytest.param("类别", "label", id="类别"),
    pytest.param("一级指标及分值", "level1", id="一级-with-its-score"),
    pytest.param("二级指标名称及分值", "level2", id="二级-longer"),
    pytest.param("三级指标内容", "name", id="三级-longer"),
    pytest.param("指标名称及内容", "name", id="指标名称及内容"),
    pytest.param("评价指标", "name", id="评价指标"),
    pytest.param("考核内容", "name", id="考核内容"),
    pytest.param("具体考核指标", "name", id="具体考核指标"),
    pytest.param("绩效目标值", "value", id="绩效目标值"),
    pytest.param("预期目标值", "value", id="预期目标值"),
    pytest.param("年度预期目标", "value", id="年度预期目标"),
    pytest.param("年度目标", "value", id="年度目标"),
    pytest.param("年度绩效指标值（含单位）", "value", id="绩效指标值-longer-with-a-bracket"),
    pytest.param("实施周期目标值", "period_value", id="实施周期目标值"),
    pytest.param("全年实际完成数", "actual", id="全年实际完成数"),
    pytest.param("指标权数", "weight", id="指标权数"),
    pytest.param("计分权重", "weight", id="计分权重"),
    pytest.param("指标口径", "description", id="指标口径"),
    pytest.param("计算单位", "unit", id="计算单位"),
    pytest.param("指标子项", None, id="指标子项-cells-decide"),
    pytest.param("所属方面", None, id="unknown-cells-decide"),
    pytest.param("2024年度", None, id="a-year-cells-decide"),
    pytest.param("年度绩效目标", None, id="a-metadata-key-is-no-column"),
    pytest.param("实施单位", None, id="实施单位-is-metadata"),
    pytest.param("完成", "actual", id="完成-alone"),
    pytest.param("全年完成数", "actual", id="全年完成数"),
]


@pytest.mark.parametrize(("header", "role"), HEAD_WORDS)
def test_header_read_by_head_words(header, role):
    from indicator_nlp.structure import vocabulary as vocab

    assert vocab.header_role(header) is None  # not an exact word: the head words read it
    assert vocab.head_role(header) == role


def test_exact_words_beat_head_words_in_a_row():
    from indicator_nlp.structure import vocabulary as vocab

    # 年度预期目标 reads as a value, but 指标值 of the same row is the value column
    assert vocab.header_roles(["三级指标", "年度预期目标", "指标值"]) == ["name", None, "value"]
    # two category columns both stay category columns (their cells tell level 1 from level 2)
    assert vocab.header_roles(["指标层级", "指标级次", "评价指标"]) == ["label", "label", "name"]


# A header row's roles read as a whole (after the layouts of other provinces, written for them).
HEADER_ROWS = [
    pytest.param(["一级指标名称", "二级指标名称", "指标", "预期目标"], ["level1", "level2", None, "value"],
                 id="预期目标-is-the-target-beside-levels"),
    pytest.param(["一级", "二级", "三级指标", "目标", "完成", "得分"],
                 ["level1", "level2", "name", "value", "actual", "score"], id="bare-目标-and-完成"),
    pytest.param(["主要任务", "预期目标", "目标完成情况"], ["task", "task_goal", "task_done"],
                 id="a-task-table-keeps-its-goal-column"),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "roles"), HEADER_ROWS)
def test_header_row_roles(cells, roles):
    from indicator_nlp.structure import vocabulary as vocab

    assert vocab.header_roles(cells) == roles


def test_template_enumerator_is_no_part_of_the_name(tmp_path):
    """Templates that print 指标1：… before each name (the central departments' form)."""
    from indicator_nlp.structure import structure

    src = tmp_path / "t.txt"
    src.write_text(
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t指标1：开展精品示范村建设数量\t≥5个\n"
        "产出指标\t质量指标\t指标 2: 验收通过率\t100%\n"
        "效益指标\t社会效益指标\t指标体系建设情况\t完善\n",
        encoding="utf-8",
    )
    names = [i.name for i in structure(src).indicators]
    assert names == ["开展精品示范村建设数量", "验收通过率", "指标体系建设情况"]
