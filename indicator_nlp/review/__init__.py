"""Review a structured filing against the rules reviewers apply, as a list of findings.

``review(filing_or_path)`` runs every registered rule on a :class:`~indicator_nlp.types.Filing`
(structuring the file first when given a path) and returns :class:`~indicator_nlp.types.Finding`
objects: rule id, severity, location (file, project, table, row), the offending text, a message in
Chinese saying what is wrong and what to do, and for a category mismatch the suggested category.

One rule is one function registered with :func:`rule`; its thresholds live in
:class:`ReviewSettings`. ``docs/rules.md`` documents every rule (a test keeps the two in sync).
The word lists live in ``data/review_words.json`` with their sources.

Self-evaluation scores (rule S02) are recomputed with the usual 绩效自评 formula of
财预〔2020〕10号: a quantitative target met earns its full weight; one missed earns
``weight × completion`` where completion is actual/target for "more is better" operators (≥ >)
and target/actual for "less is better" ones (≤ <), capped at 1. A qualitative target earns a share
of its weight by the fixed phrase of its outcome: 达成年度指标 → the full weight (the filed score
may lie in the band 80–100 %), 部分达成年度指标并具有一定效果 → 60–80 %, 未达成年度指标且效果较差
→ 0–60 % (bands in ``ReviewSettings.qualitative_bands``).

Rooms: :mod:`.registry` (rules and their order), :mod:`.settings`, :mod:`.context` (what a rule
sees), and one module per group of rules: :mod:`.completeness`, :mod:`.category`, :mod:`.values`,
:mod:`.self_evaluation`.
"""

from __future__ import annotations

import os
from typing import Any

# The rule modules register their rules on import; their order here is not their run order
# (registry.rules() orders by rule number).
from indicator_nlp.review import category, completeness, self_evaluation, values  # noqa: F401
from indicator_nlp.review.context import _context, parse_value, unit_kind, words
from indicator_nlp.review.registry import _RANK, RULES, SEVERITIES, Rule, rule, rules
from indicator_nlp.review.self_evaluation import completion
from indicator_nlp.review.settings import ReviewSettings
from indicator_nlp.types import Document, Filing, Finding

__all__ = [
    "RULES",
    "SEVERITIES",
    "ReviewSettings",
    "Rule",
    "completion",
    "parse_value",
    "review",
    "rule",
    "rules",
    "unit_kind",
    "words",
]


def review(
    filing_or_path: Filing | Document | str | os.PathLike[str],
    *,
    model: Any = None,
    settings: ReviewSettings | None = None,
) -> list[Finding]:
    """Review a filing (a :class:`Filing`, or a path or Document structured first); return its findings.

    Findings are ordered by file, project, table and row; those below ``settings.min_severity``
    and those of ``settings.disabled`` rules are left out. ``model`` is a classifier model (or
    the path of one) for rule R09, loaded with ``classifier.load_model()`` when None (R09 is then
    skipped when no model can be loaded); a callable ``items -> list[Prediction]`` also serves. A file that cannot be read raises :class:`~indicator_nlp.errors.FilingError`.
    """
    settings = settings or ReviewSettings()
    if isinstance(filing_or_path, Filing):
        filing = filing_or_path
    else:
        from indicator_nlp.structure import structure

        filing = structure(filing_or_path)
    ctx = _context(filing, settings, model)
    floor = _RANK[settings.min_severity]
    findings: list[Finding] = []
    ordered = rules()
    for r in ordered:
        if r.id in settings.disabled or _RANK[r.severity] < floor:
            continue
        # a rule may report its weaker cases below its own severity: the floor applies per finding
        findings.extend(f for f in r.func(ctx) if _RANK[f.severity] >= floor)
    order = {r.id: i for i, r in enumerate(ordered)}
    findings.sort(
        key=lambda f: (
            f.file or "",
            f.project or "",
            f.table if f.table is not None else -1,
            f.row if f.row is not None else -1,
            order[f.rule],
        )
    )
    return findings
