"""The indicator hierarchy (一级/二级指标) as data, and the normalisation of labels as filed.

Two cost layouts live side by side in real filings: the older one files 成本指标 as a level 2 under
产出指标 ("legacy"), the 2021 one makes 成本指标 a level 1 with 经济/社会/生态环境成本指标 below it
("2021"). Internally the classifier uses nine level-2 *classes*, all cost labels being one class.

The data lives in ``data/taxonomy.json`` (with its sources); it is loaded on first use.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from indicator_nlp.text import fold as fold_text

LAYOUTS = ("legacy", "2021")

_SUFFIX = re.compile(r"(?:类?指标|类|目标)$")
# Enumeration prefixes and stray punctuation around a label: "1.", "（一）", "一、", "*".
_PREFIX = re.compile(r"^(?:[0-9一二三四五六七八九十]+[.、．)）]|[(（][0-9一二三四五六七八九十]+[)）])")
_DROP = re.compile(r"[\s\u3000:：*＊·•\-—_/、,，;；()（）\[\]【】\"'“”‘’<>《》]|<[^>]*>")


@cache
def _data() -> dict[str, Any]:
    text = resources.files("indicator_nlp").joinpath("data/taxonomy.json").read_text("utf-8")
    return json.loads(text)


@cache
def _trad_table() -> dict[int, str]:
    return {ord(k): v for k, v in _data()["traditional"].items() if len(k) == 1}


def level1_labels() -> tuple[str, ...]:
    """The canonical level-1 names: 产出指标, 成本指标, 效益指标, 满意度指标."""
    return tuple(_data()["level1"])


def level2_labels() -> tuple[str, ...]:
    """The canonical level-2 names of both layouts (12 names)."""
    return tuple(_data()["level2"])


def classes() -> tuple[str, ...]:
    """The nine level-2 classes of the classifier (all cost labels are the class 成本指标)."""
    return tuple(_data()["classes"])


def outside_labels() -> tuple[str, ...]:
    """Labels kept for rows outside the framework (管理指标, 预算管理, 财务管理 ...)."""
    out = _data()["outside"]
    return tuple(dict.fromkeys([*out["level1"].values(), *out["level2"].values()]))


def fold(text: str) -> str:
    """The key a label is looked up by: NFKC, simplified, no markup/spaces/punctuation/suffix."""
    t = fold_text(text)
    t = re.sub(r"<[^>]*>", "", t)
    t = t.translate(_trad_table()).strip()
    t = _PREFIX.sub("", t)
    t = _DROP.sub("", t)
    # "产出指标数量指标" (a compound written in one cell) keeps its inner 指标 out of the key.
    t = t.replace("类指标", "").replace("指标", "") if len(t) > 2 else t
    return _SUFFIX.sub("", t)


def normalize_label(text: str | None, level: int | None = None) -> str | None:
    """Return the canonical category name for a label as filed, or None.

    ``level`` restricts the answer to level 1 or level 2 (``满意度`` is 满意度指标 at level 1 and
    服务对象满意度指标 at level 2; ``成本`` is 成本指标 at both). Labels outside the framework
    (预算管理, 管理类指标 ...) return their own label; see :func:`in_framework`.

    >>> normalize_label("產出數量指標")
    '数量指标'
    >>> normalize_label("效果指标")
    '效益指标'
    """
    if not text:
        return None
    key = fold(text)
    if not key:
        return None
    al = _data()["aliases"]
    out = _data()["outside"]
    if level in (None, 1):
        # A bare level-1 word wins over the level-2 reading of the same word (满意度, 成本).
        if key in al["level1"]:
            return al["level1"][key]
        if key in out["level1"]:
            return out["level1"][key]
        if level == 1:
            return None
    if key in al["level2"]:
        return al["level2"][key]
    if key in out["level2"]:
        return out["level2"][key]
    return None


def label_of_prefix(text: str | None, level: int) -> str | None:
    """The one category label of ``level`` whose written forms begin with ``text``, or None.

    A label printed one character a line in a narrow merged cell reaches a converter cut into
    rows (``效益指`` | ``标``): its beginning already says which label it is.

    >>> label_of_prefix("效益指", 1)
    '效益指标'
    >>> label_of_prefix("数", 1) is None
    True
    """
    whole = normalize_label(text, level)
    if whole:
        return whole
    key = _DROP.sub("", text or "")  # not fold(): the beginning keeps the 指/标 it has
    if not key:
        return None
    names = _data()["aliases"]["level1" if level == 1 else "level2"]
    found = {
        label
        for alias, label in names.items()
        if any(f.startswith(key) for f in (alias + "指标", alias + "类指标", alias + "类"))
    }
    return found.pop() if len(found) == 1 else None


def level_of(label: str | None) -> int | None:
    """1 or 2 for a canonical label (成本指标 answers 1: use context for the legacy level 2)."""
    if label in _data()["level1"] or label in _data()["outside"]["level1"].values():
        return 1
    if label in _data()["level2"] or label in _data()["outside"]["level2"].values():
        return 2
    return None


def in_framework(label: str | None) -> bool:
    """True for labels of the 产出/成本/效益/满意度 framework."""
    return label in _data()["level1"] or label in _data()["level2"]


def parent(level2: str | None, layout: str | None = None) -> str | None:
    """Level 1 of a canonical level 2. ``layout`` decides cost: legacy → 产出指标, 2021 → 成本指标.

    Without a layout, 成本指标 is taken as legacy and 经济/社会/生态环境成本指标 as 2021, which is
    how each is written in the filings that use it.
    """
    if level2 is None:
        return None
    entry = _data()["level2"].get(level2)
    if entry is None:
        if level2 in _data()["outside"]["level2"].values():
            return "管理指标"
        return None
    if layout is None:
        layout = "legacy" if level2 == "成本指标" else "2021"
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    return entry[layout]


def class_of(level2: str | None) -> str | None:
    """The classifier class of a canonical level 2 (经济成本指标 → 成本指标), None if outside."""
    if level2 is None:
        return None
    for cls, members in _data()["classes"].items():
        if level2 in members:
            return cls
    return None


def labels_for_class(cls: str, layout: str = "2021") -> tuple[str, str]:
    """(level1, level2) for a classifier class in the layout asked for.

    Cost is the only class whose labels depend on the layout: legacy → (产出指标, 成本指标),
    2021 → (成本指标, 经济成本指标).
    """
    if cls not in _data()["classes"]:
        raise ValueError(f"unknown class {cls!r}; expected one of {classes()}")
    if cls == "成本指标":
        return ("产出指标", "成本指标") if layout == "legacy" else ("成本指标", "经济成本指标")
    return parent(cls, layout) or "", cls


def normalize_pair(
    level1_raw: str | None, level2_raw: str | None
) -> tuple[str | None, str | None, str | None]:
    """Normalise a (level 1, level 2) pair as filed; returns (level1, level2, layout).

    Level 1 is inferred from level 2 when missing. A level-2 cell holding a level-1 word
    (``产出类指标`` in a mixed label column) moves to level 1. The layout is "2021" when cost
    is a level 1 or a 2021 cost label is used, "legacy" when 成本指标 sits under 产出, else None.
    """
    l1 = normalize_label(level1_raw, level=1) if level1_raw else None
    l2 = normalize_label(level2_raw, level=2) if level2_raw else None
    if l1 is None and level1_raw and l2 is None:
        # A level-2 name written in the level-1 column (shifted cells).
        l2 = normalize_label(level1_raw, level=2)
    if level2_raw and l1 is None:
        maybe1 = normalize_label(level2_raw, level=1)
        if maybe1 in ("产出指标", "效益指标", "管理指标") or (maybe1 and l2 is None):
            # "产出类指标"/"效益类指标" in the level-2 column of a mixed label column.
            l1, l2 = maybe1, None
    layout: str | None = None
    if l2 in ("经济成本指标", "社会成本指标", "生态环境成本指标") or l1 == "成本指标":
        layout = "2021"
        if l2 == "成本指标":
            l2 = "经济成本指标"
    elif l2 == "成本指标":
        layout = "legacy"
    if l2 is not None and in_framework(l2):
        # Level 1 follows level 2 (the filed level 1 stays in the *_raw field for review).
        l1 = parent(l2, layout)
    elif l2 is not None and l1 is None:
        l1 = parent(l2, layout)
    return l1, l2, layout


def is_category_name(text: str | None) -> bool:
    """True when a text is only a category name (used as an indicator name by mistake)."""
    return bool(text) and normalize_label(text) is not None and len(fold(text or "")) <= 8
