"""What the rules see: the rows of a filing with their thresholds, groups, projects and the
classifier's predictions; and the small readers (words, numbers, unit kinds) the rules share."""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.errors import ModelError
from indicator_nlp.lexicon import money_factor, threshold_kind
from indicator_nlp.review.registry import RULES
from indicator_nlp.review.settings import ReviewSettings
from indicator_nlp.text import fold
from indicator_nlp.thresholds import extract_thresholds
from indicator_nlp.types import Filing, Finding, Indicator, Prediction, Project, Threshold


@cache
def _words() -> dict[str, Any]:
    text = resources.files("indicator_nlp").joinpath("data/review_words.json").read_text("utf-8")
    return json.loads(text)


def words(name: str) -> tuple[str, ...]:
    """A word list of ``data/review_words.json``."""
    return tuple(_words()[name]["words"])


@cache
def _placeholder_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _words()["placeholders"]["patterns"]))


def _fold(text: str | None) -> str:
    return re.sub(r"\s+", "", fold(text))


def _has(text: str | None, names: Iterable[str]) -> bool:
    t = _fold(text)
    return any(w in t for w in names)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _number(text: str | None) -> float | None:
    """The first number of a text (commas and spaces inside numbers removed)."""
    if not text:
        return None
    t = re.sub(r"(?<=\d)[,，\s]+(?=\d)", "", fold(text))
    t = re.sub(r"(?<=\d)\.\s+(?=\d)", ".", t)
    m = _NUMBER.search(t)
    return float(m.group()) if m else None


def _yuan(value: float, unit: str | None) -> float | None:
    """A money amount in 元, or None when the unit is not plain money."""
    if unit is None:
        return None
    factor = money_factor(unit)
    return value * factor if factor is not None else None


def unit_kind(threshold: Threshold) -> str:
    """Kind of a threshold's value: percent, money, rate (money per unit), count, number, date, qualitative.

    A view of :func:`indicator_nlp.thresholds.threshold_kind` (one unit lexicon for the extractor,
    the classifier and the rules) with the two distinctions the rules need: money per unit is a
    rate (its total may exceed nothing), and a duration counts like a count.
    """
    kind = threshold_kind(threshold)
    if kind == "none":
        return "number"
    if kind == "duration":
        return "count"
    if kind == "money" and re.search(r"[/每]", threshold.unit or ""):
        return "rate"
    return kind


def _num(threshold: Threshold) -> float | None:
    if threshold.value is not None:
        return threshold.value
    if threshold.op == "range":
        return threshold.high if threshold.high is not None else threshold.low
    return None


def filed_class(ind: Indicator) -> str | None:
    """The classifier class of a row's filed label; a row filed under 成本指标 or 满意度指标
    without a level 2 takes the class of that level 1."""
    cls = taxonomy.class_of(ind.level2)
    if cls is None and ind.level1 == "成本指标":
        return "成本指标"
    if cls is None and ind.level1 == "满意度指标":
        return "服务对象满意度指标"
    return cls


_cls = filed_class  # the rules' short name


def parse_value(text: str | None, name: str | None = None) -> list[Threshold]:
    """Thresholds of a value text (empty when nothing parses)."""
    if not text or not text.strip():
        return []
    return list(extract_thresholds(text, name=name))


@dataclass
class Row:
    """An indicator row as the rules see it."""

    ind: Indicator
    thresholds: list[Threshold]  # the structurer's, or read here from the value
    level1_filed: str | None  # the filed level 1 (merged cells carried down), canonical
    group: str
    prediction: Prediction | None = None  # the classifier's answer, once a rule asked (Context.classify)


@dataclass
class Context:
    filing: Filing
    settings: ReviewSettings
    rows: list[Row]
    groups: dict[str, list[Row]]
    projects: dict[str, Project]
    model: Any = None
    _classified: bool | None = None  # None: not asked yet; then whether a classifier answered

    def finding(
        self,
        rule_id: str,
        message: str,
        row: Row | None = None,
        *,
        text: str | None = None,
        project: str | None = None,
        suggestion: dict[str, Any] | None = None,
        severity: str | None = None,
    ) -> Finding:
        """A finding of ``rule_id`` at ``row``; ``severity`` overrides the rule's own (a rule whose
        cases differ in how clear-cut they are reports the weaker ones as ``info``)."""
        ind = row.ind if row else None
        return Finding(
            rule=rule_id,
            severity=severity or RULES[rule_id].severity,  # type: ignore[arg-type]
            message=message,
            file=(ind.file if ind else None) or self.filing.file,
            project=ind.project if ind else project,
            table=ind.table if ind else None,
            row=ind.row if ind else None,
            text=text,
            suggestion=suggestion,
        )

    def classify(self) -> bool:
        """Give every row its :attr:`Row.prediction` (once); False when no classifier is available.

        The classifier gets the rows' Indicators themselves (unit column and thresholds included),
        so a row gets the prediction ``classify`` gives the same Indicator. ``model`` is a fitted
        classifier, the path of one, None (the shipped model, when there is one) or a callable
        ``indicators -> list[Prediction]`` (another classifier plugged in without a model file).
        """
        if self._classified is None:
            preds = _predict([r.ind for r in self.rows], self) if self.rows else []
            if preds is not None:
                for row, pred in zip(self.rows, preds, strict=True):
                    row.prediction = pred
            self._classified = preds is not None
        return self._classified

    @property
    def self_evaluation(self) -> bool:
        return self.filing.kind == "self_evaluation" or any(
            r.ind.weight is not None or r.ind.actual for r in self.rows
        )


def _group_key(ind: Indicator) -> str:
    return ind.project or ""


def _context(filing: Filing, settings: ReviewSettings, model: Any) -> Context:
    rows: list[Row] = []
    for ind in filing.indicators:
        # Only a level 1 written in the row counts as filed: the structurer leaves level1_raw
        # empty where a merged cell was lost in conversion, and a lost label is not a misfiling.
        filed = taxonomy.normalize_label(ind.level1_raw, level=1) if ind.level1_raw else None
        # A value cell read as its own label (kind "text") is no parsed value for the rules.
        ths = [t for t in ind.threshold if t.kind != "text"] or parse_value(ind.value, ind.name)
        rows.append(Row(ind, ths, filed, _group_key(ind)))
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[r.group].append(r)
    projects = {p.name or "": p for p in filing.projects}
    return Context(filing, settings, rows, dict(groups), projects, model)


def _label(ind: Indicator) -> str:
    """The category as filed (raw labels where the filing wrote them)."""
    return "/".join(x for x in (ind.level1_raw or ind.level1, ind.level2_raw or ind.level2) if x) or "未分类"


def _date_key(date: str, year: int | None) -> tuple[int, int, int] | None:
    """(year, month, day) of a date as the thresholds write it (2024-11, 2024-11-30, --12-31); a
    month without a day is its last day; a date without a year takes ``year``."""
    m = re.fullmatch(r"(\d{4}|-)-(\d{1,2})(?:-(\d{1,2}))?", date)
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) != "-" else year
    if y is None:
        return None
    return y, int(m.group(2)), int(m.group(3)) if m.group(3) else 31


def _project_name(group: str) -> str:
    return f"项目“{group}”" if group else "本表"


def _ends(name: str | None, suffixes: Iterable[str]) -> bool:
    n = re.sub(r"[（(][^）)]*[）)]$", "", _fold(name))  # "城镇新增就业人数（人）" ends in 人数
    return any(n.endswith(s) for s in suffixes)


def _predict(indicators: list[Indicator], ctx: Context) -> list[Prediction] | None:
    """The classifier's predictions of ``indicators`` (None when no classifier can be loaded)."""
    if callable(ctx.model) and not hasattr(ctx.model, "predict_proba"):
        return list(ctx.model(indicators))
    from indicator_nlp.classifier import model as classifier  # loads scikit-learn: only when a rule asks

    model = ctx.model
    if model is None or isinstance(model, str | os.PathLike):
        try:
            model = classifier.load_model(model)
        except (ModelError, OSError):
            if ctx.model is not None:
                raise  # a model file named by the caller must load
            return None
        ctx.model = model
    top = len(taxonomy.classes())  # the whole distribution: R02 looks for the best class under a level 1
    return classifier.classify(indicators, model=model, top=top)
