"""Completeness rules: every project has outputs, effects and, when it serves people, satisfaction
(R01); every measurable target its 绩效目标 states has an indicator (R11)."""

from __future__ import annotations

from collections.abc import Iterator

from indicator_nlp import taxonomy
from indicator_nlp.review.context import (
    Context,
    Row,
    _date_key,
    _has,
    _project_name,
    words,
)
from indicator_nlp.review.registry import rule
from indicator_nlp.types import Finding, Threshold


def _groups_missing(ctx: Context, level1: str) -> Iterator[tuple[str, list[Row]]]:
    """(group, framework rows) of each project (or the filing) that has indicators but none under ``level1``."""
    for group, rows in ctx.groups.items():
        framework = [r for r in rows if taxonomy.in_framework(r.ind.level1)]
        if framework and not any(r.ind.level1 == level1 for r in framework):
            yield group, framework


@rule("R01-missing-output", severity="error")
def _missing_output(ctx: Context) -> Iterator[Finding]:
    """A project (or the filing) has indicators but none under 产出指标."""
    for group, _ in _groups_missing(ctx, "产出指标"):
        yield ctx.finding(
            "R01-missing-output",
            f"{_project_name(group)}缺少产出指标：请补充数量、质量、时效等产出指标。",
            project=group or None,
        )


@rule("R01-missing-effect", severity="error")
def _missing_effect(ctx: Context) -> Iterator[Finding]:
    """A project (or the filing) has indicators but none under 效益指标."""
    for group, _ in _groups_missing(ctx, "效益指标"):
        yield ctx.finding(
            "R01-missing-effect",
            f"{_project_name(group)}缺少效益指标：请补充社会效益、经济效益或可持续影响等效益指标。",
            project=group or None,
        )


def _serves_people(rows: list[Row]) -> bool:
    units = set(words("people_units"))
    for r in rows:
        if any(t.unit in units for t in r.thresholds):
            return True
        if _has(r.ind.name, words("people_served")) or _has(r.ind.description, words("people_served")):
            return True
    return False


@rule("R01-missing-satisfaction", severity="warning")
def _missing_satisfaction(ctx: Context) -> Iterator[Finding]:
    """A project serves people (beneficiaries, trainees, counts of 人/人次/户) but has no 满意度指标."""
    for group, framework in _groups_missing(ctx, "满意度指标"):
        if _serves_people(framework):
            yield ctx.finding(
                "R01-missing-satisfaction",
                f"{_project_name(group)}有服务对象但缺少满意度指标：请补充服务对象满意度指标（如≥90%）。",
                project=group or None,
            )


# --------------------------------------------------------------------------- goals and indicators


def _same_target(goal: Threshold, listed: Threshold) -> bool:
    """Whether an indicator's threshold states the goal's target: the same date (a date without a
    year read in the other's year: 12月底前 is 2025年12月底前), or the same amount in the same unit
    (money compared in 元, so 1200万元 is 0.12亿元)."""
    from indicator_nlp.lexicon import money_factor

    if goal.op == "deadline" or listed.op == "deadline":
        if not (goal.date and listed.date):
            return False
        year = next((int(d[:4]) for d in (goal.date, listed.date) if d[:4].isdigit()), 2000)
        a, b = _date_key(goal.date, year), _date_key(listed.date, year)
        return a is not None and a == b
    a = goal.value if goal.value is not None else goal.high
    b = listed.value if listed.value is not None else listed.high
    if a is None or b is None:
        return False
    fa, fb = money_factor(goal.unit), money_factor(listed.unit)
    if fa and fb:
        return abs(a * fa - b * fb) <= 1e-6 * max(abs(a * fa), 1.0)
    return (goal.unit or "") == (listed.unit or "") and abs(a - b) <= 1e-9 * max(abs(a), 1.0)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _names_alike(a: str, b: str) -> bool:
    """Whether two indicator names share most of their character pairs (养护里程 / 养护公路里程)."""
    x, y = _bigrams(a), _bigrams(b)
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= 0.6


@rule("R11-goal-target-unlisted", severity="info")
def _goal_target_unlisted(ctx: Context) -> Iterator[Finding]:
    """A measurable target the project's 绩效目标 states (a number or a deadline, read as `draft`
    reads goals) that no indicator row of the project states: neither its amount nor its date, nor
    an indicator of a like name."""
    from indicator_nlp.draft import draft_text

    for group, rows in ctx.groups.items():
        project = ctx.projects.get(group)
        if project is None or not project.goal or not rows:
            continue
        listed = [(r.ind.name or "", r.thresholds) for r in rows]
        for d in draft_text(project.goal, project=group or None):
            if not (d.measurable and d.kind in ("number", "deadline") and d.target and d.name):
                continue
            if any(_names_alike(d.name, name) for name, _ in listed):
                continue
            if any(_same_target(d.target, t) for _, ths in listed for t in ths):
                continue
            yield ctx.finding(
                "R11-goal-target-unlisted",
                f"{_project_name(group)}绩效目标写明“{d.target.text}”（{d.name}），指标表中却没有相应指标："
                f"请补充该指标（如“{d.name}”{d.value}），或核对目标与指标是否一致。",
                project=group or None,
                text=d.target.text,
                suggestion={"name": d.name, "value": d.value},
            )
