"""Read target values (指标值) into :class:`~indicator_nlp.types.Threshold` objects.

``extract_thresholds(text, name=None, *, cell=False)`` finds every threshold in a value cell or a
sentence:

* comparisons by symbol or word (``≥90%``, ``不少于5万人``, ``90%以上``: 以上/以下/以内 include the
  bound), a bare number is ``=``;
* ranges (``1-2个``, ``85%-90%``), compound values (``≥66个388节次`` gives two thresholds);
* 万/亿 multiplied out on counting units (``5万人`` → 50000 人) while money keeps ``万元``/``亿元``
  as written (``≤33.57万元`` → 33.57 万元); rates (``11.92万元/年``, ``190元每人每月`` → ``元/人/月``,
  ``650元/平米``, ``≤12.5/株``);
* units as an open vocabulary: any measure word after a number (``5000床日``, ``1200剂次``), Latin
  units (``100Mbps``, ``20kW``), each with its kind (``Threshold.kind``: count, percent, money,
  rate, length, area …);
* Chinese numerals (``百分之九十五``, ``三千元``, ``两万``), but not inside place names and set
  phrases (``三亚``, ``十四五``: ``data/numeral_terms.tsv``);
* deadlines at the precision written (``2024年12月前`` → ``2024-12``, ``12月31日前完成`` →
  ``--12-31``, ``2024年底`` → ``2024-12``), periods at their end (``2022.09-2023.06`` →
  ``2023-06``), recurring (``每年11月底前`` → ``--11``) and relative ones (``项目批复后6个月内``);
* qualitative targets (``合格以上`` → label 合格, ``进一步提升``, ``按合同服务周期完成``), read only
  when the text has no number or date; with ``cell=True`` a value cell is never empty (its own
  text is the label);
* a value without a unit takes it from the text before the operator (``参与志愿服务人次≥20000``
  → 人次) or from the indicator's ``name`` (``培训人数``, ``满意度`` → %, ``(万元)``);
* one threshold of each result is ``primary`` (an explicit operator first).

Spans are offsets into the original text (see :func:`indicator_nlp.text.normalize`). Nothing
found gives ``[]``; no input raises; the time is linear in the length of the text. The words,
units and labels live in ``data/thresholds.json``.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from indicator_nlp.text import Normalized, normalize
from indicator_nlp.types import Threshold

DATA_FILE = Path(__file__).with_name("data") / "thresholds.json"
TERMS_FILE = DATA_FILE.with_name("numeral_terms.tsv")

CN_DIGITS = "零〇一二两兩三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_SMALL = "十百千拾佰仟"
CN_BIG = "万亿萬億"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0, "两": 2, "兩": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_CN_UNIT_VALUE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

# Longer digit runs are codes or pasted columns, not quantities (and would overflow a float).
MAX_DIGITS = 40

# Qualitative labels are read in value-like texts only: a long sentence without a number is
# narrative (加强组织领导...), and its verbs are not targets.
QUALITATIVE_MAX_LEN = 16


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


# --- patterns -----------------------------------------------------------------------------------

NUM_AR = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"  # 1,430,400.00 (spaces already removed by normalize)
NUM_CN = (
    rf"[{CN_DIGITS}十拾廿卅][{CN_DIGITS}{CN_SMALL}{CN_BIG}]*(?:点[{CN_DIGITS}]+)?"  # 三千, 十二, 两万, 一点五
)


# Units that may follow 每 in a rate (元每人每月); 每名社工 or 每个村 are not rates of the unit.
PER_AFTER_MEI = ("人", "人次", "年", "月", "日", "天", "次", "户", "学年", "学期", "小时", "课时", "平方米", "亩")  # fmt: skip


def _unit_pattern(lx: Lexicon) -> tuple[str, str]:
    """(unit, per-part) patterns: listed units, then the open vocabulary of measure words.

    Listed units of two or more characters come first (longest first: 个百分点 before 个), then
    a measure-word head with its tail (床日, 剂次), then single listed characters, then a lone head.
    """
    multi = [u for u in lx.unit_kinds if len(u) > 1]
    single = [u for u in lx.unit_kinds if len(u) == 1]
    heads, tails = re.escape(lx.measure_heads), re.escape(lx.measure_tails)
    unit = f"(?:{_unit_alt(multi)}|[{heads}][{tails}]|{_unit_alt(single)}|[{heads}])"
    # After a slash any listed unit may stand (个/村, 次/季度), besides the per-units proper.
    per_words = set(lx.per_units) | {u for u in lx.unit_kinds if not u.isascii()}
    per = f"(?:{_alt(per_words)}|[{heads}][{tails}]?)"
    return unit, per


def _quantity(i: int, lx: Lexicon) -> str:
    """One number with its multiplier and unit; groups suffixed with ``i`` (1, 2 in a range)."""
    unit, per = _unit_pattern(lx)
    per_mei = _alt(u for u in lx.per_units if u in PER_AFTER_MEI)
    mult = _alt(lx.multipliers)
    # Repetitions are bounded ({0,3}): a rate has at most three parts (元/人/月), and a bounded
    # pattern keeps the work per starting position constant (extract_thresholds is linear).
    rate = rf"(?:/(?:[0-9]+万?)?{per}(?:[.·*×]{per}){{0,2}}|每(?:{per_mei}))"
    return rf"""
        (?P<sign{i}>负|(?<![^\s(（:：,，;；=])-)?                        # 负三, -83.61 (leading minus only)
        (?:
            百分之?(?P<psign{i}>负)?(?P<pct{i}>{NUM_CN}|{NUM_AR}|百)       # 百分之九十五, 百分百
          | (?<![0-9.,A-Za-z第])(?P<num{i}>{NUM_AR})[ ]?(?P<mult{i}>{mult})?   # 33.57 万
          | (?<![{CN_DIGITS}{CN_SMALL}{CN_BIG}第])(?P<cn{i}>{NUM_CN})        # 三千, 五万
        )
        (?!\.?[0-9])                                                # not half a number
        (?P<approx{i}>余|多)?                                        # 80余场: more than 80
        (?P<amult{i}>{mult})?                                        # 500余万, 二十点一万
        [ ]?(?P<unit{i}>{unit}(?!之(?!间))                           # 个, %, 床日 (一百分之二 is a fraction)
            {rate}{{0,3}}                                            # 万元/年, 元每人每月, 户/人.月, 人/10万人
          | /{per}(?:[.·*×]{per}){{0,2}}                              # ≤12.5/株 (元/株 when money)
        )?
        (?:(?P<jiao{i}>[0-9{CN_DIGITS}])[角毛]                       # 12元5角8分, 十二块五毛
           (?:(?P<fen{i}>[0-9{CN_DIGITS}])分)?)?
    """


def _date(i: int) -> str:
    """A calendar date, full or partial; groups suffixed with ``i``.

    The end of a period (``i`` = 2) may leave out its year: ``2023.3.1-11.30``.
    """
    cn = "〇零一二三四五六七八九"
    short = (
        rf"""| (?<=[-~至到—])(?P<sm{i}>1[0-2]|0?[1-9])\.(?P<sd{i}>3[01]|[12][0-9]|0?[1-9])(?![0-9.])  # -11.30"""
        if i == 2
        else ""
    )
    return rf"""
        (?:
            (?:(?P<y{i}>(?:19|20)[0-9]{{2}})|(?P<ycn{i}>[{cn}]{{4}}))[ ]?年度?     # 2024年, 二〇二四年
            (?:[ ]?第?(?P<q{i}>[一二三四1-4])季度|[ ]?(?P<h{i}>上|下)半年)?        # 2024年第三季度, 上半年
            (?:[ ]?(?P<m{i}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月份?  # 12月
               (?:[ ]?(?P<d{i}>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[ ]?[日号])?)?
          | (?<![0-9])(?<![0-9{cn}]年)(?P<mo{i}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月份?  # 12月31日 (no year)
            (?:[ ]?(?P<do{i}>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[ ]?[日号])?
          | (?P<iy{i}>(?:19|20)[0-9]{{2}})(?P<isep{i}>[-./])(?P<im{i}>1[0-2]|0?[1-9])   # 2024-12-31
            (?:(?P=isep{i})(?P<id{i}>3[01]|[12][0-9]|0?[1-9]))?(?![0-9])
          {short}
        )
        (?P<end{i}>年?底|年?末|年终|全年|上旬|中旬|下旬)?             # 年底, 12月底, 2024年年底, 2023年全年
    """


@cache
def patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The compiled (values, qualitative) patterns, built once from the lexicon."""
    lx = lexicon()
    pre = _alt(lx.prefix_ops)
    suf = _alt(lx.suffix_ops)
    per_mei = _alt(u for u in lx.per_units if u in PER_AFTER_MEI)
    rsep = _alt(lx.range_separators)
    gap = _alt(lx.gap_ops)
    values = rf"""
        (?P<deadline>
            (?P<dpre>于|在|截至|截止|截止到|截至到|为|定为)?
            (?P<recur>每年度?|每个?季度|每个?月|每半年)?                  # 每年11月底前, 每季度末
            (?: {_date(1)}
                (?:[ ]?(?:{rsep})[ ]?{_date(2)})?                     # 2024年1月-12月: the end counts
              | (?<![0-9])(?P<yend>年底|年末|年终)                     # 年底前 (year from context)
              | (?<![0-9年])(?P<fullyear>全年)                         # 全年 (a cell, or 全年内/全年完成)
                (?=内|以内|之内|完成|完工|$|[ ，。；,;])
              | (?<=季度|个月|每月|半年)(?P<pend>末|底)                  # 每季度末 (after a recurrence)
              | (?<![0-9年每])(?:第?(?P<qn>[一二三四1-4])季度|(?P<hn>上|下)半年)    # 第四季度, 上半年 (no year)
                (?P<qend>末|底)?
            )
            (?P<before>之前|以前|前|为止|止|以内|之内|内)?                  # 前 / 内
            (?P<done>完成|完工|竣工|结束|办结|实施完毕|全部完成)?
        )
      | (?P<value>
            (?P<preper>(?:每(?:{per_mei})){{1,3}})?                    # 每人每月 750元
            (?:(?P<pre>{pre})了?[ :：]?                                 # 不少于, ≥, 超过了
              | (?P<gpre>{gap})(?P<gap>[\u4e00-\u9fff]{{1,4}}?)           # 至少获得 2方面
            )?
            {_quantity(1, lx)}
            (?:[ ]?(?:[(（]含[)）])?                                    # 1万(含)-5万元
               (?:{rsep}|(?:和|与)(?=[^间]{{1,12}}间))                     # 1-2个, 20和30之间
               [ ]?{_quantity(2, lx)}(?:之间|间)?)?
            (?:[ ]?[(（]含[)）])?
            (?P<snoun>(?!或|及)[\u4e00-\u9fff]{{1,2}}(?=(?:及|或)?以[上下内]))?   # 2个程度及以上, 10家企业以上
            (?P<suf>{suf})?                                            # 以上, 以内
        )
    """
    qual = rf"""
        (?P<label>{_alt(lx.labels)})
        (?![率度性数量值]|情况|时间|时限|进度|标准)                      # 合格率, 完成情况 are names
        (?P<qsuf>及以上|或以上|以上)?
    """
    # Every match starts with one of these characters; checking it first skips most positions of
    # running text cheaply (about twice as fast). Keep in sync with the alternatives above.
    firsts = set("0123456789-负百每于在截年十拾廿卅〇为定全第上下") | set(CN_DIGITS)
    firsts |= {w[0] for w in lx.prefix_ops} | {w[0] for w in lx.gap_ops}
    starts = "".join(sorted(re.escape(c) for c in firsts))
    values = f"(?=[{starts}])(?:{values})"
    return re.compile(values, re.VERBOSE), re.compile(qual, re.VERBOSE)


@cache
def _value_only() -> re.Pattern[str]:
    """The value alternative alone: read where a date-like start was no deadline (2024.12平方米)."""
    values_re, _ = patterns()
    src = values_re.pattern
    return re.compile(src[src.index("| (?P<value>") + 1 :].rstrip().removesuffix(")"), re.VERBOSE)


# --- numbers ------------------------------------------------------------------------------------


def cn_to_number(s: str) -> float | None:
    """Read a Chinese numeral (``三千``, ``十二``, ``两万``, ``一点五``, ``二〇二四``); None if not one."""
    s = (
        s.replace("萬", "万")
        .replace("億", "亿")
        .replace("兩", "两")
        .replace("廿", "二十")
        .replace("卅", "三十")
    )
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_to_number(whole) if whole else 0.0
        if w is None or not frac or any(c not in _CN_DIGIT_VALUE for c in frac):
            return None
        return float(f"{int(w)}.{''.join(str(_CN_DIGIT_VALUE[c]) for c in frac)}")
    if all(c in _CN_DIGIT_VALUE for c in s):
        if len(s) == 1:
            return float(_CN_DIGIT_VALUE[s])
        return float("".join(str(_CN_DIGIT_VALUE[c]) for c in s))  # 二〇二四 read digit by digit
    total = section = num = 0
    last_small = 10_000  # units inside a section must decrease: 七十百 is not a numeral
    prev = ""
    for c in s:
        if c in _CN_DIGIT_VALUE:
            if prev in _CN_DIGIT_VALUE and prev not in "零〇" and c not in "零〇":
                return None  # 三五百 (three to five hundred) is an estimate, not a number
            num = _CN_DIGIT_VALUE[c]
        elif c in _CN_UNIT_VALUE:
            if _CN_UNIT_VALUE[c] >= last_small:
                return None
            last_small = _CN_UNIT_VALUE[c]
            section += (num or 1) * _CN_UNIT_VALUE[c]
            num = 0
        elif c == "万":
            total += (section + num) * 10_000
            section = num = 0
            last_small = 10_000
        elif c == "亿":
            total = (total + section + num) * 100_000_000
            section = num = 0
            last_small = 10_000
        else:
            return None
        prev = c
    if num and len(s) >= 3 and s[-2] in "百千佰仟万亿":
        # 三万五 = 35000, 两千六 = 2600, 一百二 = 120: a last digit after a unit counts one step down.
        step = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000, "亿": 100_000_000}[s[-2]]
        num *= step // 10
    return float(total + section + num)


def _ar_to_number(s: str) -> float:
    return float(s.replace(",", ""))


# The kinds unit_kind() reports as they are; every other kind of measure counts as "count".
_COARSE_KINDS = ("percent", "money", "duration")


def measure_kind(unit: str | None) -> str:
    """What a unit measures, finely: ``percent``, ``money``, ``rate`` (anything per something:
    ``元/人/月``, ``次/年``, ``Mbps``), ``duration``, ``length``, ``area``, ``volume``, ``mass``,
    ``data``, ``power``, ``energy``, ``temperature``, ``count`` (any other counting word, listed
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


# --- units from names ---------------------------------------------------------------------------

_BRACKET_UNIT = re.compile(r"[(（]\s*(?:单位[:：]?)?\s*([^()（）]{1,6})\s*[)）]\s*$")


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
    if m and (m.group(1) in lx.unit_kinds or m.group(1).endswith("元")):
        return m.group(1)
    name = _BRACKET_UNIT.sub("", name).strip()
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


# --- extraction -----------------------------------------------------------------------------------


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or 2001, month)[1]  # 2001: not a leap year when unknown


def _small_int(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    v = cn_to_number(s)
    return int(v) if v is not None else None


_YEAR_ENDS = ("底", "末", "年底", "年末", "年终", "全年")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _deadline(
    m: re.Match[str], whole: bool = False, whole_cell: bool = False
) -> tuple[str | None, str | None] | None:
    """(date, label) of a deadline match, or None when the match is not a deadline after all.

    A period is a deadline at its end (``2022.09-2023.06`` → ``2023-06``); the precision is the
    one written (``2024年底`` → ``2024-12``, ``11月底前`` → ``--11``, ``12月31日前`` → ``--12-31``).
    A recurring deadline (每年…, 全年, 每季度末) has its recurrence as label; 每季度末 has no date.
    """
    g = m.groupdict()
    recur = g["recur"]
    label = recur.removesuffix("度") if recur and recur.startswith("每年") else recur
    if g["pend"]:
        return (None, f"{recur}{g['pend']}") if recur else None
    if g["qn"] or g["hn"]:
        # 第四季度 / 上半年 with no year: a deadline at the end of that part of the year.
        month = _QUARTER_END[g["qn"]] if g["qn"] else (6 if g["hn"] == "上" else 12)
        ok = g["before"] or g["done"] or g["qend"] or whole
        return (f"--{month:02d}", label) if ok and not recur else None
    if g["fullyear"]:
        return "--12", "全年"
    if g["yend"]:
        # 年底前 / 年底完成 is a deadline; 年底 alone is a time of year (年底收回).
        return ("--12", label) if g["before"] or g["done"] else None
    ranged = bool(g["y2"] or g["ycn2"] or g["mo2"] or g["iy2"] or g["sm2"])
    i = "2" if ranged else "1"
    y = _small_int(g[f"y{i}"] or g[f"ycn{i}"] or g[f"iy{i}"]) or (
        _small_int(g["y1"] or g["ycn1"] or g["iy1"]) if i == "2" else None
    )
    mo = _small_int(g[f"m{i}"] or g[f"mo{i}"] or g[f"im{i}"] or (g["sm2"] if i == "2" else None))
    if g[f"q{i}"] or g[f"h{i}"]:
        if mo is not None or y is None:
            return None  # 2024年第三季度9月
        mo = _QUARTER_END[g[f"q{i}"]] if g[f"q{i}"] else (6 if g[f"h{i}"] == "上" else 12)
        if g[f"end{i}"] in _YEAR_ENDS or g[f"d{i}"]:
            return None
        return f"{y:04d}-{mo:02d}", None
    d = _small_int(g[f"d{i}"] or g[f"do{i}"] or g[f"id{i}"] or (g["sd2"] if i == "2" else None))
    end = g[f"end{i}"]
    before = g["before"]
    if i == "2" and g["sm2"] and not (g["isep1"] == "." and g["id1"]):
        return None  # 3.1-11.30 needs a full first date (2023.3.1-11.30)
    dot_iso = g[f"isep{i}"] == "." or (i == "2" and g["sm2"] is not None)
    if recur and y is not None:
        return None  # 每年2024年: not a date
    if end == "全年" and (mo is not None or y is None):
        return None
    if mo is None or not 1 <= mo <= 12:
        if y is None or mo is not None:
            return None
        # A year alone is a deadline only as 2024年底 / 2024年内, or as a whole value cell (完成时间:
        # 2024年); in a sentence a bare 2024年 is a year.
        if end in _YEAR_ENDS or before in ("内", "以内", "之内") or whole_cell or (ranged and whole):
            return f"{y:04d}-12", None
        return None
    if end in ("年底", "年末", "年终", "全年"):
        return None  # 2024年12月年底
    if d is None and end in ("上旬", "中旬"):
        d = 10 if end == "上旬" else 20
    elif d is None and end == "下旬":
        d = _last_day(y, mo)
    if d is not None and not 1 <= d <= _last_day(y, mo):
        return None
    if y is None:
        if d is None:
            # 12月前, 11月底: a month without a year is a deadline only with 前 or 底/末.
            return (f"--{mo:02d}", label) if before in ("前", "之前", "以前") or end or recur else None
        return f"--{mo:02d}-{d:02d}", label
    if dot_iso and not ranged and d is None and not (before or end or whole):
        return None  # 2024.12 inside a sentence is a decimal number; a cell of its own is a month
    return (f"{y:04d}-{mo:02d}-{d:02d}" if d is not None else f"{y:04d}-{mo:02d}"), None


@dataclass(frozen=True, slots=True)
class _Quantity:
    """One number of a value match, read."""

    value: float
    unit: str | None  # after folding (万元, 元/人/月, %)
    raw_unit: str | None  # as matched, for the guard on Chinese numerals in running text
    chinese: bool


_MONEY_ALIAS_RE = re.compile("^(万|亿|千|百万)?(?:块钱|块|圆|人民币)")


def _digit(c: str) -> int:
    return int(c) if c.isdigit() else _CN_DIGIT_VALUE[c]


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


# One or two CJK characters closing a value cell after its number.
_TAIL_UNIT = re.compile(r"[ ]?([\u4e00-\u9fff]{1,2})[ \t。.;；,，]*$")
_DELIMS = re.compile(r"[，,。；;：:、\s（）()]")
_TRIM = " \t\r\n。.;；,，、:：!！?？\"'“”‘’《》「」【】"

# Work per match looks at most this many characters back (the words before a value): with the
# windows below, extraction is linear in the length of the text.
LOOKBACK = 24
# Long texts are read in windows of at most this many characters, cut after a sentence end (or a
# comma, or anywhere when a stretch has neither). No value cell or sentence comes near it.
WINDOW = 2048
_STRONG_CUTS = "。；;！!？?\n"
_WEAK_CUTS = "，,、 \t"


def _windows(t: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """Consecutive spans covering ``t``, each at most ``size`` long."""
    n = len(t)
    if n <= size:
        return [(0, n)]
    out = []
    a = 0
    while a < n:
        b = min(a + size, n)
        if b < n:
            lo = a + size // 2
            cut = max(t.rfind(c, lo, b) for c in _STRONG_CUTS)
            if cut < 0:
                cut = max(t.rfind(c, lo, b) for c in _WEAK_CUTS)
            if cut >= 0:
                b = cut + 1
        out.append((a, b))
        a = b
    return out


def _scan(pattern: re.Pattern[str], t: str, a: int, b: int) -> Any:
    """The matches of ``pattern`` in the window ``t[a:b]`` (the one place the patterns run)."""
    return pattern.finditer(t, a, b)


def _context_unit(t: str, start: int, name: str | None) -> str | None:
    """Unit for a unit-less value: from the words just before it, else from ``name``."""
    before = _DELIMS.split(t[max(0, start - LOOKBACK) : start])[-1] if start else ""
    return (unit_from_name(before) if before else None) or unit_from_name(name)


def _money_context(t: str, start: int, name: str | None) -> bool:
    """The value is money: its name, or the words just before it, say so (补助标准≤12.5/株)."""
    before = _DELIMS.split(t[max(0, start - LOOKBACK) : start])[-1] if start else ""
    return _is_money_name(before) or _is_money_name(name)


def _in_term(t: str, a: int, b: int, lx: Lexicon) -> bool:
    """Whether a Chinese numeral at ``t[a:b]`` lies inside a place name or set phrase (三亚, 十四五)."""
    n = len(t)
    for length in lx.term_lengths:
        for s in range(max(0, a - length + 1), min(b, n - length + 1)):
            if a <= s and s + length <= b and (s, s + length) != (a, b):
                continue  # 万一 inside 一万一千: part of a longer numeral
            word = t[s : s + length]
            if word in lx.terms:
                return True
            suffixes = lx.strict_terms.get(word)
            if suffixes and s + length < n and t[s + length] in suffixes:
                return True
    return False


_RELATIVE_EVENT = ("之日起", "之后", "以后", "后", "起")
_NEXT_YEAR = ("次年", "翌年", "下一年", "下年度", "下一年度", "第二年")


@dataclass(slots=True)
class _Found:
    """A threshold being built, in normalised offsets, with what the primary choice needs."""

    a: int
    b: int
    op: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    date: str | None = None
    label: str | None = None
    explicit: bool = False  # written with an operator word or symbol (不少于, ≥, 以上)
    free: bool = False  # a value cell read as its own label (kind "text")
    relative: bool = False  # a deadline relative to an event (label = the relative text)


def _read_window(
    t: str, w0: int, w1: int, span: tuple[int, int], name: str | None, out: list[_Found], cell: bool = False
) -> None:
    """Read the value and deadline matches of the window ``t[w0:w1]`` into ``out``."""
    lx = lexicon()
    values_re, _ = patterns()
    s0, s1 = span  # the text without its surrounding spaces and punctuation
    prev_end = -1
    prev_op: str | None = None
    skip_to = -1  # the end of a match read again past the end the scan knows of
    for m in _scan(values_re, t, w0, w1):
        a, b = m.span()
        if a == b or a < skip_to:
            continue
        read = None
        if m.group("deadline") is not None:
            read = _deadline(m, whole=a <= s0 and b >= s1, whole_cell=cell and a <= s0 and b >= s1)
            if read is None:
                if m.group("iy1") and m.group("isep1") == "." and (m2 := _value_only().match(t, a, w1)):
                    m, (a, b) = m2, m2.span()  # 2024.12平方米: a decimal after all
                    skip_to = b
                else:
                    continue
        if read is not None:
            date, label = read
            if m.group("dpre") and m.group("dpre") in ("为", "定为", "于", "在"):
                a = m.end("dpre")  # 完工时间为2024年11月15日, 于6月底前: the date, not the verb
            if m.group("fullyear") and not (a <= s0 and b >= s1) and not (m.group("before") or m.group("done")):
                continue  # 全年 is a deadline as the whole cell or as 全年内/全年完成
            a2 = a
            if date and date.startswith("--") and not m.group("recur"):
                head = t[max(0, a - 4) : a]
                nxt = next((w for w in _NEXT_YEAR if head.endswith(w)), None)
                if nxt:  # 次年3月底前: relative to the filing's year
                    a2 = a - len(nxt)
                    label = t[a2 : m.start("done") if m.group("done") else b]
            out.append(_Found(a2, b, "deadline", date=date, label=label))
            prev_end, prev_op = b, None
            continue
        pre, suf = m.group("pre") or m.group("gpre"), m.group("suf")
        if m.group("snoun") and not m.group("unit1") and not m.group("unit2"):
            continue  # a noun between a bare number and 以上: not sure what the bound counts
        q1 = _quantity_of(m, 1)
        if q1 is None:
            continue
        ranged = m.group("num2") is not None or m.group("cn2") is not None or m.group("pct2") is not None
        q2 = _quantity_of(m, 2) if ranged else None
        if ranged and q2 is None:
            continue
        v1, u1, raw1 = q1.value, q1.unit, q1.raw_unit
        v2, u2 = (q2.value, q2.unit) if q2 else (None, None)
        if q2 and not u1 and u2 and m.group("mult1") and u2.startswith(m.group("mult1")):
            v1 = _ar_to_number(m.group("num1")) * (-1 if m.group("sign1") else 1)  # 1万-5万元: 1 万元
        unit = u2 if u2 else u1
        op = None
        if pre:
            op = lx.prefix_ops[pre]
        if suf and (op is None or pre in lx.weak_prefixes):
            op = lx.suffix_ops[suf]
        if m.group("approx1") and not ranged and (op is None or pre in lx.weak_prefixes):
            op = ">"  # 80余场, 3.2万余人次
        explicit = (bool(pre) and pre not in lx.weak_prefixes) or bool(suf) or bool(m.group("approx1"))
        va, vb = m.span("value")
        while va < vb and t[va] == " ":
            va += 1
        while vb > va and t[vb - 1] == " ":
            vb -= 1
        whole = va == s0 and vb == s1
        # "4.2023年..." is a list number before a year, not 4.2023 years.
        if (
            unit == "年"
            and m.group("num1")
            and re.fullmatch(r"[0-9]{1,2}\.(?:19|20)[0-9]{2}", m.group("num1"))
        ):
            continue
        # A year is not a quantity: 2024年 (and 2023-2024年) without an operator. A period of years
        # that is the whole value (实施周期 2023-2025年) is a deadline at its end.
        if (
            unit == "年"
            and (not op or (pre in lx.weak_prefixes and not suf))
            and all(v == int(v) and 1900 <= v <= 2100 for v in (v1, v2 if v2 is not None else v1))
        ):
            if v2 is not None and whole and v2 > v1 and m.group("num1") and m.group("num2"):
                out.append(_Found(a, b, "deadline", date=f"{int(v2):04d}-12"))
                prev_end, prev_op = b, None
            continue
        if q1.chinese and m.group("pct1") is None:
            cn_a, cn_b = m.span("cn1")
            if _in_term(t, cn_a, cn_b, lx):
                continue  # 三亚, 十四五, 两学一做: a numeral inside a name
            # Chinese numerals inside ordinary words (十分重要, 一级, 三类) need an operator.
            if not op and not ranged and not whole:
                single = len(m.group("cn1")) < 2
                if single and (raw1 is None or raw1 in lx.cn_blocked_units or raw1 not in lx.unit_kinds):
                    continue
        if unit and unit.startswith("/"):
            if _money_context(t, a, name):  # ≤12.5/株 → 元/株; ≤300万/月 → 300 万元/月
                mult = m.group("mult1")
                if mult in ("万", "亿") and m.group("num1"):
                    v1 = _ar_to_number(m.group("num1"))
                    unit = f"{mult}元{unit}"
                else:
                    unit = "元" + unit
        elif not unit and not m.group("mult1"):
            unit = _context_unit(t, a, name)
            if unit and unit_kind(unit) == "money" and not op and not whole:
                unit = None
        elif not unit and m.group("mult1") and _is_money_name(name):
            unit, v1 = "万元" if m.group("mult1") == "万" else "亿元", _ar_to_number(m.group("num1"))
        if not unit and not ranged and a <= s0 and (tail := _TAIL_UNIT.match(t, b, w1)):
            # A value cell "number + a counting word we do not list" (1000标箱, 200万粒).
            unit, b = tail.group(1), tail.end(1)
        if not unit and not op and not whole and not ranged:
            # A bare number inside a sentence (a list number, a phone number, 12355) is no target;
            # compound values (≥66个388节次) continue the operator of the quantity just before.
            continue
        preper = m.group("preper")
        if preper and unit and unit != "%":
            unit += preper.replace("每", "/")  # 每人每月750元 → 750 元/人/月
        elif preper and not unit and not op and not whole:
            continue
        if unit == "%" and not raw1 and m.group("pct1") is None and not ranged and 0 < v1 <= 1:
            v1 *= 100  # a rate read from a spreadsheet cell: 0.95 is 95% (the % came from the name)
        if op is None and a == prev_end and prev_op and unit:
            op = prev_op  # ≥66个388节次
        if v2 is None and suf in ("内", "以内", "之内", "前") and unit_kind(unit) == "duration":
            # 项目批复后6个月内: a deadline relative to an event, labelled with the clause.
            head = t[max(0, a - LOOKBACK) : a]
            if head.endswith(_RELATIVE_EVENT):
                start = a - len(_DELIMS.split(head)[-1])
                out.append(_Found(start, b, "deadline", label=t[start:b], explicit=True, relative=True))
                prev_end, prev_op = b, None
                continue
        if v2 is not None:
            lo, hi = (v1, v2) if v1 <= v2 else (v2, v1)
            out.append(_Found(a, b, "range", low=lo, high=hi, unit=unit, explicit=explicit))
            prev_end, prev_op = b, None
            continue
        op = op or "="
        out.append(_Found(a, b, op, value=v1, unit=unit, explicit=explicit))
        prev_end, prev_op = b, op


_WORDLESS = re.compile(r"[\W_]*")
_QUALITATIVE_PREFIX = re.compile(r"^(?:定性(?:指标)?[:：]?|目标[:：]|指标值[:：]?)")


def _read_labels(t: str, s0: int, s1: int, cell: bool, out: list[_Found]) -> None:
    """Qualitative labels of a text with no number or date (a value-like text, or any value cell)."""
    _, qual_re = patterns()
    found: list[_Found] = []
    for w0, w1 in _windows(t):
        for m in _scan(qual_re, t, w0, w1):
            label = m.group("label")
            a, b = m.span()
            if len(label) == 1 and (a, b) != (s0, s1) and not m.group("qsuf"):
                continue  # 是, 有, 高: labels only when they are the whole value
            found.append(_Found(a, b, "qualitative", label=label))
    if cell:
        # A value cell always reads: a recognised label when it is the whole cell (合格以上, 定性：有效),
        # else the cell's own text is the label (按进度推进, 控制在批复预算以内).
        body_start = s1 - len(_QUALITATIVE_PREFIX.sub("", t[s0:s1]))
        if len(found) == 1 and found[0].a == body_start and found[0].b == s1:
            out.extend(found)
        elif _WORDLESS.fullmatch(t, s0, s1):
            return  # —, /, ***: a cell left blank in all but name
        else:
            out.append(_Found(s0, s1, "qualitative", label=t[s0:s1], free=True))
        return
    out.extend(found)


def _stripped_span(t: str) -> tuple[int, int]:
    n = len(t)
    s0 = n - len(t.lstrip(_TRIM))
    s1 = len(t.rstrip(_TRIM))
    return (s0, s1) if s0 < s1 else (0, 0)


def _primary(found: list[_Found], name: str | None) -> int:
    """Index of the threshold that states the target: the first with an explicit operator, else
    the first whose kind the indicator's name expects (a rate → %, a deadline name → date), else
    the first."""
    for i, f in enumerate(found):
        if f.explicit and f.op not in ("deadline", "qualitative"):
            return i
    want = unit_from_name(name)
    if want:
        for i, f in enumerate(found):
            if f.unit == want:
                return i
    return 0


def _extract(text: str, name: str | None, cell: bool = False) -> list[Threshold]:
    norm: Normalized = normalize(text)
    t = norm.text
    s0, s1 = _stripped_span(t)
    if s0 >= s1:
        return []
    found: list[_Found] = []
    for w0, w1 in _windows(t):
        _read_window(t, w0, w1, (s0, s1), name, found, cell)
    if not found and (cell or s1 - s0 <= QUALITATIVE_MAX_LEN):
        _read_labels(t, s0, s1, cell, found)
    if not found:
        return []
    main = _primary(found, name)
    out = []
    for i, f in enumerate(found):
        o_a, o_b = norm.span(f.a, f.b)
        label = f.label
        if f.free or f.relative:
            label = text[o_a:o_b]  # a cell's own text, a relative deadline: as written
        if f.op == "qualitative":
            kind = "text" if f.free else "qualitative"
        else:
            kind = "date" if f.op == "deadline" else measure_kind(f.unit)
        out.append(
            Threshold(
                text[o_a:o_b], o_a, o_b, f.op, f.value, f.low, f.high, f.unit, f.date, label,
                kind=kind, primary=i == main,
            )  # fmt: skip
        )
    return out


def extract_thresholds(text: str, name: str | None = None, *, cell: bool = False) -> list[Threshold]:
    """Every threshold in ``text`` (a value cell or a sentence); ``name`` is the indicator's name.

    ``cell=True`` says the text is a value cell (the ``thresholds`` command's inputs, the value
    column of a filing): a cell with no number and no date then gives one ``qualitative``
    threshold whose label is the trimmed text (``按进度推进``), so a cell never reads as nothing.
    Running text (the default) gives only recognised qualitative words. Exactly one threshold of
    a non-empty result has ``primary=True`` (see :func:`_primary`); the list is in text order.

    >>> [(t.op, t.value, t.unit) for t in extract_thresholds("不少于5万人")]
    [('>=', 50000.0, '人')]
    >>> [(t.op, t.date) for t in extract_thresholds("2024年12月前")]
    [('deadline', '2024-12')]
    >>> [(t.op, t.label, t.kind) for t in extract_thresholds("按进度推进", cell=True)]
    [('qualitative', '按进度推进', 'text')]
    """
    if not isinstance(text, str) or not text:
        return []
    if name is not None and not isinstance(name, str):
        name = str(name)
    try:
        return _extract(text, name, cell=cell)
    except (ValueError, OverflowError, ArithmeticError, IndexError, KeyError):
        # Defensive: a malformed number in an unforeseen shape yields no threshold, not a crash.
        return []
