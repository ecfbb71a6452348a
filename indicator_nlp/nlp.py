"""spaCy integration: the jieba-segmented blank ``zh`` pipeline and its two rule-based components.

* ``indicator_sentences`` sets sentence starts where an item of a narrative goal ends or the next
  begins: sentence punctuation, line breaks, enumeration marks (``1.``, ``（一）``, ``一是``,
  ``目标1:``), a lost line break between two words (:func:`sentence_breaks`);
* ``indicator_thresholds`` puts every target value on ``doc.spans["thresholds"]``.

Drafting (:mod:`indicator_nlp.draft`) reads goals through this pipeline: sentences from
``doc.sents``, clause boundaries from punctuation tokens and the threshold spans.

This module imports spaCy at import time; import it only when a pipeline is wanted
(:func:`indicator_nlp.text.make_nlp` does so lazily).

>>> nlp = make_nlp()                                       # doctest: +SKIP
>>> doc = nlp("服务个案数≥120个，满意度90%以上")               # doctest: +SKIP
>>> [(s.text, s.label_, s._.threshold.value) for s in doc.spans["thresholds"]]  # doctest: +SKIP
[('≥120个', '>=', 120.0), ('90%以上', '>=', 90.0)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from indicator_nlp.text import JiebaSegmenter, get_tokenizer
from indicator_nlp.thresholds import extract_thresholds, lexicon, patterns

SPANS_KEY = "thresholds"

if not Span.has_extension("threshold"):
    Span.set_extension("threshold", default=None)


@registry.tokenizers("indicator_nlp.jieba_segmenter.v1")
def create_segmenter() -> Any:
    """The tokenizer factory named in the pipeline config (see :func:`make_nlp`)."""

    def make(nlp: Language) -> JiebaSegmenter:
        return JiebaSegmenter(nlp.vocab)

    return make


class ThresholdComponent:
    """Puts every threshold of ``doc.text`` on ``doc.spans[spans_key]``.

    Each span's label is the operator (``>=``, ``range``, ``deadline`` ...) and ``span._.threshold``
    holds the :class:`~indicator_nlp.types.Threshold` (its exact character offsets; the span itself
    is widened to token boundaries when a threshold starts or ends inside a token).
    """

    def __init__(self, nlp: Language, name: str = "indicator_thresholds", spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        lexicon()  # load the data file and compile the patterns now rather than on the first doc
        patterns()

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for t in extract_thresholds(doc.text):
            span = doc.char_span(t.start, t.end, label=t.op, alignment_mode="expand")
            if span is None:
                continue
            span._.threshold = t
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("indicator_thresholds", default_config={"spans_key": SPANS_KEY})
def make_threshold_component(nlp: Language, name: str, spans_key: str) -> ThresholdComponent:
    return ThresholdComponent(nlp, name, spans_key)


# --------------------------------------------------------------------------- sentences

# Where one item of a narrative ends or the next begins. Verbose: one alternative per line.
BREAK = re.compile(
    r"""
      [。；;！？!?\n]+                                   # sentence ends, line breaks
    | (?<![\d.])\s*(?=(?<![\d.])\d{1,2}[.、．](?!\d))     # "1." "2、" (not 1.5, not 2024.)
    | \s*(?=[（(][0-9一二三四五六七八九十]{1,3}[）)])       # "（1）" "(一)"
    | \s*(?=[一二三四五六七八九十]{1,3}[、是])            # "一、" "一是"
    | \s*(?=目标\d{1,2}[:：])                            # "目标1:"
    | (?<=[\u4e00-\u9fff）)”])[ \t\u3000]+(?=[\u4e00-\u9fff“(（])  # a lost line break between words
    """,
    re.VERBOSE,
)
TAGS = re.compile(r"<[^>]{0,200}>")


def inside_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside “…” or 「…」 (a space there is no break, a number no target)."""
    head = text[:pos]
    return head.count("“") > head.count("”") or head.count("「") > head.count("」")


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every gap between two sentences or items of ``text``; tags read as spaces."""
    clean = TAGS.sub(lambda m: " " * len(m.group()), text)
    out = []
    for m in BREAK.finditer(clean):
        gap = m.group()
        if gap and not gap.strip() and inside_quotes(clean, m.start()):
            continue  # "开展“青心守护 暖心关爱”培训": a space inside a quoted name is not a break
        out.append((m.start(), m.end()))
    return out


class SentenceComponent:
    """Sets ``token.is_sent_start``: a sentence starts at the token holding the end of each gap of
    :func:`sentence_breaks` (the gap's own tokens end the sentence before)."""

    def __init__(self, nlp: Language, name: str = "indicator_sentences") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        idx = [t.idx for t in doc]
        starts = {0}
        for _, end in sentence_breaks(doc.text):
            if end < len(doc.text):
                starts.add(bisect_right(idx, end) - 1)
        for i, tok in enumerate(doc):
            tok.is_sent_start = i in starts
        return doc


@Language.factory("indicator_sentences")
def make_sentence_component(nlp: Language, name: str) -> SentenceComponent:
    return SentenceComponent(nlp, name)


def make_nlp(thresholds: bool = True, sentences: bool = False) -> Language:
    """A blank spaCy ``zh`` pipeline segmented by jieba (domain dictionary), with ``indicator_thresholds``
    (and ``indicator_sentences`` first when ``sentences``, as drafting uses it).

    No model is downloaded: the pipeline has only the tokenizer and the rule-based components.
    """
    get_tokenizer()
    nlp = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "indicator_nlp.jieba_segmenter.v1"}}}
    )
    if sentences:
        nlp.add_pipe("indicator_sentences")
    if thresholds:
        nlp.add_pipe("indicator_thresholds")
    if sentences or thresholds:
        nlp.initialize()
    return nlp
