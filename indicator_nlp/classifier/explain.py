"""Explanations: why the classifier puts an indicator in one class rather than another, in words.

The linear model's features whose weight × value most favour each side, each said in plain terms
(a character or word of the name, the value's form, a keyword), and the nearest corpus indicator.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.utils.validation import check_is_fitted

from indicator_nlp.classifier.estimator import _NOT_FITTED, IndicatorClassifier
from indicator_nlp.record import as_records

_UNIT_WORDS = {"percent": "百分比", "money": "金额", "count": "计数单位", "date": "日期", "none": "无单位"}
_OP_WORDS = {
    "ge": "≥", ">=": "≥", "le": "≤", "<=": "≤", "eq": "=", "=": "=", "gt": ">", ">": ">", "lt": "<", "<": "<",
    "range": "区间", "deadline": "期限",
}  # fmt: skip
_TELLING_CHARS = set("率数度量额费次期")  # single characters worth showing (they end indicator names)
_QUAL_WORDS = {
    "improve": "“提升/改善”类表述",
    "pass": "“合格/良好”类表述",
    "yesno": "“是/否”",
    "reduce": "“减少/下降”类表述",
}


def _plain(family: str, feat: str) -> str | None:
    """A feature in plain terms (None for features too technical to show)."""
    if family in ("name_chars", "words"):
        text = feat.replace(" ", "")
        if not text or (len(text) == 1 and text not in _TELLING_CHARS) or "0" in text:
            return None
        return f"“{text}”"
    if family == "value_chars":
        text = feat.strip()
        return f"目标值中的“{text}”" if text and "0" not in text else None
    key, _, val = feat.partition("=")
    if family == "value":
        if key in ("unit", "x.kind"):
            return f"目标值为{_UNIT_WORDS[val]}" if val in _UNIT_WORDS and val != "none" else None
        if key in ("op", "x.op"):
            return f"目标值方向{_OP_WORDS.get(val, val)}" if val not in ("qualitative",) else "定性目标值"
        if key == "qual":
            return f"目标值为{_QUAL_WORDS.get(val, val)}"
        if key.startswith("pct"):
            return f"百分比{key[3:]}{val}" if val else f"百分比{key[3:]}"
        return None
    if family == "keywords":
        if key.startswith("end"):
            return f"名称以“{val}”结尾"
        if key.startswith("start"):
            return f"名称以“{val}”开头"
        if key.startswith("kw."):
            return f"{'名称' if key == 'kw.name' else '说明'}含“{val.removesuffix('指标')}”类关键词"
        if key == "rule":
            return f"关键词规则判为{val}"
        if key == "question":
            return "问句式名称"
    return None


_NAMES: weakref.WeakKeyDictionary[Any, list[tuple[str, str]]] = weakref.WeakKeyDictionary()


def _feature_names(model: IndicatorClassifier) -> list[tuple[str, str]]:
    """(family, feature) of every column of the feature union, in order."""
    cached = _NAMES.get(model)
    if cached is not None:
        return cached
    names: list[tuple[str, str]] = []
    for family, pipe in model.vectorizer_.transformer_list:
        last = pipe.steps[-1][1]
        cols = last.get_feature_names_out() if hasattr(last, "get_feature_names_out") else last.feature_names_
        names += [(family, str(c)) for c in cols]
    _NAMES[model] = names
    return names


def explain(
    model: IndicatorClassifier,
    items: Sequence[Any],
    toward: Sequence[str | None] | None = None,
    against: Sequence[str | None] | None = None,
    n: int = 3,
) -> list[dict[str, Any]]:
    """Why each item goes to a class rather than another, in plain terms.

    For each item: the class (``toward``, default the predicted one) and the class it is weighed
    against (``against``, default the runner-up); the features of the linear model whose weight
    × value most favour the first (``for``) and the second (``but``), each in words (a character
    or word of the name, the value's form, a keyword); and the nearest corpus indicator of the
    class. ``text`` puts it in one line: “成活率”：“率” + “成活” → 质量指标（而非数量指标）.
    """
    check_is_fitted(model, "model_", msg=_NOT_FITTED)
    records = as_records(items)
    if not records:
        return []
    proba = model.predict_proba(records)
    X = model.vectorizer_.transform(records).tocsr()
    coef = model.model_.coef_
    col = {str(c): i for i, c in enumerate(model.model_.classes_)}
    names = _feature_names(model)
    out = []
    for i, rec in enumerate(records):
        order = np.argsort(-proba[i], kind="stable")
        a = (toward[i] if toward else None) or str(model.classes_[order[0]])
        b = (against[i] if against else None) or str(
            model.classes_[order[1] if str(model.classes_[order[0]]) == a else order[0]]
        )
        row = X.getrow(i)
        diff = coef[col[a], row.indices] - coef[col[b], row.indices] if a in col and b in col else np.zeros(0)
        contrib = row.data * diff
        # The static word vector's dimensions mean nothing one by one: they count as one piece of
        # evidence, the meaning of the name's words.
        static = np.array([names[k][0] == "static" for k in row.indices], dtype=bool)
        # The value's character n-grams (万, 元, 万元 of ≤850万元) overlap: one piece of evidence, the
        # way the value is written, rather than three fragments that may pull apart.
        spelled = np.array([names[k][0] == "value_chars" for k in row.indices], dtype=bool)
        terms = [
            (float(c), _plain(*names[k]))
            for c, k, st, sp in zip(contrib, row.indices, static, spelled)
            if not st and not sp
        ]
        if static.any():
            total = float(contrib[static].sum())
            terms.append((total, f"名称词义近{a if total > 0 else b}"))
        if spelled.any() and rec[2]:
            terms.append((float(contrib[spelled].sum()), f"目标值写法“{rec[2]}”"))
        pos, neg = [], []
        for c, words in sorted(terms, key=lambda t: -t[0]):
            if c <= 0 or len(pos) >= n:
                break
            if words and words not in pos:
                pos.append(words)
        for c, words in sorted(terms, key=lambda t: t[0]):
            if c >= 0 or len(neg) >= n:
                break
            if words and words not in neg:
                neg.append(words)
        near = None
        if getattr(model, "index_", None):
            for s in model.similar(rec[0], k=10):
                if s["class"] == a and s["similarity"] >= 0.5 and s["name"] != rec[0]:
                    near = s["name"]
                    break
        text = f"“{rec[0]}”：{' + '.join(pos) or '无明显特征'} → {a}（而非{b}）"
        if neg:
            text += f"；倾向{b}的：{'、'.join(neg)}"
        if near:
            text += f"；相似指标“{near}”属{a}"
        p_of = {str(c): float(proba[i, k]) for k, c in enumerate(model.classes_)}
        out.append(
            {
                "name": rec[0],
                "class": a,
                "p": round(p_of.get(a, 0.0), 4),
                "versus": b,
                "p_versus": round(p_of.get(b, 0.0), 4),
                "for": pos,
                "but": neg,
                "similar": near,
                "text": text,
            }
        )
    return out
