"""Draft indicator rows from the narrative goals of a filing, or from a pasted text.

``draft(path_or_text)`` reads the narrative parts of a filing (总体绩效目标, 年度重点工作任务 and
its 期望达到的目标, 分项绩效目标, a project's 绩效目标, or the paragraphs of a filing written in
prose) through the spaCy pipeline of :mod:`indicator_nlp.nlp`: sentences from its
``indicator_sentences`` component, jieba tokens, and the target values on
``doc.spans["thresholds"]``. Each sentence is cut into clauses, at punctuation tokens outside
threshold spans and quotes, and at a 、/并/和 token between two targets. Every measurable clause
gives a row (a :class:`DraftRow`, which *is* an :class:`~indicator_nlp.types.Indicator` with
``source="drafted"``), named from the clause's own words, and the classifier gives its category
(narrowed by clause-type evidence: see :mod:`indicator_nlp.draft._levels`). A sentence with
nothing measurable is listed with ``measurable=False`` and no threshold: it is not forced into a row.

``路面修复合格率达到98%，11月底前全部完工，有效提升群众通行安全`` gives three rows: 路面修复合格率
(≥98%, 质量), 完工时间 (11月底前, 时效) and 群众通行安全提升情况 (有效提升, 社会效益).

How a name is derived from a clause (``开展青少年法治宣传教育活动不少于20场``):

* operator words (不少于, 达, 以上 ...) and fillers (全年, 累计, 确保 ...) are dropped;
* a count, money or duration at the end of the clause measures the words before it: the name is
  those words plus the measure word of the unit (场 → 场次, 人 → 人数, 个 → 数量, 万元 → 金额 ...):
  ``开展青少年法治宣传教育活动场次``; a count in the middle (``建设运营好12个社工站点``) joins
  the words on both sides (``建设运营社工站点数量``); a change (``亩产提高50公斤``) is a 幅度;
  per-unit words before the subject (``保洁员每人每月补助不超过1200元``) join the unit (元/人/月);
* a percentage is a rate: after a name ending in 率/比例/度 it keeps that name (``工单对接跟进率``)
  and the clause ends there; before or after a group of people
  (``接受服务的服务对象有85%以上获得…能力提升``) it names the share of that group:
  ``服务对象获得…能力提升的比例``, and the clauses after a share that hold no target of their own
  go on describing it (``…认识自己的人格气质, 发现至少1种自身优势``);
* a deadline names the completion of the clause's task: ``11月底前全部完工`` → ``完工时间``,
  ``12月底前完成体检数据录入`` → ``体检数据录入完成时间``;
* a service life (``设备使用年限不少于8年``) is a target; a year (2024年) is not.

Numbers that only qualify a percentage target (``至少75%的青少年…学习到至少1个知识``) stay in
the name; bare numbers without unit, years, ages before a group (65岁以上老年人) and enumeration
marks are not targets.

A clause without a numeric target is read from its verbs (lists in ``data/draft_verbs.json``, see
:mod:`indicator_nlp.draft._effects`): an event (``建立乡村振兴青年人才库`` →
``乡村振兴青年人才库建立情况``, qualitative threshold 建立, measurable), an activity without a
count (``开展爱心帮扶`` → ``爱心帮扶开展情况``, 开展, needs a number), the improvement of an
attribute (``不断提升团干部能力`` → ``团干部能力提升情况``, 提升, needs a measure), a stated effect
(``区域生态环境明显改善`` → ``区域生态环境改善情况``, 明显改善) or a promoted one
(``带动脱贫人口稳定增收`` → ``对脱贫人口稳定增收的带动作用``). Slogan verbs (推进, 深化, 聚焦 …) give no row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from indicator_nlp.draft._effects import qualitative
from indicator_nlp.draft._levels import classify_rows
from indicator_nlp.draft._names import MEASURE as _MEASURE
from indicator_nlp.draft._names import (
    derive_name,
    is_rate,
    per_unit,
    response_time,
    stem,
    strip_ops,
    time_only,
    value_text,
)
from indicator_nlp.types import Document, Filing, Indicator, Threshold

# --------------------------------------------------------------------------- result


# What a row was drafted from. Keep in sync with docs/draft.md and _KIND_NOTES.
KINDS = ("number", "deadline", "event", "activity", "improvement")
# Kinds with a target a reviewer can check as written: a number, a date, an event that happened.
MEASURABLE_KINDS = ("number", "deadline", "event")
_KIND_NOTES = {
    "activity": "补充可量化的目标值（如场次、人次、覆盖人数）",
    "improvement": "补充衡量方法和目标值（如知晓率≥85%、较上年提高5个百分点）：“提升”类目标值含糊，复核规则R07会提示",
}


@dataclass(slots=True)
class DraftRow(Indicator):
    """One proposed indicator row: an :class:`~indicator_nlp.types.Indicator` with ``source="drafted"``
    and its draft provenance, so it can be classified and reviewed as it is. A sentence with
    nothing to draft is a DraftRow too, with ``kind=None``, ``name=None`` and no threshold.

    ``file`` is the filing (``"text"`` for a pasted text), ``project`` the task or project whose
    goal the sentence is (None for the filing's own goals), ``section`` the narrative field
    (总体绩效目标, 期望达到的目标, 分项绩效目标, 绩效目标, text). ``span`` is (start, end) of
    ``sentence`` in that field's text. ``value`` is the threshold written the way a table expects
    it (``≥85%``, ``≥20场``, ``11月底前``, ``建立``); ``threshold`` holds it as one
    :class:`~indicator_nlp.types.Threshold` (``target`` is that threshold, or None).

    ``kind`` says what the row was drafted from: ``number`` and ``deadline`` (a numeric target),
    ``event`` (建立…, 出台…, 召开…: a qualitative threshold naming an event that can be checked),
    ``activity`` (开展…活动 without a count) and ``improvement`` (提升…能力, 明显改善 …).
    ``measurable`` is true for the first three only; activity and improvement rows carry a
    ``note`` saying what a reviewer would add.
    """

    confidence: float = 0.0
    sentence: str = ""
    span: tuple[int, int] = (0, 0)
    measurable: bool = False
    section: str | None = None  # 总体绩效目标, 期望达到的目标, 分项绩效目标, 绩效目标, text
    kind: str | None = None  # one of KINDS; None for a sentence with nothing to draft
    note: str | None = None  # what a reviewer still needs (补充可量化的目标值 …)

    @property
    def target(self) -> Threshold | None:
        """The row's threshold (None for a sentence with nothing to draft)."""
        return self.threshold[0] if self.threshold else None

    def to_dict(self) -> dict[str, Any]:
        d = Indicator.to_dict(self)
        d["span"] = list(self.span)
        return d


# --------------------------------------------------------------------------- the pipeline


@cache
def _nlp() -> Any:
    """The spaCy pipeline drafting reads with (jieba tokens, sentences, threshold spans)."""
    from indicator_nlp.nlp import make_nlp

    return make_nlp(thresholds=True, sentences=True)


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
_EDGE = " \t\u3000,，:：。；;！？!?\n\r"


def _sentences(doc: Any) -> list[tuple[int, int]]:
    """Spans of the sentences of a parsed text, enumeration marks, tags and edge punctuation left out."""
    from indicator_nlp.nlp import TAGS

    clean = TAGS.sub(lambda m: " " * len(m.group()), doc.text)
    out = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        piece = clean[s:e]
        lead = len(piece) - len(piece.lstrip(_EDGE))
        s += lead
        mark = _MARK.match(clean[s:e])
        if mark:
            s += mark.end()
        piece = clean[s:e]
        s += len(piece) - len(piece.lstrip(_EDGE))
        e -= len(piece) - len(piece.rstrip(_EDGE))
        if e > s:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and numbered items of ``text`` (marks and tags excluded)."""
    return _sentences(_nlp()(text)) if text else []


def _inside_quotes(text: str, pos: int) -> bool:
    from indicator_nlp.nlp import inside_quotes

    return inside_quotes(text, pos)


# --------------------------------------------------------------------------- targets


def _is_target(t: Threshold, sentence: str) -> bool:
    if t.op == "qualitative":
        return False
    if t.op == "deadline":
        # "全年完成…面积12万亩": the whole year is the period of the target, not a deadline of its own.
        return not re.fullmatch(r"(?:全年|年内|年度内|本年度|当年)(?:内)?(?:完成)?", t.text)
    if t.unit is None:
        # A bare number in prose is an enumeration, a code or a count without unit, except the
        # value of a coefficient or an index (灌溉水有效利用系数达到0.58).
        left = strip_ops(sentence[: t.start], "")[0]
        return t.value is not None and t.op != "range" and left.endswith(("系数", "指数"))
    if t.unit in ("年", "年度", "月", "日", "号") and (t.value or 0) >= 1:
        # 2024年, 完成2024年度…: a year or a date; 使用年限不少于15年: a duration with an operator.
        if t.unit != "年" or sentence[t.end :].startswith("一遇"):
            return False
        return t.op in (">=", "<=", ">", "<") or strip_ops(sentence[: t.start], "")[0].endswith(
            ("年限", "寿命", "期限")
        )
    if _qualifies_a_rate(t) and _INSIDE_RATE_NAME.match(sentence, t.end):
        return False  # 站点500米覆盖率达到95%, 24小时值班到岗率100%: a part of the rate's name
    if t.unit in ("岁", "周岁") and re.match(r"^(?:及?以上|以下|以内)?的?[^\d，,；;。]", sentence[t.end :]):
        return False  # 65岁以上老年人: an age that qualifies a group
    if t.kind == "voltage" and t.op == "=" and re.match(r"[\u4e00-\u9fff]", sentence[t.end :]):
        return False  # 改造10千伏线路260公里, 35kV变电站: a voltage class names the line, no target
    return True


# The words after a quantity that make it part of a rate's name: name characters ending in a rate
# word, then (after an operator word) the rate's own percentage.
_INSIDE_RATE_NAME = re.compile(
    r"[\u4e00-\u9fff]{0,12}?(?:率|比例|占比)(?:[\u4e00-\u9fff]{0,4}?)(?:≥|≤|>=|<=|>|<)?\s*\d+(?:\.\d+)?\s*[%％]"
)

def _qualifies_a_rate(t: Threshold) -> bool:
    """A distance, a time or an area can qualify a rate (500米覆盖率, 24小时到岗率); a count or an
    amount before a rate (培训300人次合格率) is a target of its own."""
    return t.kind in ("length", "duration", "area")


# A scoring scale ("完成数…达到90%以上的为优"), not a target: listed, not drafted.
_GRADING = re.compile(
    r"的?为(?:优秀?|良好?|中等?|差|合格|不合格|及格)(?:[；;。，,]|$)|^(?:绩效标准|评分标准|评价标准)[:：]"
)


def _lone_unit(t: Threshold, others: list[Threshold]) -> bool:
    """ "1支" in "组建1支24人队伍": one group right before its size is no target of its own."""
    return t.value == 1 and t.unit not in (None, "%") and any(o.start == t.end for o in others)


_CLAUSE_PUNCT = frozenset("，,；;：:")
_CONJUNCTIONS = frozenset({"、", "并", "和", "及", "以及", "且", "并且", "同时"})


def _clauses(
    doc: Any, s: int, sentence: str, spans: list[Threshold], targets: list[Threshold]
) -> list[tuple[int, int]]:
    """Clause spans of ``sentence`` (offsets in the sentence, which starts at ``s`` in ``doc``).

    A clause ends at a punctuation token (，；：) outside every threshold span, quote and
    parenthesis, and at a conjunction token (、, 并, 和 …) lying between two targets
    (``建成物流配送中心1个、乡镇物流服务站15个``).
    """
    e = s + len(sentence)
    cuts: list[tuple[int, int]] = []
    depth = 0
    for tok in doc.char_span(s, e, alignment_mode="expand") or []:
        a = tok.idx - s
        depth += tok.text.count("（") + tok.text.count("(") - tok.text.count("）") - tok.text.count(")")
        if not 0 <= a < len(sentence) or depth > 0:
            continue
        if any(t.start <= a < t.end for t in spans) or _inside_quotes(sentence, a):
            continue
        if tok.text in _CLAUSE_PUNCT:
            cuts.append((a, a + len(tok.text)))
    out, pos = [], 0
    for a, b in cuts:
        out.append((pos, a))
        pos = b
    out.append((pos, len(sentence)))
    # Conjunctions between two targets of one clause.
    final = []
    for cs, ce in out:
        inside = sorted((t for t in targets if cs <= t.start < ce), key=lambda t: t.start)
        pos = cs
        for first, second in zip(inside, inside[1:]):
            for tok in doc.char_span(s + first.end, s + second.start, alignment_mode="contract") or []:
                a = tok.idx - s
                if tok.text in _CONJUNCTIONS and not _inside_quotes(sentence, a) and a > pos:
                    final.append((pos, a))
                    pos = a + len(tok.text)
                    break
        final.append((pos, ce))
    return [(a, b) for a, b in final if sentence[a:b].strip(" \t\u3000")]


def _targets(
    sentence: str, targets: list[Threshold], clauses: list[tuple[int, int]]
) -> list[tuple[Threshold, int, int]]:
    """The primary targets of a sentence with the (start, end) of the clause each names.

    Percentages are the targets of a clause that has any: the counts beside them qualify them
    ("至少75%的青少年…学习到至少1个知识"). A share of a group (a percentage without its own rate
    name) goes on over the clauses after it that hold no percentage, deadline or money target
    ("…能够认识自己的人格气质, 发现至少1种自身优势"); a rate (路面修复合格率达到98%) does not.
    """
    if not targets:
        return []
    per_clause: dict[int, list[Threshold]] = {}
    for t in targets:
        for i, (s, e) in enumerate(clauses):
            if s <= t.start < e:
                per_clause.setdefault(i, []).append(t)
                break

    def is_share(i: int) -> bool:
        s, e = clauses[i]
        return any(t.unit == "%" and not is_rate(sentence[s:e], t, s) for t in per_clause.get(i, []))

    def own_target(i: int) -> bool:
        return any(
            t.unit == "%" or t.op == "deadline" or "元" in (t.unit or "") for t in per_clause.get(i, [])
        )

    groups: list[list[int]] = []
    for i in range(len(clauses)):
        prev = groups[-1] if groups else None
        if prev is not None and is_share(prev[0]) and prev[-1] == i - 1 and not own_target(i):
            prev.append(i)
        elif per_clause.get(i):
            groups.append([i])
    out: list[tuple[Threshold, int, int]] = []
    for g in groups:
        ts = [t for j in g for t in per_clause.get(j, [])]
        pct = [t for t in ts if t.unit == "%"]
        s, e = clauses[g[0]][0], clauses[g[-1]][1]
        for t in pct if pct and is_share(g[0]) else per_clause[g[0]]:
            out.append((t, s, e) if t.unit == "%" else (t, *clauses[g[0]]))
    return out


_UMBRELLA = re.compile(r"(?:任务|工程|项目|工作)(?:完成|实施)情况$")


# A change down to a level written before its number (下降到, 降至, 压减到).
_TO_LEVEL = re.compile(r"(?:下降|降低|减少|压减|压缩|缩短|降)(?:到|至)\s*$")


def _lower_is_better(name: str) -> bool:
    from indicator_nlp.review.context import words

    return any(w in name for w in words("reverse_direction")) and not any(
        w in name for w in words("forward_override")
    )


# --------------------------------------------------------------------------- entry points


def _shift(t: Threshold, by: int, **changes: Any) -> Threshold:
    return replace(t, start=t.start + by, end=t.end + by, **changes)


def draft_text(
    text: str, file: str = "text", section: str | None = None, project: str | None = None
) -> list[DraftRow]:
    """Rows for one narrative text, without categories (see :func:`draft`)."""
    if not text.strip():
        return []
    doc = _nlp()(text)
    spans = [sp._.threshold for sp in doc.spans["thresholds"]]
    rows: list[DraftRow] = []

    def row(name, t, value, s, e, kind, measurable):  # noqa: ANN001, ANN202 (local constructor)
        return DraftRow(
            file, name, value=value, project=project, threshold=[t] if t else [], source="drafted",
            sentence=text[s:e], span=(s, e), measurable=measurable, section=section, kind=kind,
            note=_KIND_NOTES.get(kind or ""),
        )  # fmt: skip

    for s, e in _sentences(doc):
        sentence = text[s:e]
        ths = [_shift(t, -s) for t in spans if s <= t.start and t.end <= e]
        grading = bool(_GRADING.search(sentence))
        # A number inside a quoted name (“1个总站+N个分站”, “12355”) names something; it is no target.
        cand = [t for t in ths if _is_target(t, sentence) and not _inside_quotes(sentence, t.start)]
        cand = [t for t in cand if not _lone_unit(t, cand)]
        clauses = _clauses(doc, s, sentence, ths, cand)
        targets = [] if grading else _targets(sentence, cand, clauses)
        # The events, activities, improvements and effects named by the clauses no numeric
        # target covers ("开展法治讲座不少于10场，建立青少年法律援助机制": the second is an event).
        quals = []
        if not grading:
            for cs, ce in clauses:
                if any(ts <= cs < te for _, ts, te in targets):
                    continue
                quals.extend(qualitative(sentence, cs, ce, partial(_inside_quotes, sentence)))
        if targets:
            # "完成县人民医院住院楼改造工程，新增床位120张…", "通过实施…项目，改造学校食堂15所…": the
            # whole task (or its completion in the leading clause) is what the numbers measure.
            first = clauses[0][1] if clauses else 0
            quals = [
                q for q in quals
                if not (q[0] in ("event", "activity") and _UMBRELLA.search(q[1]))
                and not (q[0] == "event" and q[1].endswith("完成情况") and q[2] < first)
            ]  # fmt: skip
        qual_rows = [
            row(name, Threshold(sentence[vs:ve], vs + s, ve + s, "qualitative", label=sentence[vs:ve]),
                sentence[vs:ve], s, e, kind, kind in MEASURABLE_KINDS)
            for kind, name, vs, ve in quals
        ]  # fmt: skip
        if not targets and not qual_rows:
            rows.append(row(None, None, None, s, e, None, False))
            continue
        drafted = []
        prev_stem = ""
        for t, cs, ce in targets:
            clause = sentence[cs:ce]
            for x in cand:
                if x.op == "deadline" and x is not t and cs <= x.start and x.end <= ce:
                    # "支出进度于9月底前达到75%": the date is the target's own, not part of its name.
                    a, b = x.start - cs, x.end - cs
                    clause = clause[:a] + " " * (b - a) + clause[b:]
            name = derive_name(clause, t, offset=cs) or sentence[:20]
            response = response_time(clause, t, cs)
            if response:
                name, t = response
            for x in ths:
                if x is not t and "%" not in (x.unit, t.unit) and (x.end == t.start or x.start == t.end):
                    # A compound value ("≥66个388节次", "1支24人"): the neighbour's words are not
                    # part of this target's name.
                    name = name.replace(x.text, "")
            if prev_stem and time_only(name):
                # "编印《公报》每月3000本, 一年12期": the clause names only a period; what is
                # counted is the previous target's subject.
                name = prev_stem + _MEASURE.get(t.unit or "", "数量")
            prev_stem = stem(name) if t.unit != "%" else prev_stem
            to_level = _TO_LEVEL.search(clause[: t.start - cs]) if t.op == "=" else None
            if to_level:
                # "PM2.5年均浓度下降到28微克/立方米": a level to come down to is a ceiling, whatever the
                # unit (a level to rise to keeps its value as tables write it: 低保标准提高到6000元).
                t = replace(t, op="<=")
            elif t.op == "=" and t.unit == "%" and 0 < (t.value or 0) < 100:
                # A bare percentage in a narrative goal ("有85%至少清楚…", "结案率95%") is a floor,
                # or a ceiling for what should stay low (投诉率, 再犯率 ...).
                t = replace(t, op="<=" if _lower_is_better(name) else ">=")
            unit = per_unit(clause, t, cs)
            if unit:
                t = replace(t, unit=(t.unit.split("/")[0] if "/" in t.unit else t.unit) + unit)
            kind = "deadline" if t.op == "deadline" else "number"
            drafted.append((t.start, row(name, _shift(t, s), value_text(t), s, e, kind, True)))
        drafted.extend((r.target.start - s, r) for r in qual_rows)
        rows.extend(r for _, r in sorted(drafted, key=lambda x: x[0]))
    return rows


def _sections(filing: Filing, doc: Document | None) -> Iterator[tuple[str, str | None, str]]:
    """(text, task or project, section) of every narrative part of a filing."""
    seen: set[str] = set()

    def once(text: str | None) -> bool:
        key = re.sub(r"\s+", "", text or "")
        if not key or key in seen:
            return False
        seen.add(key)
        return True

    for goal in filing.goals:
        if once(goal):
            yield goal, None, "总体绩效目标"
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
    if isinstance(path_or_text, Filing):
        file = path_or_text.file
        parts = list(_sections(path_or_text, None))
    elif _looks_like_path(path_or_text):
        from indicator_nlp.readers import read_filing
        from indicator_nlp.structure._filing import build_filing

        file = str(path_or_text)
        doc = read_filing(path_or_text)
        parts = list(_sections(build_filing(doc), doc))
        if not parts:
            # A file of plain prose (goals written as paragraphs): every paragraph is narrative,
            # and its headings (部门职责, 年度绩效目标) are listed as sentences with no target.
            parts = [(b.text, None, "text") for b in doc.paragraphs if b.text.strip()]
    else:
        file = "text"
        parts = [(str(path_or_text), None, "text")]
    rows: list[DraftRow] = []
    for text, project, section in parts:
        rows.extend(draft_text(text, file, section, project))
    classify_rows(rows, model, layout)
    for r in rows:
        r.layout = layout if r.level1 else None
    if measurable_only:
        return [r for r in rows if r.measurable]
    return [r for r in rows if r.kind] if rows_only else rows


# A heading that opens the goals of a filing written in prose, and one that opens another part.
_GOAL_HEAD = re.compile(
    r"(?:年度|总体|整体|预期|部门|项目)?(?:绩效)?目标(?:[:：]|$)|^[一二三四五六七八九十\d]+[、.．]\s*\S{0,12}目标"
)
_OTHER_HEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[部章节]分?|[（(][一二三四五六七八九十]+[）)])"
)


def _goal_text(doc: Document) -> list[str]:
    """The paragraphs under the goal headings of a filing written in prose (年度绩效目标 …), up to
    the next heading of another part (部门职责, 保障措施 …). Headings themselves are not goals."""
    out: list[str] = []
    inside = False
    for block in doc.paragraphs:
        for line in block.text.splitlines():
            line = line.strip()
            if not line:
                continue
            head = len(line) <= 30 and not re.search(r"[，,；;。]", line.rstrip("。"))
            if head and _GOAL_HEAD.search(line):
                inside = True
                continue
            if head and _OTHER_HEAD.match(line):
                inside = False
                continue
            if inside:
                out.append(line)
    return out


def narrative_indicators(filing: Filing, doc: Document, *, model: Any = None, layout: str = "2021") -> Filing:
    """``filing`` with indicator rows drafted from its goal prose, when it has no indicator table.

    The structurer's fallback for a filing written in prose (a 部门整体支出绩效目标 as numbered
    paragraphs, a 自评报告): its goal paragraphs (or, failing a goal heading, its 总体绩效目标,
    tasks' and projects' goals) are drafted; every drafted row becomes an indicator with
    ``source="drafted"`` and the classifier's levels, and the filing's kind is ``narrative``.
    Headings, titles and duty statements give no row. A filing with indicators is returned as is.
    """
    if filing.indicators:
        return filing
    parts = [(text, None, "text") for text in _goal_text(doc)] or list(_sections(filing, doc))
    rows: list[DraftRow] = []
    for text, project, section in parts:
        rows.extend(r for r in draft_text(text, filing.file, section, project) if r.kind)
    if not rows:
        return filing
    classify_rows(rows, model, layout)
    for i, r in enumerate(rows):
        r.row = i
        r.layout = layout if r.level1 else None
    filing.indicators = list(rows)
    filing.kind = "narrative"
    return filing


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
    "narrative_indicators",
]
