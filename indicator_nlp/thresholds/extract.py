"""The extractor: windows over long texts, value and deadline matches, labels, the primary threshold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indicator_nlp.text import Normalized, normalize
from indicator_nlp.thresholds.deadlines import _deadline
from indicator_nlp.thresholds.grammar import _value_only, patterns
from indicator_nlp.thresholds.numerals import _ar_to_number
from indicator_nlp.thresholds.quantities import _quantity_of
from indicator_nlp.thresholds.units import _is_money_name, measure_kind, unit_from_name, unit_kind
from indicator_nlp.thresholds.words import Lexicon, lexicon
from indicator_nlp.types import Threshold

# Qualitative labels are read in value-like texts only: a long sentence without a number is
# narrative (加强组织领导...), and its verbs are not targets.
QUALITATIVE_MAX_LEN = 16

# One or two CJK characters closing a value cell after its number.
# A counting word after a value cell's number; a numeral (十内, 万) is no such word.
_TAIL_UNIT = re.compile(r"[ ]?((?:(?![〇零一二三四五六七八九十百千万亿两])[\u4e00-\u9fff]){1,2})[ \t。.;；,，]*$")
def _shared_multiplier(m: re.Match[str], v1: float, v2: float, u1: str | None, u2: str | None, lx: Lexicon) -> float:
    """The first number of a range whose multiplier is written once, after the second: 5-10万人 is
    5万–10万 人, 3至五万亩 3万–5万 亩; 500-1万元 is 500 元–1 万元 (0.05–1 万元)."""
    cn2 = m.group("cn2") or ""
    mult = m.group("mult2") or m.group("amult2") or (cn2[-1] if len(cn2) > 1 and cn2[-1] in "万亿千" else None)
    f = lx.multipliers.get(mult) if mult else None
    if not f:
        return v1
    if (u2 or "").startswith(mult):  # kept in the unit (万元): v2 counts in it
        return v1 / f if not u1 and v1 > v2 else v1
    return v1 * f if 0 <= v1 <= v2 / f else v1


# Units after a Chinese numeral that name a grade or a score (一级, 三类, 五星, 十分), not a count.
_GRADE_UNITS = frozenset(("级", "类", "星", "分", "等", "度", "个等级"))
_BRACKET_UNIT = re.compile(r"[ ]?[（(][ ]?([^（）()\s]{1,4})[ ]?[)）]")
# What follows a grade that names a standard: a letter (一级A), 标准 or 排放, a hospital grade (甲等).
_GRADE_NAME = re.compile(r"[ ]?(?:[A-Za-zＡ-Ｚ](?![A-Za-z])|标准|排放|甲等|乙等|丙等)")
_HEAD_BRACKET = re.compile(r"[^，,。；;：:、\s（）()]{0,12}[（(][^（）()]{1,4}[)）]\s*$")
_DELIMS = re.compile(r"[，,。；;：:、\s（）()]")
_MASK = ("*", "＊")
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
    head = t[max(0, start - LOOKBACK) : start] if start else ""
    before = _DELIMS.split(head)[-1]
    if not before.strip() and (br := _HEAD_BRACKET.search(head)):
        before = br.group()  # 培训(人次)≥500: the unit in brackets closing the words before
    return (unit_from_name(before) if before.strip() else None) or unit_from_name(name)


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
        if m.group("num1") and t[max(0, m.start("num1") - 1) : m.start("num1")] in _MASK:
            continue  # ≤****000元: digits masked out, no number to read
        ranged = m.group("num2") is not None or m.group("cn2") is not None or m.group("pct2") is not None
        q2 = _quantity_of(m, 2) if ranged else None
        if ranged and q2 is None:
            continue
        v1, u1, raw1 = q1.value, q1.unit, q1.raw_unit
        v2, u2 = (q2.value, q2.unit) if q2 else (None, None)
        if q2 and not u1 and u2 and m.group("mult1") and u2.startswith(m.group("mult1")):
            v1 = _ar_to_number(m.group("num1")) * (-1 if m.group("sign1") else 1)  # 1万-5万元: 1 万元
        if q2 and v2 is not None and not m.group("mult1") and not m.group("amult1"):
            v1 = _shared_multiplier(m, v1, v2, u1, u2, lx)
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
        preper = m.group("preper")
        if m.group("pgap") and not cell:
            # 每周开放时间不少于56小时 in running text: the words after 每周 name the indicator, and
            # the value is what follows them (in a value cell, 每周开放不少于56小时 is all value).
            preper, a = None, m.end("pgap")
            va = a
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
            # Chinese numerals inside ordinary words (十分重要, 一级, 三类) need an operator, unless
            # the numeral and its counting word close a value cell (新建幼儿园三所) and are no grade.
            if not op and not ranged and not whole:
                single = len(m.group("cn1")) < 2
                closing = cell and b >= s1 and raw1 is not None and raw1 not in _GRADE_UNITS and (
                    raw1 in lx.unit_kinds or raw1 in lx.measure_heads
                )
                if single and not closing and (
                    raw1 is None or raw1 in lx.cn_blocked_units or raw1 not in lx.unit_kinds
                ):
                    continue
        # A grade or class that names a standard (达到一级A标准, Ⅲ类水质, 二级甲等) is a label, not a
        # count of grades, even after an operator word.
        if unit in ("级", "类") and _GRADE_NAME.match(t, b):
            continue
        if unit and unit.startswith("/"):
            if _money_context(t, a, name):  # ≤12.5/株 → 元/株; ≤300万/月 → 300 万元/月
                mult = m.group("mult1")
                if mult in ("万", "亿") and m.group("num1"):
                    v1 = _ar_to_number(m.group("num1"))
                    unit = f"{mult}元{unit}"
                else:
                    unit = "元" + unit
        elif (
            unit and unit.startswith("人/") and a <= s0 and b >= s1 and _is_money_name(name)
            and unit_kind(unit_from_name(name)) in ("none", "money")
        ):
            unit = "元/" + unit  # 320人/天 as the whole cell under 培训费: 320 元/人/天
        elif not unit and (br := _BRACKET_UNIT.match(t, b)) and br.group(1) in lx.unit_kinds:
            unit, b = br.group(1), br.end()  # ≥90（%）, 500(人次): the unit in brackets after the number
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
        if preper and unit and unit != "%":
            unit += preper.replace("每", "/")  # 每人每月750元 → 750 元/人/月
        elif preper and not unit and (q1.chinese or (not op and not whole)):
            continue  # 每周一, 每月三号: a day named, not a number
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
