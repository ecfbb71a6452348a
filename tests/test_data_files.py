"""Integrity of the data files beside indicator_nlp.text and indicator_nlp.thresholds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import indicator_nlp
from indicator_nlp.thresholds import DATA_FILE, lexicon, patterns
from indicator_nlp.types import OPERATORS

DATA = Path(indicator_nlp.__file__).parent / "data"
RAW = json.loads(DATA_FILE.read_text(encoding="utf-8"))
UNIT_KINDS = {
    "percent", "money", "count", "duration", "length", "area", "volume", "mass", "data", "rate",
    "power", "energy", "temperature",
}  # fmt: skip


def _word_lists() -> list:
    """Every list of words in thresholds.json, with its path as the id."""
    out = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, list):
            out.append(pytest.param(node, id=path))
        elif isinstance(node, dict):
            for k, v in node.items():
                if not k.startswith("_"):
                    walk(v, f"{path}.{k}" if path else k)

    walk(RAW, "")
    return out


def test_source_note() -> None:
    assert len(RAW["_source"]) > 40


@pytest.mark.parametrize("words", _word_lists())
def test_lists_have_no_duplicates_or_blanks(words: list) -> None:
    assert len(words) == len(set(words))
    assert all(isinstance(w, str) and w and w == w.strip() for w in words)


@pytest.mark.parametrize("section", ["prefix_operators", "suffix_operators"])
def test_operator_words_map_to_known_operators_once(section: str) -> None:
    seen: dict[str, str] = {}
    for op, words in RAW[section].items():
        if op.startswith("_"):
            continue
        assert op in OPERATORS
        for w in words:
            assert w not in seen, f"{w} is both {seen[w]} and {op}"
            seen[w] = op


def test_unit_kinds_known_and_units_unique() -> None:
    seen: dict[str, str] = {}
    for kind, units in RAW["units"].items():
        if kind.startswith("_"):
            continue
        assert kind in UNIT_KINDS
        for u in units:
            assert u not in seen, f"{u} is both {seen[u]} and {kind}"
            seen[u] = kind


def test_unit_from_name_gives_known_units() -> None:
    kinds = lexicon().unit_kinds
    for suffix, unit in lexicon().unit_from_name.items():
        assert unit in kinds or unit == "批次", f"{suffix} → {unit}"


def test_labels_are_not_units_or_operators() -> None:
    lx = lexicon()
    for label in lx.labels:
        assert label not in lx.unit_kinds
        if label not in ("完成", "达成"):  # both a label alone and "=" before a number (完成4个)
            assert label not in lx.prefix_ops and label not in lx.suffix_ops


def test_multipliers_are_powers_of_ten() -> None:
    for word, value in RAW["multipliers"].items():
        assert value > 1 and str(int(value)).rstrip("0") == "1", word


def test_patterns_compile() -> None:
    values, qualitative = patterns()
    assert isinstance(values, re.Pattern) and isinstance(qualitative, re.Pattern)
    assert values.groupindex.keys() >= {"deadline", "value", "pre", "suf", "num1", "unit1", "num2"}


def test_userdict_format() -> None:
    lines = (DATA / "userdict.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and any("Source" in line for line in lines if line.startswith("#"))
    words = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        assert 1 <= len(parts) <= 3, line
        if len(parts) > 1:
            assert parts[1].isdigit(), line
        words.append(parts[0])
    assert len(words) == len(set(words))


def test_weak_and_gap_operators_are_prefix_operators() -> None:
    lx = lexicon()
    assert lx.weak_prefixes <= set(lx.prefix_ops)
    assert set(lx.gap_ops) <= set(lx.prefix_ops)


def test_numeral_terms_file() -> None:
    """data/numeral_terms.tsv: a source note, known kinds and sources, no duplicates, a numeral in every word."""
    from indicator_nlp.thresholds import CN_BIG, CN_DIGITS, CN_SMALL, TERMS_FILE

    lines = TERMS_FILE.read_text(encoding="utf-8").splitlines()
    assert any("cpca" in line for line in lines if line.startswith("#"))  # the source note
    terms = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert all(len(cols) == 3 for cols in terms)
    assert all(kind in ("place", "phrase") and source in ("cpca", "hand") for _, kind, source in terms)
    words = [w for w, _, _ in terms]
    assert len(words) == len(set(words))
    numerals = set(CN_DIGITS + CN_SMALL + CN_BIG) | {"双"}
    assert all(numerals & set(w) and len(w) >= 2 for w in words)
    assert lexicon().terms | set(lexicon().strict_terms) == set(words)


def test_measure_words() -> None:
    """measure_words: single characters; a head that is also a listed unit is a count (岁, an age, aside)."""
    mw = RAW["measure_words"]
    assert all(len(c) == 1 for c in mw["heads"] + mw["tails"])
    kinds = lexicon().unit_kinds
    assert all(kinds.get(c, "count") == "count" for c in mw["heads"] if c != "岁")
