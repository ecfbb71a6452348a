"""Chinese and Arabic numerals read as numbers (三千, 两万, 一点五, 二〇二四, 1,430,400.00)."""

from __future__ import annotations

CN_DIGITS = "零〇一二两兩三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_SMALL = "十百千拾佰仟"
CN_BIG = "万亿萬億"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0, "两": 2, "兩": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_CN_UNIT_VALUE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


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


def _digit(c: str) -> int:
    return int(c) if c.isdigit() else _CN_DIGIT_VALUE[c]


def plain_number(x: float) -> str:
    """A number as a table writes it: no exponent (30000000, not 3e+07), no trailing zeros.

    >>> plain_number(3e7), plain_number(0.58), plain_number(1.20)
    ('30000000', '0.58', '1.2')
    """
    return str(int(x)) if x == int(x) else f"{x:.6f}".rstrip("0").rstrip(".")
