"""indicator_nlp.text: normalisation with offsets, the jieba tokenizer, the spaCy pipeline."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_nlp.text import load_userdict, normalize, tokenize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("≥９０％", "≥90%", id="fullwidth-digits-percent"),
        pytest.param("ＡＢＣａｂｃ", "ABCabc", id="fullwidth-letters"),
        pytest.param("≧95%", "≥95%", id="geqq"),
        pytest.param("≦5%", "≤5%", id="leqq"),
        pytest.param("＞3＜5＝4", ">3<5=4", id="fullwidth-comparisons"),
        pytest.param("⩾90%", "≥90%", id="geqslant-char"),
        pytest.param("$\\geq 90\\%$", "≥90%", id="latex-geq"),
        pytest.param("$\\leq 5 \\%$", "≤5%", id="latex-leq-space"),
        pytest.param("$\\ge{90}\\%$", "≥90%", id="latex-braces"),
        pytest.param("1, 430, 400. 00", "1,430,400.00", id="stray-spaces"),
        pytest.param("1 ,430", "1,430", id="space-before-comma"),
        pytest.param("1. 12355青少年", "1. 12355青少年", id="list-number-kept"),
        pytest.param("1，2，3", "1，2，3", id="cjk-comma-kept"),
        pytest.param("<p>一是</p> <p>二是</p>", " 一是   二是 ", id="p-tags"),
        pytest.param("a<br/>b", "a b", id="br"),
        pytest.param("<span class='x'>5</span>个", "5个", id="inline-tag"),
        pytest.param("&ge;90%&nbsp;", "≥90% ", id="entities"),
        pytest.param("全角\u3000空格", "全角 空格", id="ideographic-space"),
        pytest.param("1–2个", "1-2个", id="en-dash"),
        pytest.param("（含）", "（含）", id="cjk-brackets-kept"),
        pytest.param("不少于5万人", "不少于5万人", id="unchanged"),
        pytest.param("", "", id="empty"),
        pytest.param("a < b > c", "a < b > c", id="not-a-tag"),
        pytest.param("百 分 之 九 十", "百分之九十", id="spaced-chinese-numeral"),
        pytest.param("三千 九百 六十五", "三千九百六十五", id="spaced-sections"),
        pytest.param("资金支出计 划（%）", "资金支出计 划（%）", id="space-in-words-kept"),
        pytest.param("目标1 万人", "目标1 万人", id="digit-space-kept"),
    ],
)
def test_normalize_text(raw: str, clean: str) -> None:
    assert normalize(raw).text == clean


@pytest.mark.parametrize(
    ("raw", "piece", "original"),
    [
        pytest.param("满意度$\\geq 90\\%$", "≥90%", "\\geq 90\\%", id="latex"),
        pytest.param("成本1, 430, 400. 00元", "1,430,400.00元", "1, 430, 400. 00元", id="stray-spaces"),
        pytest.param("<p>≥９０％</p>", "≥90%", "≥９０％", id="tag-and-fullwidth"),
        pytest.param("达到85%-90%", "85%-90%", "85%-90%", id="identity"),
    ],
)
def test_span_maps_back_to_original(raw: str, piece: str, original: str) -> None:
    n = normalize(raw)
    start = n.text.index(piece)
    a, b = n.span(start, start + len(piece))
    assert raw[a:b] == original
    assert n.original_text(start, start + len(piece)) == original


def test_empty_span() -> None:
    n = normalize("<p>5</p>")
    assert n.span(0, 0) == (0, 0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("服务对象满意度≥90%", ["服务对象满意度"], id="satisfaction"),
        pytest.param("按合同服务周期完成", ["按合同服务周期完成"], id="qualitative-label"),
        pytest.param("产出指标数量指标", ["产出指标", "数量指标"], id="levels"),
        pytest.param("资金拨付及时率", ["资金拨付及时率"], id="rate"),
        pytest.param("参与志愿服务人次≥60000", ["志愿服务", "人次"], id="unit"),
    ],
)
def test_tokenize_keeps_domain_words(text: str, words: list[str]) -> None:
    tokens = tokenize(text)
    for w in words:
        assert w in tokens, tokens
    # Nothing but spaces and punctuation is lost, and the text is normalised first.
    assert re.sub(r"[\W_]", "", "".join(tokens)) == re.sub(r"[\W_]", "", normalize(text).text)


def test_tokenize_drops_spaces_and_punctuation_and_normalises() -> None:
    assert tokenize("≥９０％ 以上") == ["90", "以上"]
    assert all(t.strip() for t in tokenize("a  b\u3000c"))


def test_userdict_has_words_and_notes() -> None:
    entries = load_userdict()
    words = [w for w, _, _ in entries]
    assert len(words) == len(set(words))
    assert "按合同服务周期完成" in words


def test_import_is_light() -> None:
    """Importing text/thresholds/the CLI command loads neither jieba nor spaCy."""
    code = (
        "import sys, indicator_nlp.text, indicator_nlp.thresholds, indicator_nlp.commands.thresholds\n"
        "from indicator_nlp.thresholds import extract_thresholds\n"
        "extract_thresholds('≥90%')\n"
        "print(sorted(m for m in ('jieba', 'spacy', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_tokenizer_leaves_root_logger_alone() -> None:
    code = (
        "import logging\n"
        "from indicator_nlp.text import tokenize\n"
        "tokenize('服务对象满意度')\n"
        "print(logging.getLogger().handlers, logging.getLogger().level)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[] 30"
    assert "Building prefix dict" not in run.stderr


@pytest.fixture(scope="module")
def nlp():
    pytest.importorskip("spacy")
    from indicator_nlp.nlp import make_nlp

    return make_nlp()


def test_spacy_pipeline_segments_with_jieba(nlp) -> None:
    doc = nlp("服务对象满意度≥90%")
    assert [t.text for t in doc][0] == "服务对象满意度"
    assert nlp.pipe_names == ["indicator_thresholds"]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        pytest.param("服务个案数≥120个，满意度90%以上", [(">=", 120.0), (">=", 90.0)], id="two"),
        pytest.param("2024年12月前完成", [("deadline", None)], id="deadline"),
        pytest.param("凝聚和维系团员", [], id="none"),
    ],
)
def test_spacy_component_puts_thresholds_on_spans(nlp, text: str, spans: list) -> None:
    doc = nlp(text)
    got = doc.spans["thresholds"]
    assert [(s.label_, s._.threshold.value) for s in got] == spans
    for s in got:
        t = s._.threshold
        assert s.start_char <= t.start and t.end <= s.end_char
        assert text[t.start : t.end] == t.text


def test_spacy_component_added_by_name() -> None:
    spacy = pytest.importorskip("spacy")
    import indicator_nlp.nlp  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("indicator_thresholds", config={"spans_key": "values"})
    doc = nlp("不少于5万人")
    assert [s._.threshold.value for s in doc.spans["values"]] == [50000.0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_spacy_doc_text_round_trips(text: str) -> None:
    """The jieba segmenter keeps every character: doc.text is the input, threshold spans exact."""
    doc = _nlp()(text)
    assert doc.text == text
    for span in doc.spans["thresholds"]:
        t = span._.threshold
        assert text[t.start : t.end] == t.text


@cache
def _nlp():
    from indicator_nlp.nlp import make_nlp

    return make_nlp()
