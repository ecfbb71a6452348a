"""Category rules: the filed hierarchy (R02), the classifier's disagreement (R09), the cost layout (R10)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.review.context import (
    Context,
    Row,
    _cls,
    _ends,
    _fold,
    _label,
)
from indicator_nlp.review.registry import rule
from indicator_nlp.types import Finding


def _class_probs(ctx: Context, row: Row) -> dict[str, float] | None:
    """The classifier's probability of each class for ``row`` (None without a classifier)."""
    if "R09-category-mismatch" in ctx.settings.disabled:
        return None  # no classifier wanted: do not load one for a suggestion
    if not ctx.classify() or row.prediction is None:
        return None
    return {a.cls: a.p for a in row.prediction.top}


@rule("R02-wrong-level1", severity="error")
def _wrong_level1(ctx: Context) -> Iterator[Finding]:
    """The filed level 2 does not belong under the filed level 1 (e.g. 质量指标 under 效益指标).

    Either label may be the wrong one: the message offers both fixes. With a classifier, the
    suggestion is the likelier of the two — keeping the level 2 under its own level 1, or the best
    level 2 under the level 1 as filed — with its probability (neutral when both are below 0.2).
    """
    for r in ctx.rows:
        ind = r.ind
        filed1, l2 = r.level1_filed, ind.level2
        if not filed1 or not l2 or not taxonomy.in_framework(filed1) or not taxonomy.in_framework(l2):
            continue
        allowed = {taxonomy.parent(l2, "legacy"), taxonomy.parent(l2, "2021")}
        if filed1 in allowed:
            continue
        home = taxonomy.parent(l2, ind.layout) or "/".join(sorted(a for a in allowed if a))
        fix = f"请移到“{home}/{l2}”，或改用“{filed1}”下合适的二级指标。"
        suggestion: dict[str, Any] = {"level1": home, "level2": l2, "confidence": None}
        probs = _class_probs(ctx, r)
        if probs:
            # Which label is wrong? The classifier weighs keeping the level 2 (moving the row to
            # its own level 1) against the best level 2 under the level 1 as filed.
            layout = ind.layout or "2021"
            under = [(c, p) for c, p in probs.items() if taxonomy.labels_for_class(c, layout)[0] == filed1]
            keep = probs.get(taxonomy.class_of(l2) or "", 0.0)
            best_under = max((p for _, p in under), default=0.0)
            if max(best_under, keep) < 0.2:
                pass  # the classifier favours neither fix: keep the neutral message
            elif best_under > keep:
                cls, p = max(under, key=lambda x: x[1])
                l2_new = taxonomy.labels_for_class(cls, layout)[1]
                fix = f"按内容宜改为“{filed1}/{l2_new}”（置信度{p:.0%}），或移到“{home}/{l2}”。"
                suggestion = {"level1": filed1, "level2": l2_new, "confidence": round(p, 4)}
            else:
                fix = f"按内容宜移到“{home}/{l2}”（置信度{keep:.0%}），或改用“{filed1}”下合适的二级指标。"
                suggestion = {"level1": home, "level2": l2, "confidence": round(keep, 4)}
        yield ctx.finding(
            "R02-wrong-level1",
            f"二级指标“{ind.level2_raw or l2}”不属于一级指标“{ind.level1_raw or filed1}”：" + fix,
            r,
            text=ind.name,
            suggestion=suggestion,
        )


@rule("R02-satisfaction-outside", severity="warning")
def _satisfaction_outside(ctx: Context) -> Iterator[Finding]:
    """A satisfaction indicator (name ending in 满意度/满意率) is filed outside 满意度指标."""
    for r in ctx.rows:
        ind = r.ind
        if not _ends(ind.name, ("满意度", "满意率")) or _cls(ind) == "服务对象满意度指标":
            continue
        if ind.level1 is None and ind.level2 is None:
            continue
        yield ctx.finding(
            "R02-satisfaction-outside",
            f"“{ind.name}”是满意度指标，却填在“{_label(ind)}”下：请移到“满意度指标/服务对象满意度指标”。",
            r,
            text=ind.name,
            suggestion={"level1": "满意度指标", "level2": "服务对象满意度指标", "confidence": None},
        )


@cache
def _category_names() -> frozenset[str]:
    """Canonical category names without their 指标 suffix, plus 满意度 (the bare level-1 word)."""
    names = {n.removesuffix("指标") for n in (*taxonomy.level1_labels(), *taxonomy.level2_labels())}
    return frozenset(names | {"满意度", "效果"})


def _is_category_name(name: str | None) -> bool:
    # Stricter than taxonomy.is_category_name: aliases such as 时间, 进度 or 群众满意度 are also
    # real indicator names; only the category names themselves are objected to.
    key = re.sub(r"[\W_]+", "", _fold(name))
    key = re.sub(r"^[0-9一二三四五六七八九十]+", "", key)
    key = re.sub(r"(?:类)?指标$", "", key)
    return key in _category_names()


@rule("R02-category-as-name", severity="error")
def _category_as_name(ctx: Context) -> Iterator[Finding]:
    """The indicator's own name (三级指标) is only a category name (满意度, 数量指标, 社会效益 ...)."""
    for r in ctx.rows:
        name = r.ind.name
        if name and _is_category_name(name):
            yield ctx.finding(
                "R02-category-as-name",
                f"三级指标名称“{name}”只是分类名称：请写明具体衡量什么（如“受益群众满意度”“培训人次”）。",
                r,
                text=name,
            )


def _misfiling_model(ctx: Context) -> Any:
    """The filers' prior stored with the loaded classifier (None for a plug-in classifier)."""
    return getattr(ctx.model, "misfiling_", None)


def _why(ctx: Context, r: Any, toward: str, against: str) -> str | None:
    """The classifier's evidence for ``toward`` over ``against`` in plain terms (None without one)."""
    if not hasattr(ctx.model, "vectorizer_"):
        return None
    from indicator_nlp.classifier.estimator import explain

    try:  # the row's Indicator itself (unit column included), as the classifier saw it
        return explain(ctx.model, [r.ind], toward=[toward], against=[against])[0]["text"]
    except (KeyError, ValueError, AttributeError):
        return None


@rule(
    "R09-category-mismatch",
    severity="warning",
    settings=("misfiled_below", "disagreement_confidence", "filed_class_max"),
)
def _category_mismatch(ctx: Context) -> Iterator[Finding]:
    """The filed category is improbable given the text and how filers usually err.

    The posterior of the true class combines the filer's label (the filers' confusion matrix,
    estimated on the reviewed corpus, as the prior) with the calibrated classifier (the evidence).
    The row is flagged when the posterior of its filed category is at most ``misfiled_below``
    (default: the operating point stored with the model); the message names the most likely
    other category with its probability and quotes the classifier's evidence. A plug-in
    classifier without that prior falls back to plain disagreement (``disagreement_confidence``,
    ``filed_class_max``).
    """
    framework = [r for r in ctx.rows if _cls(r.ind)]
    if not framework or not ctx.classify():
        return
    mis = _misfiling_model(ctx)
    below = ctx.settings.misfiled_below
    for r in framework:
        p = r.prediction
        if p is None:
            continue
        filed = _cls(r.ind)
        if mis is not None and filed in mis.classes:
            import numpy as np

            vec = np.array([[p.p(c) for c in mis.classes]])
            d = mis.decide(vec, [filed], threshold=below)[0]
            if not d["misfiled"]:
                continue
            predicted, confidence = d["likely"], d["p_likely"]
            why_filed = f"填在此类的可能性约{d['p_filed']:.0%}（综合填报习惯与内容判断）"
        else:
            if p.abstained or p.cls is None or p.confidence < ctx.settings.disagreement_confidence:
                continue
            predicted, confidence = p.cls, float(p.confidence)
            if p.p(filed) > ctx.settings.filed_class_max:
                continue  # the model also finds the filed category plausible: no contradiction
            why_filed = None
        if predicted == filed:
            continue
        layout = r.ind.layout or ("2021" if r.ind.level1 == "成本指标" else "legacy")
        l1, l2 = taxonomy.labels_for_class(predicted, layout)
        msg = f"“{r.ind.name}”（{r.ind.value or '无指标值'}）填在“{_label(r.ind)}”下"
        msg += f"：{why_filed}，" if why_filed else "，"
        msg += f"按内容最可能属“{l1}/{l2}”（{confidence:.0%}）。"
        why = _why(ctx, r, predicted, filed)
        if why:
            msg += f"依据：{why}。"
        yield ctx.finding(
            "R09-category-mismatch",
            msg + "请核对分类。",
            r,
            text=r.ind.name,
            suggestion={"level1": l1, "level2": l2, "confidence": round(confidence, 4)},
        )


# --------------------------------------------------------------------------- rule: layout (info)


@rule("R10-mixed-cost-layout", severity="info")
def _mixed_layout(ctx: Context) -> Iterator[Finding]:
    """One filing files cost both ways: under 产出指标 (older layout) and as its own level 1 (2021)."""
    layouts: dict[str, list[str]] = defaultdict(list)
    for r in ctx.rows:
        if _cls(r.ind) == "成本指标":
            layout = r.ind.layout or ("2021" if r.ind.level1 == "成本指标" else "legacy")
            layouts[layout].append(r.group)
    if len(layouts) > 1:
        yield ctx.finding(
            "R10-mixed-cost-layout",
            "本文件的成本指标同时按两种口径填报（作为产出指标的二级指标，和作为单独的一级指标）："
            "请按本地财政部门的模板统一口径。",
            text="、".join(sorted({g for gs in layouts.values() for g in gs if g})) or None,
        )
