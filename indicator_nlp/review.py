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
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.errors import ModelError, SettingsError
from indicator_nlp.thresholds import threshold_kind
from indicator_nlp.types import Document, Filing, Finding, Indicator, Project, Threshold

SEVERITIES = ("info", "warning", "error")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class ReviewSettings:
    """The thresholds of the review rules, validated on construction.

    An unknown key (in :meth:`from_dict`) or a bad value raises :class:`SettingsError` naming the
    key and the allowed values.
    """

    #: R09: the classifier must be at least this confident to contradict the filed category ...
    disagreement_confidence: float = 0.5
    #: ... and give the filed category at most this probability.
    filed_class_max: float = 0.25
    #: R05-satisfaction-form: the usual range of a satisfaction target, in %.
    satisfaction_min: float = 80.0
    satisfaction_max: float = 100.0
    #: R03-percent-over-ceiling: a rate above this % is impossible (growth rates excepted).
    percent_ceiling: float = 100.0
    #: S01: the weights of a self-evaluation add up to this (unless the table states its own total).
    weight_total: float = 100.0
    #: S01: the weight of 预算执行率 when the form scores it outside the indicator rows.
    budget_execution_weight: float = 10.0
    #: S01/S02: tolerated difference between a sum or score and its expected value.
    weight_tolerance: float = 0.5
    score_tolerance: float = 0.5
    #: S02: share of the weight for each qualitative outcome phrase, as (low, high) fractions.
    qualitative_bands: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"achieved": (0.8, 1.0), "partial": (0.6, 0.8), "missed": (0.0, 0.6)}
    )
    #: Findings below this severity are dropped.
    min_severity: str = "info"
    #: Rule ids not to run.
    disabled: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "disagreement_confidence",
            "filed_class_max",
            "satisfaction_min",
            "satisfaction_max",
            "percent_ceiling",
            "weight_total",
            "budget_execution_weight",
            "weight_tolerance",
            "score_tolerance",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                raise SettingsError(f"review setting {name!r}: expected a number, got {value!r}")
            if value < 0:
                raise SettingsError(f"review setting {name!r}: must be >= 0, got {value!r}")
        for name in ("disagreement_confidence", "filed_class_max"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(f"review setting {name!r}: must lie in 0..1, got {getattr(self, name)!r}")
        if self.satisfaction_min > self.satisfaction_max:
            raise SettingsError(
                "review setting 'satisfaction_min': must not exceed satisfaction_max "
                f"({self.satisfaction_min!r} > {self.satisfaction_max!r})"
            )
        if self.min_severity not in SEVERITIES:
            raise SettingsError(
                f"review setting 'min_severity': {self.min_severity!r} is not one of {', '.join(SEVERITIES)}"
            )
        bands = self.qualitative_bands
        if not isinstance(bands, dict) or set(bands) != {"achieved", "partial", "missed"}:
            raise SettingsError(
                "review setting 'qualitative_bands': expected the keys achieved, partial, missed, "
                f"got {sorted(bands) if isinstance(bands, dict) else bands!r}"
            )
        for key, band in bands.items():
            ok = (
                isinstance(band, list | tuple)
                and len(band) == 2
                and all(isinstance(x, int | float) and not isinstance(x, bool) for x in band)
                and 0 <= band[0] <= band[1] <= 1
            )
            if not ok:
                raise SettingsError(
                    f"review setting 'qualitative_bands.{key}': expected [low, high] with 0 <= low <= high <= 1, got {band!r}"
                )
        object.__setattr__(
            self, "qualitative_bands", {k: (float(v[0]), float(v[1])) for k, v in bands.items()}
        )
        disabled = self.disabled
        if isinstance(disabled, str) or not isinstance(disabled, list | tuple):
            raise SettingsError(f"review setting 'disabled': expected a list of rule ids, got {disabled!r}")
        unknown = [r for r in disabled if r not in RULES]
        if unknown:
            raise SettingsError(
                f"review setting 'disabled': unknown rule id {unknown[0]!r}; allowed: {', '.join(RULES)}"
            )
        object.__setattr__(self, "disabled", tuple(disabled))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewSettings:
        """Build settings from a mapping (e.g. a JSON file); unknown keys are an error."""
        if not isinstance(data, dict):
            raise SettingsError(f"review settings: expected an object of settings, got {type(data).__name__}")
        allowed = [f.name for f in fields(cls)]
        for key in data:
            if key not in allowed:
                raise SettingsError(f"review setting {key!r} is unknown; allowed: {', '.join(allowed)}")
        return cls(**data)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ReviewSettings:
        """Read settings from a JSON file."""
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{path}: cannot read review settings ({exc})") from exc
        return cls.from_dict(data)


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, severity, the settings it reads and its check function."""

    id: str
    severity: str
    func: Callable[[_Context], Iterable[Finding]]
    settings: tuple[str, ...] = ()
    summary: str = ""


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, severity: str, settings: tuple[str, ...] = ()) -> Callable:
    """Register a rule function ``f(ctx) -> Iterable[Finding]`` under ``rule_id``.

    The first line of the function's docstring is the rule's summary (shown in docs/rules.md).
    """
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, got {severity!r}")

    def register(func: Callable[[_Context], Iterable[Finding]]) -> Callable[[_Context], Iterable[Finding]]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        summary = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        RULES[rule_id] = Rule(rule_id, severity, func, tuple(settings), summary)
        return func

    return register


# --------------------------------------------------------------------------- data and helpers


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
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _has(text: str | None, names: Iterable[str]) -> bool:
    t = _fold(text)
    return any(w in t for w in names)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _number(text: str | None) -> float | None:
    """The first number of a text (commas and spaces inside numbers removed)."""
    if not text:
        return None
    t = re.sub(r"(?<=\d)[,，\s]+(?=\d)", "", unicodedata.normalize("NFKC", text))
    t = re.sub(r"(?<=\d)\.\s+(?=\d)", ".", t)
    m = _NUMBER.search(t)
    return float(m.group()) if m else None


_MONEY_FACTOR = {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}


def _yuan(value: float, unit: str | None) -> float | None:
    """A money amount in 元, or None when the unit is not plain money."""
    if unit is None:
        return None
    return value * _MONEY_FACTOR[unit] if unit in _MONEY_FACTOR else None


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


def _cls(ind: Indicator) -> str | None:
    """The classifier class of a row; a row filed under 成本指标 or 满意度指标 without a level 2
    takes the class of that level 1."""
    cls = taxonomy.class_of(ind.level2)
    if cls is None and ind.level1 == "成本指标":
        return "成本指标"
    if cls is None and ind.level1 == "满意度指标":
        return "服务对象满意度指标"
    return cls


@cache
def _extract() -> Callable[..., list[Threshold]] | None:
    try:
        from indicator_nlp.thresholds import extract_thresholds
    except ImportError:
        return None
    return extract_thresholds


def parse_value(text: str | None, name: str | None = None) -> list[Threshold]:
    """Thresholds of a value text (empty when the extractor is not available or nothing parses)."""
    if not text or not text.strip():
        return []
    fn = _extract()
    return list(fn(text, name=name)) if fn else []


# --------------------------------------------------------------------------- context


@dataclass
class _Row:
    ind: Indicator
    thresholds: list[Threshold]
    level1_filed: str | None  # the filed level 1 (merged cells carried down), canonical
    group: str


@dataclass
class _Context:
    filing: Filing
    settings: ReviewSettings
    rows: list[_Row]
    groups: dict[str, list[_Row]]
    projects: dict[str, Project]
    model: Any = None
    _predictions: list[Any] | None = None

    def finding(
        self,
        rule_id: str,
        message: str,
        row: _Row | None = None,
        *,
        text: str | None = None,
        project: str | None = None,
        suggestion: dict[str, Any] | None = None,
    ) -> Finding:
        ind = row.ind if row else None
        return Finding(
            rule=rule_id,
            severity=RULES[rule_id].severity,  # type: ignore[arg-type]
            message=message,
            file=(ind.file if ind else None) or self.filing.file,
            project=ind.project if ind else project,
            table=ind.table if ind else None,
            row=ind.row if ind else None,
            text=text,
            suggestion=suggestion,
        )

    @property
    def self_evaluation(self) -> bool:
        return self.filing.kind == "self_evaluation" or any(
            r.ind.weight is not None or r.ind.actual for r in self.rows
        )


def _group_key(ind: Indicator) -> str:
    return ind.project or ""


def _context(filing: Filing, settings: ReviewSettings, model: Any) -> _Context:
    rows: list[_Row] = []
    for ind in filing.indicators:
        # Only a level 1 written in the row counts as filed: the structurer leaves level1_raw
        # empty where a merged cell was lost in conversion, and a lost label is not a misfiling.
        filed = taxonomy.normalize_label(ind.level1_raw, level=1) if ind.level1_raw else None
        ths = list(ind.threshold) or parse_value(ind.value, ind.name)
        rows.append(_Row(ind, ths, filed, _group_key(ind)))
    groups: dict[str, list[_Row]] = defaultdict(list)
    for r in rows:
        groups[r.group].append(r)
    projects = {p.name or "": p for p in filing.projects}
    return _Context(filing, settings, rows, dict(groups), projects, model)


def _label(ind: Indicator) -> str:
    """The category as filed (raw labels where the filing wrote them)."""
    return "/".join(x for x in (ind.level1_raw or ind.level1, ind.level2_raw or ind.level2) if x) or "未分类"


# --------------------------------------------------------------------------- rules: completeness (1)


def _project_name(group: str) -> str:
    return f"项目“{group}”" if group else "本表"


def _groups_missing(ctx: _Context, level1: str) -> Iterator[tuple[str, list[_Row]]]:
    """(group, framework rows) of each project (or the filing) that has indicators but none under ``level1``."""
    for group, rows in ctx.groups.items():
        framework = [r for r in rows if taxonomy.in_framework(r.ind.level1)]
        if framework and not any(r.ind.level1 == level1 for r in framework):
            yield group, framework


@rule("R01-missing-output", severity="error")
def _missing_output(ctx: _Context) -> Iterator[Finding]:
    """A project (or the filing) has indicators but none under 产出指标."""
    for group, _ in _groups_missing(ctx, "产出指标"):
        yield ctx.finding(
            "R01-missing-output",
            f"{_project_name(group)}缺少产出指标：请补充数量、质量、时效等产出指标。",
            project=group or None,
        )


@rule("R01-missing-effect", severity="error")
def _missing_effect(ctx: _Context) -> Iterator[Finding]:
    """A project (or the filing) has indicators but none under 效益指标."""
    for group, _ in _groups_missing(ctx, "效益指标"):
        yield ctx.finding(
            "R01-missing-effect",
            f"{_project_name(group)}缺少效益指标：请补充社会效益、经济效益或可持续影响等效益指标。",
            project=group or None,
        )


def _serves_people(rows: list[_Row]) -> bool:
    units = set(words("people_units"))
    for r in rows:
        if any(t.unit in units for t in r.thresholds):
            return True
        if _has(r.ind.name, words("people_served")) or _has(r.ind.description, words("people_served")):
            return True
    return False


@rule("R01-missing-satisfaction", severity="warning")
def _missing_satisfaction(ctx: _Context) -> Iterator[Finding]:
    """A project serves people (beneficiaries, trainees, counts of 人/人次/户) but has no 满意度指标."""
    for group, framework in _groups_missing(ctx, "满意度指标"):
        if _serves_people(framework):
            yield ctx.finding(
                "R01-missing-satisfaction",
                f"{_project_name(group)}有服务对象但缺少满意度指标：请补充服务对象满意度指标（如≥90%）。",
                project=group or None,
            )


# --------------------------------------------------------------------------- rules: hierarchy (2)


def _class_probs(ctx: _Context, i: int) -> dict[str, float] | None:
    """The classifier's probability of each class for row ``i`` (None without a classifier)."""
    if "R09-category-mismatch" in ctx.settings.disabled:
        return None  # no classifier wanted: do not load one for a suggestion
    preds = _predictions(ctx)
    if not preds or i >= len(preds):
        return None
    out: dict[str, float] = {}
    for t in preds[i].top:
        cls = taxonomy.class_of(t.get("level2"))
        if cls is not None:
            out[cls] = out.get(cls, 0.0) + float(t["p"])
    return out


@rule("R02-wrong-level1", severity="error")
def _wrong_level1(ctx: _Context) -> Iterator[Finding]:
    """The filed level 2 does not belong under the filed level 1 (e.g. 质量指标 under 效益指标).

    Either label may be the wrong one: the message offers both fixes. With a classifier, the
    suggestion is the likelier of the two — keeping the level 2 under its own level 1, or the best
    level 2 under the level 1 as filed — with its probability (neutral when both are below 0.2).
    """
    for i, r in enumerate(ctx.rows):
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
        probs = _class_probs(ctx, i)
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
def _satisfaction_outside(ctx: _Context) -> Iterator[Finding]:
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
def _category_as_name(ctx: _Context) -> Iterator[Finding]:
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


# --------------------------------------------------------------------------- rules: values (3)


@rule("R03-value-missing", severity="error")
def _value_missing(ctx: _Context) -> Iterator[Finding]:
    """An indicator has a name but no target value."""
    for r in ctx.rows:
        if r.ind.name and r.ind.name.strip() and not (r.ind.value or "").strip() and not r.thresholds:
            yield ctx.finding(
                "R03-value-missing",
                f"指标“{r.ind.name}”没有指标值：请填写可衡量的目标值（如≥90%、≥10场、12月31日前）。",
                r,
                text=r.ind.name,
            )


@rule("R03-value-unparsed", severity="warning")
def _value_unparsed(ctx: _Context) -> Iterator[Finding]:
    """The value does not read as operator + number + unit, a deadline or a known qualitative grade."""
    if _extract() is None:
        return
    for r in ctx.rows:
        value = (r.ind.value or "").strip()
        if value and not r.thresholds:
            yield ctx.finding(
                "R03-value-unparsed",
                f"指标值“{value}”无法解析为“符号+数值+单位”：请改写为如“≥95%”“≥10场”“≤5万元”“12月31日前”。",
                r,
                text=value,
            )


def _is_growth(ind: Indicator) -> bool:
    return _has(ind.name, words("growth_words")) or _has(ind.description, words("growth_words"))


@rule("R03-percent-over-ceiling", severity="error", settings=("percent_ceiling",))
def _percent_over(ctx: _Context) -> Iterator[Finding]:
    """A rate is above 100 % (growth rates excepted)."""
    ceiling = ctx.settings.percent_ceiling
    for r in ctx.rows:
        if _is_growth(r.ind):
            continue
        for t in r.thresholds:
            v = _num(t)
            if unit_kind(t) == "percent" and v is not None and v > ceiling:
                yield ctx.finding(
                    "R03-percent-over-ceiling",
                    f"比率“{t.text}”超过{ceiling:g}%：比率不能超过{ceiling:g}%，请核对数值或单位。",
                    r,
                    text=r.ind.value or t.text,
                )


def _ends(name: str | None, suffixes: Iterable[str]) -> bool:
    n = re.sub(r"[（(][^）)]*[）)]$", "", _fold(name))  # "城镇新增就业人数（人）" ends in 人数
    return any(n.endswith(s) for s in suffixes)


def _column_unit_kind(unit: str | None) -> str | None:
    u = _fold(unit)
    if not u or u in ("无", "/", "-", "—"):
        return None
    return unit_kind(Threshold(text=u, start=0, end=len(u), op="=", value=1.0, unit=u))


@rule("R03-unit-mismatch", severity="warning")
def _unit_mismatch(ctx: _Context) -> Iterator[Finding]:
    """Unit and value disagree: a rate named …率 given in 人/个, a count named …人数 given in %, money
    given in %, a 计量单位 column that contradicts the value, or a unit on a qualitative value."""
    for r in ctx.rows:
        ind = r.ind
        kinds = [unit_kind(t) for t in r.thresholds]
        if not kinds:
            continue
        problem = None
        col = _column_unit_kind(ind.unit)
        if (
            _ends(ind.name, words("rate_name_suffixes"))
            and any(k in ("count", "money") for k in kinds)
            and "percent" not in kinds
        ):
            unit = next(t.unit for t in r.thresholds if unit_kind(t) in ("count", "money"))
            problem = (
                f"“{ind.name}”是比率，指标值却以“{unit}”计：请改为百分比（如≥90%），或改用计数类指标名称"
            )
        elif _ends(ind.name, words("count_name_suffixes")) and kinds and all(k == "percent" for k in kinds):
            problem = f"“{ind.name}”是计数，指标值却是百分比：请填写数量和计量单位，或改为比率类指标名称"
        elif any(k == "percent" for k in kinds) and _has(ind.value, ("元",)):
            problem = "指标值同时含金额和百分比：请只保留一种计量方式"
        elif col == "qualitative" or (col and all(k == "qualitative" for k in kinds)):
            problem = f"定性指标值“{ind.value}”带有计量单位“{ind.unit}”：定性指标不应填写计量单位"
        elif col and col not in ("number",) and not any(k in (col, "number") for k in kinds):
            problem = f"计量单位“{ind.unit}”与指标值“{ind.value}”不一致：请统一单位"
        if problem:
            yield ctx.finding("R03-unit-mismatch", problem + "。", r, text=ind.value)


@rule("R03-annual-above-period", severity="warning")
def _annual_above_period(ctx: _Context) -> Iterator[Finding]:
    """A count or amount for the year (年度指标值) exceeds the one for the whole period (实施周期指标值)."""
    for r in ctx.rows:
        if not r.ind.period_value or not r.thresholds:
            continue
        period = parse_value(r.ind.period_value, r.ind.name)
        for t in r.thresholds:
            if unit_kind(t) not in ("count", "money") or t.op not in (">=", ">", "="):
                continue
            same = [p for p in period if p.unit == t.unit and p.op == t.op and _num(p) is not None]
            v = _num(t)
            if same and v is not None and v > (_num(same[0]) or 0):
                yield ctx.finding(
                    "R03-annual-above-period",
                    f"“{r.ind.name}”的年度指标值“{t.text}”大于实施周期指标值“{same[0].text}”："
                    "周期指标值应是整个实施期的总量，请核对两列。",
                    r,
                    text=r.ind.value,
                )
                break


# --------------------------------------------------------------------------- rules: direction (4)


def _direction(ind: Indicator) -> str | None:
    """'up' when more is better, 'down' when less is better, None when the name does not say."""
    name = _fold(ind.name)
    if _cls(ind) == "服务对象满意度指标" or _ends(name, ("满意度", "满意率")):
        return "up"  # 申报定向费用补贴…满意度: the subject's 费用 does not turn satisfaction around
    forward = _has(name, words("forward_override"))
    if not forward and (
        _has(name, words("reverse_direction")) or (_cls(ind) == "成本指标" and not _ends(name, ("率",)))
    ):
        return "down"
    cls = _cls(ind)
    # A rate of unknown direction (效益 rows: 就业率 up, 犯罪率 down) is not judged.
    if forward or cls in ("数量指标", "质量指标", "服务对象满意度指标"):
        return "up"
    return None


@rule("R04-operator-direction", severity="warning")
def _operator_direction(ctx: _Context) -> Iterator[Finding]:
    """The operator points the wrong way: counts, rates and satisfaction take ≥ or =; cost, complaint
    rates, re-offence rates and durations take ≤ or <."""
    for r in ctx.rows:
        want = _direction(r.ind)
        if want is None:
            continue
        for t in r.thresholds:
            if unit_kind(t) in ("date", "qualitative"):
                continue
            if want == "up" and t.op in ("<", "<=") and unit_kind(t) not in ("money", "rate"):
                # A money standard under 数量 (救助标准 ≤5300元/户) is a ceiling by nature.
                yield ctx.finding(
                    "R04-operator-direction",
                    f"“{r.ind.name}”越高越好，指标值“{t.text}”却是上限：请改为“≥”或“=”。",
                    r,
                    text=r.ind.value,
                )
                break
            if want == "down" and t.op in (">", ">="):
                yield ctx.finding(
                    "R04-operator-direction",
                    f"“{r.ind.name}”越低越好，指标值“{t.text}”却是下限：请改为“≤”或“<”。",
                    r,
                    text=r.ind.value,
                )
                break


# --------------------------------------------------------------------------- rules: form per category (5)


@rule("R05-satisfaction-form", severity="warning", settings=("satisfaction_min", "satisfaction_max"))
def _satisfaction_form(ctx: _Context) -> Iterator[Finding]:
    """A 满意度 target is not a percentage with ≥, or lies outside the usual 80–100 %."""
    lo, hi = ctx.settings.satisfaction_min, ctx.settings.satisfaction_max
    for r in ctx.rows:
        if _cls(r.ind) != "服务对象满意度指标" or not r.thresholds:
            continue
        pct = [t for t in r.thresholds if unit_kind(t) == "percent"]
        if not pct:
            yield ctx.finding(
                "R05-satisfaction-form",
                f"满意度指标值“{r.ind.value}”不是百分比：请写成“≥{lo:g}%”这样的形式（通常在{lo:g}%–{hi:g}%）。",
                r,
                text=r.ind.value,
            )
            continue
        t = pct[0]
        v = _num(t)
        if t.op not in (">=", ">"):
            yield ctx.finding(
                "R05-satisfaction-form",
                f"满意度指标值“{t.text}”应使用“≥”：请写成“≥{v if v is not None else lo:g}%”。",
                r,
                text=r.ind.value,
            )
        elif v is not None and not lo <= v <= hi:
            yield ctx.finding(
                "R05-satisfaction-form",
                f"满意度目标“{t.text}”不在通常范围{lo:g}%–{hi:g}%内：请核对目标是否合理。",
                r,
                text=r.ind.value,
            )


def _yes_no(ind: Indicator) -> bool:
    """A binary compliance check: 是否及时提交 → 是, 是否超出标准 → 否 (财预〔2021〕101号 allows them)."""
    return "是否" in _fold(ind.name) and _fold(ind.value) in ("是", "否")


@rule("R05-timeliness-form", severity="warning")
def _timeliness_form(ctx: _Context) -> Iterator[Finding]:
    """A 时效 target is neither a deadline nor a timeliness rate (按合同服务周期完成, 全年逐项推进, 1人 ...)."""
    for r in ctx.rows:
        if _cls(r.ind) != "时效指标" or not r.thresholds or _yes_no(r.ind):
            continue
        kinds = {unit_kind(t) for t in r.thresholds}
        if kinds & {"date", "percent"}:
            continue
        if kinds == {"number"} and _ends(r.ind.name, ("率",)):
            continue  # a rate written as a fraction (0.95): reported by other rules if wrong
        if kinds & {"count", "money", "rate"}:
            msg = (
                f"时效指标“{r.ind.name}”的指标值“{r.ind.value}”是数量或金额，不是时限：内容像是其他类别，"
                "请改为完成时限（如“12月31日前”）或及时率，或移到相应类别。"
            )
        else:
            msg = (
                f"时效指标“{r.ind.name}”的指标值“{r.ind.value}”没有明确时限：请写明完成日期"
                "（如“2024年12月31日前”）或及时率（如“按时完成率≥95%”）。"
            )
        yield ctx.finding("R05-timeliness-form", msg, r, text=r.ind.value)


@rule("R05-cost-form", severity="warning")
def _cost_form(ctx: _Context) -> Iterator[Finding]:
    """A 成本 target is not money, a unit cost or a cost rate (e.g. a completion date filed as cost)."""
    for r in ctx.rows:
        if _cls(r.ind) != "成本指标" or not r.thresholds or _yes_no(r.ind):
            continue
        if r.ind.level2 in ("社会成本指标", "生态环境成本指标"):
            continue  # harms to society or the environment are often qualitative
        kinds = {unit_kind(t) for t in r.thresholds}
        if kinds & {"money", "rate", "percent"} or _has(r.ind.value, ("元",)):
            continue
        yield ctx.finding(
            "R05-cost-form",
            f"成本指标“{r.ind.name}”的指标值“{r.ind.value}”不是金额或成本率：请填写成本金额（如“≤30万元”）"
            "或单位成本；若是完成时间或数量，请移到时效或数量指标。",
            r,
            text=r.ind.value,
        )


def _budget_yuan(project: Project | None) -> float | None:
    if project is None or not project.budget:
        return None
    value = _number(project.budget)
    if value is None:
        return None
    unit_text = " ".join(
        [project.budget] + [v for k, v in project.meta.items() if "单位" in k or "unit" in k.lower()]
    )
    if "万元" in unit_text:
        return value * 1e4
    if "亿元" in unit_text:
        return value * 1e8
    if "元" in unit_text:
        return value
    return value * 1e4  # unit not stated: assume the larger reading (万元) so as not to over-report


@rule("R05-cost-over-budget", severity="error")
def _cost_over_budget(ctx: _Context) -> Iterator[Finding]:
    """A cost target exceeds the project's budget (预算数)."""
    for r in ctx.rows:
        if _cls(r.ind) != "成本指标":
            continue
        budget = _budget_yuan(ctx.projects.get(r.group))
        if budget is None:
            continue
        for t in r.thresholds:
            v = _num(t)
            amount = _yuan(v, t.unit) if v is not None else None
            if amount is not None and amount > budget * (1 + 1e-9) and t.op in ("<=", "<", "="):
                yield ctx.finding(
                    "R05-cost-over-budget",
                    f"成本指标“{r.ind.name}”的目标“{t.text}”超过项目预算数（{budget / 1e4:g}万元）：请核对成本或预算。",
                    r,
                    text=r.ind.value,
                )
                break


@rule("R05-quantity-form", severity="warning")
def _quantity_form(ctx: _Context) -> Iterator[Finding]:
    """A 数量 target carries money or a percentage instead of a count with its unit."""
    for r in ctx.rows:
        if _cls(r.ind) != "数量指标" or not r.thresholds:
            continue
        kinds = {unit_kind(t) for t in r.thresholds}
        if kinds & {"count", "number", "date", "qualitative"}:
            continue
        what = "金额" if kinds & {"money", "rate"} else "百分比"
        yield ctx.finding(
            "R05-quantity-form",
            f"数量指标“{r.ind.name}”的指标值“{r.ind.value}”是{what}：数量指标应填写数量和计数单位；"
            f"{'金额请放成本指标' if what == '金额' else '比率请放质量指标'}。",
            r,
            text=r.ind.value,
        )


# --------------------------------------------------------------------------- rules: inputs, vagueness (6, 7)


@rule("R06-input-as-output", severity="warning")
def _input_as_output(ctx: _Context) -> Iterator[Finding]:
    """An input (资金到位率, 预算执行率, 支出金额) is filed as an output or an effect."""
    for r in ctx.rows:
        ind = r.ind
        if ind.level1 not in ("产出指标", "效益指标") or _cls(ind) == "成本指标":
            continue
        if _has(ind.name, words("input_as_output")):
            yield ctx.finding(
                "R06-input-as-output",
                f"“{ind.name}”衡量的是资金投入，不是产出或效益：请删去或移到预算执行/管理类指标，"
                "改用该资金带来的产出或效果作指标。",
                r,
                text=ind.name,
            )


_DIGIT = re.compile(r"\d|[一二三四五六七八九十百千万两]+[个次场人项篇户]")


@rule("R07-vague-value", severity="warning")
def _vague_value(ctx: _Context) -> Iterator[Finding]:
    """A vague value (提升, 有所提升, 效果明显, 进一步加强) with nothing that says how it is measured."""
    for r in ctx.rows:
        value = _fold(r.ind.value)
        if not value or _DIGIT.search(value):
            continue
        if any(unit_kind(t) not in ("qualitative",) for t in r.thresholds):
            continue
        if not _has(value, words("vague_values")):
            continue
        desc = r.ind.description or ""
        if _DIGIT.search(desc) or _has(desc, words("measure_words")) or _has(value, words("measure_words")):
            continue
        yield ctx.finding(
            "R07-vague-value",
            f"指标值“{r.ind.value}”含糊，无法衡量：请写明衡量方法和目标（如“知晓率≥85%”“较上年提高5个百分点”）。",
            r,
            text=r.ind.value,
        )


# --------------------------------------------------------------------------- rules: duplicates, placeholders (8)


def _name_key(name: str | None) -> str:
    return re.sub(r"[\W_]+", "", _fold(name))


@rule("R08-duplicate", severity="warning")
def _duplicate(ctx: _Context) -> Iterator[Finding]:
    """The same indicator (same name) appears twice in one project."""
    for rows in ctx.groups.values():
        seen: dict[str, _Row] = {}
        for r in rows:
            key = _name_key(r.ind.name)
            if not key:
                continue
            if key in seen:
                first = seen[key].ind
                where = f"第{first.row}行" if first.row is not None else "前面"
                yield ctx.finding(
                    "R08-duplicate",
                    f"指标“{r.ind.name}”与{where}重复：请合并或删去重复的指标。",
                    r,
                    text=r.ind.name,
                )
            else:
                seen[key] = r


@rule("R08-placeholder", severity="error")
def _placeholder(ctx: _Context) -> Iterator[Finding]:
    """A value still holds template placeholders (XX, **, ○○, 待定)."""
    pattern = _placeholder_re()
    for r in ctx.rows:
        for text in (r.ind.value, r.ind.period_value):
            m = pattern.search(text or "")
            if m:
                yield ctx.finding(
                    "R08-placeholder",
                    f"指标值“{text}”含占位符“{m.group()}”：请填写实际目标值。",
                    r,
                    text=text,
                )
                break


# --------------------------------------------------------------------------- rule: classifier (9)


def _predictions(ctx: _Context) -> list[Any] | None:
    if ctx._predictions is not None:
        return ctx._predictions
    items = [
        {"name": r.ind.name, "value": r.ind.value or "", "description": r.ind.description or ""}
        for r in ctx.rows
    ]
    if callable(ctx.model) and not hasattr(ctx.model, "predict_proba"):
        # A classify-like function (items -> list[Prediction]): lets callers and tests plug in
        # another classifier without a model file.
        ctx._predictions = list(ctx.model(items)) if items else []
        return ctx._predictions
    try:
        from indicator_nlp import classifier
    except ImportError:
        return None
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
    ctx._predictions = list(classifier.classify(items, model=model, top=top)) if items else []
    return ctx._predictions


@rule("R09-category-mismatch", severity="warning", settings=("disagreement_confidence", "filed_class_max"))
def _category_mismatch(ctx: _Context) -> Iterator[Finding]:
    """The classifier places the row in another category than the one it was filed under, with confidence."""
    framework = [i for i, r in enumerate(ctx.rows) if _cls(r.ind)]
    if not framework:
        return
    preds = _predictions(ctx)
    if not preds:
        return
    threshold, filed_max = ctx.settings.disagreement_confidence, ctx.settings.filed_class_max
    for i in framework:
        r, p = ctx.rows[i], preds[i]
        if p.abstained or p.level2 is None or p.confidence < threshold:
            continue
        filed, predicted = _cls(r.ind), taxonomy.class_of(p.level2)
        if predicted is None or predicted == filed:
            continue
        probs = {taxonomy.class_of(t.get("level2")): float(t["p"]) for t in p.top}
        if filed in probs and probs[filed] > filed_max:
            continue  # the model also finds the filed category plausible: no contradiction
        layout = r.ind.layout or ("2021" if r.ind.level1 == "成本指标" else "legacy")
        l1, l2 = taxonomy.labels_for_class(predicted, layout)
        yield ctx.finding(
            "R09-category-mismatch",
            f"“{r.ind.name}”（{r.ind.value or '无指标值'}）按内容应属“{l1}/{l2}”"
            f"（置信度{p.confidence:.0%}），却填在“{_label(r.ind)}”下：请核对分类。",
            r,
            text=r.ind.name,
            suggestion={"level1": l1, "level2": l2, "confidence": round(float(p.confidence), 4)},
        )


# --------------------------------------------------------------------------- rule: layout (info)


@rule("R10-mixed-cost-layout", severity="info")
def _mixed_layout(ctx: _Context) -> Iterator[Finding]:
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


# --------------------------------------------------------------------------- rules: self-evaluation


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
def _weights_sum(ctx: _Context) -> Iterator[Finding]:
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


def _actual_number(r: _Row, target: Threshold) -> float | None:
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


_PROSE_MISSED = re.compile(r"未完成|未达到|未达成|未能|没有完成|暂停|取消|停办|未开展")
_PROSE_MET = re.compile(r"^(?:已)?完成|达到.{0,30}目标|已达成|全部完成|超额完成")


def completion(r: _Row) -> tuple[float | None, str | None]:
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
def _score_mismatch(ctx: _Context) -> Iterator[Finding]:
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
def _deviation_missing(ctx: _Context) -> Iterator[Finding]:
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


# --------------------------------------------------------------------------- entry point


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
    for rule_id, r in RULES.items():
        if rule_id in settings.disabled or _RANK[r.severity] < floor:
            continue
        findings.extend(r.func(ctx))
    order = {rid: i for i, rid in enumerate(RULES)}
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


def rules() -> list[Rule]:
    """The registered rules in the order they run."""
    return list(RULES.values())
