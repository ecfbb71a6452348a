"""Draft indicator rows from the narrative goals of a filing, or from a pasted text.

``draft(path_or_text)`` splits the narrative parts of a filing (总体绩效目标, 年度重点工作任务 and
its 期望达到的目标, 分项绩效目标, a project's 绩效目标) into sentences, finds each measurable target
with the threshold extractor, derives a short indicator name from the clause the number measures,
and asks the classifier for its category. A sentence with nothing measurable is listed with
``measurable=False`` and no threshold: it is not forced into a row.

How a name is derived from a clause (``开展青少年法治宣传教育活动不少于20场``):

* the clause is the part of the sentence between commas that holds the target; operator words
  (不少于, 达, 以上 ...) and fillers (全年, 累计, 确保 ...) are dropped;
* a count, money or duration at the end of the clause measures the words before it: the name is
  those words plus the measure word of the unit (场 → 场次, 人 → 人数, 个 → 数量, 万元 → 金额 ...):
  ``开展青少年法治宣传教育活动场次``; a count in the middle (``建设运营好12个社工站点``) joins
  the words on both sides (``建设运营社工站点数量``);
* a percentage is a rate: after a name ending in 率/比例/度 it keeps that name (``工单对接跟进率``);
  before or after a group of people (``接受服务的服务对象有85%以上获得…能力提升``) it names the
  share of that group: ``服务对象获得…能力提升的比例`` (a generic 接受服务的/参与相应服务的
  before 服务对象 is dropped; a specific one, 接受个别辅导的青少年, stays);
* a deadline (``12月31日前完成``) names the completion time of the clause's task.

Numbers that only qualify a percentage target (``至少75%的青少年…学习到至少1个知识``) stay in
the name; bare numbers without unit, years and enumeration marks are not targets.

A clause without a numeric target is read from its first verb (lists in
``data/draft_verbs.json``): an event (``建立乡村振兴青年人才库`` → ``乡村振兴青年人才库建立情况``,
qualitative threshold 建立, measurable), an activity without a count (``开展爱心帮扶`` →
``爱心帮扶开展情况``, 开展, needs a number) or the improvement of an attribute
(``不断提升团干部能力`` → ``团干部能力提升情况``, 提升, needs a measure). Slogan verbs (推进, 深化,
聚焦 …) give no row.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from indicator_nlp.types import Document, Filing, Threshold

# --------------------------------------------------------------------------- result


# What a row was drafted from. Keep in sync with docs/rules.md (drafting) and _KIND_NOTES.
KINDS = ("number", "deadline", "event", "activity", "improvement")
# Kinds with a target a reviewer can check as written: a number, a date, an event that happened.
MEASURABLE_KINDS = ("number", "deadline", "event")


@dataclass(slots=True)
class DraftRow:
    """One proposed indicator row, or a sentence with nothing to draft (``kind=None``).

    ``span`` is (start, end) of ``sentence`` in the source text: the narrative field named by
    ``source`` (a goal, a task's 期望达到的目标, a project's 绩效目标) or the pasted text.
    ``value`` is the threshold written the way a table expects it (``≥85%``, ``≥20场``, ``建立``).

    ``kind`` says what the row was drafted from: ``number`` and ``deadline`` (a numeric target),
    ``event`` (建立…, 出台…, 召开…: a qualitative threshold naming an event that can be checked),
    ``activity`` (开展…活动 without a count) and ``improvement`` (提升…能力). ``measurable`` is
    true for the first three only; activity and improvement rows carry a qualitative threshold
    and a ``note`` saying what a reviewer would add.
    """

    name: str | None
    threshold: Threshold | None
    value: str | None
    level1: str | None
    level2: str | None
    confidence: float
    sentence: str
    span: tuple[int, int]
    source: str
    measurable: bool
    section: str | None = None  # 总体绩效目标, 期望达到的目标, 分项绩效目标, 绩效目标, text
    kind: str | None = None  # one of KINDS; None for a sentence with nothing to draft
    note: str | None = None  # what a reviewer still needs (补充可量化的目标值 …)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["threshold"] = self.threshold.to_dict() if self.threshold else None
        d["span"] = list(self.span)
        return d


# --------------------------------------------------------------------------- sentences

# Where one item of a narrative ends or the next begins. Verbose: one alternative per line.
_BREAK = re.compile(
    r"""
      [。；;！？!?\n]+                                   # sentence ends, line breaks
    | (?<![\d.])\s*(?=(?<![\d.])\d{1,2}[.、．](?!\d))     # "1." "2、" (not 1.5, not 2024.)
    | \s*(?=[（(][0-9一二三四五六七八九十]{1,3}[）)])       # "（1）" "(一)"
    | \s*(?=[一二三四五六七八九十]{1,3}[、是])            # "一、" "一是"
    | \s*(?=目标\d{1,2}[:：])                            # "目标1:"
    | (?<=[\u4e00-\u9fff）)”])[ \t\u3000]+(?=[\u4e00-\u9fff“(（])  # a lost line break between words
    """,
    re.VERBOSE,
)
# The enumeration mark or label at the head of an item, dropped from the sentence.
_MARK = re.compile(
    r"""
    ^\s*(?:
        (?:绩效目标|绩效指标|期望达到的目标|目标|指标)[:：]   # "绩效目标：" labels
      | 目标\d{1,2}[:：]                                    # "目标1:"
      | \d{1,2}[.、．](?!\d)                                # "1." "2、"
      | [（(][0-9一二三四五六七八九十]{1,3}[）)]              # "（1）" "(一)"
      | [一二三四五六七八九十]{1,3}[、是]                     # "一、" "一是"
      | [-•·●]\s                                            # list bullets
    )\s*
    """,
    re.VERBOSE,
)
_TAGS = re.compile(r"<[^>]{0,200}>")


def _inside_quotes(text: str, pos: int) -> bool:
    head = text[:pos]
    return head.count("“") > head.count("”") or head.count("「") > head.count("」")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and numbered items of ``text`` (marks and tags excluded)."""
    # Tags become spaces of the same length, so offsets stay those of the original text.
    clean = _TAGS.sub(lambda m: " " * len(m.group()), text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BREAK.finditer(clean):
        gap = m.group()
        if gap and not gap.strip() and _inside_quotes(clean, m.start()):
            continue  # "开展“青心守护 暖心关爱”培训": a space inside a quoted name is not a break
        if m.start() > pos or m.end() > pos:
            spans.append((pos, m.start()))
        pos = max(pos, m.end())
    spans.append((pos, len(clean)))
    out = []
    for s, e in spans:
        piece = clean[s:e]
        mark = _MARK.match(piece)
        if mark:
            s += mark.end()
            piece = clean[s:e]
        lead = len(piece) - len(piece.lstrip(" \t\u3000,，:："))
        trail = len(piece) - len(piece.rstrip(" \t\u3000,，:："))
        s, e = s + lead, e - trail
        if e > s:
            out.append((s, e))
    return out


# --------------------------------------------------------------------------- names

_OP_BEFORE = re.compile(
    r"(?:(?:提高|提升|增加|增长|降低|下降|减少|控制|上升)(?:到|至)|不少于|不低于|不高于|不超过|至少|最少|达到|达|超过|高于|低于|控制在|约|共计|共|累计|合计|计)$"
)
_OP_AFTER = re.compile(r"^(?:及以上|以上|以下|以内|之内|左右|多)")
_LEAD = re.compile(
    r"^(?:(?:全年|年内|本年度|年度|当年|项目周期内|计划|力争|确保|保证|争取|预计|实现|使|让|通过|并|且|和|及|同时|其中"
    r"|进一步|继续|累计|共|完成|于|高标准|高质量|扎实|积极|深入|持续|全面|大力|按时|按期)\s*)+"
)
# Modal and filler words dropped from names; 能 only as a modal (not in 能力, 技能, 功能 ...).
_FILLER = re.compile(
    r"相应|能够|(?<![技才功智体职性动效潜本机体])能(?![力源耗效手量])|(?<=[建设运营做抓办])好"
)
_PEOPLE = re.compile(r"(?:的人|的人员)$")

# The measure word a unit gives a name (场 → 场次). Units absent here add 数量.
_MEASURE = {
    "场": "场次", "场次": "场次", "次": "次数", "人次": "人次", "人": "人数", "名": "人数", "位": "人数",
    "户": "户数", "个": "数量", "项": "数量", "篇": "篇数", "期": "期数", "家": "数量", "所": "数量",
    "支": "数量", "张": "数量", "台": "台数", "套": "套数", "件": "件数", "份": "份数", "条": "条数",
    "课时": "课时数", "学时": "学时数", "小时": "时长", "天": "天数", "日": "天数", "节次": "节次",
    "公里": "里程", "千米": "里程", "米": "长度", "平方米": "面积", "亩": "面积", "公顷": "面积",
    "个百分点": "幅度", "百分点": "幅度", "种": "种类数", "批": "批次", "班": "班次", "所次": "次数", "万人": "人数", "万人次": "人次",
}  # fmt: skip
_MONEY_TAILS = (
    "金额",
    "资金",
    "经费",
    "费用",
    "成本",
    "投资",
    "补贴",
    "补助",
    "收入",
    "标准",
    "支出",
    "预算",
)
_RATE_TAILS = ("率", "比例", "比率", "占比", "度")


def _strip_ops(left: str, right: str) -> tuple[str, str]:
    left = _OP_BEFORE.sub("", left.rstrip()).rstrip()
    right = _OP_AFTER.sub("", right.lstrip()).lstrip()
    return left, right


def _tidy(name: str) -> str:
    name = re.sub(r"[（(][^（）()]*[）)]", "", name)  # parenthetical details make names long
    name = _LEAD.sub("", name.strip(" ，,、：:；;。的"))
    name = _FILLER.sub("", name)
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"[，,]", "、", name)  # a name continued over two clauses
    return name.strip(" ，,、：:；;。")


def _subject(left: str) -> str:
    """The group of people a share is taken of: ``接受服务的服务对象有`` → ``接受服务的服务对象``."""
    return re.sub(r"(?:中|有|当中|里|里面|之中|的)+$", "", left.strip())


# "接受服务的服务对象", "参与相应服务的对象": every beneficiary was served; the qualifier adds nothing.
_GENERIC_SUBJECT = re.compile(r"^(?:接受|参与)(?:相应)?服务(?:后)?的(?:服务)?对象")


def derive_name(clause: str, t: Threshold, offset: int = 0) -> str:
    """A short indicator name for the target ``t`` inside ``clause`` (``t`` spans are offset by ``offset``)."""
    return _GENERIC_SUBJECT.sub("服务对象", _derive_name(clause, t, offset))


def _derive_name(clause: str, t: Threshold, offset: int) -> str:
    s, e = t.start - offset, t.end - offset
    left, right = _strip_ops(clause[:s], clause[e:])
    # Other numbers of the clause stay as written ("至少1种"); the target's own words are gone.
    if t.op == "deadline":
        task = _tidy(left + right) or "项目"
        task = re.sub(r"(?:完成|结束|前|之前)$", "", task)
        return task + ("完成时间" if not task.endswith(("时间", "时限")) else "")
    unit = t.unit or ""
    if unit == "%":
        if _tidy(left).endswith(_RATE_TAILS) and not right.strip(" ，,。；;"):
            return _tidy(left)
        if left.rstrip().endswith("的") and not right.strip(" ，,。；;"):
            return _tidy(left) + "的比例"
        subject = _tidy(_subject(left))
        rest = _PEOPLE.sub("", right.strip())
        rest = re.sub(r"^(?:的人|的人员|的|人)", "", rest)
        rest = _tidy(rest)
        if not rest:
            return (subject + "比例") if subject else "比例"
        return f"{subject}{rest}的比例" if not rest.endswith(_RATE_TAILS) else f"{subject}{rest}"
    # The words after a count name what is counted only up to a conjunction: in
    # "编印《画册》30本和《指南》1000" the right side names another item.
    right = re.split(r"和|及|与|并|以及|、|；|;", right, maxsplit=1)[0]
    base = _tidy(left + right) if right.strip() and not left.strip() else _tidy(left) + _tidy(right)
    if "元" in unit:
        return base if base.endswith(_MONEY_TAILS) else base + "金额"
    measure = _MEASURE.get(unit, "数量")
    if base.endswith((measure, "数", "数量", "人次", "次数", "规模", "总量")):
        return base
    return base + measure


_TIME_ONLY = re.compile(r"(?:一年|每年|全年|年度|每月|每季度?|每周|每天|一次|单次)?")
_MEASURE_TAILS = tuple(sorted({*_MEASURE.values(), "金额", "数量"}, key=len, reverse=True))


def _stem(name: str) -> str:
    """A drafted name without its measure word (``编印《公报》数量`` → ``编印《公报》``)."""
    for tail in _MEASURE_TAILS:
        if name.endswith(tail):
            return name[: -len(tail)]
    return name


def value_text(t: Threshold) -> str:
    """A threshold written the way an indicator table expects it (``≥85%``, ``12月31日前``)."""
    sym = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": ""}
    unit = t.unit or ""
    if t.op in sym and t.value is not None:
        return f"{sym[t.op]}{t.value:g}{unit}"
    if t.op == "range" and t.low is not None and t.high is not None:
        return f"{t.low:g}-{t.high:g}{unit}"
    if t.op == "deadline" and t.date:
        y, _, rest = t.date.partition("-")
        if t.date.startswith("--"):
            m, d = t.date[2:].split("-")
            return f"{int(m)}月{int(d)}日前"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.date):
            m, d = rest.split("-")
            return f"{y}年{int(m)}月{int(d)}日前"
        if re.fullmatch(r"\d{4}-\d{2}", t.date):
            return f"{y}年{int(rest)}月前"
    return t.text


# --------------------------------------------------------------------------- targets


def _is_target(t: Threshold) -> bool:
    if t.op == "qualitative":
        return False
    if t.op == "deadline":
        return True
    if t.unit is None:
        return False  # a bare number in prose is an enumeration, a code or a count without unit
    if t.unit in ("年", "年度", "月", "日", "号") and (t.value or 0) >= 1:
        return False  # 2024年, 完成2024年度…: a year or a date, not a target
    return True


def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"[，,]", sentence):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(sentence)))
    return [(s, e) for s, e in spans if sentence[s:e].strip()]


# A scoring scale ("完成数…达到90%以上的为优"), not a target: listed, not drafted.
_GRADING = re.compile(
    r"的?为(?:优秀?|良好?|中等?|差|合格|不合格|及格)(?:[；;。，,]|$)|^(?:绩效标准|评分标准|评价标准)[:：]"
)


def _lone_unit(t: Threshold, others: list[Threshold]) -> bool:
    """ "1支" in "组建1支24人队伍": one group right before its size is no target of its own."""
    return t.value == 1 and t.unit not in (None, "%") and any(o.start == t.end for o in others)


def _targets(sentence: str, ths: list[Threshold]) -> list[tuple[Threshold, int, int]]:
    """The primary targets of a sentence with the (start, end) of the clause each names.

    Percentages are the targets of a sentence that has any: the counts beside them qualify them
    ("至少75%的青少年…学习到至少1个知识"). A clause without a target before the first one is
    context and is left out; one after a target continues it ("…人格气质, 发现至少1种自身优势").
    """
    # A number inside a quoted name (“1个总站+N个分站”, “12355”) names something; it is no target.
    cand = [t for t in ths if _is_target(t) and not _inside_quotes(sentence, t.start)]
    cand = [t for t in cand if not _lone_unit(t, cand)]
    if not cand:
        return []
    clauses = _clauses(sentence)
    per_clause: dict[int, list[Threshold]] = {}
    for t in cand:
        for i, (s, e) in enumerate(clauses):
            if s <= t.start < e:
                per_clause.setdefault(i, []).append(t)
                break
    # Group clauses: a percentage clause absorbs the clauses after it that hold no percentage
    # (they qualify the share: "…人格气质, 发现至少1种自身优势").
    groups: list[list[int]] = []
    for i in range(len(clauses)):
        ts = per_clause.get(i, [])
        has_pct = any(t.unit == "%" for t in ts)
        prev = groups[-1] if groups else None
        prev_pct = prev is not None and any(t.unit == "%" for j in prev for t in per_clause.get(j, []))
        if prev is not None and prev_pct and not has_pct:
            prev.append(i)
        elif ts:
            groups.append([i])
    out: list[tuple[Threshold, int, int]] = []
    for g in groups:
        ts = [t for j in g for t in per_clause.get(j, [])]
        pct = [t for t in ts if t.unit == "%"]
        s, e = clauses[g[0]][0], clauses[g[-1]][1]
        for t in pct or ts:
            out.append((t, s, e))
    return out


def _lower_is_better(name: str) -> bool:
    from indicator_nlp.review import words

    return any(w in name for w in words("reverse_direction")) and not any(
        w in name for w in words("forward_override")
    )


# --------------------------------------------------------------------------- qualitative targets

_VERBS_FILE = Path(__file__).parent / "data" / "draft_verbs.json"
# Kinds of the verb lists of draft_verbs.json (mechanism verbs make events of lasting objects).
_VERB_KINDS = {"event": "event", "mechanism": "event", "activity": "activity", "improvement": "improvement"}
_KIND_NOTES = {
    "activity": "补充可量化的目标值（如场次、人次、覆盖人数）",
    "improvement": "补充衡量方法和目标值（如知晓率≥85%、较上年提高5个百分点）：“提升”类目标值含糊，复核规则R07会提示",
}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    verb_kind: dict[str, str]  # verb → event / activity / improvement
    mechanism: tuple[str, ...]
    improvement_objects: tuple[str, ...]
    lasting_objects: tuple[str, ...]
    generic_objects: frozenset[str]
    action: re.Pattern[str]  # leading words, an optional 按照… phrase, then a listed verb
    split: re.Pattern[str]  # a 、/并/和 that starts another action
    drop: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_LEXICON: _Lexicon | None = None


def _lexicon() -> _Lexicon:
    """The verb lists of ``data/draft_verbs.json``, read on first use."""
    global _LEXICON
    if _LEXICON is None:
        raw = json.loads(_VERBS_FILE.read_text(encoding="utf-8"))
        words = {k: tuple(v["words"]) for k, v in raw.items() if not k.startswith("_")}
        verb_kind = {w: _VERB_KINDS[k] for k in _VERB_KINDS for w in words[k]}
        lead = _alternation(words["lead_words"])
        verbs = _alternation(verb_kind)
        every_verb = _alternation([*verb_kind, *words["split_verbs"]])
        _LEXICON = _Lexicon(
            verb_kind=verb_kind,
            mechanism=words["mechanism"],
            improvement_objects=words["improvement_objects"],
            lasting_objects=words["lasting_objects"],
            generic_objects=frozenset(words["generic_objects"]),
            action=re.compile(
                rf"""
                ^(?:{lead})*                             # 全面, 不断, 通过 …
                (?:(?:按照|根据|依据|对照)[^，,]{{1,15}}?)?  # 按照时间表、路线图 …
                (?P<verb>{verbs})                        # the verb that makes the row
                """,
                re.VERBOSE,
            ),
            split=re.compile(rf"(?:、|以及|并|和|及)(?=(?:{lead})*(?:{every_verb}))"),
            drop=re.compile(_alternation(words["drop_words"])),
        )
    return _LEXICON


def _actions(sentence: str) -> Iterator[tuple[int, int]]:
    """Spans of the actions of a sentence: its comma clauses, cut again before a verb after 、/并."""
    lx = _lexicon()
    for cs, ce in _clauses(re.sub(r"[：:]", "，", sentence)):
        pos = cs
        for m in lx.split.finditer(sentence, cs, ce):
            yield pos, m.start()
            pos = m.end()
        yield pos, ce


def _object_name(obj: str) -> str:
    """The object of an action as an indicator name's head (``各类培训班`` → ``培训班``)."""
    obj = re.sub(r"[（(][^（）()]*[）)]", "", obj)
    obj = _lexicon().drop.sub("", obj)
    obj = re.sub(r"(?:、[^、]*?)+(?=等)", "", obj)  # "法治宣传、自护教育…等活动" → "法治宣传等活动"
    obj = re.sub(r"^[好了起]", "", obj)  # 完成好…, 建立起…: the verb's complement
    # "团干部在组织宣传工作…等工作水平": a list of domains after 在 makes the name long and adds
    # nothing a reviewer checks; one domain stays, without 在/方面 ("在情绪管理方面的能力").
    obj = re.sub(r"(?<=.)在[^在等]{2,40}?等(?=.)", "", obj)
    obj = re.sub(r"(?<=.)在([^在]{2,20}?)(?:方面|领域)的?(?=.)", r"\1", obj)
    return re.sub(r"\s+", "", obj).strip(" ，,、：:；;。的")


def _qualitative(sentence: str) -> list[tuple[str, str, int, int]]:
    """(kind, name, verb start, verb end) of each action of a sentence that a reviewer could
    turn into a row: an event (建立…库), an activity without a count (开展…活动) or the
    improvement of an attribute (提升…能力). Slogans (深化思想引领, 聚焦产业发展) give nothing."""
    lx = _lexicon()
    out = []
    for s, e in _actions(sentence):
        piece = sentence[s:e]
        m = lx.action.match(piece.strip())
        if not m:
            continue
        s += len(piece) - len(piece.lstrip())
        verb = m.group("verb")
        kind = lx.verb_kind[verb]
        obj = _object_name(piece.strip()[m.end() :])
        if len(obj) < 2 or len(obj) > 40 or _inside_quotes(sentence, s + m.start("verb")):
            continue
        if obj in lx.generic_objects:
            continue  # 开展活动, 完成好各项任务: nothing a reviewer could check
        if verb in lx.mechanism and not obj.endswith(lx.lasting_objects):
            continue  # 落实决策部署, 完善服务: nothing checkable
        if kind == "improvement" and not obj.endswith(lx.improvement_objects):
            continue  # 增强村党组织: no attribute that could be measured
        out.append((kind, f"{obj}{verb}情况", s + m.start("verb"), s + m.end("verb")))
    return out


def _is_lasting(row: DraftRow) -> bool:
    """An event that sets up a lasting mechanism (…制度落实情况, …机制建立情况)."""
    head = (row.name or "").removesuffix("情况")
    if row.threshold is not None and row.threshold.label:
        head = head.removesuffix(row.threshold.label)
    return row.kind == "event" and head.endswith(_lexicon().lasting_objects)


# --------------------------------------------------------------------------- classifier


def _is_share(row: DraftRow) -> bool:
    """A share of a group of people reaching an outcome (``…的服务对象…有所提升的比例``)."""
    return bool(row.name and row.name.endswith("的比例") and row.threshold and row.threshold.unit == "%")


def _prior(row: DraftRow) -> tuple[str, str | None] | None:
    """(level 1, level 2 or None) a row belongs to by the way it was drafted, None if open."""
    if _is_share(row) or row.kind == "improvement":
        return "效益指标", None
    if _is_lasting(row):
        return "效益指标", "可持续影响指标"
    if row.kind == "activity":
        return "产出指标", "数量指标"  # the count a reviewer adds makes it a 数量 row
    if row.kind == "event":
        return "产出指标", None
    return None


def _classify(rows: list[DraftRow], model: Any, layout: str) -> None:
    """Level 1/2 and confidence from the classifier, on name + value.

    Some rows belong to a level 1 by the way they were drafted (:func:`_prior`), whatever their
    wording makes them look like: for those the best class of that level 1 in the classifier's
    distribution is taken, with its own probability as the confidence (DOMAIN.md):

    * a share of the people served who reach an outcome, and the improvement of an attribute
      (提升…能力), are effects (社会效益 — capability raised, awareness, coverage of a population),
      however a percentage makes a share look like a quality rate;
    * an event setting up a lasting mechanism (落实…制度, 建立…机制) is 可持续影响指标;
    * other events (建立…人才库, 召开全会) are outputs (产出), and activities (开展…活动) are
      数量指标: the count a reviewer adds to them is what they will measure.
    """
    todo = [r for r in rows if r.name]
    if not todo:
        return
    from indicator_nlp.errors import IndicatorNLPError

    try:
        from indicator_nlp import classifier
        from indicator_nlp.taxonomy import classes

        preds = classifier.classify(
            [{"name": r.name, "value": r.value or ""} for r in todo],
            model=model,
            top=len(classes()),
            layout=layout,
        )
    except (ImportError, OSError, IndicatorNLPError):
        return  # no classifier module or model: the rows keep level None (documented in draft())
    for r, p in zip(todo, preds):
        if p.abstained:
            continue
        r.level1, r.level2, r.confidence = p.level1, p.level2, float(p.confidence)
        prior = _prior(r)
        if prior is None or (p.level1 == prior[0] and prior[1] in (None, p.level2)):
            continue
        fits = [t for t in p.top if t.level1 == prior[0] and prior[1] in (None, t.level2)]
        if fits:
            best = max(fits, key=lambda t: t.p)
            r.level1, r.level2, r.confidence = best.level1, best.level2, best.p


# --------------------------------------------------------------------------- entry points


def draft_text(text: str, source: str = "text", section: str | None = None) -> list[DraftRow]:
    """Rows for one narrative text, without categories (see :func:`draft`)."""
    from indicator_nlp.thresholds import extract_thresholds

    rows: list[DraftRow] = []
    for s, e in split_sentences(text):
        sentence = text[s:e]
        ths = extract_thresholds(sentence)
        grading = bool(_GRADING.search(sentence))
        targets = [] if grading else _targets(sentence, ths)
        # The events, activities and improvements named by the clauses no numeric target covers
        # ("开展法治讲座不少于10场，建立青少年法律援助机制": the second clause is an event).
        quals = [
            q for q in ([] if grading else _qualitative(sentence))
            if not any(cs <= q[2] < ce for _, cs, ce in targets)
        ]  # fmt: skip
        qual_rows = [
            DraftRow(
                name, Threshold(sentence[vs:ve], vs + s, ve + s, "qualitative", label=sentence[vs:ve]),
                sentence[vs:ve], None, None, 0.0, sentence, (s, e), source,
                kind in MEASURABLE_KINDS, section, kind, _KIND_NOTES.get(kind),
            )
            for kind, name, vs, ve in quals
        ]  # fmt: skip
        if not targets:
            rows.extend(qual_rows)
            if not qual_rows:
                rows.append(
                    DraftRow(None, None, None, None, None, 0.0, sentence, (s, e), source, False, section)
                )
            continue
        prev_stem = ""
        for t, cs, ce in targets:
            clause = sentence[cs:ce]
            name = derive_name(clause, t, offset=cs) or sentence[:20]
            for x in ths:
                if x is not t and "%" not in (x.unit, t.unit) and (x.end == t.start or x.start == t.end):
                    # A compound value ("≥66个388节次", "1支24人"): the neighbour's words are not
                    # part of this target's name.
                    name = name.replace(x.text, "")
            if prev_stem and _TIME_ONLY.fullmatch(_stem(name)):
                # "编印《公报》每月3000本, 一年12期": the clause names only a period; what is
                # counted is the previous target's subject.
                name = prev_stem + _MEASURE.get(t.unit or "", "数量")
            prev_stem = _stem(name) if t.unit != "%" else prev_stem
            if t.op == "=" and t.unit == "%" and (t.value or 0) < 100:
                # A bare percentage in a narrative goal ("有85%至少清楚…", "结案率95%") is a floor,
                # or a ceiling for what should stay low (投诉率, 再犯率 ...).
                t = replace(t, op="<=" if _lower_is_better(name) else ">=")
            shifted = Threshold(
                t.text, t.start + s, t.end + s, t.op, t.value, t.low, t.high, t.unit, t.date, t.label
            )
            kind = "deadline" if t.op == "deadline" else "number"
            row = DraftRow(
                name, shifted, value_text(t), None, None, 0.0, sentence, (s, e), source, True, section
            )
            row.kind = kind
            rows.append(row)
        rows.extend(qual_rows)  # after the numeric rows, whose order the tables rely on
    return rows


def _sections(filing: Filing, doc: Document | None) -> Iterator[tuple[str, str, str]]:
    """(text, source, section) of every narrative part of a filing."""
    seen: set[str] = set()

    def once(text: str | None) -> bool:
        key = re.sub(r"\s+", "", text or "")
        if not key or key in seen:
            return False
        seen.add(key)
        return True

    for goal in filing.goals:
        if once(goal):
            yield goal, "总体绩效目标", "总体绩效目标"
    for task in filing.tasks:
        if once(task.goal):
            yield task.goal or "", task.name, "期望达到的目标"
    for project in filing.projects:
        if once(project.goal):
            yield project.goal or "", project.name or "项目", "绩效目标"
    if doc is not None:
        for heading, text in _subsection_goals(doc):
            if once(text):
                yield text, heading, "分项绩效目标"


_SUB_HEAD = re.compile(r"分项绩效目标")
_NEXT_PART = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


def _subsection_goals(doc: Document) -> Iterator[tuple[str, str]]:
    """Paragraphs of the 分项绩效目标 part of a department filing, with the heading of each item."""
    inside = False
    heading = "分项绩效目标"
    for block in doc.paragraphs:
        for line in block.text.splitlines():
            line = line.strip()
            if not line:
                continue
            if _SUB_HEAD.search(line) and len(line) < 40:
                inside = True
                continue
            if not inside:
                continue
            if _NEXT_PART.match(line) or "保障措施" in line:
                inside = False
                continue
            if re.match(r"^\d+[、.．]", line) and len(line) < 40:
                heading = re.sub(r"^\d+[、.．]\s*", "", line).rstrip("。")
                continue
            yield heading, line


def _looks_like_path(s: str | os.PathLike[str]) -> bool:
    if isinstance(s, os.PathLike):
        return True
    if "\n" in s or len(s) > 512:
        return False
    try:
        return Path(s).is_file()
    except OSError:
        return False


def draft(
    path_or_text: str | os.PathLike[str] | Filing,
    *,
    model: Any = None,
    layout: str = "2021",
    measurable_only: bool = False,
    rows_only: bool = False,
) -> list[DraftRow]:
    """Propose indicator rows from a filing's narrative goals, or from a pasted text.

    ``path_or_text`` is a file (read and structured), a :class:`Filing`, or the text itself.
    Every sentence of the narrative comes back: measurable ones as rows with a name, a threshold
    and the classifier's level 1/2 and confidence (level None when no classifier model is
    available), the others with ``measurable=False``. ``layout`` places cost rows ("2021": 成本指标
    as level 1; "legacy": under 产出指标).

    A goal without a number still gives a row when it names an event (建立…库 → ``…建立情况``,
    label 建立, measurable), an activity (开展…活动 → ``…开展情况``, not measurable until a count
    is added: see ``note``) or the improvement of an attribute (提升…能力 → ``…提升情况``, not
    measurable); ``kind`` tells which. ``measurable_only`` keeps the measurable rows,
    ``rows_only`` every drafted row (it leaves out only the sentences with nothing to draft).
    """
    rows: list[DraftRow] = []
    if isinstance(path_or_text, Filing):
        parts = list(_sections(path_or_text, None))
    elif _looks_like_path(path_or_text):
        from indicator_nlp.readers import read_filing
        from indicator_nlp.structure import structure

        doc = read_filing(path_or_text)
        parts = list(_sections(structure(doc), doc))
        if not parts:
            # A file of plain prose (goals pasted into a document): every paragraph is narrative.
            name = Path(path_or_text).name
            parts = [(b.text, name, "text") for b in doc.paragraphs if b.text.strip()]
    else:
        parts = [(str(path_or_text), "text", "text")]
    for text, source, section in parts:
        rows.extend(draft_text(text, source, section))
    _classify(rows, model, layout)
    if measurable_only:
        return [r for r in rows if r.measurable]
    return [r for r in rows if r.kind] if rows_only else rows


def measurable(rows: Iterable[DraftRow]) -> list[DraftRow]:
    """Only the rows that carry a target."""
    return [r for r in rows if r.measurable]


__all__ = [
    "DraftRow",
    "KINDS",
    "MEASURABLE_KINDS",
    "draft",
    "draft_text",
    "derive_name",
    "split_sentences",
    "value_text",
    "measurable",
]
