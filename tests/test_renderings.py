"""The PDF, DOCX and XLSX renderings of each seed give the same indicators as its text form.

The renderings are made by scripts/make_fixtures.py from ``structure()`` of the seed text: real
documents with ruled tables, merged level cells and (PDF) a table split over two pages. Reading
them back through the binary readers and the structurer must give the rows the text gave.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from indicator_nlp.structure import structure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RENDERED = ROOT / "tests" / "fixtures" / "rendered"

SEEDS = ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"]
FORMATS = ["pdf", "docx", "xlsx"]


@cache
def rows(path: Path) -> list[tuple[str | None, ...]]:
    filing = structure(path)
    return [(i.level1, i.level2, i.name, i.value) for i in filing.indicators]


@cache
def projects(path: Path) -> list[tuple[str | None, int]]:
    return [(p.name, len(p.indicators)) for p in structure(path).projects]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_rendering_gives_the_text_indicators(seed, fmt):
    expected = rows(EXAMPLES / f"{seed}.txt")
    assert expected, "the text form gives indicators"
    assert rows(RENDERED / f"{seed}.{fmt}") == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_rendering_keeps_the_projects(seed, fmt):
    assert projects(RENDERED / f"{seed}.{fmt}") == projects(EXAMPLES / f"{seed}.txt")


@pytest.mark.parametrize(
    ("fmt", "counts"),
    [
        pytest.param("pdf", [17, 9, 12, 6], id="pdf"),
        pytest.param("docx", [17, 9, 12, 6], id="docx"),
        pytest.param("xlsx", [17, 9, 12, 6], id="xlsx"),
    ],
)
def test_seed_004_four_project_tables(fmt, counts):
    assert [n for _, n in projects(RENDERED / f"seed_004.{fmt}")] == counts


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_rendering_has_a_table_over_two_pages(seed):
    """The fixture does what it claims: one indicator table runs over a page break, read as one."""
    from indicator_nlp.readers import read_filing

    doc = read_filing(RENDERED / f"{seed}.pdf")
    spanning = [t for t in doc.tables if len(set(t.row_pages or [])) > 1]
    assert spanning, "a table spans two pages"
    header = spanning[0].rows[0]
    assert spanning[0].rows.count(header) == 1, "the repeated header is dropped"


@cache
def narrative(path: Path) -> tuple[list[str], list[tuple[str | None, ...]]]:
    filing = structure(path)
    return filing.goals, [(t.name, t.funds, t.goal) for t in filing.tasks]


PDF_LINE_BREAKS = pytest.mark.xfail(
    strict=True,
    reason="a PDF does not tell a wrap from the author's line break: 001's task goals have breaks "
    "after 。/; that the reader keeps or joins differently from the text export",
)
NARRATIVE_CASES = [
    pytest.param(
        seed, fmt, id=f"{seed}-{fmt}", marks=[PDF_LINE_BREAKS] if (seed, fmt) == ("seed_001", "pdf") else []
    )
    for seed in SEEDS
    for fmt in FORMATS
]


@pytest.mark.parametrize(("seed", "fmt"), NARRATIVE_CASES)
def test_rendering_keeps_goals_and_tasks(seed, fmt):
    """The metadata table carries 总体绩效目标 and the 年度重点工作任务 table its tasks."""
    assert narrative(RENDERED / f"{seed}.{fmt}") == narrative(EXAMPLES / f"{seed}.txt")
