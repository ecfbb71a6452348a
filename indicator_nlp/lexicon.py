"""The one accessor of the value vocabulary: operator, unit and money words.

The words live in ``data/thresholds.json`` (with their sources); :func:`indicator_nlp.thresholds.lexicon`
loads and indexes them for the extractor. Every other module that needs to know what a word of a
value means (is 万元 money, and how many 元; which words say "at least"; what a unit measures)
asks here, so that a word added to the data file is known everywhere at once.
"""

from __future__ import annotations

from functools import cache

from indicator_nlp.thresholds import lexicon, threshold_kind, unit_kind

__all__ = [
    "lexicon",
    "money_factor",
    "operator_words",
    "threshold_kind",
    "unit_kind",
    "unit_words",
    "weak_operator_words",
]


def operator_words(op: str, where: str = "both") -> tuple[str, ...]:
    """The words (and signs) written for the operator ``op`` (">=", "<=" ...): ``where`` is
    ``"before"`` the number (不少于, ≥), ``"after"`` it (以上) or ``"both"``.

    >>> {"不少于", "以上"} <= set(operator_words(">="))
    True
    >>> "以上" in operator_words(">=", where="before"), "以上" in operator_words(">=", where="after")
    (False, True)
    """
    lx = lexicon()
    tables = {"before": (lx.prefix_ops,), "after": (lx.suffix_ops,), "both": (lx.prefix_ops, lx.suffix_ops)}
    if where not in tables:
        raise ValueError(f"where={where!r}: expected one of {', '.join(tables)}")
    return tuple(dict.fromkeys(w for table in tables[where] for w, o in table.items() if o == op))


def weak_operator_words() -> frozenset[str]:
    """The words before a number that only say what the target is (达到, 约, 为): an operator
    word after the number (以下) overrides them, and alone they are no comparison.

    >>> "达到" in weak_operator_words(), "不少于" in weak_operator_words()
    (True, False)
    """
    return lexicon().weak_prefixes


def unit_words(kind: str) -> tuple[str, ...]:
    """The units of a kind ("percent", "money", "count" ...), as listed in the data file.

    >>> "万元" in unit_words("money"), "%" in unit_words("percent")
    (True, True)
    """
    return tuple(u for u, k in lexicon().unit_kinds.items() if k == kind)


@cache
def _money_factors() -> dict[str, float]:
    lx = lexicon()
    factors = {"元": 1.0}
    for word, value in lx.multipliers.items():
        if word + "元" in lx.unit_kinds:
            factors[word + "元"] = value
    return factors


def money_factor(unit: str | None) -> float | None:
    """How many 元 one ``unit`` is (元 → 1, 万元 → 10,000, 亿元 → 10⁸); None for anything else.

    >>> money_factor("万元"), money_factor("元"), money_factor("%"), money_factor("元/人")
    (10000.0, 1.0, None, None)
    """
    return _money_factors().get(unit or "")
