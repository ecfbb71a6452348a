"""Value rules: missing and unreadable values, units (R03), operator direction (R04), the form of each
category's target (R05), inputs filed as outputs (R06), vague values (R07), duplicates and
placeholders (R08)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from indicator_nlp.lexicon import money_factor, unit_words
from indicator_nlp.review.context import (
    Context,
    Row,
    _cls,
    _ends,
    _fold,
    _has,
    _num,
    _number,
    _placeholder_re,
    _yuan,
    parse_value,
    unit_kind,
    words,
)
from indicator_nlp.review.registry import rule
from indicator_nlp.thresholds import threshold_kind
from indicator_nlp.types import Finding, Indicator, Project, Threshold


@rule("R03-value-missing", severity="error")
def _value_missing(ctx: Context) -> Iterator[Finding]:
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
def _value_unparsed(ctx: Context) -> Iterator[Finding]:
    """The value does not read as operator + number + unit, a deadline or a known qualitative grade."""
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
def _percent_over(ctx: Context) -> Iterator[Finding]:
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


def _column_unit_kind(unit: str | None) -> str | None:
    u = _fold(unit)
    if not u or u in ("无", "/", "-", "—"):
        return None
    return unit_kind(Threshold(text=u, start=0, end=len(u), op="=", value=1.0, unit=u))


@rule("R03-unit-mismatch", severity="warning")
def _unit_mismatch(ctx: Context) -> Iterator[Finding]:
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
def _annual_above_period(ctx: Context) -> Iterator[Finding]:
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
def _operator_direction(ctx: Context) -> Iterator[Finding]:
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
def _satisfaction_form(ctx: Context) -> Iterator[Finding]:
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


def _time_limit(t: Threshold) -> bool:
    """A duration stated or capped (办结时间≤1个工作日, 响应时间30分钟): a time limit (REVIEWING.md:
    时效 holds response time limits). A duration with a floor (供餐天数≥190天) is a count of days."""
    return threshold_kind(t) == "duration" and t.op in ("<", "<=", "=")


_FREQUENCY = re.compile(r"次/(?:日|天|周|旬|月|季度?|年)$")


@rule("R05-timeliness-form", severity="warning")
def _timeliness_form(ctx: Context) -> Iterator[Finding]:
    """A 时效 target is neither a deadline, a time limit nor a timeliness rate: a count or money
    (warning: the row belongs elsewhere), or no clear time limit (info: 按合同服务周期完成, 全年逐项推进,
    a frequency such as 每日1次)."""
    for r in ctx.rows:
        if _cls(r.ind) != "时效指标" or not r.thresholds or _yes_no(r.ind):
            continue
        kinds = {unit_kind(t) for t in r.thresholds}
        if kinds & {"date", "percent"} or all(_time_limit(t) for t in r.thresholds):
            continue
        if all(_time_limit(t) or _FREQUENCY.search(t.unit or "") for t in r.thresholds):
            kinds = {"frequency"}  # how often (每周2次): advice, not a misfiling
        if kinds == {"number"} and _ends(r.ind.name, ("率",)):
            continue  # a rate written as a fraction (0.95): reported by other rules if wrong
        if kinds & {"count", "money", "rate"}:
            msg = (
                f"时效指标“{r.ind.name}”的指标值“{r.ind.value}”是数量或金额，不是时限：内容像是其他类别，"
                "请改为完成时限（如“12月31日前”）或及时率，或移到相应类别。"
            )
            severity = None
        else:
            msg = (
                f"时效指标“{r.ind.name}”的指标值“{r.ind.value}”没有明确时限：请写明完成日期"
                "（如“2024年12月31日前”）或及时率（如“按时完成率≥95%”）。"
            )
            severity = "info"  # advice on the value's form, not a misfiling
        yield ctx.finding("R05-timeliness-form", msg, r, text=r.ind.value, severity=severity)


@rule("R05-cost-form", severity="info")
def _cost_form(ctx: Context) -> Iterator[Finding]:
    """A 成本 target is not money, a unit cost or a cost rate (advice: reviewers accept budget-control
    statements and harms under the cost categories)."""
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


def _money_units() -> tuple[str, ...]:
    return tuple(u for u in unit_words("money") if money_factor(u) is not None)


def _budget_yuan(project: Project | None) -> float | None:
    if project is None or not project.budget:
        return None
    value = _number(project.budget)
    if value is None:
        return None
    unit_text = " ".join(
        [project.budget] + [v for k, v in project.meta.items() if "单位" in k or "unit" in k.lower()]
    )
    for unit in sorted(_money_units(), key=len, reverse=True):  # 百万元 before 万元 before 元
        if unit in unit_text:
            return value * (money_factor(unit) or 1.0)
    return value * 1e4  # unit not stated: assume the larger reading (万元) so as not to over-report


@rule("R05-cost-over-budget", severity="error")
def _cost_over_budget(ctx: Context) -> Iterator[Finding]:
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
def _quantity_form(ctx: Context) -> Iterator[Finding]:
    """A 数量 target is money or a deadline (warning: it belongs under 成本/时效), or a percentage
    (info: completion and coverage rates under 数量 are common in national templates)."""
    for r in ctx.rows:
        if _cls(r.ind) != "数量指标" or not r.thresholds:
            continue
        kinds = {unit_kind(t) for t in r.thresholds}
        if kinds & {"count", "number", "qualitative"}:
            continue
        if kinds == {"date"}:
            yield ctx.finding(
                "R05-quantity-form",
                f"数量指标“{r.ind.name}”的指标值“{r.ind.value}”是完成时限，不是数量：时限请放时效指标。",
                r,
                text=r.ind.value,
            )
            continue
        if "date" in kinds:
            continue
        money = bool(kinds & {"money", "rate"})
        yield ctx.finding(
            "R05-quantity-form",
            f"数量指标“{r.ind.name}”的指标值“{r.ind.value}”是{'金额' if money else '百分比'}：数量指标应填写数量和计数单位；"
            f"{'金额请放成本指标' if money else '完成率、覆盖率放在数量指标下在国家模板中常见，其他比率请放质量指标'}。",
            r,
            text=r.ind.value,
            severity=None if money else "info",
        )


@rule("R05-quality-form", severity="warning")
def _quality_form(ctx: Context) -> Iterator[Finding]:
    """A 质量 target is a money amount (it belongs under 成本指标)."""
    for r in ctx.rows:
        if _cls(r.ind) != "质量指标" or not r.thresholds:
            continue
        kinds = {unit_kind(t) for t in r.thresholds}
        if "money" in kinds and not kinds & {"percent", "count"}:
            yield ctx.finding(
                "R05-quality-form",
                f"质量指标“{r.ind.name}”的指标值“{r.ind.value}”是金额：金额（成本、补助标准）请放成本指标。",
                r,
                text=r.ind.value,
            )


# --------------------------------------------------------------------------- rules: inputs, vagueness (6, 7)


@rule("R06-input-as-output", severity="warning")
def _input_as_output(ctx: Context) -> Iterator[Finding]:
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
def _vague_value(ctx: Context) -> Iterator[Finding]:
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
def _duplicate(ctx: Context) -> Iterator[Finding]:
    """The same indicator (same name) appears twice in one project."""
    for rows in ctx.groups.values():
        seen: dict[str, Row] = {}
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
def _placeholder(ctx: Context) -> Iterator[Finding]:
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
