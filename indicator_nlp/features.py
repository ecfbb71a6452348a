"""Features of an indicator (name, description, value) for the classifier.

Every function here is module-level so that a fitted pipeline pickles with joblib (STYLE.md 6).
Three families:

* text: the name, and name + description, for character and jieba word n-grams;
* the value as read: unit kind (percent, money, count, date, none), operator direction,
  qualitative label (提升, 合格, 是/否 ...) — from the threshold extractor
  (:mod:`indicator_nlp.thresholds`), beside a small regex reading of the same facts (which
  also serves when the extractor finds nothing);
* domain keywords: hits per class of ``data/classifier_keywords.json`` in the name and in the
  description, and the name's last characters (率, 数, 度, 时间 ...), which carry most of the
  category in this genre.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

from indicator_nlp.record import Record, as_record, as_records, with_unit  # noqa: F401 (older import path)
from indicator_nlp.text import fold
from indicator_nlp.text import tokenize as text_tokenize
from indicator_nlp.types import Threshold

# --- text columns ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\*+|＊+|X{2,}|x{2,}")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def normalize_text(text: str) -> str:
    """NFKC, lower case, digits to 0, placeholders (**, XX) to one mark."""
    t = fold(text).lower()
    t = _PLACEHOLDER.sub("＊", t)
    return _DIGITS.sub("0", t)


def name_column(records: list[Record]) -> list[str]:
    return [normalize_text(r[0]) for r in records]


def name_desc_column(records: list[Record]) -> list[str]:
    return [normalize_text(f"{r[0]} {r[1]}") for r in records]


def value_column(records: list[Record]) -> list[str]:
    return [normalize_text(r[2]) for r in records]


# The word tokenizer is the package's one; the fitted pipelines pickled before it moved to
# indicator_nlp.text name it here.
tokenize = text_tokenize


# --- the value as read ------------------------------------------------------------------------

_GE = re.compile(r"≥|>=|≧|不少于|不低于|至少|以上|达到|达|大于等于|不小于")
_LE = re.compile(r"≤|<=|≦|不超过|不高于|以内|以下|控制在|小于等于|不大于|低于|少于|<")
_GT = re.compile(r">|超过|高于|大于")
_PERCENT = re.compile(r"%|％|百分")
_MONEY = re.compile(r"万元|亿元|千元|元|¥|￥")
_DATE = re.compile(r"\d{4}年|\d{1,2}月|日前|月底|年底|年末|季度|\d+天|工作日|前完成|周期|当年|年内")
_COUNT = re.compile(
    r"\d\s*(?:[个次场人户项篇台套件所家座亩名条份册本期批部辆间栋块棵株头只门节课时吨米处村镇])"
)
_QUAL = (
    ("improve", re.compile(r"提升|提高|改善|增强|加强|进步|有所|明显|显著|促进|推动|优化|增加")),
    ("pass", re.compile(r"合格|良好|优秀|达标|通过|符合|规范|完成")),
    ("yesno", re.compile(r"^(?:是|否|有|无)$")),
    ("effective", re.compile(r"有效|长期|持续|长效|稳定|健全|建立")),
    ("reduce", re.compile(r"降低|减少|下降|控制")),
)


def _regex_value(value: str) -> dict[str, float]:
    f: dict[str, float] = {}
    v = fold(value)
    if not v:
        f["value=none"] = 1.0
        return f
    has_num = bool(re.search(r"\d", v))
    if _PERCENT.search(v):
        f["unit=percent"] = 1.0
    elif _MONEY.search(v):
        f["unit=money"] = 1.0
    elif _DATE.search(v):
        f["unit=date"] = 1.0
    elif _COUNT.search(v):
        f["unit=count"] = 1.0
    elif has_num:
        f["unit=bare_number"] = 1.0
    else:
        f["unit=none"] = 1.0
    if _LE.search(v):
        f["op=le"] = 1.0
    elif _GE.search(v):
        f["op=ge"] = 1.0
    elif _GT.search(v):
        f["op=gt"] = 1.0
    elif has_num:
        f["op=eq"] = 1.0
    if not has_num:
        for label, pat in _QUAL:
            if pat.search(v):
                f[f"qual={label}"] = 1.0
    m = re.search(r"(\d+(?:\.\d+)?)\s*%", v)
    if m:
        p = float(m.group(1))
        f["pct>=80"] = float(p >= 80)
        f["pct<=20"] = float(p <= 20)
        f["pct=100"] = float(p == 100)
    return f


_KIND_KEYS = {"percent", "money", "count", "date", "none"}


def value_features(
    name: str, value: str, thresholds: tuple[Threshold, ...] | None = None
) -> dict[str, float]:
    """Unit kind, operator direction and qualitative label of the value (or of the name).

    ``thresholds`` are the structurer's reading of the value when the record has one (the
    extractor is not run again on it); otherwise the value (or a name holding its own target)
    is read here.
    """
    text = value or name
    f = _regex_value(value) if value else {"value=none": 1.0}
    if text:
        from indicator_nlp.lexicon import unit_kind  # loaded on first use
        from indicator_nlp.thresholds import extract_thresholds

        if thresholds is not None and value:
            found = list(thresholds)
        else:
            found = extract_thresholds(text, name=name) if value else extract_thresholds(text)
        for t in found[:2]:
            f[f"x.op={t.op}"] = 1.0
            kind = unit_kind(t.unit)
            if kind:
                f[f"x.kind={kind}"] = 1.0
            if t.label:
                f["x.label"] = 1.0
    return f


# --- domain keywords and the shape of the name -------------------------------------------------


@cache
def keyword_table() -> dict[str, tuple[str, ...]]:
    text = resources.files("indicator_nlp").joinpath("data/classifier_keywords.json").read_text("utf-8")
    return {cls: tuple(words) for cls, words in json.loads(text)["classes"].items()}


@cache
def lexicon() -> tuple[list[Record], list[str]]:
    """The typical indicators of ``data/classifier_lexicon.json`` as (records, classes)."""
    text = resources.files("indicator_nlp").joinpath("data/classifier_lexicon.json").read_text("utf-8")
    data = json.loads(text)
    typical = data.get("typical_values", [])

    def value_of(name: str) -> str:
        return next((v for end, v in typical if name.endswith(end)), "")

    classes = data["classes"]
    return [Record(n, "", value_of(n)) for ns in classes.values() for n in ns], [
        c for c, ns in classes.items() for _ in ns
    ]


def lexicon_sectors(path: str | None = None) -> tuple[list[Record], list[str]]:
    """The typical indicators of ``data/classifier_lexicon_sectors.json`` (name, typical target
    value, optionally the sector) as (records, classes); nothing when the file is absent."""
    if path:
        text = Path(path).read_text("utf-8")
    else:
        res = resources.files("indicator_nlp").joinpath("data/classifier_lexicon_sectors.json")
        if not res.is_file():
            return [], []
        text = res.read_text("utf-8")
    classes = json.loads(text)["classes"]
    return [Record(e[0], "", e[1] if len(e) > 1 else "") for es in classes.values() for e in es], [
        c for c, es in classes.items() for _ in es
    ]


def definitions() -> tuple[list[Record], list[str]]:
    """The terms of each class's definition (``data/classifier_definitions.json``, from the
    reviewers' guide and DOMAIN.md) as (records, classes): short names without values."""
    text = resources.files("indicator_nlp").joinpath("data/classifier_definitions.json").read_text("utf-8")
    classes = json.loads(text)["classes"]
    return [Record(n, "", "") for ns in classes.values() for n in ns], [c for c, ns in classes.items() for _ in ns]


_BRACKETS = re.compile(r"[(（][^()（）]*[)）]|[\s\W_]+$")


def name_core(name: str) -> str:
    """The name without trailing parentheses and punctuation: 验收合格率（%） → 验收合格率."""
    core = fold(name)
    for _ in range(3):
        new = _BRACKETS.sub("", core).strip()
        if new == core:
            break
        core = new
    return core or name


def keyword_features(name: str, description: str, name_shape: bool = True) -> dict[str, float]:
    """Keyword hits per class in the name and the description; with ``name_shape``, the name's
    last and first characters (率, 数, 度, 时间 ...)."""
    f: dict[str, float] = {}
    core = name_core(name)
    for cls, words in keyword_table().items():
        n = sum(1 for w in words if w in core)
        if n:
            f[f"kw.name={cls}"] = min(n, 3) / 3
        if description:
            d = sum(1 for w in words if w in description)
            if d:
                f[f"kw.desc={cls}"] = min(d, 3) / 3
    if core and name_shape:
        f[f"end1={core[-1]}"] = 1.0
        f[f"end2={core[-2:]}"] = 1.0
        f[f"end3={core[-3:]}"] = 1.0
        f[f"start2={core[:2]}"] = 0.5
    f["len>=12"] = float(len(core) >= 12)
    f["question"] = float(core.startswith("是否") or "是否" in core)
    return f


def _rule(name: str, value: str) -> str:
    from indicator_nlp.baseline import classify_one

    return classify_one(name, value)


def value_dicts(records: list[Record]) -> list[dict[str, float]]:
    """The value as read, per record, as DictVectorizer input."""
    return [value_features(r[0], r[2], _thresholds(r)) for r in records]


def _thresholds(record: Record) -> tuple[Threshold, ...] | None:
    # Records of models pickled before thresholds joined the record are 3-tuples.
    return record[3] if len(record) > 3 else None


def keyword_dicts(
    records: list[Record], name_shape: bool = True, rule_feature: bool = True
) -> list[dict[str, float]]:
    """Domain keyword hits, name endings (``name_shape``) and the keyword baseline's answer
    (``rule_feature``: the model learns when to trust it), per record."""
    out = []
    for r in records:
        f = keyword_features(r[0], r[1], name_shape)
        if rule_feature:
            f[f"rule={_rule(r[0], r[2])}"] = 1.0
        out.append(f)
    return out
