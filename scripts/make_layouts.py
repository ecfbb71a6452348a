"""(Re)generate the layout fixtures: filings laid out as other publishers lay them out.

    python scripts/make_layouts.py            # write tests/fixtures/layouts/ and tests/expected/layouts/
    python scripts/make_layouts.py --check    # regenerate in a temp folder and compare content

Each *layout* is a way real publishers lay out an indicator table (the eight of issue 9, then
layouts of our own: other column orders and subsets, other encodings, other ways of writing the
levels). Each is described once, format-neutrally (:class:`Doc`: paragraphs, lines of footer
cells, ruled tables with merged cells and percent cells), from content written for this script
(varied sectors; no seed rows), then rendered in every format it can take: XLSX (openpyxl), DOCX
(python-docx), PDF (reportlab, the first long table run over two pages with its header
repeated), HTML (a government page with chrome around the tables, Word-pasted cell markup),
CSV/TSV/TXT in several encodings.

Beside every fixture ``tests/expected/layouts/<fixture>.tsv`` lists the indicators a careful
reader sees, in order, with where each one is (``row``: sheet row, Word table row, text line or
HTML ``<tr>`` line; ``page`` for PDF). The expected rows come from the layout's own description
(what the filer meant), never from running the structurer.

The output is deterministic (fixed dates, reportlab's invariant mode, fixed ZIP timestamps).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "layouts"
EXPECTED = ROOT / "tests" / "expected" / "layouts"


def _make_fixtures() -> Any:
    """scripts/make_fixtures.py as a module (its deterministic ZIP writer and PDF font)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("make_fixtures", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# ---------------------------------------------------------------------------------------------
# A format-neutral document
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pct:
    """A number cell shown with a percent format (0.95 under ``0%`` is shown 95%)."""

    value: float
    fmt: str = "0%"

    def __str__(self) -> str:
        decimals = len(self.fmt.split(".")[1].rstrip("%")) if "." in self.fmt else 0
        return f"{self.value * 100:.{decimals}f}%"


@dataclass(frozen=True)
class Num:
    """A plain number cell (``fmt`` as Excel's number format)."""

    value: float
    fmt: str = "General"

    def __str__(self) -> str:
        v = self.value
        if "." in self.fmt:
            return f"{v:.{len(self.fmt.split('.')[1])}f}"
        return str(int(v)) if v == int(v) else str(v)


CellValue = str | Pct | Num


@dataclass
class Table:
    """A ruled table. ``merges``: (row, col, last row, last col), text in the top-left cell only.

    ``header_rows`` are repeated on the second PDF page when ``split_at`` (a row index) breaks the
    table there. ``indicators`` maps a row index to the expected indicator it holds; ``beside``
    the indicator of a second block printed in the right half of the same rows (read after every
    row of the first block, as a reader reads two tables set side by side).
    """

    rows: list[list[CellValue]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 1
    split_at: int | None = None
    indicators: dict[int, dict[str, str]] = field(default_factory=dict)
    beside: dict[int, dict[str, str]] = field(default_factory=dict)
    widths: list[float] | None = None  # relative column widths (PDF)


@dataclass
class Para:
    text: str
    title: bool = False
    indicator: dict[str, str] | None = None  # a line-format indicator (【一级-二级】名称：值)


@dataclass
class Line:
    """A row of loose cells under a table (填报人 | 联系电话 | 填报日期): cells in a sheet, one line
    of text elsewhere."""

    cells: list[str]


Part = Table | Para | Line


@dataclass
class Doc:
    name: str
    title: str
    parts: list[Part]
    formats: tuple[str, ...]  # e.g. ("xlsx", "docx", "pdf", "html", "csv")
    fields: tuple[str, ...] = ("level1", "level2", "name", "value")
    sheet: str = "Sheet1"
    chrome: bool = False  # HTML: a government site's page around the tables
    word_markup: bool = False  # HTML: cells pasted from Word (<p class=MsoNormal><span>…)
    note: str = ""


def ind(level1: str, level2: str, name: str, value: str, **more: str) -> dict[str, str]:
    """An expected indicator: canonical level 1 and 2, the name as one line, the value as filed."""
    return {"level1": level1, "level2": level2, "name": name.replace("\n", ""), "value": value, **more}


def label_merges(
    rows: list[list[CellValue]], first: int, cols: Sequence[int]
) -> list[tuple[int, int, int, int]]:
    """Vertical merges for runs of a label written once and left empty below (from row ``first``):
    the run of column c ends where a new label starts in c or in a column left of it."""
    merges = []
    for col in cols:
        r = first
        while r < len(rows):
            if not str(rows[r][col]):
                r += 1
                continue
            end = r
            while (
                end + 1 < len(rows)
                and not str(rows[end + 1][col])
                and all(not str(rows[end + 1][c]) for c in cols if c < col)
                and any(str(x) for x in rows[end + 1])
            ):
                end += 1
            if end > r:
                merges.append((r, col, end, col))
            r = end + 1
    return merges


# ---------------------------------------------------------------------------------------------
# The layouts (content written for this script; sectors vary)
# ---------------------------------------------------------------------------------------------

P1, Q, T, C = "产出指标", "质量指标", "时效指标", "成本指标"
N, E1, S = "数量指标", "效益指标", "满意度指标"
SOC, ECO, ENV, SUS = "社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"
SAT = "服务对象满意度指标"


def layout_national() -> Doc:
    """1. XLSX national template: header block with merges, 一级|二级|三级|指标值, footer row."""
    body = [
        [P1, N, "县乡村道路日常养护里程", "≥1200公里", ind(P1, N, "县乡村道路日常养护里程", "≥1200公里")],
        ["", "", "修复路面坑槽面积", "≥8500平方米", ind(P1, N, "修复路面坑槽面积", "≥8500平方米")],
        ["", "", "增设安全警示标志", "150块", ind(P1, N, "增设安全警示标志", "150块")],
        ["", Q, "养护路段优良路率", "≥85%", ind(P1, Q, "养护路段优良路率", "≥85%")],
        ["", "", "路面病害处置\n合格率", Pct(0.98), ind(P1, Q, "路面病害处置合格率", "98%")],
        ["", T, "病害处置及时率", Pct(1), ind(P1, T, "病害处置及时率", "100%")],
        ["", "", "养护任务完成时间", "2024年12月31日前", ind(P1, T, "养护任务完成时间", "2024年12月31日前")],
        ["", C, "每公里年均养护成本", "≤0.7万元/公里", ind(P1, C, "每公里年均养护成本", "≤0.7万元/公里")],
        [E1, SOC, "群众出行条件", "明显改善", ind(E1, SOC, "群众出行条件", "明显改善")],
        [
            "",
            "",
            "养护路段交通事故发生率",
            "较上年下降",
            ind(E1, SOC, "养护路段交通事故发生率", "较上年下降"),
        ],
        ["", SUS, "农村公路养护长效机制", "建立健全", ind(E1, SUS, "农村公路养护长效机制", "建立健全")],
        [S, SAT, "沿线群众满意度", Pct(0.9), ind(S, SAT, "沿线群众满意度", "90%")],
    ]
    head: list[list[CellValue]] = [
        ["项目支出绩效目标表", "", "", "", ""],
        ["（2024年度）", "", "", "", ""],
        ["项目名称", "农村公路日常养护项目", "", "", ""],
        ["主管部门", "县交通运输局", "", "实施单位", "县公路养护中心"],
        ["项目资金\n（万元）", "年度资金总额", Num(860, "0.00"), "", ""],
        ["", "其中：财政拨款", Num(800, "0.00"), "", ""],
        ["", "其他资金", Num(60, "0.00"), "", ""],
        [
            "年度绩效目标",
            "目标1：完成全县乡村道路日常养护1200公里，路况保持良好。\n目标2：及时处置路面病害，保障群众安全出行。",
            "",
            "",
            "",
        ],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ]
    rows = head + [[""] + r[:4] for r in body]
    merges = [(0, 0, 0, 4), (1, 0, 1, 4), (2, 1, 2, 4), (3, 1, 3, 2), (4, 0, 6, 0),
              (4, 2, 4, 4), (5, 2, 5, 4), (6, 2, 6, 4), (7, 1, 7, 4), (8, 0, 8 + len(body), 0)]  # fmt: skip
    merges += label_merges(rows, 9, [1, 2])
    table = Table(
        rows=rows,
        merges=merges,
        header_rows=9,
        indicators={9 + k: r[4] for k, r in enumerate(body)},  # type: ignore[misc]
        widths=[1.0, 1.2, 1.4, 2.4, 1.6],
    )
    footer = Line(["填报人：陈晓", "", "联系电话：0759-3321456", "", "填报日期：2024年1月20日"])
    return Doc("01-national", "项目支出绩效目标表", [table, footer], ("xlsx", "docx", "pdf", "html", "csv"))


def layout_split_value() -> Doc:
    """2. XLSX split value: 指标性质 (≥ ≤ = 定性) | 指标值 (a number cell) | 度量单位."""
    body: list[tuple[str, str, str, str, CellValue, str, dict[str, str]]] = [
        (P1, N, "新造林面积", "≥", Num(3000), "亩", ind(P1, N, "新造林面积", "≥3000亩")),
        ("", "", "补植苗木数量", "≥", Num(12000), "株", ind(P1, N, "补植苗木数量", "≥12000株")),
        ("", Q, "苗木成活率", "≥", Pct(0.85), "%", ind(P1, Q, "苗木成活率", "≥85%")),
        ("", "", "造林检查验收合格率", "≥", Num(95), "%", ind(P1, Q, "造林检查验收合格率", "≥95%")),
        ("", "", "苗木质量等级", "定性", "良好", "", ind(P1, Q, "苗木质量等级", "良好")),
        (
            "",
            T,
            "造林任务完成时限",
            "定性",
            "2024年5月底前",
            "",
            ind(P1, T, "造林任务完成时限", "2024年5月底前"),
        ),
        (
            C,
            "经济成本指标",
            "苗木采购单价",
            "≤",
            Num(12.5),
            "元/株",
            ind(C, "经济成本指标", "苗木采购单价", "≤12.5元/株"),
        ),
        (
            "",
            "生态环境成本指标",
            "造林施工水土流失面积",
            "≤",
            Num(0),
            "亩",
            ind(C, "生态环境成本指标", "造林施工水土流失面积", "≤0亩"),
        ),
        (
            E1,
            ENV,
            "森林覆盖率提高",
            "≥",
            Num(0.3),
            "个百分点",
            ind(E1, ENV, "森林覆盖率提高", "≥0.3个百分点"),
        ),
        ("", SOC, "带动农户参与造林", "≥", Num(260), "户", ind(E1, SOC, "带动农户参与造林", "≥260户")),
        ("", SUS, "林木管护制度", "=", Num(1), "项", ind(E1, SUS, "林木管护制度", "=1项")),
        (S, SAT, "造林农户满意度", "≥", Num(90), "%", ind(S, SAT, "造林农户满意度", "≥90%")),
    ]
    head: list[list[CellValue]] = [
        ["2024年国土绿化造林补助项目绩效目标表", "", "", "", "", ""],
        ["项目名称", "国土绿化造林补助", "", "预算数（万元）", Num(326.5, "0.00"), ""],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
    ]
    rows = head + [list(r[:6]) for r in body]
    merges = [(0, 0, 0, 5), (1, 1, 1, 2), (1, 4, 1, 5)] + label_merges(rows, 3, [0, 1])
    table = Table(rows, merges, header_rows=3, indicators={3 + k: r[6] for k, r in enumerate(body)})
    return Doc(
        "02-split-value", "国土绿化造林补助项目绩效目标表", [table], ("xlsx", "csv", "docx", "pdf", "html")
    )


def layout_unit_first() -> Doc:
    """3. DOCX with the unit before the operator (计量单位 | 指标方向 | 指标值), header block apart."""
    body = [
        (
            P1,
            N,
            "建立居民电子健康档案",
            "份",
            "大于等于",
            "45000",
            ind(P1, N, "建立居民电子健康档案", "≥45000份"),
        ),
        ("", "", "开展健康教育讲座", "次", "大于等于", "24", ind(P1, N, "开展健康教育讲座", "≥24次")),
        (
            "",
            Q,
            "适龄儿童免疫规划疫苗接种率",
            "%",
            "大于等于",
            "95",
            ind(P1, Q, "适龄儿童免疫规划疫苗接种率", "≥95%"),
        ),
        ("", "", "健康档案规范化建档率", "%", "等于", "100", ind(P1, Q, "健康档案规范化建档率", "=100%")),
        (
            "",
            T,
            "补助资金拨付时间",
            "",
            "定性",
            "2024年10月底前",
            ind(P1, T, "补助资金拨付时间", "2024年10月底前"),
        ),
        (
            "",
            C,
            "人均基本公共卫生服务补助",
            "元/人",
            "等于",
            "89",
            ind(P1, C, "人均基本公共卫生服务补助", "=89元/人"),
        ),
        (E1, SOC, "居民健康素养水平", "%", "大于等于", "28", ind(E1, SOC, "居民健康素养水平", "≥28%")),
        ("", "", "法定传染病报告\n漏报率", "%", "小于等于", "2", ind(E1, SOC, "法定传染病报告漏报率", "≤2%")),
        ("", SUS, "基层卫生服务能力", "", "定性", "持续提升", ind(E1, SUS, "基层卫生服务能力", "持续提升")),
        (S, SAT, "签约居民满意度", "%", "大于等于", "85", ind(S, SAT, "签约居民满意度", "≥85%")),
    ]
    block = Table(
        rows=[
            ["项目名称", "基本公共卫生服务补助", "主管部门", "县卫生健康局"],
            ["实施单位", "县疾病预防控制中心", "项目负责人", "刘文"],
            ["预算数（万元）", "512.00", "其中：中央补助", "380.00"],
            ["年度绩效目标", "为辖区常住居民免费提供基本公共卫生服务，提高居民健康素养。", "", ""],
        ],
        merges=[(3, 1, 3, 3)],
        header_rows=0,
    )
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "计量单位", "指标方向", "指标值"]]
    rows += [list(r[:6]) for r in body]
    rows.append(["单位负责人：赵建国", "", "审核人：孙丽", "", "填报人：钱敏", ""])
    merges = label_merges(rows[:-1], 1, [0, 1]) + [(len(rows) - 1, 0, len(rows) - 1, 1), (len(rows) - 1, 2, len(rows) - 1, 3), (len(rows) - 1, 4, len(rows) - 1, 5)]  # fmt: skip
    table = Table(rows, merges, indicators={1 + k: r[6] for k, r in enumerate(body)})
    title = Para("2024年基本公共卫生服务补助项目绩效目标申报表", title=True)
    return Doc(
        "03-unit-first", title.text, [title, block, Para("绩效指标"), table], ("docx", "pdf", "xlsx", "html")
    )


def layout_lines() -> Doc:
    """4. One indicator per line: 【一级-二级】名称：值, its bracket variants, colons inside names."""
    items = [
        ("【产出指标-数量指标】", "培训人次", "≥500人次", P1, N),
        ("【产出指标-数量指标】", "培训课时（理论:实操=1:2）", "≥120课时", P1, N),
        ("[产出指标/质量指标]", "培训考核合格率", "≥90%", P1, Q),
        ("［产出指标／质量指标］", "职业技能等级证书获取率", "≥70%", P1, Q),
        ("【产出指标-时效指标】", "培训任务完成时间", "2024年11月30日前", P1, T),
        ("【产出指标-成本指标】", "人均培训成本", "≤1800元/人", P1, C),
        ("〔效益指标－社会效益指标〕", "培训后6个月就业率", "≥60%", E1, SOC),
        ("【效益指标—经济效益指标】", "学员月均增收", "≥800元", E1, ECO),
        ("【效益-可持续影响】", "校企合作培训机制", "持续运行", E1, SUS),
        ("【满意度指标-服务对象满意度指标】", "参训学员满意度", "≥90%", S, SAT),
    ]
    parts: list[Part] = [
        Para("2024年就业技能培训补贴项目绩效目标", title=True),
        Para("项目名称：就业技能培训补贴"),
        Para("主管部门：市人力资源和社会保障局"),
        Para("绩效指标："),
    ]
    for k, (bracket, name, value, l1, l2) in enumerate(items):
        colon = ":" if k % 3 == 1 else "："
        parts.append(Para(f"{bracket}{name}{colon}{value}", indicator=ind(l1, l2, name, value)))
    parts += [Para("填报人：周敏"), Para("联系电话：0371-65432100"), Para("填报日期：2024年2月1日")]
    return Doc("04-lines", "就业技能培训补贴项目绩效目标", parts, ("txt", "txt-gb18030", "docx", "pdf"))


def layout_self_evaluation() -> Doc:
    """5. Self-evaluation with ruling lines over two PDF pages, header repeated, a 总分 row."""
    dev1 = "部分学校食堂改造滞后，下年度加快改造进度"
    dev2 = "缺少前后体检数据对比，下年度建立学生体质监测台账"
    dev3 = "管理办法已起草，尚未印发，下年度完成"
    body = [
        (P1, N, "受益学生人数", "≥18000人", "18650人", "10", "10", ""),
        ("", "", "供餐学校数量", "≥96所", "96所", "5", "5", ""),
        ("", "", "食堂改造数量", "≥12所", "10所", "5", "4", dev1),
        ("", Q, "食品安全检查合格率", "100%", "100%", "5", "5", ""),
        ("", "", "营养餐标准达标率", "≥95%", "93%", "5", "4.5", dev1),
        ("", T, "补助资金拨付及时率", "100%", "100%", "5", "5", ""),
        ("", "", "学期供餐天数", "≥190天", "192天", "5", "5", ""),
        ("", C, "生均每天补助标准", "5元", "5元", "5", "5", ""),
        (E1, SOC, "学生营养健康状况", "有所改善", "有所改善", "10", "9", dev2),
        ("", "", "学生体质健康达标率", "≥90%", "91.2%", "10", "10", ""),
        ("", SUS, "营养改善长效管理机制", "建立健全", "基本建立", "10", "8", dev3),
        (S, SAT, "学生满意度", "≥90%", "94%", "5", "5", ""),
        ("", "", "家长满意度", "≥90%", "92%", "5", "5", ""),
    ]
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    rows: list[list[CellValue]] = [header] + [list(r) for r in body]
    rows.append(["总分", "", "", "", "", "90", "85.5", ""])
    merges = label_merges(rows[:-1], 1, [0, 1]) + [(len(rows) - 1, 0, len(rows) - 1, 4)]
    fields = ("level1", "level2", "name", "value", "actual", "weight", "score", "deviation")
    expected = {
        1 + k: ind(*_canon(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1)), r[2], r[3],
                   actual=r[4], weight=r[5], score=r[6], deviation=r[7])
        for k, r in enumerate(body)
    }  # fmt: skip
    table = Table(rows, merges, header_rows=1, split_at=8, indicators=expected,
                  widths=[1.0, 1.1, 1.8, 1.2, 1.2, 0.7, 0.7, 2.4])  # fmt: skip
    block = Table(
        rows=[
            ["项目名称", "农村义务教育学生营养改善计划", "", "", "", "", ""],
            ["主管部门", "县教育局", "", "", "实施单位", "县学生资助管理中心", ""],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "得分"],
            ["", "年度资金总额", "1200", "1180", "1150.6", "10", "9.75"],
            ["年度总体目标", "预期目标", "", "", "实际完成情况", "", ""],
            ["", "保障农村义务教育学生在校营养餐供应。", "", "", "全年供餐192天，惠及学生18650人。", "", ""],
        ],
        merges=[
            (0, 1, 0, 6),
            (1, 1, 1, 3),
            (1, 5, 1, 6),
            (2, 0, 3, 0),
            (4, 0, 5, 0),
            (4, 1, 4, 3),
            (4, 4, 4, 6),
            (5, 1, 5, 3),
            (5, 4, 5, 6),
        ],  # fmt: skip
        header_rows=0,
    )
    title = Para("2023年度项目支出绩效自评表", title=True)
    return Doc(
        "05-self-evaluation",
        title.text,
        [title, block, table],
        ("pdf", "xlsx", "docx", "html"),
        fields=fields,
    )


def _last(body: Sequence[Sequence[str]], k: int, col: int) -> str:
    """The label of column ``col`` carried down to row ``k`` (empty below the first row)."""
    return next(r[col] for r in reversed(body[: k + 1]) if r[col])


def _canon(level1: str, level2: str) -> tuple[str, str]:
    """Canonical (level 1, level 2) of labels as written (the taxonomy's answer, stated here)."""
    short = {"产出": P1, "效益": E1, "满意度": S, "成本": C}
    level2_of = {
        "数量": N, "质量": Q, "时效": T,
        "产出数量": N, "产出质量": Q, "产出时效": T, "产出成本": C, "社会效益": SOC, "经济效益": ECO,
        "生态效益": ENV, "可持续影响": SUS, "服务对象满意度": SAT,
    }  # fmt: skip
    return short.get(level1, level1), level2_of.get(level2, level2)


def layout_short_labels() -> Doc:
    """6. Tab export with short labels (产出 / 产出数量 …), level cells empty below each group's first."""
    body = [
        ("产出", "产出数量", "送戏下乡演出场次", "≥120场"),
        ("", "", "公共图书馆新增藏书", "≥8000册"),
        ("", "", "村级文化服务中心免费开放", "≥150个"),
        ("", "产出质量", "演出活动安全事故", "0起"),
        ("", "", "流动图书借阅完好率", "≥98%"),
        ("", "产出时效", "送戏下乡完成时间", "2024年11月底前"),
        ("", "产出成本", "每场演出补助", "≤0.8万元"),
        ("效益", "社会效益", "基层群众文化参与人次", "≥6万人次"),
        ("", "", "公共文化设施利用率", "较上年提高"),
        ("", "可持续影响", "文化惠民长效机制", "持续运行"),
        ("满意度", "服务对象满意度", "观看群众满意度", "≥90%"),
    ]
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "指标值"]] + [list(r) for r in body]
    expected = {
        1 + k: ind(*_canon(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1)), r[2], r[3])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年公共文化服务体系建设项目绩效目标"),
        Para("项目名称：公共文化服务体系建设补助"),
        Table(rows, [], indicators=expected),
    ]
    return Doc("06-short-labels", "公共文化服务体系建设项目绩效目标", parts,
               ("tsv", "tsv-gb18030", "csv-bom", "xlsx"))  # fmt: skip


def layout_section_rows() -> Doc:
    """7. Level 1 only as a section row spanning the table, then 二级 | 三级 | 指标值."""
    groups = [
        (P1, [
            (N, "新建农村生活污水处理站", "≥15座"),
            ("", "铺设污水收集管网", "≥42公里"),
            (Q, "出水水质达标率", "≥90%"),
            (T, "工程竣工时间", "2024年10月31日前"),
            (C, "单站建设成本", "≤85万元/座"),
        ]),
        (E1, [
            (ENV, "农村生活污水治理率", "≥45%"),
            ("", "化学需氧量年减排量", "≥120吨"),
            (SUS, "设施运行维护机制", "建立并运行"),
        ]),
        (S, [(SAT, "受益村民满意度", "≥85%")]),
    ]  # fmt: skip
    rows: list[list[CellValue]] = [["二级指标", "三级指标", "指标值"]]
    merges: list[tuple[int, int, int, int]] = []
    expected: dict[int, dict[str, str]] = {}
    for level1, items in groups:
        merges.append((len(rows), 0, len(rows), 2))
        rows.append([level1, "", ""])
        start = len(rows)
        for k, (l2, name, value) in enumerate(items):
            expected[len(rows)] = ind(level1, l2 or _last(items, k, 0), name, value)
            rows.append([l2, name, value])
        merges += [(a + start, b, c + start, d) for a, b, c, d in label_merges(rows[start:], 0, [0])]
    block = Table(
        rows=[
            ["项目名称", "农村生活污水治理项目"],
            ["实施单位", "县生态环境分局"],
            ["预算数（万元）", "2380.00"],
        ],
        header_rows=0,
    )
    table = Table(rows, merges, indicators=expected)
    title = Para("农村生活污水治理项目绩效目标表", title=True)
    return Doc("07-section-rows", title.text, [title, block, table], ("docx", "pdf", "html", "xlsx"))


def layout_gov_html() -> Doc:
    """8. HTML as a government site publishes it: chrome, rowspan levels, <br> in names, Word markup."""
    body = [
        (P1, N, "除险加固小型水库数量", "≥8座"),
        ("", "", "新建防汛\n道路", "≥6.5公里"),
        ("", Q, "工程质量\n验收合格率", "100%"),
        ("", T, "主体工程完工时间", "2024年汛前"),
        ("", C, "工程总投资控制", "≤1560万元"),
        (E1, SOC, "保护下游人口", "≥2.3万人"),
        ("", ECO, "恢复灌溉面积", "≥1.2万亩"),
        ("", ENV, "水库蓄水水质", "达到Ⅲ类"),
        ("", SUS, "工程设计使用年限", "≥30年"),
        (S, SAT, "受益群众满意度", "≥90%"),
    ]
    block = Table(
        rows=[
            ["项目名称", "小型水库除险加固", "主管部门", "县水利局"],
            ["实施单位", "县水库管理所", "项目资金（万元）", "1560"],
            ["年度绩效目标", "完成8座小型病险水库除险加固，消除安全隐患。", "", ""],
        ],
        merges=[(2, 1, 2, 3)],
        header_rows=0,
    )
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "指标值"]] + [list(r) for r in body]
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[3])
        for k, r in enumerate(body)
    }
    table = Table(rows, label_merges(rows, 1, [0, 1]), indicators=expected)
    title = Para("2024年小型水库除险加固项目绩效目标", title=True)
    parts: list[Part] = [title, block, table, Para("来源：县财政局　发布时间：2024-02-05")]
    return Doc("08-gov-html", title.text, parts, ("html", "html-gb2312"), chrome=True, word_markup=True)


def layout_reordered() -> Doc:
    """9 (ours). Other column order and subset: 序号 | 指标名称 | 指标解释 | 年度指标值 |
    实施周期指标值 | 二级指标 | 一级指标 — levels right of the name, both values, a description."""
    body = [
        ("1", "养老机构护理床位数", "辖区养老机构内设护理型床位总数", "≥320张", "≥600张", N, P1),
        ("2", "居家养老上门服务人次", "为失能半失能老人上门服务的人次", "≥1.5万人次", "≥3万人次", N, P1),
        ("3", "养老护理员持证上岗率", "持证护理员占在岗护理员比例", "≥90%", "≥95%", Q, P1),
        ("4", "服务补贴发放时间", "每季度首月发放上季度补贴", "每季度首月15日前", "每季度首月15日前", T, P1),
        (
            "5",
            "每张护理床位建设补助",
            "新增护理床位的建设补助标准",
            "≤1.2万元/张",
            "≤1.2万元/张",
            "经济成本指标",
            C,
        ),
        ("6", "老年人意外伤害发生率", "服务对象年内发生意外伤害的比例", "≤1%", "≤1%", SOC, E1),
        ("7", "养老服务综合\n满意度", "第三方抽样调查满意度", "≥88%", "≥90%", SAT, S),
    ]
    rows: list[list[CellValue]] = [
        ["序号", "指标名称", "指标解释", "年度指标值", "实施周期指标值", "二级指标", "一级指标"]
    ]
    rows += [list(r) for r in body]
    expected = {
        1 + k: ind(r[6], r[5], r[1], r[3], period_value=r[4], description=r[2]) for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年养老服务体系建设资金绩效目标", title=True),
        Table([["项目名称", "养老服务体系建设资金", "预算数（万元）", "980"]], header_rows=0),
        Table(rows, [], indicators=expected, widths=[0.5, 1.8, 2.2, 1.2, 1.2, 1.1, 1.0]),
    ]
    fields = ("level1", "level2", "name", "description", "value", "period_value")
    return Doc(
        "09-reordered",
        "养老服务体系建设资金绩效目标",
        parts,
        ("xlsx", "csv-utf16", "docx", "pdf"),
        fields=fields,
    )


def layout_compound_label() -> Doc:
    """10 (ours). One 指标类别 column holding both levels (产出指标—数量指标, 效益指标/社会效益指标),
    the number in 目标值 and the unit in a 计量单位 column."""
    body = [
        ("产出指标—数量指标", "新建高标准农田面积", "2.5", "万亩", P1, N, "2.5万亩"),
        ("产出指标—数量指标", "新建机耕道路", "≥36", "公里", P1, N, "≥36公里"),
        ("产出指标—质量指标", "田间工程验收合格率", "≥95", "%", P1, Q, "≥95%"),
        ("产出指标—时效指标", "项目建设完成时间", "2024年12月底前", "", P1, T, "2024年12月底前"),
        ("成本指标/经济成本指标", "亩均财政投入", "≤1500", "元/亩", C, "经济成本指标", "≤1500元/亩"),
        ("效益指标/经济效益指标", "项目区粮食亩均增产", "≥50", "公斤", E1, ECO, "≥50公斤"),
        ("效益指标/生态效益指标", "节水灌溉面积占比", "≥60", "%", E1, ENV, "≥60%"),
        ("满意度指标/服务对象满意度指标", "项目区农户满意度", "≥90", "%", S, SAT, "≥90%"),
    ]
    rows: list[list[CellValue]] = [["指标类别", "指标名称", "目标值", "计量单位"]] + [
        list(r[:4]) for r in body
    ]
    expected = {1 + k: ind(r[4], r[5], r[1], r[6]) for k, r in enumerate(body)}
    parts: list[Part] = [
        Para("高标准农田建设项目绩效指标"),
        Table(rows, [], indicators=expected),
        Line(["合计", "", "", ""]),
    ]
    return Doc("10-compound-label", "高标准农田建设项目绩效指标", parts, ("tsv-utf16", "xlsx", "html", "md"))


def layout_numbered_sections() -> Doc:
    """11 (ours). Both levels as numbered section rows (一、产出指标 / （一）数量指标), then
    序号 | 绩效指标 | 指标值 | 备注 rows."""
    tree = [
        ("一、产出指标", P1, [
            ("（一）数量指标", N, [("全民健身路径新建", "≥40处"), ("举办全民健身赛事", "≥25场")]),
            ("（二）质量指标", Q, [("健身器材安装验收合格率", "100%")]),
            ("（三）时效指标", T, [("器材安装完成时间", "2024年9月底前")]),
        ]),
        ("二、效益指标", E1, [
            ("（一）社会效益指标", SOC, [("经常参加体育锻炼人数比例", "≥42%")]),
            ("（二）可持续影响指标", SUS, [("健身设施管护责任落实", "落实到村")]),
        ]),
        ("三、满意度指标", S, [("（一）服务对象满意度指标", SAT, [("健身群众满意度", "≥90%")])]),
    ]  # fmt: skip
    rows: list[list[CellValue]] = [["序号", "绩效指标", "指标值", "备注"]]
    merges: list[tuple[int, int, int, int]] = []
    expected: dict[int, dict[str, str]] = {}
    n = 0
    for label1, level1, subs in tree:
        merges.append((len(rows), 0, len(rows), 3))
        rows.append([label1, "", "", ""])
        for label2, level2, items in subs:
            merges.append((len(rows), 0, len(rows), 3))
            rows.append([label2, "", "", ""])
            for name, value in items:
                n += 1
                expected[len(rows)] = ind(level1, level2, name, value)
                rows.append([str(n), name, value, ""])
    rows.append(["合计", "", "", ""])
    merges.append((len(rows) - 1, 0, len(rows) - 1, 3))
    parts: list[Part] = [
        Para("全民健身设施补短板工程绩效目标表", title=True),
        Table(
            [["项目名称", "全民健身设施补短板工程"], ["主管部门", "县文化广电体育和旅游局"]], header_rows=0
        ),
        Table(rows, merges, indicators=expected, widths=[1.4, 2.4, 1.4, 1.0]),
    ]
    return Doc(
        "11-numbered-sections",
        "全民健身设施补短板工程绩效目标表",
        parts,
        ("docx", "pdf", "csv-gb18030", "xlsx"),
    )


def layout_two_row_header() -> Doc:
    """12 (ours). A two-row header: 绩效指标 over 一级 | 二级 | 三级, 指标值 over 实施周期指标值 |
    年度指标值, both merged across."""
    body = [
        (P1, N, "改造老旧小区", "≥30个", "≥12个"),
        ("", "", "加装电梯", "≥40部", "≥15部"),
        ("", Q, "竣工验收合格率", "100%", "100%"),
        ("", T, "年度改造任务\n完成时间", "2026年底前", "2024年11月底前"),
        (E1, SOC, "受益居民户数", "≥9000户", "≥3600户"),
        ("", SUS, "小区长效管理机制", "建立", "初步建立"),
        (S, SAT, "改造小区居民满意度", "≥90%", "≥90%"),
    ]
    rows: list[list[CellValue]] = [
        ["绩效指标", "", "", "指标值", ""],
        ["一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"],
    ]
    rows += [list(r) for r in body]
    merges = [(0, 0, 0, 2), (0, 3, 0, 4)] + label_merges(rows, 2, [0, 1])
    expected = {
        2 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[4], period_value=r[3])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("城镇老旧小区改造项目绩效目标表", title=True),
        Table([["项目名称", "城镇老旧小区改造", "预算数（万元）", "4200"]], header_rows=0),
        Table(rows, merges, header_rows=2, indicators=expected),
    ]
    fields = ("level1", "level2", "name", "value", "period_value")
    return Doc("12-two-row-header", "城镇老旧小区改造项目绩效目标表", parts,
               ("xlsx", "docx", "html", "pdf", "csv"), fields=fields)  # fmt: skip


def layout_outline() -> Doc:
    """13 (ours). An outline of paragraphs: 一、产出指标 / （一）数量指标 / 1.名称：值."""
    tree = [
        ("一、产出指标", P1, [
            ("（一）数量指标", N, [("保洁河道长度", "≥85公里"), ("清理水面漂浮物", "≥300吨")]),
            ("（二）质量指标", Q, [("河面保洁达标率", "≥95%")]),
            ("（三）时效指标", T, [("保洁作业频次", "每日1次")]),
        ]),
        ("二、效益指标", E1, [
            ("（一）生态效益指标", ENV, [("主要河道水质", "稳定达到Ⅳ类")]),
            ("（二）可持续影响指标", SUS, [("河长制巡河机制", "常态化运行")]),
        ]),
        ("三、满意度指标", S, [("（一）服务对象满意度指标", SAT, [("沿河群众满意度", "≥90%")])]),
    ]  # fmt: skip
    parts: list[Part] = [
        Para("2024年河道保洁项目绩效目标", title=True),
        Para("项目实施单位：县河湖管理中心"),
        Para("二、绩效指标"),
    ]
    for label1, level1, subs in tree:
        parts.append(Para(label1))
        for label2, level2, items in subs:
            parts.append(Para(label2))
            for n, (name, value) in enumerate(items, start=1):
                parts.append(Para(f"{n}.{name}：{value}", indicator=ind(level1, level2, name, value)))
    parts.append(Para("填报人：吴磊"))
    return Doc("13-outline", "河道保洁项目绩效目标", parts, ("txt", "docx", "pdf", "txt-gb18030"))


def layout_plain_html() -> Doc:
    """14 (ours). A plain HTML page (no class names to tell chrome by): the indicator table between a
    header-block table and a links table, each of another width."""
    body = [
        ("产出指标", "数量指标", "巡回义诊场次", "≥20场"),
        ("", "", "免费体检人数", "≥3000人"),
        ("", "时效指标", "义诊活动完成时间", "2024年10月底前"),
        ("效益指标", "社会效益指标", "慢性病早期筛查率", "较上年提高"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
    ]
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "指标值"]] + [list(r) for r in body]
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[3])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年送医下乡巡回义诊项目绩效目标", title=True),
        Table(
            [["项目名称", "送医下乡巡回义诊", "实施单位", "县人民医院", "预算数（万元）", "45"]],
            header_rows=0,
        ),
        Table(rows, label_merges(rows, 1, [0, 1]), indicators=expected),
        Table([["相关链接", "国务院", "省人民政府"], ["网站地图", "联系我们", "无障碍浏览"]], header_rows=0),
        Para("主办单位：县卫生健康局　联系电话：0000-7654321"),
    ]
    return Doc("14-plain-html", "送医下乡巡回义诊项目绩效目标", parts, ("html", "html-gb2312"))


def layout_bare_headers() -> Doc:
    """15 (ours). Headers no form uses (指标 | 目标 | 指标单位): the name and value columns are found by
    position and by the sense of the header, the levels as short words (产出 / 数量)."""
    body = [
        ("产出", "数量", "安全巡查次数", "≥52", "次", "≥52次"),
        ("", "", "培训安全员", "≥120", "人", "≥120人"),
        ("", "质量", "隐患整改率", "100", "%", "100%"),
        ("", "时效", "隐患整改时限", "发现后15日内", "", "发现后15日内"),
        ("效益", "社会效益", "生产安全事故起数", "较上年下降", "", "较上年下降"),
        ("满意度", "服务对象满意度", "企业满意度", "≥85", "%", "≥85%"),
    ]
    rows: list[list[CellValue]] = [["一级", "二级", "指标", "目标", "指标单位"]] + [list(r[:5]) for r in body]
    expected = {
        1 + k: ind(*_canon(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1)), r[2], r[5])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [Para("安全生产监管专项绩效指标"), Table(rows, [], indicators=expected)]
    return Doc("15-bare-headers", "安全生产监管专项绩效指标", parts, ("xlsx", "csv", "tsv"))


def layout_self_evaluation_totals() -> Doc:
    """16 (ours). A self-evaluation exported from a sheet: wrapped headers (年度\n目标值), 权重（%）,
    未完成原因及改进措施, a 合计 row, level 1 merged."""
    body = [
        (P1, N, "培训高素质农民", "≥1000人", "1050人", "20", "20", ""),
        ("", Q, "培训考核合格率", "≥90%", "88%", "20", "18", "考核标准提高，下年度加强实操训练"),
        ("", T, "培训完成时间", "2023年10月底前", "2023年10月25日", "10", "10", ""),
        (E1, ECO, "学员人均增收", "≥2000元", "2300元", "20", "20", ""),
        (S, SAT, "参训农民满意度", "≥90%", "93%", "10", "10", ""),
    ]
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度\n目标值",
        "全年\n实际值",
        "权重（%）",
        "得分",
        "未完成原因及改进措施",
    ]
    rows: list[list[CellValue]] = (
        [header] + [list(r) for r in body] + [["合计", "", "", "", "", "80", "78", ""]]
    )
    merges = label_merges(rows[:-1], 1, [0]) + [(len(rows) - 1, 0, len(rows) - 1, 4)]
    fields = ("level1", "level2", "name", "value", "actual", "weight", "score", "deviation")
    expected = {
        1 + k: ind(
            r[0] or _last(body, k, 0), r[1], r[2], r[3], actual=r[4], weight=r[5], score=r[6], deviation=r[7]
        )
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2023年度高素质农民培育项目绩效自评表", title=True),
        Table(rows, merges, indicators=expected, widths=[1.0, 1.1, 1.6, 1.2, 1.2, 0.8, 0.7, 2.2]),
        Line(["填表人：郑红", "", "", "审核人：冯军", "", "", "填表日期：2024年1月10日", ""]),
    ]
    return Doc(
        "16-self-evaluation-totals",
        "高素质农民培育项目绩效自评表",
        parts,
        ("xlsx", "pdf", "csv", "docx"),
        fields=fields,
    )


def layout_flat_export() -> Doc:
    """17 (ours). A flat export of a budget system: every row carries its project (项目名称 |
    项目编码 | 一级指标 | … | 指标性质 | 指标值 | 度量单位), several projects in one table."""
    projects = [
        ("城乡居民医保参保补助", "420102-24-0031", [
            (P1, N, "资助困难群众参保人数", "≥", "5200", "人"),
            (P1, Q, "资助对象认定准确率", "=", "100", "%"),
            (S, SAT, "参保群众满意度", "≥", "90", "%"),
        ]),
        ("中小学校舍维修改造", "420102-24-0047", [
            (P1, N, "维修改造校舍面积", "≥", "12000", "平方米"),
            (P1, T, "暑期施工完成时间", "定性", "2024年8月25日前", ""),
            (C, "经济成本指标", "每平方米改造成本", "≤", "650", "元/平方米"),
            (E1, SUS, "校舍安全使用年限", "≥", "15", "年"),
        ]),
    ]  # fmt: skip
    rows: list[list[CellValue]] = [
        ["项目名称", "项目编码", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
    ]
    expected: dict[int, dict[str, str]] = {}
    for project, code, items in projects:
        for l1, l2, name, op, number, unit in items:
            shown = {"≥": "≥", "≤": "≤", "=": "=", "定性": ""}[op] + number + unit
            expected[len(rows)] = ind(l1, l2, name, shown, project=project)
            rows.append([project, code, l1, l2, name, op, number, unit])
    parts: list[Part] = [Table(rows, [], indicators=expected)]
    fields = ("project", "level1", "level2", "name", "value")
    return Doc(
        "17-flat-export",
        "项目绩效指标导出",
        parts,
        ("csv", "xlsx", "tsv-gb18030"),
        fields=fields,
        sheet="绩效指标",
    )


def layout_split_under_value() -> Doc:
    """18 (ours). 指标值 over three sub-columns 性质 | 数值 | 单位 (a two-row header whose second row
    splits the value), level cells merged over the two header rows, a percent number cell."""
    body = [
        (P1, N, "新增公共停车泊位", "≥", Num(800), "个"),
        ("", "", "新建充电桩", "≥", Num(120), "个"),
        ("", Q, "泊位施划验收合格率", "≥", Pct(0.98), "%"),
        ("", T, "泊位建成投用时间", "定性", "2024年9月底前", ""),
        (E1, SOC, "中心城区停车难投诉量", "≤", Num(300), "件"),
        (S, SAT, "市民停车满意度", "≥", Num(85), "%"),
    ]
    rows: list[list[CellValue]] = [
        ["一级指标", "二级指标", "三级指标", "指标值", "", ""],
        ["", "", "", "性质", "数值", "单位"],
    ]
    rows += [list(r) for r in body]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 5)] + label_merges(rows, 2, [0, 1])
    sign = {"≥": "≥", "≤": "≤", "定性": ""}
    expected = {
        2 + k: ind(
            r[0] or _last(body, k, 0),
            r[1] or _last(body, k, 1),
            r[2],
            sign[r[3]] + str(r[4]) + (r[5] if not isinstance(r[4], Pct) else ""),
        )
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年城市公共停车设施建设项目绩效目标表", title=True),
        Table(rows, merges, header_rows=2, indicators=expected),
    ]
    return Doc(
        "18-split-under-value",
        "城市公共停车设施建设项目绩效目标表",
        parts,
        ("xlsx", "docx", "html", "pdf", "csv"),
    )


def layout_records() -> Doc:
    """19 (ours). Key-value records, one pair per line (a form exported field by field): 一级指标：…
    二级指标：… 三级指标：… 指标值：…; a level left out carries over from the record before."""
    records = [
        ({"一级指标": P1, "二级指标": N}, "建设村级电商服务站", "≥45个"),
        ({}, "开展电商技能培训", "≥1200人次"),
        ({"二级指标": Q}, "服务站验收合格率", "100%"),
        ({"二级指标": T}, "服务站建成时间", "2024年10月底前"),
        ({"一级指标": E1, "二级指标": ECO}, "农产品网络零售额增长", "≥15%"),
        ({"一级指标": S, "二级指标": SAT}, "农户及商户满意度", "≥90%"),
    ]
    parts: list[Part] = [Para("电子商务进农村综合示范项目绩效指标", title=True)]
    level1 = level2 = ""
    for levels, name, value in records:
        level1 = levels.get("一级指标", level1)
        level2 = levels.get("二级指标", level2)
        lines = [f"{k}：{v}" for k, v in levels.items()] + [f"三级指标：{name}", f"指标值：{value}"]
        parts.append(Para(lines[0], indicator=ind(level1, level2, name, value)))
        parts += [Para(line) for line in lines[1:]]
    parts.append(Para("填报人：何静"))
    return Doc("19-records", "电子商务进农村综合示范项目绩效指标", parts, ("txt", "docx"))


def layout_inline_records() -> Doc:
    """20 (ours). One record per line, pairs apart by ，or ；(一级指标：…，二级指标：…，指标名称：…，
    目标值：…，计量单位：…) — a unit key joins the value as a unit column does."""
    rows = [
        (P1, N, "改造农村户厕", "≥3000", "户", "≥3000户"),
        (P1, Q, "改厕质量验收合格率", "≥95", "%", "≥95%"),
        (C, "经济成本指标", "户均改厕补助", "≤1500", "元/户", "≤1500元/户"),
        (E1, ENV, "农村卫生厕所普及率", "≥85", "%", "≥85%"),
        (S, SAT, "改厕农户满意度", "≥90", "%", "≥90%"),
    ]
    parts: list[Part] = [Para("农村厕所革命整村推进项目绩效指标", title=True), Para("绩效指标：")]
    for k, (l1, l2, name, number, unit, value) in enumerate(rows):
        sep = "，" if k % 2 == 0 else "；"
        text = sep.join(
            [
                f"一级指标：{l1}",
                f"二级指标：{l2}",
                f"指标名称：{name}",
                f"目标值：{number}",
                f"计量单位：{unit}",
            ]
        )
        parts.append(Para(text, indicator=ind(l1, l2, name, value)))
    parts.append(Para("联系电话：0851-8765432"))
    return Doc("20-inline-records", "农村厕所革命整村推进项目绩效指标", parts, ("txt-gb18030", "docx", "txt"))


# Header words other provinces print, none of them in the structurer's exact vocabulary: each
# column must be read from the head words of its header, or from what its cells hold.


def layout_head_words() -> Doc:
    """21 (ours). 绩效指标类别 | 指标子类 | 具体指标 | 目标值（年度） | 分值, the levels written short
    (产出 / 数量), each written once and merged down."""
    body = [
        ("产出", "数量", "开展消防安全培训", "≥80场次", "15"),
        ("", "", "培训企业安全管理人员", "≥2400人次", "15"),
        ("", "质量", "培训考核合格率", "≥95%", "10"),
        ("", "时效", "年度培训完成时间", "2024年11月底前", "10"),
        ("效益", "社会效益", "较大以上火灾事故", "0起", "20"),
        ("满意度", "服务对象满意度", "参训人员满意度", "≥90%", "10"),
    ]
    rows: list[list[CellValue]] = [["绩效指标类别", "指标子类", "具体指标", "目标值（年度）", "分值"]]
    rows += [list(r) for r in body]
    expected = {
        1 + k: ind(*_canon(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1)), r[2], r[3], weight=r[4])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年消防安全宣传培训项目绩效指标表", title=True),
        Table(rows, label_merges(rows, 1, [0, 1]), indicators=expected),
    ]
    fields = ("level1", "level2", "name", "value", "weight")
    return Doc("21-head-words", "消防安全宣传培训项目绩效指标表", parts, ("xlsx", "docx", "csv", "pdf"),
               fields=fields)  # fmt: skip


def layout_level_words() -> Doc:
    """22 (ours). 指标层级 | 指标级次 | 评价指标 | 预期目标值 | 指标权数: levels under 层级/级次, the
    name under 评价指标, the target under 预期目标值, the weight under 权数."""
    body = [
        (P1, N, "新建农村寄递物流服务站", "≥60个", "20"),
        ("", Q, "快件按时投递率", "≥97%", "15"),
        ("", C, "单站建设补助", "≤3万元/个", "10"),
        (E1, ECO, "农产品寄递量年增长", "≥12%", "20"),
        ("", SUS, "站点持续运营年限", "≥3年", "10"),
        (S, SAT, "村民寄递服务满意度", "≥88%", "10"),
    ]
    rows: list[list[CellValue]] = [["指标层级", "指标级次", "评价指标", "预期目标值", "指标权数"]]
    rows += [list(r) for r in body]
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[3], weight=r[4])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("农村寄递物流体系建设项目绩效目标", title=True),
        Table([["项目名称", "农村寄递物流体系建设", "实施单位", "县邮政管理局"]], header_rows=0),
        Table(rows, label_merges(rows, 1, [0]), indicators=expected),
    ]
    fields = ("level1", "level2", "name", "value", "weight")
    return Doc("22-level-words", "农村寄递物流体系建设项目绩效目标", parts, ("xlsx", "docx", "html", "pdf"),
               fields=fields)  # fmt: skip


def layout_label_by_content() -> Doc:
    """23 (ours). 序号 | 考核内容 | 所属方面 | 绩效目标值 | 备注: the level-2 names stand right of the
    name under a header no form uses; the column is known by what it holds, level 1 follows."""
    body = [
        ("1", "改造提升农贸市场", N, "≥6个"),
        ("2", "新增规范化摊位", N, "≥420个"),
        ("3", "市场改造验收合格率", Q, "100%"),
        ("4", "改造工程完工时间", T, "2024年10月底前"),
        ("5", "市场周边环境卫生状况", SOC, "明显改善"),
        ("6", "商户及群众满意度", SAT, "≥90%"),
    ]
    rows: list[list[CellValue]] = [["序号", "考核内容", "所属方面", "绩效目标值", "备注"]]
    rows += [[*r, ""] for r in body]
    parent = {N: P1, Q: P1, T: P1, SOC: E1, SAT: S}
    expected = {1 + k: ind(parent[r[2]], r[2], r[1], r[3]) for k, r in enumerate(body)}
    parts: list[Part] = [
        Para("农贸市场标准化改造项目绩效目标", title=True),
        Table(rows, [], indicators=expected, widths=[0.5, 2.0, 1.2, 1.3, 0.8]),
    ]
    return Doc("23-label-by-content", "农贸市场标准化改造项目绩效目标", parts, ("xlsx", "csv", "docx", "pdf"))


def layout_two_row_empty_lower() -> Doc:
    """24 (ours). A two-row header whose lower row is empty under the target and the weight: 指标
    over 一级指标 | 二级指标 | 三级指标, 年度预期目标 and 权重 above empty cells (not merged down)."""
    body = [
        (P1, N, "采购急救转运车辆", "12台", "20"),
        ("", "", "培训院前急救人员", "≥300人次", "10"),
        ("", Q, "车辆验收合格率", "100%", "15"),
        ("", T, "车辆投入使用时间", "2024年9月底前", "10"),
        (E1, SOC, "农村急救平均响应时间", "≤25分钟", "20"),
        (S, SAT, "患者及家属满意度", "≥90%", "10"),
    ]
    rows: list[list[CellValue]] = [
        ["指标", "", "", "年度预期目标", "权重"],
        ["一级指标", "二级指标", "三级指标", "", ""],
    ]
    rows += [list(r) for r in body]
    merges = [(0, 0, 0, 2)] + label_merges(rows, 2, [0, 1])
    expected = {
        2 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[3], weight=r[4])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("县域院前急救体系建设项目绩效目标表", title=True),
        Table(rows, merges, header_rows=2, indicators=expected),
    ]
    fields = ("level1", "level2", "name", "value", "weight")
    return Doc("24-two-row-empty-lower", "县域院前急救体系建设项目绩效目标表", parts,
               ("xlsx", "docx", "html", "csv"), fields=fields)  # fmt: skip


def layout_value_by_content() -> Doc:
    """25 (ours). 考核维度 | 指标子项 | 指标名称及内容 | 2024年度 | 计分权重: short level words under
    维度/子项, the target under a year (a column of values: numbers with units, %, dates, ≥/≤)."""
    body = [
        ("产出", "数量", "新建城市绿道", "≥18公里", "20"),
        ("", "", "新增口袋公园", "≥9个", "15"),
        ("", "质量", "绿化苗木成活率", "≥95%", "15"),
        ("", "时效", "绿道建成开放时间", "2024年12月31日前", "10"),
        ("效益", "生态效益", "新增城市绿地面积", "≥12公顷", "20"),
        ("满意度", "服务对象满意度", "周边居民满意度", "≥90%", "10"),
    ]
    rows: list[list[CellValue]] = [["考核维度", "指标子项", "指标名称及内容", "2024年度", "计分权重"]]
    rows += [list(r) for r in body]
    expected = {
        1 + k: ind(*_canon(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1)), r[2], r[3], weight=r[4])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("城市绿道及口袋公园建设项目绩效指标"),
        Table(rows, [], indicators=expected),
    ]
    fields = ("level1", "level2", "name", "value", "weight")
    return Doc("25-value-by-content", "城市绿道及口袋公园建设项目绩效指标", parts, ("xlsx", "csv", "docx"),
               fields=fields)  # fmt: skip


# A held-out round (26-31): layouts of other provinces written before any rule was changed for
# them; the expected rows say what the filer meant.


def layout_side_by_side() -> Doc:
    """26 (ours). Two indicator blocks side by side in one table (a landscape form that saves
    paper): 一级 | 二级 | 三级 | 指标值 | 一级 | 二级 | 三级 | 指标值, 产出 on the left, 效益 and 满意度
    on the right, each half's levels merged down on its own; the right half ends early.
    Read as two tables: the left block top to bottom, then the right block."""
    left = [
        (P1, N, "农村供水工程维修养护处数", "≥45处"),
        ("", "", "新建改造供水管网", "≥32公里"),
        ("", "", "水质检测样品数", "≥360份"),
        ("", Q, "出厂水水质达标率", "≥95%"),
        ("", "", "维修工程验收合格率", "100%"),
        ("", T, "维修养护完成时间", "2024年11月底前"),
        ("", C, "单处维修养护补助", "≤8万元/处"),
    ]
    right = [
        (E1, SOC, "农村自来水普及率", "≥92%"),
        ("", "", "受益农村人口", "≥4.6万人"),
        ("", SUS, "工程长效运行机制", "健全"),
        (S, SAT, "受益群众满意度", "≥90%"),
    ]
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    rows: list[list[CellValue]] = [header + header]
    for k, row in enumerate(left):
        rows.append([*row, *(right[k] if k < len(right) else ("", "", "", ""))])
    halves = [[r[:4] for r in rows], [r[4:] for r in rows]]
    merges = label_merges(halves[0], 1, [0, 1])
    merges += [(a, b + 4, c, d + 4) for a, b, c, d in label_merges(halves[1][: 1 + len(right)], 1, [0, 1])]
    table = Table(
        rows,
        merges,
        indicators={1 + k: ind(r[0] or _last(left, k, 0), r[1] or _last(left, k, 1), r[2], r[3])
                    for k, r in enumerate(left)},
        beside={1 + k: ind(r[0] or _last(right, k, 0), r[1] or _last(right, k, 1), r[2], r[3])
                for k, r in enumerate(right)},
        widths=[0.8, 0.9, 1.7, 1.1, 0.8, 0.9, 1.6, 1.0],
    )  # fmt: skip
    parts: list[Part] = [
        Para("2024年农村供水工程维修养护项目绩效目标表", title=True),
        Table([["项目名称", "农村供水工程维修养护", "主管部门", "县水利局"]], header_rows=0),
        table,
    ]
    return Doc("26-side-by-side", "农村供水工程维修养护项目绩效目标表", parts, ("xlsx", "docx", "pdf", "html"))


def layout_plan_years() -> Doc:
    """27 (ours). A mid-term plan (三年滚动规划): one target column per year, 2024年目标值 |
    2025年目标值 | 2026年目标值, the unit in its own 计量单位 column. Convention: the value is the
    target of the filing's year, the first year of the plan (the budget year a rolling plan
    starts with); the later years are plans, not this year's targets."""
    body = [
        (P1, N, "新建智慧教室", "≥60", "≥80", "≥100", "间"),
        ("", "", "教师信息技术应用能力培训", "≥1500", "≥1800", "≥2000", "人次"),
        ("", Q, "学校千兆网络接入率", "≥90", "≥95", "100", "%"),
        ("", T, "年度建设任务完成时间", "2024年12月底前", "2025年12月底前", "2026年12月底前", ""),
        (E1, SOC, "数字教育资源应用覆盖学校", "≥120", "≥150", "≥180", "所"),
        ("", SUS, "区域教育数据平台运行", "稳定运行", "稳定运行", "稳定运行", ""),
        (S, SAT, "师生满意度", "≥85", "≥88", "≥90", "%"),
    ]
    rows: list[list[CellValue]] = [
        ["一级指标", "二级指标", "三级指标", "2024年目标值", "2025年目标值", "2026年目标值", "计量单位"]
    ]
    rows += [list(r) for r in body]
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[3] + r[6])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024—2026年教育信息化提升工程中期绩效目标表", title=True),
        Table([["项目名称", "教育信息化提升工程", "实施期限", "2024—2026年"]], header_rows=0),
        Table(rows, label_merges(rows, 1, [0, 1]), indicators=expected,
              widths=[0.9, 1.0, 2.0, 1.1, 1.1, 1.1, 0.8]),
    ]  # fmt: skip
    return Doc("27-plan-years", "教育信息化提升工程中期绩效目标表", parts, ("xlsx", "csv", "docx", "pdf"))


def layout_task_groups() -> Doc:
    """28 (ours). A department's whole-budget form (部门整体支出绩效目标表): a header block, the
    year's key tasks, then indicators grouped under the task they measure: 任务名称 | 一级指标 |
    二级指标 | 三级指标 | 指标值, the task merged down its group, the levels merged within it."""
    groups = [
        ("食品安全监督抽检", [
            (P1, N, "食品安全监督抽检批次", "≥2600批次"),
            ("", Q, "抽检不合格食品核查处置率", "100%"),
            ("", T, "抽检结果公布时限", "抽检完成后20个工作日内"),
            (E1, SOC, "食品安全事故发生起数", "0起"),
        ]),
        ("特种设备安全监察", [
            (P1, N, "特种设备检查单位数", "≥380家"),
            ("", Q, "重大隐患整改率", "100%"),
            (E1, SOC, "特种设备事故死亡人数", "0人"),
        ]),
        ("市场主体登记服务", [
            (P1, T, "企业开办办理时间", "≤1个工作日"),
            (S, SAT, "办事群众满意度", "≥95%"),
        ]),
    ]  # fmt: skip
    rows: list[list[CellValue]] = [["任务名称", "一级指标", "二级指标", "三级指标", "指标值"]]
    merges: list[tuple[int, int, int, int]] = []
    expected: dict[int, dict[str, str]] = {}
    for task, items in groups:
        start = len(rows)
        for k, (l1, l2, name, value) in enumerate(items):
            expected[len(rows)] = ind(l1 or _last(items, k, 0), l2 or _last(items, k, 1), name, value)
            rows.append([task if k == 0 else "", l1, l2, name, value])
        merges.append((start, 0, len(rows) - 1, 0))
        merges += [(a + start, b + 1, c + start, d + 1)
                   for a, b, c, d in label_merges([r[1:] for r in rows[start:]], 0, [0, 1])]  # fmt: skip
    block = Table(
        rows=[
            ["部门名称", "县市场监督管理局", "", ""],
            ["年度总体目标", "守牢食品、特种设备安全底线，优化营商环境，全年不发生重大安全事故。", "", ""],
        ],
        merges=[(0, 1, 0, 3), (1, 1, 1, 3)],
        header_rows=0,
    )
    tasks = Table(
        rows=[
            ["任务名称", "主要实施内容", "拟投入的资金（万元）", "期望达到的目标"],
            ["食品安全监督抽检", "对辖区生产流通餐饮环节食品开展监督抽检", "186", "抽检覆盖全部食品大类"],
            ["特种设备安全监察", "开展锅炉、电梯、压力容器安全检查", "64", "隐患整改到位"],
            ["市场主体登记服务", "推行企业开办一网通办", "22", "企业开办一日办结"],
        ],
        header_rows=1,
    )
    parts: list[Part] = [
        Para("2024年部门整体支出绩效目标表", title=True),
        block,
        Para("年度重点工作任务"),
        tasks,
        Para("年度绩效指标"),
        Table(rows, merges, indicators=expected, widths=[1.3, 0.9, 1.0, 2.0, 1.5]),
    ]
    return Doc("28-task-groups", "部门整体支出绩效目标表", parts, ("xlsx", "docx", "html", "pdf"))


def layout_spaced_headers() -> Doc:
    """29 (ours). A self-evaluation whose header words are spread over the cell as Word's
    distributed alignment leaves them (一级　指标, 分　值, 得　分: ideographic spaces inside words,
    breaks inside 年度\\n指标值), level 1 written with its points (产出指标（50分）)."""
    dev = "个别乡镇康复站点人员不足，下年度补充康复专干"
    body = [
        ("产出指标（50分）", N, "残疾儿童康复救助人数", "≥260人", "274人", "15", "15", ""),
        ("", "", "辅助器具适配人数", "≥900人", "860人", "10", "9", dev),
        ("", Q, "康复服务规范率", "≥95%", "96%", "10", "10", ""),
        ("", T, "救助资金拨付及时率", "100%", "100%", "10", "10", ""),
        ("", C, "人均康复救助补助", "≤1.8万元", "1.75万元", "5", "5", ""),
        ("效益指标（30分）", SOC, "残疾人基本康复服务覆盖率", "≥85%", "87%", "20", "20", ""),
        ("", SUS, "康复服务网络", "持续完善", "持续完善", "10", "10", ""),
        ("满意度指标（10分）", SAT, "残疾人及家属满意度", "≥90%", "95%", "10", "10", ""),
    ]
    header = [
        "一级\u3000指标", "二级\u3000指标", "三\u3000级\u3000指\u3000标", "年度\n指标值", "实际\n完成值",
        "分\u3000值", "得\u3000分", "偏差原因分析\n及改进措施",
    ]  # fmt: skip
    rows: list[list[CellValue]] = [header] + [list(r) for r in body]
    rows.append(["合\u3000\u3000计", "", "", "", "", "90", "89", ""])
    merges = label_merges(rows[:-1], 1, [0, 1]) + [(len(rows) - 1, 0, len(rows) - 1, 4)]
    level1 = {"产出指标（50分）": P1, "效益指标（30分）": E1, "满意度指标（10分）": S}
    fields = ("level1", "level2", "name", "value", "actual", "weight", "score", "deviation")
    expected = {
        1 + k: ind(level1[r[0] or _last(body, k, 0)], r[1] or _last(body, k, 1), r[2], r[3],
                   actual=r[4], weight=r[5], score=r[6], deviation=r[7])
        for k, r in enumerate(body)
    }  # fmt: skip
    parts: list[Part] = [
        Para("2023年度残疾人康复救助项目支出绩效自评表", title=True),
        Table([["项目名称", "残疾人康复救助", "主管部门", "县残疾人联合会"]], header_rows=0),
        Table(rows, merges, indicators=expected, widths=[1.1, 1.0, 1.8, 1.0, 1.0, 0.6, 0.6, 2.0]),
    ]
    return Doc("29-spaced-headers", "残疾人康复救助项目支出绩效自评表", parts, ("pdf", "docx", "xlsx", "html"),
               fields=fields)  # fmt: skip


def layout_direction() -> Doc:
    """30 (ours). An indicator-library export: 指标方向 holds 正向/反向/定性 (higher is better, lower
    is better, no number), the number and the unit in their own columns; levels merged over rows,
    long names wrapped inside their cell. Convention: 正向 joins as ≥ and 反向 as ≤ (the target is
    the floor of a higher-is-better indicator, the ceiling of a lower-is-better one)."""
    body = [
        (P1, N, "淘汰燃煤小锅炉", "正向", Num(35), "台"),
        ("", "", "道路扬尘在线监测\n设备安装", "正向", Num(24), "套"),
        ("", Q, "重点排污单位自动监控\n数据传输有效率", "正向", Num(90), "%"),
        ("", T, "锅炉淘汰任务完成时间", "定性", "2024年10月底前", ""),
        ("", C, "单台锅炉淘汰补助", "反向", Num(6), "万元/台"),
        (E1, ENV, "细颗粒物（PM2.5）年均浓度", "反向", Num(35), "微克/立方米"),
        ("", "", "空气质量优良天数比率", "正向", Num(85), "%"),
        ("", SOC, "大气污染信访投诉量", "反向", Num(120), "件"),
        (S, SAT, "公众对空气质量改善满意度", "正向", Num(80), "%"),
    ]
    sign = {"正向": "≥", "反向": "≤", "定性": ""}
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "指标方向", "指标值", "计量单位"]]
    rows += [list(r) for r in body]
    fields = ("level1", "level2", "name", "value", "unit")
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2],
                   sign[r[3]] + str(r[4]) + r[5], unit=r[5])
        for k, r in enumerate(body)
    }  # fmt: skip
    parts: list[Part] = [
        Para("2024年大气污染防治专项资金绩效目标表", title=True),
        Table([["项目名称", "大气污染防治专项", "预算数（万元）", "1350"]], header_rows=0),
        Table(rows, label_merges(rows, 1, [0, 1]), indicators=expected, widths=[0.9, 1.0, 2.0, 0.8, 1.0, 1.1]),
    ]
    return Doc("30-direction", "大气污染防治专项资金绩效目标表", parts, ("xlsx", "csv", "docx", "pdf"),
               fields=fields)  # fmt: skip


def layout_bilingual_one_grid() -> Doc:
    """31 (ours). A foreign-loan project's form (世行贷款): one grid, bilingual cells, a long
    project-information block whose rows hold two key/value pairs (项目名称 | X | 主管部门 | Y), the
    indicator header in the middle of the grid (一级指标\\nLevel 1 … 指标值\\nTarget | 备注\\nRemarks)."""
    body = [
        (P1, N, "推广测土配方施肥面积", "≥15万亩", ""),
        ("", "", "建设生态沟渠", "≥28公里", "含配套沉淀池"),
        ("", Q, "农药包装废弃物回收率", "≥80%", ""),
        ("", T, "年度工程完工时间", "2024年11月底前", ""),
        (E1, ENV, "化肥使用量减少", "≥8%", "较2021年基准"),
        ("", ECO, "项目区农户亩均节本增收", "≥120元", ""),
        (S, SAT, "项目区农户满意度", "≥85%", ""),
    ]
    head: list[list[CellValue]] = [
        ["项目名称\nProject Name", "世行贷款农业面源污染治理项目", "", "主管部门\nAgency", "市农业农村局"],
        ["实施单位\nImplementing Unit", "市项目管理办公室", "", "项目期限\nDuration", "2022—2027年"],
        ["贷款资金（万美元）\nLoan (USD 10,000)", "3000", "", "配套资金（万元）\nCounterpart (CNY 10,000)", "12000"],
        ["年度预算（万元）\nAnnual Budget", "4860", "", "其中贷款\nof which Loan", "3210"],
        ["年度绩效目标\nAnnual Objectives",
         "推广化肥农药减量技术，建设生态沟渠，项目区面源污染负荷明显下降。", "", "", ""],
        ["一级指标\nLevel 1", "二级指标\nLevel 2", "三级指标\nIndicator", "指标值\nTarget", "备注\nRemarks"],
    ]  # fmt: skip
    rows = head + [list(r) for r in body]
    first = len(head)
    merges = [(0, 1, 0, 2), (1, 1, 1, 2), (2, 1, 2, 2), (3, 1, 3, 2), (4, 1, 4, 4)]
    merges += label_merges(rows, first, [0, 1])
    expected = {
        first + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[3])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("世行贷款农业面源污染治理项目2024年度绩效目标表", title=True),
        Table(rows, merges, header_rows=first + 1, indicators=expected, widths=[1.3, 1.2, 1.8, 1.4, 1.2]),
    ]
    return Doc("31-bilingual-one-grid", "世行贷款农业面源污染治理项目绩效目标表", parts,
               ("xlsx", "docx", "pdf", "html"))  # fmt: skip


def layout_scoring_rules() -> Doc:
    """32 (held out). A department's whole-expenditure form (部门整体支出绩效目标表) whose indicator
    table carries the scoring rule: 一级指标 | 二级指标 | 三级指标 | 指标内容 | 评（扣）分标准 | 指标值.
    The scoring rule is a long sentence full of numbers and 每…扣…分; it is neither the value nor
    the description. The levels are merged down."""
    body = [
        (P1, N, "政府采购项目执行数", "年度内完成政府采购的项目个数", "每少1个扣1分，扣完为止", "≥36个"),
        ("", "", "预算公开及时率", "按规定时限公开部门预算的比例", "未在20日内公开的扣3分", "100%"),
        ("", Q, "“三公”经费控制率", "“三公”经费决算数与预算数之比", "超过100%的每超1个百分点扣0.5分", "≤100%"),
        ("", "", "资产账实相符率", "固定资产盘点账实相符的比例", "低于98%的不得分", "≥98%"),
        ("", T, "预算执行进度", "截至11月底的支出进度", "每低于目标5个百分点扣1分", "≥85%"),
        (E1, SOC, "公共法律服务覆盖率", "村（社区）法律顾问覆盖比例", "未全覆盖的按比例扣分", "100%"),
        ("", SUS, "内控制度健全性", "内部控制制度建立并执行情况", "制度缺失一项扣1分", "健全"),
        (S, SAT, "服务对象满意度", "问卷调查满意率", "低于90%的每低1个百分点扣0.5分", "≥90%"),
    ]
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "指标内容", "评（扣）分标准", "指标值"]]
    rows += [list(r) for r in body]
    fields = ("level1", "level2", "name", "description", "value")
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[2], r[5], description=r[3])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年部门整体支出绩效目标表", title=True),
        Table([["部门名称", "县司法局", "预算金额（万元）", "2160"]], header_rows=0),
        Para("部门整体绩效指标"),
        Table(rows, label_merges(rows, 1, [0, 1]), indicators=expected,
              widths=[0.8, 0.9, 1.4, 1.6, 1.8, 0.8]),
    ]  # fmt: skip
    return Doc("32-scoring-rules", "部门整体支出绩效目标表", parts, ("xlsx", "docx", "pdf", "html"), fields=fields)


def layout_values_first() -> Doc:
    """33 (held out). A self-evaluation laid out with the figures first: 一级指标 | 二级指标 |
    年度指标值 | 实际完成值 | 三级指标 | 分值 | 得分 | 偏差原因分析及改进措施 (the name after the values,
    as a publisher that lists what was promised and done before what it measures), 合计 row."""
    dev = "部分项目受汛期影响延后开工"
    body = [
        (P1, N, "≥12座", "12座", "病险水库除险加固", "20", "20", ""),
        ("", "", "≥40公里", "36公里", "中小河流治理长度", "15", "13", dev),
        ("", Q, "100%", "100%", "工程质量验收合格率", "15", "15", ""),
        ("", T, "2023年汛前", "2023年汛前", "主体工程完工时间", "10", "10", ""),
        (E1, SOC, "≥3.2万人", "3.3万人", "受保护人口", "15", "15", ""),
        ("", ECO, "≥1.5万亩", "1.5万亩", "恢复改善灌溉面积", "10", "10", ""),
        (S, SAT, "≥90%", "93%", "沿岸群众满意度", "10", "10", ""),
    ]
    rows: list[list[CellValue]] = [
        ["一级指标", "二级指标", "年度指标值", "实际完成值", "三级指标", "分值", "得分", "偏差原因分析及改进措施"]
    ]
    rows += [list(r) for r in body]
    rows.append(["合计", "", "", "", "", "95", "93", ""])
    merges = label_merges(rows[:-1], 1, [0, 1]) + [(len(rows) - 1, 0, len(rows) - 1, 4)]
    fields = ("level1", "level2", "name", "value", "actual", "weight", "score", "deviation")
    expected = {
        1 + k: ind(r[0] or _last(body, k, 0), r[1] or _last(body, k, 1), r[4], r[2],
                   actual=r[3], weight=r[5], score=r[6], deviation=r[7])
        for k, r in enumerate(body)
    }  # fmt: skip
    parts: list[Part] = [
        Para("2023年度水利工程建设项目支出绩效自评表", title=True),
        Table([["项目名称", "水利工程建设", "主管部门", "县水利局"]], header_rows=0),
        Table(rows, merges, indicators=expected, widths=[0.8, 0.9, 0.9, 0.9, 1.6, 0.5, 0.5, 1.6]),
    ]
    return Doc("33-values-first", "水利工程建设项目支出绩效自评表", parts, ("xlsx", "pdf", "docx", "csv"),
               fields=fields)  # fmt: skip


def layout_note_rows() -> Doc:
    """34 (held out). 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值说明 (the value and a column
    explaining it, whose header begins with 指标值), and after some indicators a row merged across
    the table holding a note (说明：…): the note is no indicator and no label; 指标值说明 is the
    description, not the value."""
    body = [
        (P1, N, "新增城镇就业人数", "≥5200人", "按人社部门实名制登记口径", "说明：含高校毕业生离校未就业人员。"),
        ("", "", "职业技能培训人次", "≥3000人次", "取得培训合格证书的人次", ""),
        ("", Q, "培训后就业率", "≥60%", "培训结束6个月内就业的比例", "说明：以社保缴费记录核验。"),
        ("", T, "补贴资金发放时间", "2024年12月底前", "", ""),
        (E1, SOC, "城镇调查失业率", "≤5.5%", "全年平均", ""),
        ("", SUS, "就业服务体系", "持续完善", "", "说明：以基层公共就业服务平台覆盖情况评价。"),
        (S, SAT, "补贴对象满意度", "≥90%", "抽样问卷调查", ""),
    ]
    rows: list[list[CellValue]] = [["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"]]
    expected: dict[int, dict[str, str]] = {}
    notes: list[int] = []
    for k, (l1, l2, name, value, desc, note) in enumerate(body):
        expected[len(rows)] = ind(l1 or _last(body, k, 0), l2 or _last(body, k, 1), name, value, description=desc)
        rows.append([l1, l2, name, value, desc])
        if note:
            notes.append(len(rows))
            rows.append([note, "", "", "", ""])
    # each level merged down over its group's rows, the note rows between them included
    merges: list[tuple[int, int, int, int]] = [(r, 0, r, 4) for r in notes]
    for col in (0, 1):
        starts = [r for r in range(1, len(rows)) if r not in notes and rows[r][col]]
        ends = [s - 1 for s in starts[1:]] + [len(rows) - 1]
        for s, e in zip(starts, ends):
            spans = [s]
            for r in range(s + 1, e + 1):
                if r in notes:
                    break
                spans.append(r)
            if len(spans) > 1:
                merges.append((s, col, spans[-1], col))
    fields = ("level1", "level2", "name", "description", "value")
    parts: list[Part] = [
        Para("2024年就业补助资金绩效目标表", title=True),
        Table([["项目名称", "就业补助资金", "主管部门", "县人力资源和社会保障局"]], header_rows=0),
        Table(rows, merges, indicators=expected, widths=[0.8, 0.9, 1.6, 1.1, 2.0]),
    ]
    return Doc("34-note-rows", "就业补助资金绩效目标表", parts, ("docx", "pdf", "html", "xlsx"), fields=fields)


def layout_vertical_labels() -> Doc:
    """35 (held out). A Word form whose level-1 label is written vertically, one character a line
    (产\\n出\\n指\\n标), in a narrow cell merged down its group, and a 序号 column on the left
    holding 一、二、三、 for each level-1 group (merged down with it): the number is no label."""
    body = [
        ("一、", "产\n出\n指\n标", N, "村级公益事业“一事一议”项目", "≥48个"),
        ("", "", "", "硬化村内道路", "≥26公里"),
        ("", "", Q, "项目竣工验收合格率", "100%"),
        ("", "", T, "项目完工时间", "2024年10月底前"),
        ("", "", C, "村内道路硬化财政奖补标准", "≤35元/平方米"),
        ("二、", "效\n益\n指\n标", SOC, "受益农户", "≥9600户"),
        ("", "", SUS, "村级公益设施管护机制", "建立"),
        ("三、", "满\n意\n度\n指\n标", SAT, "受益群众满意度", "≥92%"),
    ]
    rows: list[list[CellValue]] = [["序号", "一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [list(r) for r in body]
    merges = label_merges(rows, 1, [0, 1, 2])
    expected = {
        1 + k: ind((r[1] or _last(body, k, 1)).replace("\n", ""), r[2] or _last(body, k, 2), r[3], r[4])
        for k, r in enumerate(body)
    }
    parts: list[Part] = [
        Para("2024年村级公益事业建设一事一议财政奖补资金绩效目标表", title=True),
        Table([["项目名称", "一事一议财政奖补", "", "主管部门", "县财政局"]], [(0, 1, 0, 2)], header_rows=0),
        Table(rows, merges, indicators=expected, widths=[0.5, 0.5, 1.0, 2.2, 1.2]),
    ]
    return Doc("35-vertical-labels", "一事一议财政奖补资金绩效目标表", parts, ("docx", "pdf", "html", "xlsx"))


LAYOUTS: list[Callable[[], Doc]] = [
    layout_national, layout_split_value, layout_unit_first, layout_lines, layout_self_evaluation,
    layout_short_labels, layout_section_rows, layout_gov_html, layout_reordered, layout_compound_label,
    layout_numbered_sections, layout_two_row_header, layout_outline, layout_plain_html, layout_bare_headers,
    layout_self_evaluation_totals, layout_flat_export, layout_split_under_value, layout_records,
    layout_inline_records, layout_head_words, layout_level_words, layout_label_by_content,
    layout_two_row_empty_lower, layout_value_by_content, layout_side_by_side, layout_plan_years,
    layout_task_groups, layout_spaced_headers, layout_direction, layout_bilingual_one_grid,
    layout_scoring_rules, layout_values_first, layout_note_rows, layout_vertical_labels,
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Renderers: each writes one file and returns {(part, row): (row, page)} for the indicators
# ---------------------------------------------------------------------------------------------

Where = dict[tuple[int, int], tuple[int | None, int | None]]


def _covered(table: Table) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Every grid position covered by a merge (the top-left included) → the merge."""
    out = {}
    for m in table.merges:
        r0, c0, r1, c1 = m
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = m
    return out


def _width(doc: Doc) -> int:
    return max(
        [len(p.rows[0]) for p in doc.parts if isinstance(p, Table)]
        + [len(p.cells) for p in doc.parts if isinstance(p, Line)]
        + [1]
    )


def render_xlsx(doc: Doc, path: Path) -> Where:
    import datetime as dt

    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = doc.sheet
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = "indicator-nlp fixtures"
    width = _width(doc)
    where: Where = {}
    row = 1
    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            if part.indicator is not None:
                raise ValueError(f"{doc.name}: line-format indicators are not rendered to xlsx")
            ws.cell(row, 1, part.text)
            if width > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        elif isinstance(part, Line):
            for c, text in enumerate(part.cells, start=1):
                if text:
                    ws.cell(row, c, text)
            row += 1
        else:
            for r, cells in enumerate(part.rows):
                for c, value in enumerate(cells, start=1):
                    if isinstance(value, Pct | Num):
                        cell = ws.cell(row + r, c, value.value)
                        cell.number_format = value.fmt
                    elif value:
                        ws.cell(row + r, c, value)
                if r in part.indicators or r in part.beside:
                    where[(k, r)] = (row + r, None)
            for r0, c0, r1, c1 in part.merges:
                ws.merge_cells(start_row=row + r0, start_column=c0 + 1, end_row=row + r1, end_column=c1 + 1)
            row += len(part.rows)
    for col in ws.columns:
        for c in col:
            c.alignment = Alignment(wrap_text=True, vertical="center")
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(MF._fixed_zip(buf.getvalue()))
    return where


def render_docx(doc: Doc, path: Path) -> Where:
    import datetime as dt

    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    props = document.core_properties
    props.created = props.modified = props.last_printed = dt.datetime(2024, 1, 1)
    props.author = props.last_modified_by = "indicator-nlp fixtures"
    props.title = doc.title
    props.revision = 1
    where: Where = {}
    paragraphs = 0
    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            if part.title:
                document.add_heading(part.text, level=1)
            else:
                document.add_paragraph(part.text)
            paragraphs += 1
            if part.indicator is not None:
                where[(k, 0)] = (paragraphs, None)
        elif isinstance(part, Line):
            document.add_paragraph("    ".join(c for c in part.cells if c))
            paragraphs += 1
        else:
            t = document.add_table(rows=len(part.rows), cols=len(part.rows[0]))
            t.style = "Table Grid"
            covered = _covered(part)
            for r, cells in enumerate(part.rows):
                for c, value in enumerate(cells):
                    m = covered.get((r, c))
                    if m is None or (m[0], m[1]) == (r, c):
                        t.cell(r, c).text = str(value)
                if r in part.indicators or r in part.beside:
                    where[(k, r)] = (r + 1, None)
            for r0, c0, r1, c1 in part.merges:
                text = str(part.rows[r0][c0])
                merged = t.cell(r0, c0).merge(t.cell(r1, c1))
                merged.text = text  # merge() joins the texts; keep one
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(MF._fixed_zip(buf.getvalue()))
    return where


def render_pdf(doc: Doc, path: Path, rules: str = "grid", centred: bool = False) -> Where:
    """The PDF rendering. ``rules``: ``grid`` (every cell ruled), ``none`` (no lines at all: text
    laid out in columns, as systems that draw no rules print) or ``hrules`` (only a line under each
    row and above the table). Without vertical rules a merged label is printed at the top of its
    cells (as exports without rules do); with the grid, in their middle (as Word does). The ``row``
    of an indicator is then the row among those with visible text on that page. ``centred``: cell
    text centred in its cell (as many forms set it) instead of flush left."""
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    font = MF.FONT
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=20, alignment=1, spaceAfter=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, alignment=1 if centred else 0)
    template = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
        bottomMargin=18 * mm, title=doc.title, author="indicator-nlp fixtures",
        creator="scripts/make_layouts.py", producer="reportlab",
    )  # fmt: skip
    width = A4[0] - 30 * mm

    def para(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def ruled(table: Table, rows: list[list[CellValue]], merges: list[tuple[int, int, int, int]]) -> RLTable:
        n = len(rows[0])
        rel = table.widths or [1.0] * n
        widths = [width * w / sum(rel) for w in rel]
        covered = _covered(Table(rows, merges))
        data = [
            [para(str(v)) if covered.get((r, c), (r, c))[:2] == (r, c) else "" for c, v in enumerate(cells)]
            for r, cells in enumerate(rows)
        ]
        t = RLTable(data, colWidths=widths)
        if rules == "grid":
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        else:
            style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
            if rules == "hrules":
                style += [("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
                          ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]  # fmt: skip
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in merges]
        t.setStyle(TableStyle(style))
        return t

    def number(rows: list[list[CellValue]], merges: list[tuple[int, int, int, int]], r: int) -> int:
        """The 1-based row number a reader gives row ``r``: every row when ruled, else the rows
        showing some text (a row holding only the covered part of merged cells shows none)."""
        if rules == "grid":
            return r + 1
        covered = _covered(Table(rows, merges))
        shown = [
            any(str(v) and covered.get((i, c), (i, c))[:2] == (i, c) for c, v in enumerate(cells))
            for i, cells in enumerate(rows)
        ]
        return sum(shown[: r + 1])

    story: list[Any] = []
    where: Where = {}
    page = 1
    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            story.append(para(part.text, title if part.title else body))
            if part.indicator is not None:
                where[(k, 0)] = (None, page)
        elif isinstance(part, Line):
            story.append(Spacer(1, 2 * mm))
            story.append(para("　　".join(c for c in part.cells if c), body))
        else:
            story.append(Spacer(1, 3 * mm))
            if part.split_at is None:
                story.append(ruled(part, part.rows, part.merges))
                for r in {**part.indicators, **part.beside}:
                    where[(k, r)] = (number(part.rows, part.merges, r), page)
                continue
            # Printed as Word prints a long table: the first part fills page 1, the header is
            # repeated on page 2, a merged label running over the break shows its text once.
            s, h = part.split_at, part.header_rows
            first = part.rows[:s]
            second = [list(r) for r in part.rows[:h]] + [list(r) for r in part.rows[s:]]
            m1, m2 = [], []
            for r0, c0, r1, c1 in part.merges:
                if r1 < s:
                    m1.append((r0, c0, r1, c1))
                elif r0 >= s:
                    m2.append((r0 - s + h, c0, r1 - s + h, c1))
                else:
                    m1.append((r0, c0, s - 1, c1))
                    if r1 > s:
                        m2.append((h, c0, r1 - s + h, c1))
            story.append(ruled(part, first, m1))
            story.append(PageBreak())
            page += 1
            story.append(ruled(part, second, m2))
            for r in {**part.indicators, **part.beside}:
                if r < s:
                    where[(k, r)] = (number(first, m1, r), page - 1)
                else:
                    where[(k, r)] = (number(second, m2, r - s + h), page)
    template.build(story)
    return where


HTML_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_县人民政府门户网站</title>
<style>.nav li{{display:inline}} td{{border:1px solid #000}}</style>
<script>var _hmt = _hmt || []; function nav(){{return "<table><tr><td>x</td></tr></table>";}}</script>
</head>
<body>
"""
HTML_CHROME_TOP = """<div class="header"><img src="logo.png" alt="县人民政府门户网站"></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<table class="search" width="100%"><tr><td>站内搜索</td><td><input type="text" name="q"></td><td>搜索</td></tr></table>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 预算公开</div>
<h1>{title}</h1>
<div class="info">发布日期：2024-02-05　浏览次数：<span id="hits">318</span>　字体：[大 中 小]</div>
<div class="content">
"""
HTML_CHROME_BOTTOM = """</div>
<table class="links" width="100%"><tr><td>相关链接</td><td><a href="#">国务院</a></td><td><a href="#">省人民政府</a></td><td><a href="#">市人民政府</a></td></tr></table>
<div class="footer"><p>主办：县人民政府办公室　联系电话：0000-1234567</p><p>版权所有 © 2024 县人民政府　备案号：X ICP备00000000号</p></div>
"""


def render_html(doc: Doc, path: Path, encoding: str = "utf-8") -> Where:
    charset = "gb2312" if encoding == "gb18030" else encoding
    lines: list[str] = HTML_HEAD.format(charset=charset, title=doc.title).split("\n")[:-1]
    if doc.chrome:
        lines += HTML_CHROME_TOP.format(title=doc.title).split("\n")[:-1]
    where: Where = {}

    def cell_html(value: CellValue, tag: str, span: str) -> str:
        text = str(value)
        if not text:
            inner = "&nbsp;"
        else:
            inner = "<br>".join(html_escape(x) for x in text.split("\n"))
        if doc.word_markup:
            inner = (
                '<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US" '
                f"style='font-size:10.5pt;font-family:宋体'>{inner}<o:p></o:p></span></p>"
            )
            return f'<{tag} width="96" valign="center" style=\'border:solid windowtext 1.0pt\'{span}>{inner}</{tag}>'
        return f"<{tag}{span}>{inner}</{tag}>"

    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            if part.title and doc.chrome:
                continue  # the page's <h1> carries it
            tag = "h2" if part.title else "p"
            lines.append(f"<{tag}>{html_escape(part.text)}</{tag}>")
        elif isinstance(part, Line):
            lines.append("<p>" + "　　".join(html_escape(c) for c in part.cells if c) + "</p>")
        else:
            attrs = (
                ' class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0"'
                if doc.word_markup
                else ' border="1"'
            )
            lines.append(f"<table{attrs}>")
            covered = _covered(part)
            for r, cells in enumerate(part.rows):
                out = []
                for c, value in enumerate(cells):
                    m = covered.get((r, c))
                    if m is not None and (m[0], m[1]) != (r, c):
                        continue
                    span = ""
                    if m is not None:
                        rs, cs = m[2] - m[0] + 1, m[3] - m[1] + 1
                        span += f' rowspan="{rs}"' if rs > 1 else ""
                        span += f' colspan="{cs}"' if cs > 1 else ""
                    out.append(cell_html(value, "td", span))
                if r in part.indicators or r in part.beside:
                    where[(k, r)] = (len(lines) + 1, None)
                lines.append(" <tr>" + "".join(out) + "</tr>")
            lines.append("</table>")
    if doc.chrome:
        lines += HTML_CHROME_BOTTOM.split("\n")[:-1]
    lines += ["</body>", "</html>"]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return where


def render_delimited(doc: Doc, path: Path, delimiter: str, encoding: str) -> Where:
    """CSV (quoted cells may span lines) or TSV (cells as typed); merged cells keep their text in
    the top-left cell only, as Excel exports them."""
    where: Where = {}
    out = io.StringIO()
    line = 1
    width = _width(doc)

    def write(cells: list[str]) -> None:
        nonlocal line
        if delimiter == ",":
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(cells + [""] * (width - len(cells)))
            text = buf.getvalue()
        else:
            if any("\n" in c or "\t" in c for c in cells):
                raise ValueError(f"{doc.name}: a TSV cell cannot hold a line break")
            text = "\t".join(cells) + "\n"
        out.write(text)
        line += text.count("\n")

    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            if delimiter == ",":
                write([part.text])
            else:
                out.write(part.text + "\n")
                line += 1
        elif isinstance(part, Line):
            write(list(part.cells))
        else:
            covered = _covered(part)
            for r, cells in enumerate(part.rows):
                texts = []
                for c, value in enumerate(cells):
                    m = covered.get((r, c))
                    texts.append(str(value) if m is None or (m[0], m[1]) == (r, c) else "")
                if r in part.indicators or r in part.beside:
                    where[(k, r)] = (line, None)
                write(texts)
    data = out.getvalue()
    if encoding == "utf-16":
        raw = data.replace("\n", "\r\n").encode("utf-16")  # Excel's "Unicode text": BOM, CRLF
    else:
        raw = data.encode(encoding)
    path.write_bytes(raw)
    return where


def render_markdown(doc: Doc, path: Path) -> Where:
    where: Where = {}
    lines: list[str] = []
    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            lines += [("# " if part.title else "") + part.text, ""]
        elif isinstance(part, Line):
            lines += [" ".join(c for c in part.cells if c), ""]
        else:
            for r, cells in enumerate(part.rows):
                if r in part.indicators or r in part.beside:
                    where[(k, r)] = (len(lines) + 1, None)
                lines.append("| " + " | ".join(str(c).replace("\n", "<br>") for c in cells) + " |")
                if r == 0:
                    lines.append("|" + "---|" * len(cells))
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return where


def render_lines(doc: Doc, path: Path, encoding: str) -> Where:
    where: Where = {}
    lines: list[str] = []
    for k, part in enumerate(doc.parts):
        if isinstance(part, Para):
            lines.append(part.text)
            if part.indicator is not None:
                where[(k, 0)] = (len(lines), None)
        elif isinstance(part, Line):
            lines.append("    ".join(c for c in part.cells if c))
        else:
            raise ValueError(f"{doc.name}: tables are not rendered as lines")
        if part is doc.parts[0]:
            lines.append("")
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return where


# format name → (file suffix, renderer)
FORMATS: dict[str, tuple[str, Callable[[Doc, Path], Where]]] = {
    "xlsx": (".xlsx", render_xlsx),
    "docx": (".docx", render_docx),
    "pdf": (".pdf", render_pdf),
    "pdf-noborder": (".noborder.pdf", lambda d, p: render_pdf(d, p, "none")),
    "pdf-hrules": (".hrules.pdf", lambda d, p: render_pdf(d, p, "hrules")),
    "pdf-centred": (".centred.pdf", lambda d, p: render_pdf(d, p, "none", centred=True)),
    "html": (".html", render_html),
    "html-gb2312": (".gb2312.html", lambda d, p: render_html(d, p, "gb18030")),
    "csv": (".csv", lambda d, p: render_delimited(d, p, ",", "utf-8")),
    "csv-bom": (".bom.csv", lambda d, p: render_delimited(d, p, ",", "utf-8-sig")),
    "csv-gb18030": (".gb18030.csv", lambda d, p: render_delimited(d, p, ",", "gb18030")),
    "csv-utf16": (".utf16.csv", lambda d, p: render_delimited(d, p, ",", "utf-16")),
    "tsv": (".tsv", lambda d, p: render_delimited(d, p, "\t", "utf-8")),
    "tsv-gb18030": (".gb18030.tsv", lambda d, p: render_delimited(d, p, "\t", "gb18030")),
    "tsv-utf16": (".utf16.txt", lambda d, p: render_delimited(d, p, "\t", "utf-16")),
    "md": (".md", render_markdown),
    "txt": (".txt", lambda d, p: render_lines(d, p, "utf-8")),
    "txt-gb18030": (".gb18030.txt", lambda d, p: render_lines(d, p, "gb18030")),
}

ALL_FIELDS = (
    "level1",
    "level2",
    "name",
    "description",
    "value",
    "period_value",
    "actual",
    "weight",
    "score",
    "deviation",
)


def expected_rows(doc: Doc, where: Where) -> list[dict[str, str]]:
    rows = []
    for k, part in enumerate(doc.parts):
        items = (
            [*part.indicators.items(), *part.beside.items()]
            if isinstance(part, Table)
            else ([(0, part.indicator)] if isinstance(part, Para) and part.indicator else [])
        )
        for r, expected in items:
            row, page = where[(k, r)]
            rows.append(
                {"row": "" if row is None else str(row), "page": "" if page is None else str(page)}
                | {f: expected.get(f, "") for f in doc.fields}
            )
    return rows


def write_expected(path: Path, doc: Doc, rows: list[dict[str, str]]) -> None:
    columns = ["row", "page", *doc.fields]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(columns) + "\n")
        for r in rows:
            fh.write("\t".join(r[c].replace("\n", "\\n") for c in columns) + "\n")


def _formats(doc: Doc) -> tuple[str, ...]:
    """The layout's formats; a layout printed to PDF with tables is also printed without rules
    (``pdf-noborder``), with horizontal rules only (``pdf-hrules``), and without rules with its
    cells centred (``pdf-centred``)."""
    if "pdf" in doc.formats and any(isinstance(p, Table) for p in doc.parts):
        return (*doc.formats, "pdf-noborder", "pdf-hrules", "pdf-centred")
    return doc.formats


def generate(fixtures: Path, expected: Path) -> list[Path]:
    fixtures.mkdir(parents=True, exist_ok=True)
    expected.mkdir(parents=True, exist_ok=True)
    written = []
    for make in LAYOUTS:
        doc = make()
        for fmt in _formats(doc):
            suffix, render = FORMATS[fmt]
            out = fixtures / f"{doc.name}{suffix}"
            where = render(doc, out)
            exp = expected / f"{out.name}.tsv"
            write_expected(exp, doc, expected_rows(doc, where))
            written += [out, exp]
    return written


MF = _make_fixtures()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="regenerate in a temp folder and diff bytes")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            written = generate(Path(tmp) / "f", Path(tmp) / "e")
            differ = []
            for p in written:
                rel = p.relative_to(Path(tmp))
                mine = (FIXTURES if rel.parts[0] == "f" else EXPECTED) / rel.name
                if not mine.exists() or mine.read_bytes() != p.read_bytes():
                    differ.append(rel.name)
        for name in differ:
            print(f"differs: {name}")
        print(f"{len(written) - len(differ)}/{len(written)} files identical")
        return 1 if differ else 0
    for p in generate(FIXTURES, EXPECTED):
        print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
