"""spaCy integration: the jieba-segmented blank ``zh`` pipeline and the ``indicator_thresholds`` component.

This module imports spaCy at import time; import it only when a pipeline is wanted
(:func:`indicator_nlp.text.make_nlp` does so lazily).

>>> nlp = make_nlp()                                       # doctest: +SKIP
>>> doc = nlp("服务个案数≥120个，满意度90%以上")               # doctest: +SKIP
>>> [(s.text, s.label_, s._.threshold.value) for s in doc.spans["thresholds"]]  # doctest: +SKIP
[('≥120个', '>=', 120.0), ('90%以上', '>=', 90.0)]
"""

from __future__ import annotations

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


def make_nlp(thresholds: bool = True) -> Language:
    """A blank spaCy ``zh`` pipeline segmented by jieba (domain dictionary), with ``indicator_thresholds``.

    No model is downloaded: the pipeline has only the tokenizer and the rule-based component.
    """
    get_tokenizer()
    nlp = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "indicator_nlp.jieba_segmenter.v1"}}}
    )
    if thresholds:
        nlp.add_pipe("indicator_thresholds")
        nlp.initialize()
    return nlp
