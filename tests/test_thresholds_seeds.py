"""extract_thresholds on every target value and value-bearing sentence of the seeds and workbooks.

The tables (tests/cases/thresholds/seeds.tsv, xlsx.tsv) were written by reading each value of
examples/seed_00N.txt and examples/xlsx/*.xlsx; ids say where each text comes from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_thresholds import check, load_cases

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("text", "name", "expected"), load_cases("seeds.tsv"))
def test_seed_values(text: str, name: str | None, expected: str) -> None:
    check(text, name, expected)


@pytest.mark.parametrize(("text", "name", "expected"), load_cases("xlsx.tsv"))
def test_workbook_values(text: str, name: str | None, expected: str) -> None:
    check(text, name, expected)


def _seed_texts() -> list:
    return [pytest.param(p, id=p.name) for p in sorted((ROOT / "examples").glob("seed_*.txt"))]


@pytest.mark.parametrize("path", _seed_texts())
def test_case_texts_come_from_the_seeds(path: Path) -> None:
    """Every seed-00N case text is found in that seed (after joining its <p>/<br/> cells)."""
    import re

    n = path.stem.split("_")[1]
    raw = path.read_text(encoding="utf-8")
    flat = re.sub(r"</?p>", " ", raw)
    for param in load_cases("seeds.tsv"):
        if not param.id.startswith(f"seed-{n}-"):
            continue
        text = param.values[0]
        assert text in raw or text in flat, f"{param.id}: not in {path.name}"
