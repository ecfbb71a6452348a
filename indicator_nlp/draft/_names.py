"""Indicator names and table values for the targets of a clause.

A name comes from the clause's own words: the subject the number measures, the completion of
the clause's task for a deadline, the group of people a share is taken of (see the module
docstring of :mod:`indicator_nlp.draft` for the rules, with examples).
"""

from __future__ import annotations

import re
from functools import cache

from indicator_nlp.types import Threshold

# Words of a clause that say how the target compares, besides the lexicon's operator words: a
# change to a level (提高到, 控制在预算的) or keeping one (保持在).
_CLAUSE_OPS_BEFORE = (
    r"控制在[^，,]{0,6}?(?:预算|计划)(?:数|金额)?(?:的)?|(?:提高|提升|增加|增长|降低|下降|减少|控制|上升|保持|缩短|压缩|压减|降)(?:到|至|在)"
    r"|保持在|稳定在|维持在|保持"
)
_CLAUSE_OPS_AFTER = r"多"  # 80多人: about, not an operator
_COMPARISONS = (">=", ">", "<=", "<", "=")


@cache
def _op_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(before, after): the operator words at the end of the words before a target and at the
    start of the words after it, from the lexicon (data/thresholds.json) and the clause words above."""
    from indicator_nlp.lexicon import operator_words

    def alt(where: str) -> str:
        words = {w for op in _COMPARISONS for w in operator_words(op, where=where)}
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    return (
        re.compile(rf"(?:{_CLAUSE_OPS_BEFORE}|{alt('before')})$"),
        re.compile(rf"^(?:{alt('after')}|{_CLAUSE_OPS_AFTER})"),
    )


_LEAD = re.compile(
    r"^(?:(?:(?:19|20)\d{2}年度?(?:内|起|底前)?|(?:到|至)(?:19|20)\d{2}年底?|“?十[一二三四五六七八九]五”?(?:期间|时期|末)?"
    r"|全年|年内|本年度|年度|当年|项目周期内|计划|力争|确保|保证|争取|预计|实现|使|让|通过|并|且|和|及|同时|其中"
    r"|进一步|继续|累计|共|完成|于|高标准|高质量|扎实|积极|深入|持续|全面|大力|按时|按期|组织"
    r"|(?:项目|工程)?(?:建成|实施|完成|改造|治理|整治|修缮|竣工|投用|投运|运行)后)\s*)+"
)
# Modal and filler words dropped from names; 能 only as a modal (not in 能力, 技能, 功能, 失能 ...):
# a word of its own in the segmentation, and not a known ending or start of a word (产能, 赋能).
_FILLER = re.compile(r"相应|能够|(?<=[建设运营做抓办])好")
_MODAL = re.compile(r"(?<![技才功智体职性动效潜本机体失节产储热电光风核赋势])能(?![力源耗效手量])")
_PEOPLE = re.compile(r"(?:的人|的人员)$")

# The measure word a unit gives a name (场 → 场次). Units absent here add 数量.
MEASURE = {
    "场": "场次", "场次": "场次", "次": "次数", "人次": "人次", "人": "人数", "名": "人数", "位": "人数",
    "户": "户数", "个": "数量", "项": "数量", "篇": "篇数", "期": "期数", "家": "数量", "所": "数量",
    "支": "数量", "张": "数量", "台": "台数", "套": "套数", "件": "件数", "份": "份数", "条": "条数",
    "课时": "课时数", "学时": "学时数", "小时": "时长", "天": "天数", "日": "天数", "节次": "节次",
    "公里": "里程", "千米": "里程", "米": "长度", "平方米": "面积", "亩": "面积", "公顷": "面积",
    "平方公里": "面积", "个百分点": "幅度", "百分点": "幅度", "种": "种类数", "批": "批次", "班": "班次",
    "所次": "次数", "万人": "人数", "万人次": "人次", "册": "册数", "吨": "量", "立方米": "量",
    "万立方米": "量", "千瓦时": "量", "年": "年限", "届": "届数", "页": "页数", "家次": "家次", "户次": "户次",
    "批次": "批次", "起": "起数", "宗": "宗数", "辆": "数量", "座": "数量", "处": "数量", "例": "例数",
    "分钟": "时间", "秒": "时间", "个工作日": "时间", "工作日": "时间", "个月": "时长", "周": "周数",
    "台次": "台次", "车次": "车次", "架次": "架次", "艘次": "艘次",
}  # fmt: skip
MONEY_TAILS = (
    "金额",
    "资金",
    "经费",
    "费用",
    "成本",
    "投资",
    "补贴",
    "补助",
    "收入",
    "收益",
    "产值",
    "损失",
    "标准",
    "支出",
    "预算",
    "额",
    "费",
    "金",
)
RATE_TAILS = ("率", "比例", "比率", "占比", "度", "系数", "指数", "水平")
# A name already ending with what it measures takes no measure word (治理水土流失面积, 年削减化学需氧量).
_MEASURED = ("数", "数量", "人次", "次数", "规模", "总量", "量", "面积", "长度", "里程", "河长", "年限", "期限",
             "时间", "时长", "时限", "周期", "能力", "等级", "人口", "浓度", "含量", "密度", "强度", "能耗")  # fmt: skip
# A change of a quantity (亩产提高50公斤): the name is the size of the change.
_CHANGE = re.compile(r"(?:较上年|同比|比上年)?(?:提高|提升|增长|上升|降低|下降)$")
# A per-unit rate written before its subject (保洁员每人每月补助不超过1200元): the unit is the rate's.
# The things a rate can be per: the counting and measuring units of the lexicon (data/thresholds.json:
# 吨, 公里, 床 ...) and the people and places of a service (生, 车, 校).
_PER_EXTRA = ("人", "户", "生", "车", "台", "亩", "床", "次", "校", "村", "处", "所", "个")
_PERIOD_WORDS = "年|月|天|日|周|季度|学期"


@cache
def _lexicon_units() -> frozenset[str]:
    """The counting and measuring units of the threshold lexicon written in Chinese (个, 座, 吨, 公里 …)."""
    from indicator_nlp.lexicon import unit_words

    return frozenset(
        u for k in ("count", "mass", "area", "length", "volume") for u in unit_words(k)
        if re.fullmatch(r"[\u4e00-\u9fff]+", u)
    )  # fmt: skip


def _alt(words: frozenset[str] | set[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _per_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(每X每period, 每X at the end, 每X at the end not a count of times) over the lexicon's units."""
    units = _lexicon_units() | set(_PER_EXTRA)
    alt = _alt(units)
    things = _alt(units - {"次", "人次", "场", "场次", "期"})
    return (
        re.compile(rf"每({alt})每({_PERIOD_WORDS})"),
        re.compile(rf"每({alt})$"),
        re.compile(rf"每({things})$"),
    )
# One per-unit word right before a money target (养护资金每公里不超过6000元 → 元/公里): _per_patterns.
# One per-unit word before the money word of the subject (讲解服务每场次成本, 每户改造补助标准).
_PER_IN = re.compile(
    r"每(场次|人次|公里|平方米|亩|人|户|生|床|台|套|次|场|期)(?=[^每]{0,2}(?:成本|费用|补助|补贴|标准|单价|造价)[^每]{0,2}$)"
)


def strip_ops(left: str, right: str) -> tuple[str, str]:
    before, after = _op_patterns()
    left = before.sub("", left.rstrip()).rstrip()
    right = after.sub("", right.lstrip()).lstrip()
    return left, right


# The funds that pay for a task, leading its clause ("使用衔接补助资金实施产业发展项目", "省级专项资金
# 支持技术改造项目"): what is measured is the task, not the funds.
_FUNDED_BY = re.compile(
    r"^(?:使用|利用|运用|依托|安排|统筹)?[^，,、；;]{2,24}?(?:资金|经费|基金)(?=支持|实施|用于|扶持|开展)(?:用于)?"
)


def _drop_modal(name: str) -> str:
    """``群众能及时就医`` → ``群众及时就医``; 能 inside a word (产能, 储能, 节能) stays."""
    if not _MODAL.search(name):
        return name
    from indicator_nlp.text import tokenize

    if "能" not in tokenize(name):
        return name
    return _MODAL.sub("", name)


def tidy(name: str) -> str:
    name = re.sub(r"[（(][^（）()]*[）)]", "", name)  # parenthetical details make names long
    name = _FUNDED_BY.sub("", name.strip())
    name = _LEAD.sub("", name.strip(" ，,、：:；;。的"))
    name = _FILLER.sub("", name)
    name = _drop_modal(name)
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"[，,](?![^“”]*”)", "、", name)  # a name continued over two clauses (not “…，…”)
    return name.strip(" ，,、：:；;。")


# A response time written as a relative deadline ("火警接警后5分钟内出动", "接报后2小时内到达现场"):
# a duration, not a date.
_RESPONSE = re.compile(r"后(\d+(?:\.\d+)?)(分钟|小时|秒)(?:内|以内|之内)$")


def response_time(clause: str, t: Threshold, offset: int = 0) -> tuple[str, Threshold] | None:
    """(name, ≤ duration) of a relative deadline counted in minutes or hours, else None."""
    if t.op != "deadline" or t.date:
        return None
    m = _RESPONSE.search(t.text)
    if not m:
        return None
    verb = re.split(r"[，,。；;、]", clause[t.end - offset :], maxsplit=1)[0]
    start = clause[: t.start - offset] + t.text[: m.start()]
    name = tidy(start + verb)
    duration = Threshold(
        t.text, t.start, t.end, "<=", value=float(m.group(1)), unit=m.group(2), kind="duration", primary=t.primary
    )
    return (name + "时间" if not name.endswith(("时间", "时限")) else name), duration


def _subject(left: str) -> str:
    """The group of people a share is taken of: ``接受服务的服务对象有`` → ``接受服务的服务对象``."""
    return re.sub(r"(?:中|有|当中|里|里面|之中|的)+$", "", left.strip())


# "接受服务的服务对象", "参与相应服务的对象": every beneficiary was served; the qualifier adds nothing.
_GENERIC_SUBJECT = re.compile(r"^(?:接受|参与)(?:相应)?服务(?:后)?的(?:服务)?对象")


def is_rate(clause: str, t: Threshold, offset: int = 0) -> bool:
    """A percentage that follows its own rate name (``路面修复合格率达到98%``): a complete target,
    not the share of a group that the next clauses go on describing."""
    left, right = strip_ops(clause[: t.start - offset], clause[t.end - offset :])
    return bool(tidy(left).endswith(RATE_TAILS) or _CHANGE.search(tidy(left))) and not right.strip(
        " ，,。；;"
    )


_PERIODS = frozenset({"年", "月", "天", "日", "周", "季度", "学期"})


def per_unit(clause: str, t: Threshold, offset: int = 0) -> str | None:
    """``/人/月`` when a money target's per-unit words stand before its subject, else None.

    A unit already per a period (元/年) with its thing before it (每生每年2000元) comes back whole
    (``/生/年``): it replaces the period part."""
    if not t.unit or "元" not in t.unit:
        return None
    left = clause[: t.start - offset]
    if "/" in t.unit:
        # "助学金每生每年2000元": the period was read with the number (元/年); the unit it is per
        # stands right before it (→ 元/生/年).
        one = _per_patterns()[2].search(left.rstrip())
        base, _, per = t.unit.partition("/")
        if t.text.startswith("每") and per.count("/") == 1:
            return f"/{per}" if base == "元" else None  # 每生每年2000元 read whole: 元/生/年 already
        if one and per in _PERIODS and "/" not in per:
            return f"/{one.group(1)}/{per}" if base == "元" else None
        return None
    m = _per_patterns()[0].search(left)
    if m:
        return f"/{m.group(1)}/{m.group(2)}"
    one = _per_patterns()[1].search(strip_ops(left, "")[0]) or _PER_IN.search(strip_ops(left, "")[0])
    return f"/{one.group(1)}" if one else None


def derive_name(clause: str, t: Threshold, offset: int = 0) -> str:
    """A short indicator name for the target ``t`` inside ``clause`` (``t`` spans are offset by ``offset``)."""
    return _GENERIC_SUBJECT.sub("服务对象", _derive_name(clause, t, offset))


# A completion verb at the end of a task makes the name "<task>时间" (完工时间, 项目竣工验收时间);
# other tasks are "<task>完成时间" (体检数据录入完成时间).
_DONE = ("完工", "竣工", "建成", "投用", "投入使用", "交付使用", "验收", "到户", "到位", "上线", "报送",
         "上报", "提交", "拨付", "兑付", "发放", "开工", "完成")  # fmt: skip


@cache
def _count_in_task() -> re.Pattern[str]:
    """A number and its counting (or measuring) unit inside a task's words (``建成污水处理站3座``)."""
    alt = _alt(_lexicon_units())
    return re.compile(rf"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两]+)(?:万|千|百)?(?:{alt})(?![\u4e00-\u9fff]{{0,1}}[率度])")


def deadline_name(left: str, right: str, written: str = "") -> str:
    """``11月底前全部完工`` → ``完工时间``; ``12月底前完成全部体检数据录入`` → ``体检数据录入完成时间``.

    ``written`` is the deadline as written: a completion verb inside it (``12月31日前完工``) ends
    the task when nothing follows."""
    left = re.sub(r"(?:于|在|将|要|须|必须|到|至|截至|截止)$", "", left.strip())
    done = re.search(r"(?:前|之前)(" + "|".join(_DONE) + r")$", written)
    if done and done.group(1) != "完成":
        right = done.group(1) + right.strip()  # 12月底前竣工验收: the verb is part of the task
    right = re.sub(r"^(?:全部|全面|如期|按期|按时|顺利)+", "", right.strip())
    task = tidy(left + right)
    task = re.sub(r"(?<=.)(?:全部|全面|如期|按期|按时|顺利)+(?=.)", "", task) or "项目"
    task = re.sub(r"(?:结束|前|之前)$", "", task)
    # "2024年底前建成污水处理站3座": the count has a row of its own; the time is the task's.
    task = _count_in_task().sub("", task) or task
    # "资金拨付到位" → 资金拨付: 到位 adds nothing to a completion verb.
    task = re.sub(rf"(?<=..)({'|'.join(_DONE)})到位$", r"\1", task)
    # "建成污水处理站" → 污水处理站建成时间, as tables name it (the object first).
    lead = re.match(rf"^({'|'.join(v for v in _DONE if v != '完成')})(?=.{{2,}})", task)
    if lead and not task.endswith(_DONE):
        return task[lead.end():] + lead.group(1) + "时间"
    # "报告于次年3月底前报送财政部门": the recipient is no part of the task's name.
    task = re.sub(r"(?<=..)(报送|上报|提交)(?:至|到|给)?[^，,、]{2,6}$", r"\1", task)
    if task.endswith(("时间", "时限")):
        return task
    if task.endswith(_DONE):
        return task.removesuffix("完成") + ("完成时间" if task.endswith("完成") else "时间")
    return task + "完成时间"


_BLANKED_DATE_WORD = re.compile(r"(?:截至|截止|到|至)(?=\s{2,})")

# "为全县1500名困难残疾人发放生活补贴": the people a service is given to (the place is the filing's).
_FOR = re.compile(r"[为对](?:全县|全市|全区|全省|全镇|全乡|辖区|本地|当地)?")
_FOR_VERBS = "提供|免费提供|发放|开展|实施|配送|配备|安装|培训"


def _derive_name(clause: str, t: Threshold, offset: int) -> str:
    # "到2025年底建成…5个": the date was blanked; its preposition goes with it (same length).
    clause = _BLANKED_DATE_WORD.sub(lambda m: " " * len(m.group()), clause)
    s, e = t.start - offset, t.end - offset
    left, right = strip_ops(clause[:s], clause[e:])
    # A target inside brackets (新建充电桩300个（其中快充桩不少于120个）) is named by the words inside.
    opened = max(left.rfind("（"), left.rfind("("))
    if opened >= 0 and not re.search(r"[）)]", left[opened:]):
        left = re.sub(r"^(?:其中|含|包括|包含)[：:，,]?", "", left[opened + 1 :])
        right = re.split(r"[）)]", right, maxsplit=1)[0]
    # Other numbers of the clause stay as written ("至少1种"); the target's own words are gone.
    if t.op == "deadline":
        return deadline_name(left, right, t.text)
    unit = t.unit or ""
    if unit in ("%", "‰") or (not unit and tidy(left).endswith(RATE_TAILS)):
        left = re.sub(r"(?:于|在)\s*$", "", left.rstrip())  # 支出进度于9月底前达到75% (the date is blanked)
        # 免疫密度常年保持在90%以上: how long the rate holds is no part of its name.
        left = re.sub(r"(?<=..)(?:常年|长期|始终|全年|每年|均|稳定)\s*$", "", left.rstrip())
        if tidy(left).endswith(RATE_TAILS) and not right.strip(" ，,。；;"):
            return tidy(left)
        if _CHANGE.search(tidy(left)) and not right.strip(" ，,。；;"):
            return tidy(left) + "幅度"  # 万元GDP用水量较上年下降3%
        if left.rstrip().endswith("的") and not right.strip(" ，,。；;"):
            return tidy(left) + "的比例"
        subject = tidy(_subject(left))
        rest = _PEOPLE.sub("", right.strip())
        rest = re.sub(r"^(?:的人|的人员|的|人)", "", rest)
        rest = tidy(rest)
        if not rest:
            return (subject + "比例") if subject else "比例"
        return f"{subject}{rest}的比例" if not rest.endswith(RATE_TAILS) else f"{subject}{rest}"
    per = per_unit(clause, t, offset)
    if per:
        per_all, per_one, per_thing = _per_patterns()
        left = per_thing.sub("", _PER_IN.sub("", per_one.sub("", per_all.sub("", left))).rstrip())
    # "孤儿基本生活费按每人每月1500元标准发放": the amount is the standard of what comes before.
    if re.match(r"^的?标准", right) and re.search(r"(?:按|按照|执行)$", left):
        return tidy(re.sub(r"(?:按|按照|执行)$", "", left)) + "标准"
    # "为2000名高龄失能老人提供上门服务": the people of the service → 上门服务高龄失能老人人数.
    m = re.match(
        rf"^(?P<who>[^，,、]{{2,16}}?)(?P<adv>免费|无偿|定期|集中|上门)?(?P<verb>{_FOR_VERBS})(?P<what>[^，,、]{{2,16}})$",
        right.strip(),
    )
    if (_FOR.fullmatch(left.strip()) or t.text.startswith(("为", "对"))) and m:
        verb = "" if m.group("verb") == "提供" else m.group("verb")
        adv = m.group("adv") or ""
        return tidy(adv + verb + m.group("what") + m.group("who")) + MEASURE.get(unit, "数量")
    # The words after a count name what is counted only up to a conjunction: in
    # "编印《画册》30本和《指南》1000" the right side names another item.
    right = re.split(r"和|及|与|并|以及|、|；|;", right, maxsplit=1)[0]
    if _CHANGE.search(left) and unit and "元" not in unit:
        return tidy(left) + "幅度"
    left = re.sub(r"(?<=.)(?:全县|全市|全区|全省|全镇|全乡)$", "", left.rstrip())  # 覆盖全县18个乡镇
    base = tidy(left + right) if right.strip() and not left.strip() else tidy(left) + tidy(right)
    if "元" in unit:
        if per and per.count("/") == 2 and base.endswith(("金", "费")):
            return base + "标准"  # 助学金每生每年2000元: an amount per person and period is a standard
        return base if base.endswith(MONEY_TAILS) else base + "金额"
    measure = MEASURE.get(unit, "数量")
    if base.endswith((measure, *_MEASURED)):
        return base
    return base + measure


_TIME_ONLY = re.compile(r"(?:一年|每年|全年|年度|每月|每季度?|每周|每天|一次|单次)?")
_MEASURE_TAILS = tuple(sorted({*MEASURE.values(), "金额", "数量"}, key=len, reverse=True))


def time_only(name: str) -> bool:
    """A name that says only a period (``一年期数``): what is counted is the previous target's."""
    return bool(_TIME_ONLY.fullmatch(stem(name)))


def stem(name: str) -> str:
    """A drafted name without its measure word (``编印《公报》数量`` → ``编印《公报》``)."""
    for tail in _MEASURE_TAILS:
        if name.endswith(tail):
            return name[: -len(tail)]
    return name


def _num(x: float) -> str:
    from indicator_nlp.thresholds import plain_number

    return plain_number(x)


def value_text(t: Threshold) -> str:
    """A threshold written the way an indicator table expects it (``≥85%``, ``12月31日前``, ``11月底前``)."""
    sym = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": ""}
    unit = t.unit or ""
    if t.op in sym and t.value is not None:
        return f"{sym[t.op]}{_num(t.value)}{unit}"
    if t.op == "range" and t.low is not None and t.high is not None:
        return f"{_num(t.low)}-{_num(t.high)}{unit}"
    if t.op == "deadline" and t.label:
        # A recurring or relative deadline (每季度末前, 次年3月底前, 项目批复后6个月内) is written as
        # it was: no date says it better.
        written = re.sub(r"^(?:于|在)", "", t.text)
        return re.sub(r"(?<=[前内])(?:" + "|".join(_DONE) + r")$", "", written)
    if t.op == "deadline" and t.date:
        end_of = "底" in t.text or "末" in t.text  # 11月底前 stays "底": the date was read, not written
        y, _, rest = t.date.partition("-")
        if t.date.startswith("--"):
            m, _, d = t.date[2:].partition("-")  # --12-31 or --11 (a month without a day)
            return f"{int(m)}月底前" if end_of or not d else f"{int(m)}月{int(d)}日前"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.date):
            m, d = rest.split("-")
            return f"{y}年{int(m)}月底前" if end_of else f"{y}年{int(m)}月{int(d)}日前"
        if re.fullmatch(r"\d{4}-\d{2}", t.date):
            return f"{y}年{int(rest)}月底前" if end_of else f"{y}年{int(rest)}月前"
    return t.text
