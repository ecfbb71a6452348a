"""The pdf reader on the rendered demo (a table split inside a merged cell over two pages), the
shared cell-text rules, the page-join rule, and the PDF bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_nlp.errors import EncryptedFileError, FilingError, NeedsOCRError
from indicator_nlp.readers import read_filing
from indicator_nlp.readers._cells import clean_cell_text
from indicator_nlp.readers.pdf import _continues, _Part, read

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "tests" / "fixtures" / "rendered"
BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.fixture(scope="module")
def demo_doc():
    return read(RENDERED / "demo.pdf")


def test_split_table_is_one_table_without_repeated_header(demo_doc, make_fixtures):
    project = make_fixtures.DEMO.projects[0]
    indicator_tables = [t for t in demo_doc.tables if t.rows[0] == project.table.header]
    assert len(indicator_tables) == 1
    table = indicator_tables[0]
    assert table.rows == [project.table.header, *project.table.rows]
    assert table.merged_fill


def test_split_table_provenance(demo_doc):
    table = demo_doc.tables[-1]
    pages = table.row_pages
    assert table.page == pages[0] == 2 and pages[-1] == 3
    assert pages == sorted(pages) and set(pages) == {2, 3}
    # the rows on page 3 are numbered from 2: row 1 there was the repeated header
    first_on_3 = pages.index(3)
    assert table.row_numbers[first_on_3] == 2


def test_label_carried_over_the_page_break(demo_doc):
    table = demo_doc.tables[-1]
    first_on_3 = table.row_pages.index(3)
    # the merged 产出指标 cell shows its text on page 2 only; the reader carries it over
    assert table.rows[first_on_3][0] == table.rows[first_on_3 - 1][0] == "产出指标"


def test_wrapped_cell_text_rejoined(demo_doc):
    names = [r[2] for r in demo_doc.tables[-1].rows]
    assert "活动方案经审核后按计划组织实施并形成完整的过程记录和总结报告的比例" in names
    assert not any("\n" in n for n in names)


def test_paragraphs_and_reading_order(demo_doc, make_fixtures):
    demo = make_fixtures.DEMO
    assert demo_doc.blocks[0].kind == "paragraph" and demo_doc.blocks[0].text == demo.title
    text = "\n".join(b.text for b in demo_doc.paragraphs)
    for goal in demo.goals:
        assert goal in text
    assert [b.kind for b in demo_doc.blocks[:3]] == ["paragraph", "table", "paragraph"]
    assert demo_doc.tables[0].rows == [list(p) for p in demo.meta]
    assert demo_doc.meta["pages"] == 3
    assert [b.page for b in demo_doc.blocks] == sorted(b.page for b in demo_doc.blocks)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("服务对象满意度\n指标", "服务对象满意度指标", id="cjk-wrap-joined"),
        pytest.param(
            "活动方案经审核后按计划组织实施并\n形成完整的\n例",
            "活动方案经审核后按计划组织实施并形成完整的例",
            id="three-lines",
        ),
        pytest.param("Annual\ntarget", "Annual target", id="latin-wrap-space"),
        pytest.param("≥95%\n以上", "≥95%以上", id="symbol-then-cjk"),
        pytest.param("完成率\n95%", "完成率95%", id="cjk-then-number"),
        pytest.param("目标1：甲。\n目标2：乙", "目标1：甲。\n目标2：乙", id="sentence-end-kept"),
        pytest.param("持续推进\n二、深化改革", "持续推进\n二、深化改革", id="list-marker-kept"),
        pytest.param("见附件\n（1）方案", "见附件\n（1）方案", id="paren-marker-kept"),
        pytest.param("版本号2.\n5", "版本号2.5", id="decimal-not-a-list-marker"),
        pytest.param("1,430,\n400.00", "1,430,400.00", id="number-wrap-joined"),
        pytest.param("  项目名称 \r\n", "项目名称", id="strip-and-crlf"),
        pytest.param("a\u00a0b", "a b", id="nbsp"),
        pytest.param(None, "", id="none"),
        pytest.param(
            "引导青少年更好地认识自我,\n改善不良行为",
            "引导青少年更好地认识自我, 改善不良行为",
            id="ascii-comma-then-cjk-space",
        ),
        pytest.param("合格率\n(%)", "合格率(%)", id="cjk-then-ascii-paren"),
        pytest.param("一 级 指 标", "一级指标", id="letter-spaced-header"),
        pytest.param("合  计", "合计", id="typed-spaces-in-label"),
        pytest.param("产出指标 数量指标", "产出指标 数量指标", id="words-apart-kept"),
        pytest.param("一 级 指标", "一 级 指标", id="mixed-tokens-kept"),
    ],
)
def test_clean_cell_text(raw, expected):
    assert clean_cell_text(raw) == expected


LONG_LINE = "坚持党建引领践行我为群众办实事完善机关制度"  # 21 characters


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("指标\n性质", "指标性质", id="short-header-joined"),
        pytest.param("公益性岗位补贴发放准\n确率", "公益性岗位补贴发放准确率", id="short-name-joined"),
        pytest.param(f"{LONG_LINE}\n{LONG_LINE}", f"{LONG_LINE}\n{LONG_LINE}", id="long-narrative-kept"),
        pytest.param(
            f" {LONG_LINE} \n\n {LONG_LINE}", f"{LONG_LINE}\n{LONG_LINE}", id="long-blank-lines-dropped"
        ),
    ],
)
def test_clean_cell_text_explicit_breaks(raw, expected):
    assert clean_cell_text(raw, explicit_breaks=True) == expected


def _part(header, xs, bottom, page=1, height=842.0):
    return _Part(
        rows=[header, ["a", "b"]],
        tails=[[False, False]] * 2,
        page=page,
        top=50.0,
        bottom=bottom,
        page_height=height,
        xs=xs,
        merged=False,
    )


@pytest.mark.parametrize(
    ("prev", "part", "joined"),
    [
        pytest.param(
            _part(["一级指标", "指标值"], [50, 200], 400),
            _part(["一级指标", "指标值"], [50, 200], 300, 2),
            True,
            id="same-header-joins-even-mid-page",
        ),
        pytest.param(
            _part(["一级指标", "指标值"], [50, 200], 800),
            _part(["产出指标", "≥1"], [50.5, 199], 300, 2),
            True,
            id="same-columns-and-ran-to-bottom",
        ),
        pytest.param(
            _part(["一级指标", "指标值"], [50, 200], 400),
            _part(["产出指标", "≥1"], [50, 200], 300, 2),
            False,
            id="same-columns-but-ended-mid-page",
        ),
        pytest.param(
            _part(["一级指标", "指标值"], [50, 200], 800),
            _part(["产出指标", "≥1"], [50, 260], 300, 2),
            False,
            id="columns-at-other-x",
        ),
    ],
)
def test_page_join_rule(prev, part, joined):
    assert _continues(prev, part) is joined


@pytest.mark.parametrize(
    ("name", "error", "cause"),
    [
        pytest.param(
            "image_only.pdf",
            NeedsOCRError,
            "no text layer: the PDF holds only images; run OCR first",
            id="image-only",
        ),
        pytest.param(
            "encrypted.pdf", EncryptedFileError, "encrypted PDF (password-protected)", id="encrypted"
        ),
        pytest.param("truncated.pdf", FilingError, "damaged PDF", id="truncated"),
    ],
)
def test_bad_pdf_one_line_error(name, error, cause):
    for reader in (read, read_filing):
        with pytest.raises(error) as info:
            reader(BAD / name)
        message = str(info.value)
        assert message.startswith(str(BAD / name)) and cause in message and "\n" not in message


def test_overprinted_fake_bold_read_once(tmp_path):
    """Some PDF printers embolden by drawing each string twice, a hair apart."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "bold.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("STSong-Light", 12)
    c.rect(60, 600, 200, 40)
    c.line(160, 600, 160, 640)
    for dx in (0, 0.3):
        c.drawString(72 + dx, 700, "一级指标 二级指标")
        c.drawString(70 + dx, 615, "产出指标")
        c.drawString(170 + dx, 615, "≥90%")
    c.save()
    doc = read(path)
    assert [(b.kind, b.text, b.rows) for b in doc.blocks] == [
        ("paragraph", "一级指标 二级指标", []),
        ("table", "", [["产出指标", "≥90%"]]),
    ]


@given(st.text(alphabet=st.sampled_from("指标值率 ab1.,。：；2、（）\n\r \u00a0目①-"), max_size=40))
def test_clean_cell_text_is_idempotent_and_single_spaced(text):
    once = clean_cell_text(text)
    assert clean_cell_text(once) == once
    assert once == once.strip() and "\n\n" not in once and "\r" not in once


def test_table_over_three_pages_is_one_table(tmp_path, make_fixtures):
    """reportlab splits a long table with repeatRows=1 wherever a page ends: one table back."""
    fixtures = make_fixtures
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    # merged runs of 9 and 3 rows: reportlab only breaks a table between merged cells
    body = [
        [("产出指标", "效益指标")[r // 9 % 2], f"类别{r // 3}", f"指标{r:03d}", f"≥{r}个"] for r in range(90)
    ]
    spec = fixtures.FilingSpec(
        title="长表", projects=[fixtures.ProjectSpec(table=fixtures.TableSpec(header=header, rows=body))]
    )
    path = tmp_path / "long.pdf"
    fixtures.render_pdf(spec, path, split_first_table=False)
    doc = read(path)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.rows == [header, *body]
    assert len(set(table.row_pages)) >= 3


def test_letter_spaced_cells_and_lines(tmp_path):
    """Distributed alignment spaces CJK glyphs apart; pdfplumber then reads 一 级 指 标."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "spaced.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    for x, y, space, text in (
        (72, 700, 12, "绩效目标表"),
        (65, 615, 8, "一级指标"),
        (165, 615, 8, "二级指标"),
    ):
        t = c.beginText(x, y)
        t.setFont("STSong-Light", 12)
        t.setCharSpace(space)
        t.textLine(text)
        c.drawText(t)
    c.rect(60, 600, 200, 40)
    c.line(160, 600, 160, 640)
    c.save()
    doc = read(path)
    assert [(b.kind, b.text, b.rows) for b in doc.blocks] == [
        ("paragraph", "绩效目标表", []),
        ("table", "", [["一级指标", "二级指标"]]),
    ]


# ---------------------------------------------------------------------------------------------
# Tables printed without ruling lines
# ---------------------------------------------------------------------------------------------

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
UNRULED = sorted(LAYOUTS.glob("*.noborder.pdf")) + sorted(LAYOUTS.glob("*.hrules.pdf"))


def _outline(doc):
    """Block kinds in order, paragraph texts, and each table's first row and length."""
    return [
        (b.kind, b.text) if b.kind == "paragraph" else (b.kind, len(b.rows), b.rows[0][0]) for b in doc.blocks
    ]


@pytest.mark.parametrize("variant", UNRULED, ids=lambda p: p.name)
def test_unruled_layout_reads_as_the_ruled_one(variant):
    """Without ruling lines (or with horizontal rules only) a layout gives the blocks of its ruled
    rendering: titles, headings between tables and footers stay paragraphs, each table has as many
    rows (wrapped cells joined into their row) and starts with the same cell."""
    ruled = LAYOUTS / (variant.name.split(".")[0] + ".pdf")
    assert _outline(read(variant)) == _outline(read(ruled))


def _draw(path, lines, rules=()):
    """A one-page PDF: ``lines`` of (x, baseline y, font size, text); ``rules`` as (x0, y, x1)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), invariant=1)
    for x, y, size, text in lines:
        c.setFont("STSong-Light", size)
        c.drawString(x, y, text)
    for x0, y, x1 in rules:
        c.line(x0, y, x1, y)
    c.save()
    return read(path)


def _grid(rows, y=700, pitch=18, xs=(72, 160, 250, 400)):
    """Rows of cells as lines at column starts ``xs``, one row every ``pitch`` points; a cell
    holding ``\\n`` wraps: its next line 12 points lower (the row below starts after it)."""
    out = []
    for row in rows:
        depth = 0
        for x, cell in zip(xs, row):
            for k, text in enumerate(cell.split("\n") if cell else []):
                out.append((x, y - 12 * k, 10, text))
                depth = max(depth, k)
        y -= pitch + 12 * depth
    return out, y


PROSE = [
    "本项目通过对全县农村公路开展日常养护，保障道路安全畅通，",
    "提升群众出行条件。项目资金由县财政统筹安排，按进度拨付，",
    "养护单位按季度报送养护台账，主管部门组织检查验收。",
]
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def _unruled_cases():
    kv, _ = _grid(
        [["项目名称", "乡村道路养护"], ["主管部门", "县交通运输局"], ["实施单位", "县公路养护中心"]]
    )
    table, bottom = _grid(
        [HEADER, ["产出指标", "数量指标", "养护里程", "≥1200公里"], ["", "质量指标", "路面病害处置\n合格率", "≥98%"],
         ["", "", "优良路率", "≥85%"]]
    )  # fmt: skip
    # rows set as tight as the lines of a cell, told apart by the rule above each
    dense, _ = _grid(
        [HEADER, ["产出指标", "数量指标", "养护里程", "≥1200公里"], ["", "质量指标", "优良路率", "≥85%"]],
        pitch=12,
    )
    return [
        pytest.param(
            [(72, 700 - 14 * k, 10, t) for k, t in enumerate(PROSE)],
            [],
            [("paragraph", "".join(PROSE))],
            id="prose-stays-a-paragraph",
        ),
        pytest.param(
            [
                (72, 700, 10, "填报人：陈晓"),
                (220, 700, 10, "联系电话：0759-3321456"),
                (400, 700, 10, "填报日期：2024年1月20日"),
            ],
            [],
            [("paragraph", "填报人：陈晓 联系电话：0759-3321456 填报日期：2024年1月20日")],
            id="footer-of-fields-stays-a-paragraph",
        ),
        pytest.param(
            [
                (72, 700, 10, "项目名称"),
                (160, 700, 10, "养老服务体系建设资金"),
                (330, 700, 10, "预算数（万元）"),
                (430, 700, 10, "980"),
            ],
            [],
            [("table", [["项目名称", "养老服务体系建设资金", "预算数（万元）", "980"]])],
            id="lone-row-of-cells-is-a-table",
        ),
        pytest.param(
            kv,
            [],
            [
                (
                    "table",
                    [
                        ["项目名称", "乡村道路养护"],
                        ["主管部门", "县交通运输局"],
                        ["实施单位", "县公路养护中心"],
                    ],
                )
            ],
            id="key-value-block-is-a-two-column-table",
        ),
        pytest.param(
            [(200, 730, 16, "项目绩效目标表"), *table, (72, bottom - 10, 10, "注：指标值按年度填报。")],
            [],
            [
                ("paragraph", "项目绩效目标表"),
                (
                    "table",
                    [
                        HEADER,
                        ["产出指标", "数量指标", "养护里程", "≥1200公里"],
                        ["", "质量指标", "路面病害处置合格率", "≥98%"],
                        ["", "", "优良路率", "≥85%"],
                    ],
                ),
                ("paragraph", "注：指标值按年度填报。"),
            ],
            id="wrapped-cell-joined-title-and-note-apart",
        ),  # fmt: skip
        pytest.param(
            dense,
            [(70, 700 - 12 * k + 8.5, 500) for k in range(3)],
            [
                (
                    "table",
                    [
                        HEADER,
                        ["产出指标", "数量指标", "养护里程", "≥1200公里"],
                        ["", "质量指标", "优良路率", "≥85%"],
                    ],
                )
            ],
            id="horizontal-rules-part-rows-set-tight",
        ),
    ]


@pytest.mark.parametrize(("lines", "rules", "expected"), _unruled_cases())
def test_unruled_page(tmp_path, lines, rules, expected):
    doc = _draw(tmp_path / "page.pdf", lines, rules)
    got = [(b.kind, b.text) if b.kind == "paragraph" else (b.kind, b.rows) for b in doc.blocks]
    assert got == expected
