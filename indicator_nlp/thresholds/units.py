"""What a unit measures (its kind), and the unit an indicator name implies."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from indicator_nlp.text import normalize
from indicator_nlp.thresholds.words import _alt, lexicon
from indicator_nlp.types import Threshold

# The kinds unit_kind() reports as they are; every other kind of measure counts as "count".
_COARSE_KINDS = ("percent", "money", "duration")


def measure_kind(unit: str | None) -> str:
    """What a unit measures, finely: ``percent``, ``money``, ``rate`` (anything per something:
    ``元/人/月``, ``次/年``, ``Mbps``), ``duration``, ``length``, ``area``, ``volume``, ``mass``,
    ``data``, ``power``, ``voltage``, ``energy``, ``temperature``, ``sound`` (分贝), ``count`` (any other counting word, listed
    or not), or ``number`` (no unit). This is :attr:`Threshold.kind` for comparisons and ranges.
    """
    if not unit:
        return "number"
    if "/" in unit or "每" in unit:
        return "rate"
    kinds = lexicon().unit_kinds
    if unit in kinds:
        return kinds[unit]
    if unit.endswith("元"):
        return "money"
    return "count"


def unit_kind(unit: str | None) -> str:
    """What a unit measures, coarsely: ``"percent"``, ``"money"``, ``"duration"``, ``"count"`` or ``"none"``.

    Rates take the kind of their first unit (``元/人/月`` → money, ``人次/年`` → count); length,
    area, mass and the other physical measures count as ``"count"``, like units not in the
    lexicon; no unit is ``"none"``. The classifier and the review rules read values through this
    function: keep its names stable (:func:`measure_kind` gives the fine kinds).
    """
    if not unit:
        return "none"
    kinds = lexicon().unit_kinds
    head = re.split(r"[/每]", unit, maxsplit=1)[0]
    if not head and "/" in unit:
        return "count"  # /株 (a rate whose numerator was left out)
    if head in kinds:
        return kinds[head] if kinds[head] in _COARSE_KINDS else "count"
    if head.endswith("元"):
        return "money"
    return "count"


def threshold_kind(t: Threshold) -> str:
    """What a threshold measures: ``"date"`` (deadline), ``"qualitative"``, or :func:`unit_kind`."""
    if t.op == "deadline":
        return "date"
    if t.op == "qualitative":
        return "qualitative"
    return unit_kind(t.unit)


_BRACKET_UNIT = re.compile(r"[(（]\s*(?:单位[:：]?)?\s*([^()（）]{1,6})\s*[)）]\s*$")
# Time words a bracket may name as the unit though they are not units in running text (时限(月)).
_BRACKET_TIME = frozenset(("月", "周", "小时", "分钟"))
# A name ending in a number and its measure word (变压器3台): the value counts in that word.
_NAME_COUNT = re.compile(r"[0-9]\s*([\u4e00-\u9fff])$")


@cache
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Name endings → unit, as anchored alternations (longest first, so the longest ending wins)."""
    lx = lexicon()
    units = [u for u, k in lx.unit_kinds.items() if len(u) >= 2 and k not in ("percent", "duration")]
    return (
        re.compile(f"(?:{_alt(lx.unit_from_name)})$"),
        re.compile(f"(?:{_alt(units)})$"),
        re.compile(f"(?:{_alt(lx.percent_names)})$"),
    )


@lru_cache(maxsize=4096)
def unit_from_name(name: str | None) -> str | None:
    """The unit an indicator name implies for a value written without one, or None.

    ``培训人数（人）`` → 人, ``参与志愿服务人次`` → 人次, ``个案数`` → 个, ``满意度`` → %,
    ``项目资金（万元）`` → 万元.
    """
    if not name:
        return None
    lx = lexicon()
    name = normalize(name).text.strip()
    m = _BRACKET_UNIT.search(name)
    if m and (m.group(1) in lx.unit_kinds or m.group(1) in _BRACKET_TIME or m.group(1).endswith("元")):
        return m.group(1)
    name = _BRACKET_UNIT.sub("", name).strip()
    if (m := _NAME_COUNT.search(name)) and (m.group(1) in lx.unit_kinds or m.group(1) in lx.measure_heads):
        return m.group(1)
    by_suffix, by_unit, by_rate = _name_patterns()
    if m := by_suffix.search(name):
        return lx.unit_from_name[m.group()]
    if m := by_unit.search(name):
        return m.group()
    if name.endswith("数") and len(name) >= 2 and name[-2] in lx.unit_kinds:
        return name[-2]  # 个案数 → 个
    if by_rate.search(name):
        return "%"
    return None


def _is_money_name(name: str | None) -> bool:
    return bool(name) and any(w in name for w in lexicon().money_names)  # type: ignore[operator]
