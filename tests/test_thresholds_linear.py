"""Regression: quadratic time in extract_thresholds on long repetitive strings (issue 11, item 8).

16 KB of ``1-1-…`` took 5 s and 1 MB over 120 s: every match re-read the whole text before it.
The fix bounds the work structurally, which is what these tests check (no timing asserts;
``scripts/bench_thresholds.py`` prints the times): the patterns only ever run over windows of at
most ``WINDOW`` characters that cover the text once, the words before a value are read from at
most ``LOOKBACK`` characters, and repetitions inside the patterns are bounded.
"""

from __future__ import annotations

import re

import pytest

import indicator_nlp.thresholds.extract as th  # the module whose windows call _scan
from indicator_nlp.thresholds import LOOKBACK, WINDOW, _windows, extract_thresholds, patterns

MB = 1 << 20
PATHOLOGICAL = {
    "one-dash": "1-" * (MB // 2),
    "wan": "5万" * (MB // 2),
    "digits": "1234567890" * (MB // 10),
    "per-person": "每人" * (MB // 2),
    "yearless": "年底前" * (MB // 3),
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_quadratic_time_windows_cover_the_text_once(text: str) -> None:
    spans = _windows(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b0 == a1 for (_, b0), (a1, _) in zip(spans, spans[1:]))  # contiguous, no overlap
    assert all(0 < b - a <= WINDOW for a, b in spans)
    assert len(spans) <= 2 * len(text) // WINDOW + 1  # a cut is never before half a window


def test_quadratic_time_windows_cut_after_sentences() -> None:
    sentence = "完成培训不少于500人次，合格率达到95%以上。"
    text = sentence * (3 * WINDOW // len(sentence))
    spans = _windows(text)
    assert len(spans) > 1
    assert all(text[b - 1] == "。" for _, b in spans[:-1])
    # Cutting at sentence ends loses nothing: every sentence still gives its two thresholds.
    assert len(extract_thresholds(text)) == 2 * text.count("。")


@pytest.mark.parametrize("name", ["one-dash", "wan", "per-person"])
def test_quadratic_time_patterns_only_see_windows(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PATHOLOGICAL[name][: 64 * WINDOW]  # a 128 KB slice: the same shape, a quicker test
    seen: list[tuple[int, int]] = []
    scan = th._scan

    def spy(pattern: re.Pattern[str], t: str, a: int, b: int):  # noqa: ANN202
        seen.append((a, b))
        return scan(pattern, t, a, b)

    monkeypatch.setattr(th, "_scan", spy)
    for cell in (False, True):
        seen.clear()
        extract_thresholds(text, cell=cell)
        assert seen and all(b - a <= WINDOW for a, b in seen)
        assert sum(b - a for a, b in seen) <= 2 * len(text)  # values once, labels at most once more


def test_quadratic_time_lookback_is_bounded() -> None:
    # The unit of a bare number comes from the words just before it, read from LOOKBACK characters
    # only: a long run of text before the number changes nothing.
    near = "参与志愿服务人次≥20000"
    far = "说明" * (10 * LOOKBACK) + "，" + near
    assert [(t.unit, t.value) for t in extract_thresholds(far)] == [("人次", 20000.0)]


def test_quadratic_time_repetitions_in_patterns_are_bounded() -> None:
    # The rate parts (每人每月, /人/月) repeat a bounded number of times: each starting position
    # costs a bounded amount of work, whatever follows.
    values_re, _ = patterns()
    assert "(?:每(?:" in values_re.pattern and "){1,3})?" in values_re.pattern
    assert not re.search(r"\(\?:每\([^)]*\)\)\+", values_re.pattern)


def test_quadratic_time_results_stay_sane() -> None:
    assert extract_thresholds("1" * 100) == []  # a digit run is a code, not a number (no inf)
    got = extract_thresholds("1-" * 5000)
    assert got and all(t.op == "range" and t.low == 1 and t.high == 1 for t in got)
