"""(Re)generate the checked-in binary fixtures under tests/fixtures/.

    python scripts/make_fixtures.py            # everything
    python scripts/make_fixtures.py --check    # regenerate in a temp folder and compare content

What it writes:

- ``tests/fixtures/rendered/demo.{pdf,docx,xlsx}``: a hand-made project filing (below, ``DEMO``) whose
  rows are known, so the reader tests can state them exactly without depending on the structurer.
- ``tests/fixtures/rendered/seed_00N.{pdf,docx,xlsx}``: each seed's structured content (metadata,
  narrative goals, one indicator table per project with its project metadata above it) as real
  documents: ruled tables with merged level-1/level-2 cells (reportlab SPAN, python-docx
  ``cell.merge``, openpyxl ``merge_cells``) and, in the PDF, the first large indicator table split
  over two pages with its header row repeated. The content comes from ``structure()`` of the seed
  text (issue 3's structurer); when that is not importable the seed renderings are skipped.
- ``tests/fixtures/bad/``: inputs every reader must refuse with a one-line error naming the file and
  the cause: an image-only PDF, an encrypted PDF, a truncated PDF, a truncated DOCX, an empty file
  and a binary file named ``.txt``.
- ``tests/fixtures/encodings/``: good text inputs in other encodings (a seed as GB18030, UTF-16 and
  UTF-8 with BOM).

The output is deterministic: fixed metadata dates, reportlab's invariant mode, ZIP entries with a
fixed timestamp, a seeded random generator. Re-running gives identical bytes.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
FIXED_DATE = "2024-01-01T00:00:00Z"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
FONT = "STSong-Light"  # reportlab's built-in CID font: no font file, no download

# ---------------------------------------------------------------------------------------------
# What to render: a format-neutral description of a filing
# ---------------------------------------------------------------------------------------------


@dataclass
class TableSpec:
    """A table: header row, body rows, and which leading columns are merged labels."""

    header: list[str]
    rows: list[list[str]]
    label_columns: int = 2  # 一级指标 and 二级指标: runs of equal values become merged cells


@dataclass
class ProjectSpec:
    meta: list[tuple[str, str]] = field(default_factory=list)
    table: TableSpec | None = None


@dataclass
class FilingSpec:
    title: str
    meta: list[tuple[str, str]] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    projects: list[ProjectSpec] = field(default_factory=list)
    tasks: TableSpec | None = None  # 年度重点工作任务
    goals_in_table: bool = False  # goals as 总体绩效目标 rows of the metadata table, not paragraphs


INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
TASK_HEADER = ["名称", "主要实施内容", "拟投入的资金（万元）", "期望达到的目标（概述）"]
LONG_CELL = 1500  # characters: a longer metadata value would not fit one PDF page

# A hand-made project filing with known rows: the reader tests state these rows exactly.
# Long cells wrap in the PDF; 24 rows make the PDF table run over two pages.
DEMO = FilingSpec(
    title="2024年项目支出绩效目标表",
    meta=[
        ("部门名称", "示例市青少年服务中心"),
        ("项目名称", "青少年综合服务项目"),
        ("预算数（万元）", "120.50"),
    ],
    goals=[
        "总体绩效目标：全年开展青少年综合服务活动，服务青少年不少于5万人次，服务对象满意度达到90%以上。",
        "本表为测试用示例，内容为虚构。",
    ],
    projects=[
        ProjectSpec(
            meta=[("项目名称", "青少年综合服务项目"), ("项目编码", "DEMO-2024-001")],
            table=TableSpec(
                header=["一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"],
                rows=[
                    ["产出指标", "数量指标", "举办青少年主题活动场次", "≥40场", "≥20场"],
                    ["产出指标", "数量指标", "服务青少年人次", "不少于10万人次", "不少于5万人次"],
                    ["产出指标", "数量指标", "开展心理健康讲座", "≥12次", "≥6次"],
                    ["产出指标", "数量指标", "招募志愿者人数", "≥600人", "≥300人"],
                    ["产出指标", "数量指标", "发放宣传资料份数", "≥4000份", "≥2000份"],
                    ["产出指标", "数量指标", "建设青年之家阵地数量", "4个", "2个"],
                    [
                        "产出指标",
                        "质量指标",
                        "活动方案经审核后按计划组织实施并形成完整的过程记录和总结报告的比例",
                        "100%",
                        "100%",
                    ],
                    ["产出指标", "质量指标", "志愿者培训合格率", "≥95%", "≥95%"],
                    ["产出指标", "质量指标", "资料建档率", "100%", "100%"],
                    ["产出指标", "时效指标", "项目完成时间", "2025年12月31日前", "2024年12月31日前"],
                    ["产出指标", "时效指标", "资金拨付及时率", "100%", "100%"],
                    ["产出指标", "成本指标", "项目总成本", "≤241万元", "≤120.5万元"],
                    ["产出指标", "成本指标", "人均服务成本", "≤25元/人次", "≤24.1元/人次"],
                    ["效益指标", "社会效益指标", "青少年政策知晓率", "≥85%", "≥80%"],
                    ["效益指标", "社会效益指标", "青少年违法犯罪率", "≤0.5%", "≤0.5%"],
                    ["效益指标", "社会效益指标", "参与志愿服务人次", "≥40000", "≥20000"],
                    ["效益指标", "经济效益指标", "带动青年就业增收", "有所提升", "有所提升"],
                    ["效益指标", "生态效益指标", "绿色低碳活动参与人数", "≥1000人", "≥500人"],
                    ["效益指标", "可持续影响指标", "长效服务机制建立", "建立并持续运行", "初步建立"],
                    ["效益指标", "可持续影响指标", "青年之家持续运行年限", "≥5年", "≥5年"],
                    ["满意度指标", "服务对象满意度指标", "参与青少年满意度", "≥90%", "≥90%"],
                    ["满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "≥90%"],
                    ["满意度指标", "服务对象满意度指标", "合作学校满意度", "90%以上", "90%以上"],
                    ["满意度指标", "服务对象满意度指标", "志愿者满意度", "≥85%", "≥85%"],
                ],
            ),
        )
    ],
)


def spec_from_filing(filing: object, title: str) -> FilingSpec:
    """A FilingSpec from a structured Filing (indicator_nlp.types.Filing): what the seed holds."""
    meta = dict(getattr(filing, "meta", {}))
    spec = FilingSpec(title=meta.pop("标题", None) or title, goals_in_table=True)
    spec.meta = [(k, str(v)) for k, v in meta.items() if v and len(str(v)) < LONG_CELL]
    spec.goals = [g for g in getattr(filing, "goals", []) if g and len(g) < LONG_CELL]
    tasks = getattr(filing, "tasks", [])
    if tasks:
        spec.tasks = TableSpec(
            header=TASK_HEADER,
            rows=[[t.name or "", t.content or "", t.funds or "", t.goal or ""] for t in tasks],
            label_columns=0,
        )
    projects = [p for p in getattr(filing, "projects", []) if p.indicators]
    groups: list[tuple[object | None, list]] = [(p, p.indicators) for p in projects]
    in_projects = {id(i) for _, inds in groups for i in inds}
    loose = [i for i in filing.indicators if id(i) not in in_projects]  # type: ignore[attr-defined]
    if loose:
        groups.insert(0, (None, loose))
    for project, indicators in groups:
        pmeta: list[tuple[str, str]] = []
        if project is not None:
            for label, attr in (("项目名称", "name"), ("项目编码", "code"), ("预算数（万元）", "budget")):
                value = getattr(project, attr, None)
                if value:
                    pmeta.append((label, str(value)))
            if getattr(project, "goal", None):
                pmeta.append(("绩效目标", str(project.goal)))
        spec.projects.append(ProjectSpec(meta=pmeta, table=_indicator_table(indicators)))
    return spec


def _indicator_table(indicators: Sequence) -> TableSpec:
    """Indicator rows under the real header words; optional columns only when some row uses them."""

    def has(attr: str) -> bool:
        return any(getattr(i, attr, None) not in (None, "") for i in indicators)

    columns: list[tuple[str, str]] = [
        ("一级指标", "level1_raw"),
        ("二级指标", "level2_raw"),
        ("三级指标", "name"),
    ]
    if has("description"):
        columns.append(("绩效指标描述", "description"))
    if has("period_value"):
        columns += [("实施周期指标值", "period_value"), ("年度指标值", "value")]
    else:
        columns.append(("指标值", "value"))
    for header, attr in (
        ("计量单位", "unit"),
        ("指标值确定依据", "basis"),
        ("全年完成值", "actual"),
        ("指标权重", "weight"),
        ("得分", "score"),
    ):
        if has(attr):
            columns.append((header, attr))
    rows = []
    for ind in indicators:
        row = []
        for _, attr in columns:
            value = getattr(ind, attr, None)
            if attr == "level1_raw" and not value:
                value = ind.level1
            if attr == "level2_raw" and not value:
                value = ind.level2
            if isinstance(value, float) and value == int(value):
                value = int(value)
            row.append("" if value is None else str(value))
        rows.append(row)
    return TableSpec(header=[h for h, _ in columns], rows=rows)


# ---------------------------------------------------------------------------------------------
# Merged label runs (shared by the three renderers)
# ---------------------------------------------------------------------------------------------


def label_runs(table: TableSpec) -> list[tuple[int, int, int]]:
    """(column, first body row, last body row) of each run of equal, non-empty labels to merge.

    A level-2 run never crosses a level-1 boundary, so merged cells nest as in real filings.
    """
    runs = []
    for col in range(min(table.label_columns, len(table.header))):
        start = 0
        for r in range(1, len(table.rows) + 1):
            same = (
                r < len(table.rows)
                and table.rows[r][col]
                and table.rows[r][col] == table.rows[start][col]
                and all(table.rows[r][c] == table.rows[start][c] for c in range(col))
            )
            if not same:
                if r - 1 > start:
                    runs.append((col, start, r - 1))
                start = r
    return runs


# ---------------------------------------------------------------------------------------------
# PDF (reportlab)
# ---------------------------------------------------------------------------------------------


def render_pdf(spec: FilingSpec, path: Path, split_first_table: bool = True) -> None:
    from reportlab import rl_config

    rl_config.invariant = 1  # fixed creation date and document id: identical bytes on every run
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=20, alignment=1, spaceAfter=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=spec.title,
        author="indicator-nlp fixtures",
        creator="scripts/make_fixtures.py",
        producer="reportlab",
    )
    width = A4[0] - 36 * mm
    story: list = [Paragraph(escape(spec.title), title)]

    def para(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def ruled(data: list[list], widths: list[float], spans: list[tuple[int, int, int]], repeat: int) -> Table:
        t = Table(data, colWidths=widths, repeatRows=repeat)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
        ]
        for col, first, last in spans:
            style.append(("SPAN", (col, first + repeat), (col, last + repeat)))
        t.setStyle(TableStyle(style))
        return t

    def meta_table(pairs: list[tuple[str, str]]) -> Table:
        return ruled([[para(k), para(v)] for k, v in pairs], [width * 0.25, width * 0.75], [], 0)

    head_pairs = spec.meta + ([("总体绩效目标", g) for g in spec.goals] if spec.goals_in_table else [])
    if head_pairs:
        story += [meta_table(head_pairs), Spacer(1, 4 * mm)]
    if not spec.goals_in_table:
        story += [para(goal, body) for goal in spec.goals]
    if spec.tasks:
        tasks = spec.tasks
        story += [
            para("年度重点工作任务", body),
            ruled(
                [[para(h) for h in tasks.header]] + [[para(c) for c in r] for r in tasks.rows],
                [width * w for w in (0.2, 0.35, 0.13, 0.32)],
                [],
                1,
            ),
        ]
    frame_height = A4[1] - 36 * mm - 12  # the frame's inner height (6 pt padding top and bottom)

    def cells(table: TableSpec, rows: list[list[str]]) -> list[list]:
        return [[para(h) for h in table.header]] + [[para(c) for c in row] for row in rows]

    split_done = not split_first_table
    for project in spec.projects:
        if project.meta:
            story += [Spacer(1, 4 * mm), meta_table(project.meta)]
        table = project.table
        if table is None:
            continue
        widths = _column_widths(table.header, width)
        story.append(Spacer(1, 3 * mm))
        if split_done or len(table.rows) < 6:
            story.append(ruled(cells(table, table.rows), widths, label_runs(table), 1))
            continue
        # The first large table runs over a page break the way Word prints one: the first part
        # ends at the page bottom, the second repeats the header, and a merged level label that
        # spans the break shows its text on the first page only (an empty merged cell after it).
        split_done = True
        k = _split_row(table)
        first = TableSpec(table.header, table.rows[:k], table.label_columns)
        second = TableSpec(table.header, [list(r) for r in table.rows[k:]], table.label_columns)
        part1 = ruled(cells(first, first.rows), widths, label_runs(first), 1)
        runs2 = label_runs(second)
        for col in range(table.label_columns):
            if second.rows and table.rows[k][col] and table.rows[k][col] == table.rows[k - 1][col]:
                second.rows[0][col] = ""  # continued merged cell: no text on the new page
                for c, first_row, last_row in list(runs2):
                    if c == col and first_row == 0:
                        runs2.remove((c, first_row, last_row))
                        runs2.append((c, 0, last_row))
                n = 1
                while n < len(second.rows) and table.rows[k + n][col] == table.rows[k][col]:
                    second.rows[n][col] = ""
                    n += 1
                runs2 = [r for r in runs2 if r[0] != col or r[1] != 0] + ([(col, 0, n - 1)] if n > 1 else [])
        part2 = ruled(cells(second, second.rows), widths, runs2, 1)
        _, h1 = part1.wrap(width, frame_height)
        story += [PageBreak(), Spacer(1, max(frame_height - h1 - 3 * mm, 0)), part1, PageBreak(), part2]
    doc.build(story)


def _split_row(table: TableSpec) -> int:
    """Where to break the table: inside the longest level-1 run when there is one, else midway."""
    runs = [r for r in label_runs(table) if r[0] == 0]
    if runs:
        col, first, last = max(runs, key=lambda r: r[2] - r[1])
        if last - first >= 2:
            return first + (last - first + 1) // 2
    return max(1, len(table.rows) // 2)


def _column_widths(header: list[str], width: float) -> list[float]:
    """Narrow label columns, wide name/description columns: roughly how filings lay them out."""
    weight = {"一级指标": 1.0, "二级指标": 1.2, "三级指标": 2.4, "绩效指标描述": 2.4, "指标值确定依据": 1.8}
    w = [weight.get(h, 1.3) for h in header]
    total = sum(w)
    return [width * x / total for x in w]


# ---------------------------------------------------------------------------------------------
# DOCX (python-docx)
# ---------------------------------------------------------------------------------------------


def render_docx(spec: FilingSpec, path: Path) -> None:
    import datetime as dt

    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    fixed = dt.datetime(2024, 1, 1)
    props = document.core_properties
    props.created = props.modified = props.last_printed = fixed
    props.author = props.last_modified_by = "indicator-nlp fixtures"
    props.title = spec.title
    props.revision = 1
    document.add_heading(spec.title, level=1)

    def table(rows: list[list[str]]) -> object:
        t = document.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        return t

    head_pairs = spec.meta + ([("总体绩效目标", g) for g in spec.goals] if spec.goals_in_table else [])
    if head_pairs:
        table([[k, v] for k, v in head_pairs])
    if not spec.goals_in_table:
        for goal in spec.goals:
            document.add_paragraph(goal)
    if spec.tasks:
        document.add_paragraph("年度重点工作任务")
        table([spec.tasks.header] + spec.tasks.rows)
    for project in spec.projects:
        if project.meta:
            document.add_paragraph("")
            table([[k, v] for k, v in project.meta])
        if project.table is None:
            continue
        t = table([project.table.header] + project.table.rows)
        for col, first, last in label_runs(project.table):
            text = project.table.rows[first][col]
            merged = t.cell(first + 1, col).merge(t.cell(last + 1, col))
            merged.text = text  # merge() concatenates the texts; keep one
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


# ---------------------------------------------------------------------------------------------
# XLSX (openpyxl)
# ---------------------------------------------------------------------------------------------


def render_xlsx(spec: FilingSpec, path: Path) -> None:
    import datetime as dt

    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    fixed = dt.datetime(2024, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = wb.properties.lastModifiedBy = "indicator-nlp fixtures"
    width = max([5] + [len(p.table.header) for p in spec.projects if p.table])
    row = 1
    ws.cell(row, 1, spec.title)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 1

    def pairs(items: list[tuple[str, str]]) -> None:
        nonlocal row
        for k, v in items:
            ws.cell(row, 1, k)
            ws.cell(row, 2, v)
            if width > 2:
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
            row += 1

    pairs(spec.meta)
    pairs([("总体绩效目标", goal) for goal in spec.goals])
    if spec.tasks:
        ws.cell(row, 1, "年度重点工作任务")
        top = row
        for r in [spec.tasks.header] + spec.tasks.rows:
            for c, text in enumerate(r, start=2):
                ws.cell(row, c, text)
            row += 1
        ws.merge_cells(start_row=top, start_column=1, end_row=row - 1, end_column=1)
    for project in spec.projects:
        row += 1  # a blank row between blocks, as drafters leave
        pairs(project.meta)
        if project.table is None:
            continue
        top = row
        for c, h in enumerate(project.table.header, start=1):
            ws.cell(row, c, h)
        row += 1
        for r in project.table.rows:
            for c, text in enumerate(r, start=1):
                ws.cell(row, c, _xlsx_value(text))
            row += 1
        for col, first, last in label_runs(project.table):
            ws.merge_cells(
                start_row=top + 1 + first, start_column=col + 1, end_row=top + 1 + last, end_column=col + 1
            )
    for col in ws.columns:
        for c in col:
            c.alignment = Alignment(wrap_text=True, vertical="center")
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


def _xlsx_value(text: str) -> str:
    """Cells stay text: a filing's values are strings (≥90%, 5万人); numbers as typed stay text too,
    so the rendering round-trips exactly. (The number-format paths are tested on the real workbooks.)"""
    return text


# ---------------------------------------------------------------------------------------------
# Deterministic ZIP (DOCX/XLSX)
# ---------------------------------------------------------------------------------------------

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry timestamps and fixed core-property dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>" + FIXED_DATE.encode() + rb"\g<2>", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Bad and re-encoded inputs
# ---------------------------------------------------------------------------------------------


def make_bad(folder: Path, demo_docx: Path, demo_pdf: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _image_only_pdf(folder / "image_only.pdf")
    _encrypted_pdf(demo_pdf, folder / "encrypted.pdf")
    pdf = demo_pdf.read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    docx_bytes = demo_docx.read_bytes()
    (folder / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    (folder / "empty.txt").write_bytes(b"")
    rng = random.Random(20240101)
    png_header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    (folder / "binary.txt").write_bytes(png_header + bytes(rng.randrange(256) for _ in range(4096)))


def _image_only_pdf(path: Path) -> None:
    """A scanned-looking page: one drawn image, no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for y in range(100, 700, 40):  # ruled lines and grey bars standing for scanned text
        draw.line((50, y, 550, y), fill=0, width=2)
        draw.rectangle((70, y + 10, 70 + (y * 7) % 400, y + 25), fill=120)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 40, 40, width=A4[0] - 80, height=A4[1] - 80)
    c.showPage()
    c.save()


def _encrypted_pdf(source: Path, path: Path) -> None:
    """The demo PDF locked with a user password (pypdf, from the dev extra)."""
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        sys.exit("pypdf is needed for the encrypted fixture: pip install pypdf")
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.add_metadata({"/Producer": "indicator-nlp fixtures", "/CreationDate": "D:20240101000000Z"})
    # A fixed file identifier so the bytes do not change between runs: pypdf draws a random one,
    # and RC4 derives its key from it (AES would add random IVs, hence RC4).
    from pypdf.generic import ArrayObject, ByteStringObject

    fixed_id = ByteStringObject(b"indicator-nlp-fx")

    def fixed_identifiers() -> None:
        writer._ID = ArrayObject((fixed_id, fixed_id))

    writer.generate_file_identifiers = fixed_identifiers  # type: ignore[method-assign]
    writer.encrypt(user_password="secret", owner_password="owner-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    path.write_bytes(buf.getvalue())


def make_encodings(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = (EXAMPLES / "seed_000.txt").read_text(encoding="utf-8")
    (folder / "seed_000_gb18030.txt").write_bytes(text.encode("gb18030"))
    (folder / "seed_000_utf16.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (folder / "seed_000_utf8bom.txt").write_bytes(text.encode("utf-8-sig"))


# ---------------------------------------------------------------------------------------------
# Seeds through the structurer
# ---------------------------------------------------------------------------------------------

SEED_TITLES = {
    "seed_000": "部门整体预算绩效目标申报表",
    "seed_001": "部门整体支出绩效目标申报表",
    "seed_002": "部门整体支出绩效目标表",
    "seed_003": "项目支出绩效自评表",
    "seed_004": "项目支出绩效目标表",
}


def seed_specs() -> dict[str, FilingSpec]:
    """Each seed's structured content, or {} when the structurer is not available yet."""
    try:
        from indicator_nlp.structure import structure
    except ImportError as exc:
        print(f"skipping seed renderings: structurer not available ({exc})", file=sys.stderr)
        return {}
    specs = {}
    for seed in sorted(EXAMPLES.glob("seed_00*.txt")):
        filing = structure(seed)
        if not filing.indicators:
            print(f"skipping {seed.name}: the structurer found no indicators", file=sys.stderr)
            continue
        specs[seed.stem] = spec_from_filing(filing, SEED_TITLES.get(seed.stem, seed.stem))
    return specs


def generate(root: Path) -> list[Path]:
    rendered = root / "rendered"
    rendered.mkdir(parents=True, exist_ok=True)
    written = []
    for name, spec in {"demo": DEMO, **seed_specs()}.items():
        for ext, render in (("pdf", render_pdf), ("docx", render_docx), ("xlsx", render_xlsx)):
            out = rendered / f"{name}.{ext}"
            render(spec, out)
            written.append(out)
    make_bad(root / "bad", rendered / "demo.docx", rendered / "demo.pdf")
    make_encodings(root / "encodings")
    written += sorted((root / "bad").iterdir()) + sorted((root / "encodings").iterdir())
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=FIXTURES, help="fixtures folder (default tests/fixtures)")
    parser.add_argument("--check", action="store_true", help="regenerate in a temp folder and diff bytes")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            written = generate(Path(tmp))
            differ = [
                p.relative_to(tmp)
                for p in written
                if not (args.out / p.relative_to(tmp)).exists()
                or (args.out / p.relative_to(tmp)).read_bytes() != p.read_bytes()
            ]
        for p in differ:
            print(f"differs: {p}")
        print(f"{len(written) - len(differ)}/{len(written)} fixtures identical")
        return 1 if differ else 0
    for p in generate(args.out):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
