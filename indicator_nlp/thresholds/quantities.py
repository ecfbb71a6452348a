"""One number of a value match, read: sign, multiplier (万, 亿), unit folding (块 → 元, 元每人 → 元/人)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicator_nlp.thresholds.numerals import _ar_to_number, _digit, cn_to_number
from indicator_nlp.thresholds.units import unit_kind
from indicator_nlp.thresholds.words import lexicon

# Longer digit runs are codes or pasted columns, not quantities (and would overflow a float).
MAX_DIGITS = 40


@dataclass(frozen=True, slots=True)
class _Quantity:
    """One number of a value match, read."""

    value: float
    unit: str | None  # after folding (万元, 元/人/月, %)
    raw_unit: str | None  # as matched, for the guard on Chinese numerals in running text
    chinese: bool


_MONEY_ALIAS_RE = re.compile("^(万|亿|千|百万)?(?:块钱|块|圆|人民币)")


def _fold_multiplier(
    value: float, unit: str | None, mult: str | None, money: bool
) -> tuple[float, str | None]:
    """Apply 万/亿/千...: multiplied out on counts, kept in the unit for money (33.57万元)."""
    if not mult:
        return value, unit
    factor = lexicon().multipliers[mult]
    if money and unit and mult in ("万", "亿"):
        return value, mult + unit
    if money and unit and mult in ("千万", "百万"):
        return value * factor / 10_000, "万" + unit
    return value * factor, unit


def _quantity_of(m: re.Match[str], i: int) -> _Quantity | None:
    """Quantity ``i`` (1, or 2 in a range) of a value match, or None when it does not read."""
    unit = m.group(f"unit{i}")
    if unit and any(c in unit for c in "每.·*×"):
        unit = re.sub("[每.·*×]", "/", unit)  # 元每人每月 → 元/人/月, 户/人.月, 元/人*月 → …/人/月
    raw = unit
    money = unit is not None and unit_kind(unit) == "money" and unit[0] in "元块圆人"
    pct, num, cn = m.group(f"pct{i}"), m.group(f"num{i}"), m.group(f"cn{i}")
    value: float | None
    if pct is not None:
        value = 100.0 if pct == "百" else (_ar_to_number(pct) if pct[0].isdigit() else cn_to_number(pct))
        unit, chinese = "%", True
    elif num is not None:
        if len(num) > MAX_DIGITS:
            return None  # a run of digits (an ID, a pasted column), not a quantity
        value, unit = _fold_multiplier(_ar_to_number(num), unit, m.group(f"mult{i}"), money)
        chinese = False
    elif cn is not None:
        mult = None
        if money and len(cn) > 1 and cn[-1] in "万亿":
            cn, mult = cn[:-1], cn[-1]  # 五万元 → 5 万元, like 5万元
        value = cn_to_number(cn)
        if value is not None:
            value, unit = _fold_multiplier(value, unit, mult, money)
        chinese = True
    else:
        return None
    if value is None:
        return None
    value, unit = _fold_multiplier(value, unit, m.group(f"amult{i}"), money)  # 500余万, 二十点一万
    if unit and unit.startswith("百分比"):
        unit = "%" + unit[3:]  # ≥96百分比: percent written as a word
    if unit and _MONEY_ALIAS_RE.match(unit):
        unit = _MONEY_ALIAS_RE.sub(r"\1元", unit, count=1)  # 块, 块钱, 圆, 人民币 → 元 (万圆 → 万元)
    jiao = m.group(f"jiao{i}")
    if jiao is not None and unit == "元":
        fen = m.group(f"fen{i}")
        value += _digit(jiao) / 10 + (_digit(fen) / 100 if fen else 0.0)  # 12元5角8分
    if m.group(f"sign{i}") or (pct is not None and m.group(f"psign{i}")):
        value = -value
    return _Quantity(value, unit, raw, chinese)
