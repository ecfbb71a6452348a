"""Level 1/2 of drafted rows: the classifier's distribution, narrowed by clause-type evidence.

The classifier reads each drafted row as the Indicator it is (name, value, unit, threshold).
Some rows belong to a category by the way they were drafted, whatever their wording makes them
look like; for those the best class of the classifier's distribution *among the classes the
evidence allows* is taken, with its own probability as the confidence (DOMAIN.md):

* a deadline, and a duration under a cap (…时间/时限/周期/时长 ≤ 60天), is 时效指标; a money ceiling or a
  cost (…成本 in money) is 成本指标; money paid out (发放…资金 N万元) is 成本 or 数量, never an effect;
* a satisfaction (…满意度, …满意率) is 服务对象满意度指标;
* a service life (使用年限不少于15年) and an event setting up a lasting mechanism (建立健全…长效机制,
  落实…制度) are 可持续影响指标;
* a share of the people served who reach an outcome, an improvement (提升…能力, 有效提升…) and a
  promoted effect (带动…增收) are effects (效益: 经济, 社会, 生态 or 可持续);
* an activity (开展…活动) is 数量指标 (the count a reviewer adds is what it will measure); other
  events (建立…人才库, 召开全会) are outputs (数量 or 质量: with no time in the clause, never 时效);
* a standard reached (出水水质达到一级A标准 → 出水水质达标情况) is a quality or an outcome (质量,
  社会 or 生态效益).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from indicator_nlp.draft._effects import is_lasting

if TYPE_CHECKING:  # pragma: no cover
    from indicator_nlp.draft import DraftRow

_EFFECTS = frozenset({"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"})
_EVENT_OUTPUTS = frozenset({"数量指标", "质量指标"})  # a deadline clause is kind "deadline", not "event"
_KEPT_LOW = frozenset({"社会效益指标", "生态效益指标", "质量指标"})
_MONEY_SPENT = frozenset({"成本指标", "数量指标"})
_SPENDING_VERBS = ("发放", "拨付", "兑付", "下达", "安排", "投入", "使用", "支付")
_TIME_UNITS = frozenset({"分钟", "小时", "秒", "天", "日", "个工作日", "工作日", "周", "个月", "月"})
# Names of a duration: 接警出动时间, 审批时限, 案件平均办理周期, 单次服务时长, 平均用时.
_DURATION_NAMES = ("时间", "时限", "周期", "时长", "用时")


def _not_count() -> frozenset[str]:
    from indicator_nlp.taxonomy import classes

    return frozenset(classes()) - {"数量指标"}


def _is_share(row: DraftRow) -> bool:
    t = row.target
    return bool(row.name and row.name.endswith("的比例") and t and t.unit == "%")


def evidence(row: DraftRow) -> frozenset[str] | None:
    """The classes (taxonomy.classes()) the way a row was drafted allows, None if open."""
    t, name = row.target, row.name or ""
    money = bool(t and t.unit and "元" in t.unit)
    if row.kind == "deadline":
        return frozenset({"时效指标"})
    if t and (
        (name.endswith(("满意度", "满意率")) and t.unit == "%")
        or (re.search(r"满意[度率](?:[^，,、]{0,4}情况)?$", name) and t.op == "qualitative")
    ):
        return frozenset({"服务对象满意度指标"})
    if name.endswith(_DURATION_NAMES) and t and t.op in ("<=", "<") and t.unit in _TIME_UNITS:
        return frozenset({"时效指标"})  # a duration capped (接警出动时间 ≤5分钟, 案件平均办理周期 ≤60天)
    if money and (t.op in ("<=", "<") or name.endswith(("成本", "费用"))):
        return frozenset({"成本指标"})
    if money and name.startswith(_SPENDING_VERBS):
        return _MONEY_SPENT  # 发放渔业油价补贴资金2300万元: money paid out is an input, not an effect
    if name.endswith("年限") and t and t.unit == "年":
        return frozenset({"可持续影响指标"})
    if row.kind == "event" and is_lasting(row.name, t.label if t else None):
        return frozenset({"可持续影响指标"})
    if _is_share(row) or row.kind == "improvement":
        return _EFFECTS
    if t and re.search(r"事故|案件|火灾|事件", name) and (t.value == 0 or t.op in ("<=", "<")):
        return _KEPT_LOW  # incidents kept at zero or under a cap: an outcome, not an output count
    if t and t.unit not in ("%", "‰") and name.startswith("带动"):
        return _EFFECTS  # a promoted effect counted (带动脱贫户增收户数, 带动就业人数)
    if t and t.unit in ("%", "‰") and name.endswith(("率", "比例")):
        return _not_count()  # a rate is a quality, a timeliness or an effect, never a count
    if row.kind == "event" and name.endswith("达标情况"):
        return _KEPT_LOW  # a standard reached (出水水质达到一级A标准): the output's quality or an outcome
    if row.kind == "activity":
        return frozenset({"数量指标"})
    if row.kind == "event":
        return _EVENT_OUTPUTS
    return None


def classify_rows(rows: list[DraftRow], model: Any, layout: str) -> None:
    """Set level 1/2 and confidence of every named row (left None when no model is available)."""
    todo = [r for r in rows if r.name]
    if not todo:
        return
    from indicator_nlp.errors import IndicatorNLPError

    try:
        from indicator_nlp.classifier import model as classifier  # the model room only: no training code
        from indicator_nlp.taxonomy import class_of, classes, labels_for_class

        preds = classifier.classify(todo, model=model, top=len(classes()), layout=layout)
    except (ImportError, OSError, IndicatorNLPError):
        return  # no classifier model: the rows keep level None (documented in draft())
    for r, p in zip(todo, preds, strict=True):
        if p.abstained:
            continue
        r.level1, r.level2, r.confidence = p.level1, p.level2, float(p.confidence)
        allowed = evidence(r)
        if allowed is None or class_of(p.level2) in allowed:
            continue
        fits = [t for t in p.top if t.cls in allowed]
        if fits:
            best = max(fits, key=lambda t: t.p)
            r.level1, r.level2 = labels_for_class(best.cls, layout)
            r.confidence = best.p
