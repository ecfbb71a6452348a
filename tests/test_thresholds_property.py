"""Properties of extract_thresholds and normalize on arbitrary text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_nlp.text import normalize
from indicator_nlp.thresholds import _extract, extract_thresholds
from indicator_nlp.types import OPERATORS

DATE_FORMS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}|--[0-9]{2}-[0-9]{2}|--[0-9]{2}")

# Characters the extractor cares about, mixed into arbitrary Unicode so that the interesting
# paths (numbers, operators, units, dates, LaTeX, tags) are reached often.
PIECES = list("0123456789０１２３４５６７８９.,，%％≥≤≧≦<>=-~～至到年月日前底以上下内万亿千百十一二两三五九零〇点个人次元$\\{}<>/ ") + [
    "\\geq ", "\\%", "<p>", "<br/>", "&ge;", "万元", "人次", "不少于", "不超过", "百分之", "合格", "提升", "每人每月",
    "2024年", "12月31日", "1, 430, 400. 00", "月前", "月底", "年底前", "2024.12", "以上", "及以下", "余", "(含)", "\u3000", "\u00a0",
]  # fmt: skip
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=25).map("".join),
)
names = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["满意度", "培训人数（人）", "总成本", "项目资金（万元）"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, names)
def test_never_raises_and_spans_are_exact(text: str, name: str | None) -> None:
    for t in extract_thresholds(text, name=name):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.op in OPERATORS
        if t.op == "range":
            assert t.low is not None and t.high is not None and t.low <= t.high
        elif t.op == "deadline":
            # the forms Threshold.date documents; a relative or recurring deadline without a date has a label
            assert (t.date and DATE_FORMS.fullmatch(t.date)) or (t.date is None and t.label), t
        elif t.op == "qualitative":
            assert t.label
        else:
            assert t.value is not None


@settings(max_examples=150, deadline=None)
@given(texts)
def test_normalize_maps_every_character_back(text: str) -> None:
    n = normalize(text)
    for i in range(len(n.text)):
        a, b = n.span(i, i + 1)
        assert 0 <= a < b <= len(text)
    if n.text:
        a, b = n.span(0, len(n.text))
        assert 0 <= a <= b <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_spans_are_ordered_and_disjoint(text: str) -> None:
    got = extract_thresholds(text)
    for first, second in zip(got, got[1:]):
        assert first.end <= second.start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, names)
def test_inner_extractor_raises_nothing_either(text: str, name: str | None) -> None:
    """extract_thresholds guards against errors as a last resort; the reading itself must not need it."""
    _extract(text, name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, names)
def test_value_cells_are_never_empty(text: str, name: str | None) -> None:
    """cell=True: the same invariants, one primary, and a cell with any word character reads as something."""
    got = extract_thresholds(text, name=name, cell=True)
    for t in got:
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        assert t.op in OPERATORS and t.kind
    if got:
        assert sum(t.primary for t in got) == 1
    if re.search(r"[^\W_]", normalize(text).text):
        assert got, text
