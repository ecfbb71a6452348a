"""Self-evaluation rules (S01–S03): weights add up, scores follow completion, misses are explained."""

from __future__ import annotations

import re
from collections.abc import Iterator

from indicator_nlp.review.context import (
    Context,
    Row,
    _date_key,
    _fold,
    _has,
    _num,
    _number,
    _project_name,
    _words,
    parse_value,
    unit_kind,
)
from indicator_nlp.review.registry import rule
from indicator_nlp.types import Finding, Project, Threshold


def _declared_totals(project: Project | None) -> list[float]:
    """Totals the table states for its weights (a 合计/权重合计/分值合计 row read into the metadata)."""
    if project is None:
        return []
    out = []
    for key, value in project.meta.items():
        k = _fold(key)
        if k in ("合计", "总计", "总分", "满分") or (
            ("权重" in k or "分值" in k) and ("合计" in k or "总" in k)
        ):
            n = _number(value)
            if n is not None:
                out.append(n)
    return out


@rule(
    "S01-weights-sum",
    severity="error",
    settings=("weight_total", "budget_execution_weight", "weight_tolerance"),
)
def _weights_sum(ctx: Context) -> Iterator[Finding]:
    """The weights of a self-evaluation add up neither to 100 nor to the total the table states."""
    st = ctx.settings
    for group, rows in ctx.groups.items():
        weights = [r.ind.weight for r in rows if r.ind.weight is not None]
        if not weights:
            continue
        accepted = [st.weight_total, *_declared_totals(ctx.projects.get(group))]
        if not any(_has(r.ind.name, ("预算执行率",)) for r in rows):
            # 预算执行率 is often scored in the header of the form, outside the indicator rows.
            accepted.append(st.weight_total - st.budget_execution_weight)
        got = sum(weights)
        if all(abs(got - total) > st.weight_tolerance for total in accepted):
            yield ctx.finding(
                "S01-weights-sum",
                f"{_project_name(group)}各指标权重合计{got:g}，应为{st.weight_total:g}"
                f"（或表中合计数）：请调整权重。",
                project=group or None,
                text=f"{got:g}",
            )


def _outcome(text: str | None) -> str | None:
    t = _fold(text)
    for phrase, outcome in _words()["qualitative_outcomes"]["phrases"].items():
        if phrase in t:
            return outcome
    return None


def _actual_number(r: Row, target: Threshold) -> float | None:
    """The achieved value comparable with ``target``: same unit (or same kind), or a bare number.

    Prose (``统筹管理直属团组织34个``) whose numbers are of another kind than the target gives None.
    """
    kind = unit_kind(target)
    ths = [t for t in parse_value(r.ind.actual, r.ind.name) if _num(t) is not None]
    same_unit = [t for t in ths if t.unit == target.unit]
    same_kind = [t for t in ths if unit_kind(t) == kind]
    if same_unit or same_kind:
        actual = _num((same_unit or same_kind)[0])
    elif re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", r.ind.actual or ""):
        actual = float((r.ind.actual or "").strip())
        # A percent-formatted cell read as a fraction: 0.88 against a target of 90 %.
        tv = _num(target)
        if kind == "percent" and 0 < actual <= 1.0 and tv is not None and tv > 1:
            actual *= 100
    else:
        return None
    return actual


def _deadline_met(r: Row) -> bool | None:
    """Whether a deadline target was met by the date the actual value gives (完成时间 2024年11月底前,
    完成 2024年12月: missed); None when the target is no dated deadline or the actual no date."""
    deadlines = [t for t in r.thresholds if t.op == "deadline" and t.date]
    if not deadlines or not r.ind.actual:
        return None
    done = [t for t in parse_value(r.ind.actual, r.ind.name) if t.op == "deadline" and t.date]
    if not done:
        return None
    target_year = re.match(r"\d{4}", deadlines[0].date or "")
    if not target_year and re.match(r"\d{4}", done[-1].date or ""):
        return None  # 12月31日前 against 2025年1月15日: which year was due is not written
    year = int(target_year.group()) if target_year else 2000  # both without a year: the same year
    due, got = _date_key(deadlines[0].date or "", year), _date_key(done[-1].date or "", year)
    if due is None or got is None:
        return None
    return got <= due


_PROSE_MISSED = re.compile(r"未完成|未达到|未达成|未能|没有完成|暂停|取消|停办|未开展")
_PROSE_MET = re.compile(r"^(?:已)?完成|达到.{0,30}目标|已达成|全部完成|超额完成")


def completion(r: Row) -> tuple[float | None, str | None]:
    """(completion ratio capped at 1, outcome) of a self-evaluated row; ratio None when unknown.

    The outcome is "achieved", "partial" or "missed". An actual value written as prose (more
    than 20 characters: a 指标完成情况 narrative) is read by its words (完成…, 未完成, 暂停 ...),
    not by the first number it happens to contain; so is a short text without digits.
    """
    outcome = _outcome(r.ind.actual)
    if outcome:
        return None, outcome
    actual = (r.ind.actual or "").strip()
    if len(actual) > 20 or not re.search(r"\d", actual):
        if _PROSE_MISSED.search(actual):
            return None, "missed"
        return (None, "achieved") if _PROSE_MET.search(actual) else (None, None)
    late = _deadline_met(r)
    if late is not None:
        return (1.0, "achieved") if late else (None, "missed")
    targets = [t for t in r.thresholds if _num(t) is not None and unit_kind(t) not in ("date", "qualitative")]
    if not targets or not r.ind.actual:
        return None, None
    target = targets[0]
    tv, av = _num(target), _actual_number(r, target)
    if tv is None or av is None:
        return None, None
    if target.op in ("<", "<="):
        ratio = 1.0 if av <= tv else (tv / av if av else 0.0)
    elif target.op == ">" and av <= tv:
        ratio = av / tv if tv else 0.0
    else:
        ratio = 1.0 if av >= tv else (av / tv if tv else 0.0)
    return max(0.0, min(1.0, ratio)), ("achieved" if ratio >= 1.0 else "missed")


@rule("S02-score-mismatch", severity="warning", settings=("score_tolerance", "qualitative_bands"))
def _score_mismatch(ctx: Context) -> Iterator[Finding]:
    """A filed score differs from the score recomputed from weight, target and actual value."""
    tol = ctx.settings.score_tolerance
    for r in ctx.rows:
        w, s = r.ind.weight, r.ind.score
        if w is None or s is None:
            continue
        ratio, outcome = completion(r)
        if ratio is not None:
            expected = round(w * ratio, 2)
            if abs(s - expected) > tol:
                yield ctx.finding(
                    "S02-score-mismatch",
                    f"“{r.ind.name}”得分{s:g}与按完成情况重算的{expected:g}分（权重{w:g}×完成率{ratio:.0%}）不符："
                    "达到目标应得满分，未达到按完成比例计分，请核对得分。",
                    r,
                    text=f"{s:g}",
                )
        elif outcome:
            lo, hi = ctx.settings.qualitative_bands[outcome]
            if not w * lo - tol <= s <= w * hi + tol:
                yield ctx.finding(
                    "S02-score-mismatch",
                    f"“{r.ind.name}”完成情况为“{r.ind.actual}”，得分应在{w * lo:g}–{w * hi:g}分之间，实为{s:g}分：请核对得分。",
                    r,
                    text=f"{s:g}",
                )


@rule("S03-deviation-missing", severity="warning")
def _deviation_missing(ctx: Context) -> Iterator[Finding]:
    """A self-evaluated target was missed but no 偏差原因 (reason and remedy) is given."""
    for r in ctx.rows:
        if not r.ind.actual or (r.ind.deviation or "").strip():
            continue
        _, outcome = completion(r)
        if outcome in ("missed", "partial"):
            yield ctx.finding(
                "S03-deviation-missing",
                f"“{r.ind.name}”未达到目标（目标{r.ind.value}，完成{r.ind.actual}），却没有说明偏差原因：请填写偏差原因分析及改进措施。",
                r,
                text=r.ind.actual,
            )
