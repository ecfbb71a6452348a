"""Read target values (指标值) into :class:`~indicator_nlp.types.Threshold` objects.

``extract_thresholds(text, name=None)`` finds every threshold in a value cell or a sentence:

* comparisons by symbol or word (``≥90%``, ``不少于5万人``, ``90%以上``: 以上/以下/以内 include the
  bound), a bare number is ``=``;
* ranges (``1-2个``, ``85%-90%``), compound values (``≥66个388节次`` gives two thresholds);
* 万/亿 multiplied out on counting units (``5万人`` → 50000 人) while money keeps ``万元``/``亿元``
  as written (``≤33.57万元`` → 33.57 万元); rates (``11.92万元/年``, ``190元每人每月`` → ``元/人/月``);
* Chinese numerals (``百分之九十五``, ``三千元``, ``两万``);
* deadlines (``2024年12月前`` → ``2024-12``, ``12月31日前完成`` → ``--12-31``, ``2024年底前`` →
  ``2024-12-31``);
* qualitative targets (``合格以上`` → label 合格, ``进一步提升``, ``按合同服务周期完成``), read only
  when the text has no number or date;
* a value without a unit takes it from the text before the operator (``参与志愿服务人次≥20000``
  → 人次) or from the indicator's ``name`` (``培训人数``, ``满意度`` → %, ``(万元)``).

Spans are offsets into the original text (see :func:`indicator_nlp.text.normalize`). Nothing
found gives ``[]``; no input raises. The words, units and labels live in ``data/thresholds.json``.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from indicator_nlp.text import Normalized, normalize
from indicator_nlp.types import Threshold

DATA_FILE = Path(__file__).with_name("data") / "thresholds.json"

CN_DIGITS = "零〇一二两兩三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_SMALL = "十百千拾佰仟"
CN_BIG = "万亿萬億"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0, "两": 2, "兩": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_CN_UNIT_VALUE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

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
    unit_kinds: dict[str, str]
    per_units: tuple[str, ...]
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
    return Lexicon(
        prefix_ops=_words(raw["prefix_operators"]),
        suffix_ops=_words(raw["suffix_operators"]),
        range_separators=tuple(raw["range_separators"]),
        multipliers={k: float(v) for k, v in raw["multipliers"].items()},
        unit_kinds=kinds,
        per_units=tuple(raw["per_units"]),
        cn_blocked_units=frozenset(raw["chinese_unit_blocklist"]["units"]),
        labels=tuple(raw["qualitative"]["labels"]),
        gap_ops=tuple(raw["gap_operators"]["words"]),
        weak_prefixes=frozenset(raw["weak_prefix_operators"]["words"]),
        unit_from_name={k: v for k, v in raw["unit_from_name"].items() if not k.startswith("_")},
        percent_names=tuple(raw["percent_names"]),
        money_names=tuple(raw["money_names"]),
    )


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


def _quantity(i: int, lx: Lexicon) -> str:
    """One number with its multiplier and unit; groups suffixed with ``i`` (1, 2 in a range)."""
    unit = _unit_alt(lx.unit_kinds)
    per = _alt(lx.per_units)
    per_mei = _alt(u for u in lx.per_units if u in PER_AFTER_MEI)
    mult = _alt(lx.multipliers)
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
        [ ]?(?P<unit{i}>(?:{unit})(?!之(?!间))                        # 个, % (一百分之二 is a fraction)
            (?:/(?:[0-9]+万?)?(?:{per})(?:[.·*×](?:{per}))*|每(?:{per_mei}))*)?   # 万元/年, 元每人每月, 户/人.月, 人/10万人
        (?:(?P<jiao{i}>[0-9{CN_DIGITS}])[角毛]                       # 12元5角8分, 十二块五毛
           (?:(?P<fen{i}>[0-9{CN_DIGITS}])分)?)?
    """


def _date(i: int) -> str:
    """A calendar date, full or partial; groups suffixed with ``i``."""
    cn = "〇零一二三四五六七八九"
    return rf"""
        (?:
            (?:(?P<y{i}>(?:19|20)[0-9]{{2}})|(?P<ycn{i}>[{cn}]{{4}}))[ ]?年度?     # 2024年, 二〇二四年
            (?:[ ]?(?P<m{i}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月份?  # 12月
               (?:[ ]?(?P<d{i}>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[ ]?[日号])?)?
          | (?<![0-9年])(?P<mo{i}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月份?  # 12月31日 (no year)
            (?:[ ]?(?P<do{i}>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[ ]?[日号])?
          | (?P<iy{i}>(?:19|20)[0-9]{{2}})(?P<isep{i}>[-./])(?P<im{i}>1[0-2]|0?[1-9])   # 2024-12-31
            (?:(?P=isep{i})(?P<id{i}>3[01]|[12][0-9]|0?[1-9]))?(?![0-9])
        )
        (?P<end{i}>底|末|上旬|中旬|下旬)?                             # 年底, 12月底
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
            (?:于|在|截至|截止|截止到|截至到)?
            (?: {_date(1)}
                (?:[ ]?(?:{rsep})[ ]?{_date(2)})?                     # 2024年1月-12月: the end counts
              | (?<![0-9])(?P<yend>年底|年末)                          # 年底前 (year from context)
            )
            (?P<before>之前|以前|前|为止|止|以内|之内|内)?                  # 前 / 内
            (?P<done>完成|完工|竣工|结束|办结|实施完毕|全部完成)?
        )
      | (?P<value>
            (?P<preper>(?:每(?:{per_mei}))+)?                         # 每人每月 750元
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
    firsts = set("0123456789-负百每于在截年十拾廿卅〇") | set(CN_DIGITS)
    firsts |= {w[0] for w in lx.prefix_ops} | {w[0] for w in lx.gap_ops}
    starts = "".join(sorted(re.escape(c) for c in firsts))
    values = f"(?=[{starts}])(?:{values})"
    return re.compile(values, re.VERBOSE), re.compile(qual, re.VERBOSE)


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


def unit_kind(unit: str | None) -> str:
    """What a unit measures: ``"percent"``, ``"money"``, ``"duration"``, ``"count"`` or ``"none"``.

    Rates take the kind of their first unit (``元/人/月`` → money, ``人次/年`` → count). Units not
    in the lexicon count as ``"count"`` (any counting word); no unit is ``"none"``. The classifier
    and the review rules read values through this function: keep its names stable.
    """
    if not unit:
        return "none"
    kinds = lexicon().unit_kinds
    head = re.split(r"[/每]", unit, maxsplit=1)[0]
    if head in kinds:
        return kinds[head]
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
    for suffix, unit in sorted(lx.unit_from_name.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return unit
    for u in sorted(lx.unit_kinds, key=len, reverse=True):
        if len(u) >= 2 and name.endswith(u) and lx.unit_kinds[u] in ("count", "money"):
            return u
    if name.endswith("数") and len(name) >= 2 and name[-2] in lx.unit_kinds:
        return name[-2]  # 个案数 → 个
    if any(name.endswith(p) for p in lx.percent_names):
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


def _deadline(m: re.Match[str]) -> str | None:
    """The date of a deadline match, or None when the match is not a deadline after all."""
    g = m.groupdict()
    if g["yend"]:
        # 年底前 / 年底完成 is a deadline; 年底 alone is a time of year (年底收回).
        return "--12-31" if g["before"] or g["done"] else None
    i = "2" if (g["y2"] or g["ycn2"] or g["mo2"] or g["iy2"]) else "1"
    y = _small_int(g[f"y{i}"] or g[f"ycn{i}"] or g[f"iy{i}"]) or (
        _small_int(g["y1"] or g["ycn1"] or g["iy1"]) if i == "2" else None
    )
    mo = _small_int(g[f"m{i}"] or g[f"mo{i}"] or g[f"im{i}"])
    d = _small_int(g[f"d{i}"] or g[f"do{i}"] or g[f"id{i}"])
    end = g[f"end{i}"]
    before = g["before"]
    dot_iso = g[f"isep{i}"] == "."
    if mo is None or not 1 <= mo <= 12:
        if y is None or mo is not None:
            return None
        # A year alone is a deadline only as 2024年底 / 2024年内 (a bare 2024年 is a year).
        return f"{y:04d}-12-31" if end in ("底", "末") or before in ("内", "以内", "之内") else None
    if d is None and end:
        d = {"上旬": 10, "中旬": 20}.get(end) or _last_day(y, mo)
    if d is not None and not 1 <= d <= _last_day(y, mo):
        return None
    if y is None:
        if d is None:
            # 12月前: a month without a year is a deadline only with 前. Threshold.date has no
            # year-less month form, so it is read as the month's last day (by the end of December).
            return f"--{mo:02d}-{_last_day(None, mo):02d}" if before in ("前", "之前", "以前") else None
        return f"--{mo:02d}-{d:02d}"
    if dot_iso and d is None and not (before or end):
        return None  # 2024.12 alone is a decimal number
    return f"{y:04d}-{mo:02d}-{d:02d}" if d is not None else f"{y:04d}-{mo:02d}"


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


def _context_unit(text: str, start: int, name: str | None) -> str | None:
    """Unit for a unit-less value: from the words just before it, else from ``name``."""
    before = _DELIMS.split(text[:start])[-1] if start else ""
    return (unit_from_name(before) if before else None) or unit_from_name(name)


def _extract(text: str, name: str | None) -> list[Threshold]:
    norm: Normalized = normalize(text)
    t = norm.text
    if not t.strip():
        return []
    lx = lexicon()
    values_re, qual_re = patterns()
    out: list[Threshold] = []
    stripped = t.strip(" \t\r\n。.;；,，")
    prev_end = -1
    prev_op: str | None = None
    for m in values_re.finditer(t):
        a, b = m.span()
        if a == b:
            continue
        o_a, o_b = norm.span(a, b)
        otext = text[o_a:o_b]
        if m.group("deadline") is not None:
            date = _deadline(m)
            if date is None:
                continue
            out.append(Threshold(otext, o_a, o_b, "deadline", date=date))
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
        whole = m.group("value").strip() == stripped
        # "4.2023年..." is a list number before a year, not 4.2023 years.
        if (
            unit == "年"
            and m.group("num1")
            and re.fullmatch(r"[0-9]{1,2}\.(?:19|20)[0-9]{2}", m.group("num1"))
        ):
            continue
        # A year is not a quantity: 2024年 (and 2023-2024年) without an operator.
        if (
            unit == "年"
            and (not op or (pre in lx.weak_prefixes and not suf))
            and all(v == int(v) and 1900 <= v <= 2100 for v in (v1, v2 if v2 is not None else v1))
        ):
            continue
        # Chinese numerals inside ordinary words (十分重要, 一级, 三类) need an operator.
        if q1.chinese and not op and not ranged and not whole and m.group("pct1") is None:
            single = len(m.group("cn1")) < 2
            if (single and raw1 in lx.cn_blocked_units) or (raw1 is None and single):
                continue
        if not unit and not m.group("mult1"):
            unit = _context_unit(t, a, name)
            if unit and unit_kind(unit) == "money" and not op and not whole:
                unit = None
        elif not unit and m.group("mult1") and _is_money_name(name):
            unit, v1 = "万元" if m.group("mult1") == "万" else "亿元", _ar_to_number(m.group("num1"))
        if not unit and not ranged and not t[:a].strip() and (tail := _TAIL_UNIT.match(t, b)):
            # A value cell "number + a counting word we do not list" (1000标箱, 200万粒).
            unit, b = tail.group(1), tail.end(1)
            o_a, o_b = norm.span(a, b)
            otext = text[o_a:o_b]
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
        if v2 is not None:
            lo, hi = (v1, v2) if v1 <= v2 else (v2, v1)
            out.append(Threshold(otext, o_a, o_b, "range", low=lo, high=hi, unit=unit))
            prev_end, prev_op = b, None
            continue
        op = op or "="
        out.append(Threshold(otext, o_a, o_b, op, value=v1, unit=unit))
        prev_end, prev_op = b, op
    if out or len(stripped) > QUALITATIVE_MAX_LEN:
        return out
    for m in qual_re.finditer(t):
        label = m.group("label")
        a, b = m.span()
        if len(label) == 1 and t[a:b] != stripped and not m.group("qsuf"):
            continue  # 是, 有, 高: labels only when they are the whole value
        o_a, o_b = norm.span(a, b)
        out.append(Threshold(text[o_a:o_b], o_a, o_b, "qualitative", label=label))
    return out


def extract_thresholds(text: str, name: str | None = None) -> list[Threshold]:
    """Every threshold in ``text`` (a value cell or a sentence); ``name`` is the indicator's name.

    >>> [(t.op, t.value, t.unit) for t in extract_thresholds("不少于5万人")]
    [('>=', 50000.0, '人')]
    >>> [(t.op, t.date) for t in extract_thresholds("2024年12月前")]
    [('deadline', '2024-12')]
    """
    if not isinstance(text, str) or not text:
        return []
    if name is not None and not isinstance(name, str):
        name = str(name)
    try:
        return _extract(text, name)
    except (ValueError, OverflowError, ArithmeticError, IndexError, KeyError):
        # Defensive: a malformed number in an unforeseen shape yields no threshold, not a crash.
        return []
