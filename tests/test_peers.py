"""Peer test suites (../shared/peers) run against extract_thresholds, under our conventions.

Each peer case is mapped to what our extractor should return:

* Recognizers-Text Number/Percent/NumberRange/Currency specs (Chinese);
* cn2an's cn2an/an2cn/transform literals;
* JioNLP's money parser and extractor literals;
* WeTextProcessing's cardinal, number, measure, money and fraction ITN data.

Cases outside our scope are skipped with the reason (they are not counted as passes); cases we
fail are strict xfail with the reason, listed in tests/cases/thresholds/peers_xfail.tsv.
Sentence-level cases whose mapping needs reading are written by hand in peers_manual.tsv.

Convention differences, tested our way (docs/thresholds.md):
* 以上/以下 include the bound (DOMAIN.md); Recognizers-Text reads 以上 as exclusive, (500,).
* A two-sided condition (大于10小于20) gives two thresholds, not one interval; a range
  (20-100, 一到五, 20和30之间) gives ``range`` with both ends, whatever the peer's brackets.
* Money keeps 万元/亿元 as written (1000万元 is 1000 万元, compared as 1e7 元).
* JioNLP's ``blur`` (约, 左右) is ``=`` for us; 近/不到/小于 follow our operator words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indicator_nlp.thresholds import extract_thresholds, unit_kind
from indicator_nlp.types import Threshold

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers"
CASES = Path(__file__).parent / "cases" / "thresholds"

# Reasons a peer case is outside our scope (shared wording, so the report can group them).
FOREIGN = "foreign currency: filings state money in 元"
FRACTION = "fractions (分之 other than 百分之, 1/2) are not target values in filings"
DISCOUNT = "折/成 discounts are not used for rates in filings"
VAGUE = "vague numerals (几, 数十, 三五百) have no single value"
ABBREV = "k/w/M abbreviations and Latin-letter numbers are not used in filings"
ENGLISH = "English or mixed-script text"
DIGITS = "digit-by-digit readings (phone numbers, IDs, 幺) are not quantities"
PHYSICAL = "physical measurement units (kg, km/h, mol) are outside the units of filings"
SENTENCE_NUMBER = "a bare number inside a sentence is not a threshold (no unit, no operator)"
STRICTNESS = "numeral syntax validation: we read leniently and never raise"
ORDINAL = "ordinals (第十) are not quantities"
AN2CN = "Arabic to Chinese direction: nothing to extract"
HALF = "半 (half) is not written in target values"
MIXED = "mixed Arabic and Chinese numerals (100万三千, 1百01) are not seen in filings"


def _xfails() -> dict[str, str]:
    path = CASES / "peers_xfail.tsv"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            case_id, _, reason = line.partition("\t")
            out[case_id] = reason
    return out


XFAILS = _xfails()


def _load(rel: str) -> Any:
    return json.loads((PEERS / rel).read_text(encoding="utf-8-sig"))


def _manual_rows() -> dict[str, tuple[str, str, str]]:
    """peers_manual.tsv: id → (text, expected, skip reason)."""
    rows = {}
    for line in (CASES / "peers_manual.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            case_id, text, expected, skip = (line.split("\t") + ["", ""])[:4]
            rows[case_id] = (text, expected, skip)
    return rows


MANUAL = _manual_rows()


def _param(case_id: str, text: str, want: list[dict] | None, mode: str = "exact", skip: str = "", name=None):
    if case_id in MANUAL:
        # A hand mapping overrides the automatic one (sentences, peer values we read differently).
        from test_thresholds import parse_expected

        manual_text, expected, skip = MANUAL[case_id]
        assert manual_text == text, f"{case_id}: peers_manual.tsv text differs from the peer's"
        want, mode = (None if skip else parse_expected(expected)), "exact"
    marks = []
    if skip:
        marks.append(pytest.mark.skip(reason=skip))
    elif case_id in XFAILS:
        marks.append(pytest.mark.xfail(strict=True, reason=XFAILS[case_id]))
    return pytest.param(text, name, want, mode, id=case_id, marks=marks)


def _num(s: Any) -> float:
    return float(str(s).replace(",", ""))


# --- mapping of each peer file ------------------------------------------------------------------

_LATIN = re.compile(r"[A-Za-z]")


_FRACTION_RE = re.compile(
    r"(?:^|[^百佰\s])\s*分\s*之"  # 二分之一, 三分 之一
    r"|[0-9０-９一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]\s*[百佰]\s*分\s*之"  # 一百分之二 (one in a hundred)
    r"|[0-9０-９]\s*[/／]\s*[0-9０-９]"  # 1/2, ３／５
)
_VAGUE_RE = re.compile(r"几|幾|数十|数百|数千|[一二三四五六七八九][一二三四五六七八九]+[十百千万亿]")


def _common_skip(text: str) -> str:
    if _FRACTION_RE.search(text):
        return FRACTION
    if _VAGUE_RE.search(text):
        return VAGUE
    if "^" in text:
        return "powers (2^5) are not used in filings"
    if re.search(r"[0-9０-９]\s*[kKwWMＫＷ](?![a-z])", text):
        return ABBREV
    if _LATIN.search(text):
        return ENGLISH
    if "幺" in text:
        return DIGITS
    if "半" in text:
        return HALF
    return ""


def rt_number() -> Iterator:
    for n, case in enumerate(_load("recognizers-text/Number/Chinese/NumberModel.json")):
        text, results = case["Input"], case["Results"]
        cid = f"rt-number-{n:03d}"
        skip = _common_skip(text)
        whole = len(results) == 1 and results[0]["Start"] == 0 and results[0]["End"] == len(text.rstrip()) - 1
        if not skip and not whole:
            skip = SENTENCE_NUMBER
        if not skip and "第" in text:
            skip = ORDINAL
        if not skip and ("打" in text or "对" in text):
            skip = VAGUE
        # 余/多 (二百三十余万) say "more than": > under our convention, = for RT's number model.
        op = ">" if re.search(r"[余多]", text) else "="
        want = None if skip else [{"op": op, "value": _num(results[0]["Resolution"]["value"])}]
        yield _param(cid, text, want, "exact-value", skip)


def rt_percent() -> Iterator:
    for n, case in enumerate(_load("recognizers-text/Number/Chinese/PercentModel.json")):
        text, results = case["Input"], case["Results"]
        skip = _common_skip(text)
        if not skip and re.search(r"[折成]", text):
            skip = DISCOUNT
        if not skip and ("千分之" in text or "‰" in text):
            skip = FRACTION
        want = [
            {"op": "=", "value": _num(r["Resolution"]["value"].rstrip("%")), "unit": "%"} for r in results
        ]
        yield _param(f"rt-percent-{n:03d}", text, None if skip else want, "percent", skip)


_INTERVAL = re.compile(r"^([\[(])(-?[0-9.]*),(-?[0-9.]*)([\])])$")
_RANGE_WORDS = re.compile(r"[-–~到至]|之间|和.*间|与.*间")


def _interval(text: str, value: str) -> list[dict]:
    """An RT interval under our conventions (see the module docstring)."""
    m = _INTERVAL.match(value)
    assert m, value
    lo_b, lo, hi, hi_b = m.groups()
    if lo and hi and lo == hi:
        return [{"op": "=", "value": _num(lo)}]
    if lo and hi:
        if _RANGE_WORDS.search(text):
            return [{"op": "range", "low": _num(lo), "high": _num(hi)}]
        lower = {"op": ">=" if lo_b == "[" else ">", "value": _num(lo)}
        upper = {"op": "<=" if hi_b == "]" else "<", "value": _num(hi)}
        if "以上" in text:
            lower["op"] = ">="
        if "以下" in text:
            upper["op"] = "<="
        lo_at = min(
            (text.find(w) for w in ("最少", "大于", "不小于", "以上", "不大于") if w in text), default=0
        )
        hi_at = min((text.find(w) for w in ("最多", "小于", "不大于", "以下") if w in text), default=1)
        return [lower, upper] if lo_at <= hi_at else [upper, lower]
    if lo:
        op = ">=" if lo_b == "[" or "以上" in text else ">"
        return [{"op": op, "value": _num(lo)}]
    op = "<=" if hi_b == "]" or "以下" in text else "<"
    return [{"op": op, "value": _num(hi)}]


def rt_range() -> Iterator:
    for key, rel in (
        ("rt-range", "recognizers-text/Number/Chinese/NumberRangeModel.json"),
        ("rt-range-exp", "recognizers-text/Number/Chinese/NumberRangeModelExperimentalMode.json"),
    ):
        for n, case in enumerate(_load(rel)):
            text, results = case["Input"], case["Results"]
            skip = _common_skip(text)
            if not skip and "第" in text:
                skip = ORDINAL
            want = (
                [] if skip else [w for r in results for w in _interval(r["Text"], r["Resolution"]["value"])]
            )
            yield _param(f"{key}-{n:03d}", text, None if skip else want, "ops-values", skip)


def rt_currency() -> Iterator:
    for n, case in enumerate(_load("recognizers-text/NumberWithUnit/Chinese/CurrencyModel.json")):
        text, results = case["Input"], case["Results"]
        skip = _common_skip(text)
        isos = {r["Resolution"].get("isoCurrency") for r in results}
        if not skip and (isos - {"CNY"} or "人民币" in text):
            skip = FOREIGN
        if not skip and not results:
            skip = "" if not re.search(r"[0-9一二三四五六七八九十]", text) else SENTENCE_NUMBER
        want = None if skip else [{"op": "=", "yuan": _num(r["Resolution"]["value"])} for r in results]
        yield _param(f"rt-currency-{n:03d}", text, want, "money", skip)


def cn2an_cases() -> Iterator:
    data = _load("cn2an/cn2an_test.json")["cases"]
    for group in ("strict_data_dict", "normal_data_dict", "smart_data_dict", "direct_data_dict"):
        for n, case in enumerate(data[group]):
            text, value = case["input"], case["expected"]
            skip = "幺" in text and DIGITS or ""
            if (
                not skip
                and group == "smart_data_dict"
                and re.search(
                    r"[0-9][^0-9.万亿]+[0-9一二三四五六七八九]|万[0-9一二三四五六七八九]|点[0-9]", text
                )
            ):
                skip = MIXED
            money = re.search(r"[元圆]", text)
            want = {"op": "=", "value": _num(value)}
            if money:
                want["unit"] = "元"
            yield _param(
                f"cn2an-{group.split('_')[0]}-{n:03d}", text, None if skip else [want], "exact-value", skip
            )
    for group in ("error_smart_datas", "error_normal_datas", "error_strict_datas"):
        for n, case in enumerate(data[group]):
            yield _param(f"cn2an-{group.split('_')[1]}-error-{n:03d}", case["input"], None, skip=STRICTNESS)
    an2cn = _load("cn2an/an2cn_test.json")["cases"]
    for n, case in enumerate(an2cn["input_data"]):
        value = _num(case["input"])
        for mode, text in zip(("low", "up", "rmb", "direct"), case["expected"]):
            # Money keeps 万元/亿元 as written: compare the amount in 元.
            want = {"op": "=", "yuan": value} if mode == "rmb" else {"op": "=", "value": value}
            skip = DIGITS if mode == "direct" and value != int(value) else ""
            if mode == "rmb" and round(value, 2) != value:
                skip = "an2cn rounds money to 分: the text no longer holds the value"
            yield _param(f"an2cn-{mode}-{n:03d}", text, None if skip else [want], "exact-value", skip)
    for n, case in enumerate(an2cn["scientific_input_data"]):
        yield _param(
            f"an2cn-scientific-{n:03d}",
            case["expected"],
            [{"op": "=", "value": _num(case["input"])}],
            "exact-value",
        )
    for n, case in enumerate(an2cn["error_input_data"]):
        yield _param(f"an2cn-error-{n:03d}", str(case["input"]), None, skip=AN2CN)


def _manual(prefix: str) -> Iterator:
    """Hand-mapped cases of peers_manual.tsv with ids of their own (sentences) starting with ``prefix``."""
    for case_id, (text, _expected, _skip) in MANUAL.items():
        if case_id.startswith(prefix):
            yield _param(case_id, text, None)


def jionlp_cases() -> Iterator:
    (group,) = _load("jionlp/test_money_parser.json")["groups"]
    for n, (text, res) in enumerate(group["cases"]):
        skip = _common_skip(text)
        if not skip and res["case"] != "元" or re.search(r"人民币|港|台币|日币|美元|欧元", text):
            skip = skip or FOREIGN
        definition = res["definition"]
        if isinstance(res["num"], list):
            want = [{"op": "range", "low_yuan": _num(res["num"][0]), "high_yuan": _num(res["num"][1])}]
        else:
            ops = {"accurate": ("=",), "blur": ("=",), "blur+": (">=", ">"), "blur-": ("<=", "<", "=")}[
                definition
            ]
            want = [{"op": ops, "yuan": _num(res["num"])}]
        yield _param(f"jionlp-money-parser-{n:03d}", text, None if skip else want, "money-or-bare", skip)
    (group,) = _load("jionlp/test_money_extractor.json")["groups"]
    for n, (text, spans) in enumerate(group["cases"]):
        skip = ""
        if any(re.search(r"日元|美元|k", s["text"]) for s in spans):
            skip = FOREIGN if "日元" in text else ABBREV
        want = [{"span": tuple(s["offset"])} for s in spans]
        yield _param(f"jionlp-money-extractor-{n:03d}", text, None if skip else want, "money-spans", skip)


_OUT_NUMBER = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?)(万|亿)?$")
_OUT_RANGE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)~([0-9]+(?:\.[0-9]+)?)(万|亿)?(%|[\u4e00-\u9fff]*)$")
_OUT_QTY = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?)(万|亿)?(%|[\u4e00-\u9fff]{1,3})$")
_OUT_MONEY = re.compile(r"^¥([0-9]+(?:\.[0-9]+)?)$")
_MULT = {None: 1, "万": 10_000, "亿": 100_000_000}


def _itn_expected(out: str) -> list[dict] | None:
    """The thresholds an ITN output stands for, or None when its form is not a plain value."""
    if m := _OUT_NUMBER.match(out):
        return [{"op": "=", "value": _num(m[1]) * _MULT[m[2]]}]
    if m := _OUT_MONEY.match(out):
        return [{"op": "=", "value": _num(m[1]), "unit": "元"}]
    if m := _OUT_RANGE.match(out):
        unit = m[4] or None
        return [
            {"op": "range", "low": _num(m[1]) * _MULT[m[3]], "high": _num(m[2]) * _MULT[m[3]], "unit": unit}
        ]
    if m := _OUT_QTY.match(out):
        unit = {"块钱": "元"}.get(m[3], m[3])
        return [{"op": "=", "value": _num(m[1]) * _MULT[m[2]], "unit": unit}]
    return None


def wetext_cases() -> Iterator:
    for name in ("cardinal", "number", "measure", "money", "fraction"):
        path = PEERS / "wetextprocessing" / "itn" / "chinese" / "test" / "data" / f"{name}.txt"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if " => " not in line:
                continue
            text, out = line.split(" => ", 1)
            cid = f"wetext-{name}-{n:03d}"
            skip = _common_skip(text)
            if not skip and re.search(r"[$£€₽]|TWD|RM|CNY|美元|英镑|卢布|欧元|新台币|令吉", out + text):
                skip = FOREIGN
            if not skip and re.search(r"kg|km|mol|Wv|kwh|°|[0-9](?:g|s|min|两)$", out):
                skip = PHYSICAL
            if not skip and re.search(r"[0-9]-[0-9]", out):
                skip = VAGUE  # 十五六 → 15-6: fifteen or sixteen
            if (
                not skip
                and re.fullmatch(r"[一二三四五六七八九][一二三四五六七八九十百千万]?[十百千万亿]", text)
                and "~" in out
            ):
                skip = VAGUE  # 三五百 → 300~500
            want = None if skip else _itn_expected(out)
            if not skip and want is None and cid not in MANUAL:
                skip = "sentence-level ITN output, not mapped"
            yield _param(cid, text, want, "exact-value", skip)


ALL = [*rt_number(), *rt_percent(), *rt_range(), *rt_currency(), *cn2an_cases(), *_manual("cn2an-"), *jionlp_cases(), *wetext_cases()] if PEERS.is_dir() else []  # fmt: skip
# Without ../shared the cases are unknown: one skipped placeholder says so (see conftest.py).
PEER_CASES = ALL or [pytest.param(None, None, None, None, id="no-peers", marks=pytest.mark.skip(reason="../shared/peers is not present"))]  # fmt: skip


# --- comparison ---------------------------------------------------------------------------------

_TO_YUAN = {"元": 1, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _same(t: Threshold, w: dict) -> bool:
    ops = w["op"] if isinstance(w["op"], tuple) else (w["op"],)
    if t.op not in ops:
        return False
    scale = _TO_YUAN.get(t.unit or "", 1)
    checks = {
        "value": lambda v: _close(t.value, v),
        "low": lambda v: _close(t.low, v),
        "high": lambda v: _close(t.high, v),
        "unit": lambda v: t.unit == v,
        "yuan": lambda v: _close(None if t.value is None else t.value * scale, v),
        "low_yuan": lambda v: _close(None if t.low is None else t.low * scale, v),
        "high_yuan": lambda v: _close(None if t.high is None else t.high * scale, v),
        "date": lambda v: t.date == v,
        "label": lambda v: t.label == v,
        "text": lambda v: t.text == v,
    }
    return all(checks[k](v) for k, v in w.items() if k in checks)


def _matches(got: list[Threshold], want: list[dict], mode: str) -> bool:
    if mode == "percent":
        # Percentage points keep their unit (个百分点) under our convention; RT writes them as %.
        got = [t for t in got if t.unit in ("%", "个百分点", "百分点")]
        want = [w | {"unit": t.unit} for t, w in zip(got, want)] + want[len(got) :]
    elif mode == "money":
        got = [t for t in got if unit_kind(t.unit) == "money"]
    elif mode == "money-or-bare":
        got = [t for t in got if unit_kind(t.unit) in ("money", "none")]
    elif mode == "money-spans":
        money = [t for t in got if unit_kind(t.unit) == "money"]
        return len(money) == len(want) and all(
            t.start <= w["span"][0] + 1 and w["span"][1] - 1 <= t.end for t, w in zip(money, want)
        )
    elif mode == "exact-value":
        # The value (and unit where the peer gives one); the operator of a bare value is =.
        return len(got) == len(want) and all(_same(t, w) for t, w in zip(got, want))
    return len(got) == len(want) and all(_same(t, w) for t, w in zip(got, want))


@pytest.mark.parametrize(("text", "name", "want", "mode"), PEER_CASES)
def test_peer(text: str, name: str | None, want: list[dict], mode: str) -> None:
    got = extract_thresholds(text, name=name)
    shown = [(t.op, t.value, t.low, t.high, t.unit, t.text) for t in got]
    assert _matches(got, want, mode), f"{text!r}: got {shown}, want {want}"


def test_peers_present_or_skipped() -> None:
    if not PEERS.is_dir():
        pytest.skip("../shared/peers is not present")
    assert len(ALL) > 500


def test_xfail_list_names_real_cases() -> None:
    if not PEERS.is_dir():
        pytest.skip("../shared/peers is not present")
    ids = {p.id for p in ALL}
    assert set(XFAILS) <= ids, sorted(set(XFAILS) - ids)
