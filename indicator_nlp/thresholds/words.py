"""The value vocabulary of ``data/thresholds.json`` (and ``data/numeral_terms.tsv``), loaded and indexed once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from indicator_nlp.thresholds.numerals import CN_BIG, CN_DIGITS, CN_SMALL

DATA_FILE = Path(__file__).parent.parent / "data" / "thresholds.json"
TERMS_FILE = DATA_FILE.with_name("numeral_terms.tsv")


@dataclass(frozen=True)
class Lexicon:
    """The contents of ``data/thresholds.json``, indexed for the extractor."""

    prefix_ops: dict[str, str]
    suffix_ops: dict[str, str]
    range_separators: tuple[str, ...]
    multipliers: dict[str, float]
    unit_kinds: dict[str, str]  # unit -> what it measures (count, percent, money, length ...)
    per_units: tuple[str, ...]
    measure_heads: str  # the open vocabulary of counting units (量词): 床, 剂, 架 ...
    measure_tails: str  # ... and what may follow a head in one unit: 床日, 剂次, 周岁
    terms: frozenset[str]  # words holding a numeral that is not a number (三亚, 十四五)
    strict_terms: dict[str, frozenset[str]]  # 三台 blocks only before 县: the suffixes that must follow
    term_lengths: tuple[int, ...]
    cn_blocked_units: frozenset[str]
    labels: tuple[str, ...]
    gap_ops: tuple[str, ...]
    event_deadlines: tuple[str, ...]  # 春节, 汛期, 秋季开学: a deadline before them has no date
    weak_prefixes: frozenset[str]
    unit_from_name: dict[str, str]
    percent_names: tuple[str, ...]
    money_names: tuple[str, ...]


def _words(d: dict[str, Any]) -> dict[str, str]:
    """Invert ``{op: [words]}`` to ``{word: op}``, skipping ``_`` notes."""
    return {w: op for op, words in d.items() if not op.startswith("_") for w in words}


@cache
def lexicon() -> Lexicon:
    """Load ``data/thresholds.json`` once."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    kinds = {u: kind for kind, us in raw["units"].items() if not kind.startswith("_") for u in us}
    terms, strict = _numeral_terms(kinds)
    return Lexicon(
        prefix_ops=_words(raw["prefix_operators"]),
        suffix_ops=_words(raw["suffix_operators"]),
        range_separators=tuple(raw["range_separators"]),
        multipliers={k: float(v) for k, v in raw["multipliers"].items()},
        unit_kinds=kinds,
        per_units=tuple(raw["per_units"]),
        measure_heads="".join(raw["measure_words"]["heads"]),
        measure_tails="".join(raw["measure_words"]["tails"]),
        terms=frozenset(terms),
        strict_terms=strict,
        term_lengths=tuple(sorted({len(t) for t in terms}, reverse=True)),
        cn_blocked_units=frozenset(raw["chinese_unit_blocklist"]["units"]),
        labels=tuple(raw["qualitative"]["labels"]),
        gap_ops=tuple(raw["gap_operators"]["words"]),
        event_deadlines=tuple(raw["event_deadlines"]["words"]),
        weak_prefixes=frozenset(raw["weak_prefix_operators"]["words"]),
        unit_from_name={k: v for k, v in raw["unit_from_name"].items() if not k.startswith("_")},
        percent_names=tuple(raw["percent_names"]),
        money_names=tuple(raw["money_names"]),
    )


def _numeral_terms(units: dict[str, str]) -> tuple[set[str], dict[str, frozenset[str]]]:
    """The words of ``data/numeral_terms.tsv``; short place names that read as numeral + unit
    (三台, 三元) are strict: they block only before an admin suffix (三台县)."""
    terms: set[str] = set()
    strict: dict[str, frozenset[str]] = {}
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        term, kind = line.split("\t")[:2]
        tail = term.lstrip(CN_DIGITS + CN_SMALL + CN_BIG)
        if kind == "place" and tail in units:
            strict[term] = frozenset("市县区镇乡村旗")
        else:
            terms.add(term)
    return terms, strict


def _alt(words: Any) -> str:
    """A regex alternation of literal words, longest first (so 不低于 wins over 低于)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _unit_alt(units: Any) -> str:
    """Units longest first; Latin units must not run into more letters (5m, not 5mm)."""
    parts = []
    for u in sorted(set(units), key=lambda w: (-len(w), w)):
        tail = "(?![A-Za-z])" if u[-1].isascii() and u[-1].isalpha() else ""
        parts.append(re.escape(u) + tail)
    return "|".join(parts)
