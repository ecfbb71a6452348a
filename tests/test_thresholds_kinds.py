"""The five kinds of issue 12: open units, deadlines and periods, numerals that are not numbers,
value cells, the primary threshold (tests/cases/thresholds/{units,deadlines,numerals,cells,primary}.tsv), and
the real and held-out value cells (real_cells.tsv, heldout_cells.tsv).

Each table line: id, text, name, cell (``y`` = a value cell, ``cell=True``), expected, xfail reason.
Expected thresholds are written as in the older tables (``>= 90 %``, ``range 1 2 个``,
``deadline 2024-12``, ``qualitative 良好``), a deadline date ``-`` meaning none (relative or
recurring), followed by optional ``kind=KIND``, ``label=LABEL``, ``@MATCHED`` (last) and ``*`` for
the primary threshold. Expectations were written by reading each text.
"""

from __future__ import annotations

import math

import pytest
from test_thresholds import CASES, _unescape

from indicator_nlp.thresholds import extract_thresholds

TABLES = (
    "units.tsv",
    "deadlines.tsv",
    "numerals.tsv",
    "cells.tsv",
    "primary.tsv",
    "real_cells.tsv",
    "heldout_cells.tsv",
)


def load(filename: str) -> list:
    params = []
    for line in (CASES / filename).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 6
        case_id, text, name, cell, expected, xfail = cols[:6]
        marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
        params.append(
            pytest.param(
                _unescape(text), _unescape(name) or None, cell == "y", expected, id=case_id, marks=marks
            )
        )
    return params


def parse(spec: str) -> list[dict]:
    """'>= 40 小时 kind=duration *' → [{op, value, unit, kind, primary}]."""
    if spec.strip() == "-":
        return []
    out = []
    for part in spec.split("; "):
        part, _, matched = part.partition(" @")
        words = part.split()
        d: dict = {}
        if words and words[-1] == "*":
            d["primary"] = True
            words.pop()
        for w in [w for w in words if w.startswith(("kind=", "label="))]:
            key, _, value = w.partition("=")
            d[key] = value
            words.remove(w)
        op = d["op"] = words[0]
        if op == "range":
            d["low"], d["high"] = float(words[1]), float(words[2])
            d["unit"] = words[3] if len(words) > 3 else None
        elif op == "deadline":
            d["date"] = None if words[1] == "-" else words[1]
        elif op == "qualitative":
            d["label"] = " ".join(words[1:])
        else:
            d["value"] = float(words[1])
            d["unit"] = words[2] if len(words) > 2 else None
        if matched:
            d["text"] = matched
        out.append(d)
    return out


def check(text: str, name: str | None, cell: bool, expected: str) -> None:
    got = extract_thresholds(text, name=name, cell=cell)
    want = parse(expected)
    shown = [
        (t.op, t.value, t.low, t.high, t.unit, t.date, t.label, t.kind, t.text, t.primary) for t in got
    ]
    assert len(got) == len(want), f"{text!r}: got {shown}"
    for t, w in zip(got, want):
        for key, value in w.items():
            actual = getattr(t, key)
            if isinstance(value, float):
                assert actual is not None and math.isclose(actual, value, rel_tol=1e-9), f"{key}: {shown}"
            else:
                assert actual == value, f"{key}: {shown}"
        assert text[t.start : t.end] == t.text
    if any("primary" in w for w in want):
        assert [t.primary for t in got] == [bool(w.get("primary")) for w in want], shown
    if got:
        assert sum(t.primary for t in got) == 1


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("units.tsv"))
def test_units(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("deadlines.tsv"))
def test_deadlines(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("numerals.tsv"))
def test_numerals(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("cells.tsv"))
def test_cells(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("primary.tsv"))
def test_primary(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("real_cells.tsv"))
def test_real_cells(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)


@pytest.mark.parametrize(("text", "name", "cell", "expected"), load("heldout_cells.tsv"))
def test_heldout_cells(text: str, name: str | None, cell: bool, expected: str) -> None:
    check(text, name, cell, expected)
