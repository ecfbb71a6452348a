"""The Chinese front end: normalisation with an offset map, a jieba tokenizer, its spaCy form.

``normalize(text)`` rewrites what conversions of filings leave behind (full-width digits and
operators, ``≧``/``≦``, LaTeX such as ``$\\geq 90\\%$``, HTML tags and entities, stray spaces inside
numbers such as ``1, 430, 400. 00``, line breaks inside a date or between a number and its
``%``, as cells wrapped in a spreadsheet or a PDF leave them: ``2024年\n12月底前``) and keeps, for every character of the result, the span of
the original text it came from, so that extractors working on the clean text report spans in
the original.

``tokenize(text)`` (the one word tokenizer: the classifier's word n-grams use it) segments with a
private ``jieba.Tokenizer`` loaded on first use with the
domain user dictionary ``data/userdict.txt``; :class:`JiebaSegmenter` is the same segmentation as a
spaCy tokenizer (the pipeline itself is built by :func:`indicator_nlp.nlp.make_nlp`). Nothing is
loaded at import time.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import jieba

DATA = Path(__file__).with_name("data")

# Characters rewritten one for one. Full-width forms of digits, Latin letters and the operators
# are folded to ASCII (what NFKC does), but CJK punctuation (，。；：（）！？) is left alone: a
# full-width comma between digits is a list separator in Chinese text, not a thousands separator.
_CHAR_MAP: dict[str, str] = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_CHAR_MAP |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_CHAR_MAP |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_CHAR_MAP |= {
    "％": "%", "＋": "+", "－": "-", "＜": "<", "＝": "=", "＞": ">", "．": ".", "／": "/",
    "～": "~", "＄": "$", "＼": "\\", "＃": "#", "＊": "*", "＆": "&", "\u3000": " ", "\u00a0": " ",
    "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "﹤": "<", "﹥": ">", "﹦": "=", "﹪": "%",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "−": "-", "〜": "~", "∽": "~",
    # Traditional forms of numeral and unit characters (filings from Hong Kong, Macao, Taiwan
    # templates, or OCR): read like the simplified ones.
    "萬": "万", "億": "亿", "點": "点", "個": "个", "兩": "两", "負": "负", "貳": "贰", "陸": "陆",
}  # fmt: skip

# LaTeX commands and HTML entities seen in converted filings, and what they stand for.
_LATEX = {
    "geqslant": "≥", "leqslant": "≤", "geq": "≥", "leq": "≤", "ge": "≥", "le": "≤", "neq": "≠",
    "times": "×", "sim": "~", "approx": "≈", "pm": "±", "%": "%", "le0": "≤",
}  # fmt: skip
_ENTITIES = {"nbsp": " ", "gt": ">", "lt": "<", "ge": "≥", "le": "≤", "amp": "&", "quot": '"', "ensp": " "}

_SPECIAL_RE = re.compile(
    r"""
      (?P<tag> </?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?> )   # <p>, </p>, <br/>, <span ...>
    | (?P<entity> &(?:nbsp|gt|lt|ge|le|amp|quot|ensp); )        # HTML entities
    | (?P<latex> [ \t]*[\\＼](?:geqslant|leqslant|geq|leq|ge|le|neq|times|sim|approx|pm)(?![A-Za-z])[ \t]*
               | [ \t]*[\\＼][%％] )                              # \geq 90, 90 \%
    | (?P<brace> (?<=[≥≤<>=\d%])[{}] | [{}](?=[\d≥≤%]) )        # braces of LaTeX groups around numbers
    | (?P<dollar> [$＄] )                                        # math-mode delimiters
    | (?P<numspace> (?<![0-9０-９.,])[0-9０-９]{1,3}                     # 1, 430, 400. 00
                    (?:[ \t]*[,，][ \t]*[0-9０-９]{3}(?![0-9０-９]))+
                    (?:[ \t]*[.．][ \t]*[0-9０-９]+)? )
    | (?P<cnspace> (?<=[零〇一二两兩三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟萬億點个個分之余])[ \t]+
                   (?=[零〇一二两兩三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟萬億點个個分之余0-9]) )  # 一百 五 十, 百 分 之
    | (?P<linebreak> (?<=[年月≥≤<>=~-])[ \t]*\r?\n[ \t]*(?=[0-9０-９])               # 2024年\n12月, ≥\n90
                   | (?<=[0-9０-９年月日号底末])[ \t]*\r?\n[ \t]*(?=[%％‰年月日号前底末]) )  # 90\n%, 31日\n前
    | (?P<char> [\uff01-\uff5e\u3000\u00a0≧≦⩾⩽﹤﹥﹦﹪‐‑‒–−〜∽萬億點個兩負貳陸] )     # one-for-one foldings
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and the map back to the original.

    ``starts[i]``/``ends[i]`` give the original span of character ``i`` of ``text``; they are
    ``None`` when nothing was changed (the identity map, the common case, kept cheap).
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of :attr:`text` to a span of :attr:`original`."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        """The original text behind ``text[start:end]``."""
        a, b = self.span(start, end)
        return self.original[a:b]


# The enumerator some national templates print before each indicator name (指标1：…, 指标 2:).
_TEMPLATE_NUMBER = re.compile(r"^\s*指标\s*\d{1,2}\s*[:：]\s*(?=\S)")


def strip_template_number(name: str) -> str:
    """An indicator name without its template enumerator: no part of the name.

    >>> strip_template_number("指标1：开展精品示范村建设数量"), strip_template_number("指标体系建设情况")
    ('开展精品示范村建设数量', '指标体系建设情况')
    """
    return _TEMPLATE_NUMBER.sub("", name)


def fold(text: str | None) -> str:
    """The text as compared with word lists: Unicode NFKC (full-width forms, compatibility
    characters folded); None is "". Every word matching in the package is built on it; the
    offset-keeping :func:`normalize` is for extraction, where spans must map back.

    >>> fold("９０％ ＡＢ"), fold(None)
    ('90% AB', '')
    """
    return unicodedata.normalize("NFKC", text or "")


def _replacement(m: re.Match[str]) -> str:
    kind = m.lastgroup
    s = m.group()
    if kind == "latex":
        name = s.strip().lstrip("\\＼")
        return _LATEX.get("%" if name in ("%", "％") else name, "")
    if kind == "entity":
        return _ENTITIES.get(s[1:-1], "")
    if kind == "char":
        return _CHAR_MAP.get(s, s)
    if kind == "tag":
        # A line break or block boundary separates words; inline tags vanish.
        return " " if re.match(r"</?(?:br|p|div|tr|td|li)\b", s, re.I) else ""
    return ""  # dollar, brace, spaces inside a Chinese numeral, a line break inside a value: deleted


def normalize(text: str) -> Normalized:
    """Normalise filing text for extraction, keeping a map to original offsets.

    >>> n = normalize("$\\\\geq 90\\\\%$")
    >>> n.text
    '≥90%'
    >>> n.original_text(0, len(n.text))
    '\\\\geq 90\\\\%'
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if _SPECIAL_RE.search(text) is None:
        return Normalized(text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SPECIAL_RE.finditer(text):
        a, b = m.span()
        for i in range(pos, a):
            out.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        if m.lastgroup == "numspace":
            # Drop the spaces but keep each digit's own offset (spans stay exact).
            for j in range(a, b):
                if text[j] not in " \t":
                    out.append("," if text[j] == "，" else _CHAR_MAP.get(text[j], text[j]))
                    starts.append(j)
                    ends.append(j + 1)
            pos = b
            continue
        rep = _replacement(m)
        for ch in rep:
            out.append(ch)
            starts.append(a)
            ends.append(b)
        pos = b
    for i in range(pos, len(text)):
        out.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    return Normalized(text, "".join(out), tuple(starts), tuple(ends))


# --- jieba ------------------------------------------------------------------------------------

_TOKENIZER: jieba.Tokenizer | None = None
_LOCK = threading.Lock()


def load_userdict(path: Path | None = None) -> list[tuple[str, int | None, str | None]]:
    """The domain user dictionary as (word, freq, tag); lines starting with ``#`` are notes."""
    path = path or DATA / "userdict.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((word, freq, tag))
    return entries


def get_tokenizer() -> jieba.Tokenizer:
    """The shared private jieba tokenizer, built on first use (thread-safe)."""
    global _TOKENIZER
    if _TOKENIZER is not None:
        return _TOKENIZER
    with _LOCK:
        if _TOKENIZER is None:
            import logging

            import jieba

            # jieba logs "Building prefix dict..." at DEBUG/INFO on its own logger; quieten that
            # logger only, never the root logger.
            logging.getLogger("jieba").setLevel(logging.WARNING)
            jieba.default_logger.setLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            for word, freq, tag in load_userdict():
                tok.add_word(word, freq, tag)
            _TOKENIZER = tok
    return _TOKENIZER


_PUNCT = re.compile(r"^[\W_]+$")


def tokenize(text: str) -> list[str]:
    """The words of ``text``: normalised first (:func:`normalize`), segmented with the domain
    dictionary, whitespace and punctuation-only tokens dropped.

    This is the classifier's word tokenizer (its word n-grams); HMM new-word guessing is off
    (it adds little on short names and costs time). A module-level function, so scikit-learn
    pipelines using it pickle with joblib.

    >>> tokenize("参与志愿服务人次≥６００００")
    ['参与', '志愿服务', '人次', '60000']
    """
    norm = normalize(text).text
    return [w for w in get_tokenizer().lcut(norm, HMM=False) if w.strip() and not _PUNCT.match(w)]


# --- spaCy ------------------------------------------------------------------------------------


class JiebaSegmenter:
    """A spaCy tokenizer that segments with :func:`get_tokenizer` (whitespace kept as tokens)."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        for word in get_tokenizer().lcut(text, HMM=True):
            if word.isspace() and words:
                # spaCy keeps a single space as the trailing-space flag of the previous token.
                if word == " " and not spaces[-1]:
                    spaces[-1] = True
                    continue
            words.append(word)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialises tokenizers; ours has no state of its own.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> JiebaSegmenter:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> JiebaSegmenter:
        return self
