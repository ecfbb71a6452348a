"""Completeness rules (R01): every project has outputs, effects and, when it serves people, satisfaction."""

from __future__ import annotations

from collections.abc import Iterator

from indicator_nlp import taxonomy
from indicator_nlp.review.context import (
    Context,
    Row,
    _has,
    _project_name,
    words,
)
from indicator_nlp.review.registry import rule
from indicator_nlp.types import Finding


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
