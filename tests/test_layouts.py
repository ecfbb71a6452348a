"""Filings laid out as other publishers lay them out (scripts/make_layouts.py), in every format.

For each fixture in tests/fixtures/layouts/ the expected indicators are in
tests/expected/layouts/<fixture>.tsv, in reading order: the structurer must give exactly those
rows (same fields, same order) and no other, each with its provenance (file, table, row, page).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from indicator_nlp.structure import structure

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "layouts"
EXPECTED = ROOT / "tests" / "expected" / "layouts"


def _expected(fixture: Path) -> list[dict[str, str]]:
    with (EXPECTED / f"{fixture.name}.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{k: v.replace("\\n", "\n") for k, v in r.items()} for r in rows]


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else str(value)
    return str(value)


FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if (EXPECTED / f"{p.name}.tsv").exists())
# Known failures: (test, fixture) → why. Each runs as a strict xfail, so a fix shows up.
KNOWN = {
    ("provenance", "02-split-value.centred.pdf"): (
        "printed without rules and centred, the title row and the project row (cells centred over"
        " merged columns) are text above the columns, so the indicator rows count from 2 lower"
    ),
}


def _params(test: str) -> list:
    return [
        pytest.param(p, id=p.name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[(test, p.name)]))
        if (test, p.name) in KNOWN
        else pytest.param(p, id=p.name)
        for p in FIXTURE_FILES
    ]


_CACHE: dict[Path, object] = {}


def _filing(path: Path):
    if path not in _CACHE:
        _CACHE[path] = structure(path)
    return _CACHE[path]


def test_every_fixture_has_expected_rows():
    names = {p.name for p in FIXTURES.iterdir()}
    assert len(names) >= 40
    assert names == {p.name[: -len(".tsv")] for p in EXPECTED.glob("*.tsv")}


@pytest.mark.parametrize("fixture", _params("rows"))
def test_layout_rows_exact(fixture):
    expected = _expected(fixture)
    fields = [k for k in expected[0] if k not in ("row", "page")]
    got = [{f: _shown(getattr(i, f)) for f in fields} for i in _filing(fixture).indicators]
    want = [{f: r[f] for f in fields} for r in expected]
    assert got == want


@pytest.mark.parametrize("fixture", _params("provenance"))
def test_layout_provenance(fixture):
    expected = _expected(fixture)
    indicators = _filing(fixture).indicators
    assert len(indicators) == len(expected)
    for ind, row in zip(indicators, expected):
        assert ind.file == str(fixture)
        assert isinstance(ind.row, int)
        if row["row"]:
            assert str(ind.row) == row["row"], ind.name
        if row["page"]:
            assert str(ind.page) == row["page"], ind.name
