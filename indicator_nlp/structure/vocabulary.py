"""The words the structurer recognises in filings: column headers, metadata keys, section names.

Sources: the column headers of the forms in 财预〔2020〕10号 (项目支出绩效目标表, 绩效自评表) and
财预〔2021〕101号, the Guangdong/Hebei/Chongqing/Hubei forms seen in the seeds and the SSTQA
workbooks, and common variants of the same forms (指标解释, 目标值, 实际完成值 …). Keys are *folded*
(see :func:`fold`): no white space, no bracketed unit such as ``（万元）``/``(%)``, no punctuation.
A test loads these tables and checks them (no key in two roles, every role known).
"""

from __future__ import annotations

import re
from functools import lru_cache

from indicator_nlp.text import fold as text_fold

# Column roles of an indicator table. Keep in sync with structure/_filing.py (_FIELD_OF_ROLE).
INDICATOR_ROLES = (
    "level1", "level2", "label", "name", "description", "value", "period_value", "basis",
    "operator", "unit", "actual", "weight", "score", "deviation", "criteria", "note",
    "task", "task_goal", "task_done", "task_funds", "index",
)  # fmt: skip

# Header cell (folded) → role. Exact matches first; _HEADER_PREFIXES below catch longer variants.
HEADER_WORDS: dict[str, str] = {
    # levels
    "一级指标": "level1", "一级": "level1", "一级指标名称": "level1",
    "二级指标": "level2", "二级": "level2", "二级指标名称": "level2",
    "指标类型": "label", "指标类别": "label", "指标分类": "label",
    # the indicator itself
    "三级指标": "name", "三级": "name", "三级指标名称": "name", "指标名称": "name",
    "指标内容": "name", "关键指标": "name", "具体指标": "name", "绩效指标名称": "name",
    "绩效指标": "name", "考核指标": "name",
    "绩效指标描述": "description", "指标描述": "description", "指标解释": "description",
    "指标说明": "description", "指标定义": "description",
    # target values
    "指标值": "value", "年度指标值": "value", "年度目标值": "value", "目标值": "value",
    "预期实现值": "value", "预期值": "value", "绩效指标值": "value", "指标目标值": "value",
    "年初目标值": "value", "年度指标目标值": "value", "全年指标值": "value", "计划值": "value",
    "年度计划值": "value", "预期指标值": "value", "计划指标值": "value", "数值": "value",
    "指标数值": "value", "目标数值": "value", "标准值": "value", "指标标准值": "value",
    "实施周期指标值": "period_value", "实施期指标值": "period_value", "中期指标值": "period_value",
    "指标值确定依据": "basis", "确定依据": "basis", "指标值设定依据": "basis", "设定依据": "basis",
    "指标值设定依据及数据来源": "basis", "数据来源": "basis", "指标来源": "basis",
    "指标性质": "operator", "指标方向": "operator", "计算符号": "operator", "运算符号": "operator",
    "比较符号": "operator", "符号": "operator", "性质": "operator", "方向": "operator",
    "计量单位": "unit", "度量单位": "unit", "单位": "unit", "指标单位": "unit", "指标值单位": "unit",
    # self-evaluation
    "全年完成值": "actual", "指标完成情况": "actual", "实际完成值": "actual", "完成值": "actual",
    "实际完成情况": "actual", "全年实际完成值": "actual", "实际值": "actual", "完成情况": "actual",
    "全年实际值": "actual", "执行情况": "actual", "实际完成指标值": "actual",
    "年度实际完成值": "actual", "实际达成值": "actual",
    "指标权重": "weight", "权重": "weight", "分值": "weight", "权重分": "weight",
    "得分": "score", "自评得分": "score", "评分": "score", "实际得分": "score",
    "偏差原因": "deviation", "偏差原因分析及改进措施": "deviation", "未完成原因": "deviation",
    "偏差原因分析": "deviation", "未完成原因分析": "deviation",
    "评价标准": "criteria", "评分标准": "criteria",
    "备注": "note",
    "序号": "index", "编号": "index", "指标序号": "index",
    # task columns of a self-evaluation (主要任务 | 预期目标 | 目标完成情况 | 关键指标 ...)
    "主要任务": "task", "任务名称": "task",
    "预期目标": "task_goal", "目标完成情况": "task_done",
    "任务涉及资金": "task_funds", "涉及资金": "task_funds",
}  # fmt: skip

# Name words that only name the indicator when no other column does: beside 三级指标 the national
# template's 绩效指标 is the section cell merged down the left of the table, and 指标内容 describes
# the indicator (its role then is the one given here; None: not a column of the indicator).
WEAK_NAME_WORDS: dict[str, str | None] = {"绩效指标": None, "指标内容": "description", "考核指标": None}

# Longer headers that begin with a known word ("偏差原因分析及改进措施说明").
HEADER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("偏差原因", "deviation"),
    ("未完成原因", "deviation"),
    ("指标值确定依据", "basis"),
    ("指标值设定依据", "basis"),
    ("全年完成值", "actual"),
    ("实际完成", "actual"),
)

# Headers outside the exact words, read by their head words (the folded header, whole). Order
# matters: the first pattern that matches gives the role. Sources: headers printed by provinces
# whose forms differ from the national template (指标层级, 绩效指标类别, 指标子类, 评价指标, 考核内容,
# 指标名称及内容, 绩效目标值, 预期目标值, 年度预期目标, 指标权数, 计分权重 …). A role read this way
# is weaker than an exact word of the same row (see :func:`header_roles`).
HEADER_HEADS: tuple[tuple[str, str], ...] = (
    (r"^一级", "level1"),
    (r"^二级", "level2"),
    (r"^三级", "name"),
    # a category column: 类别, 指标子类, 指标层级, 考核维度 … (level 1 or 2 told by its cells)
    (r"^(?:绩效|考核|评价)?(?:指标)?(?:类别|类型|分类|大类|子类|小类|层级|层次|级次|级别|维度)$", "label"),
    (r"^(?:实施周期|实施期|中期)", "period_value"),
    (r"^(?:实际|全年实际|年度实际)", "actual"),
    (r"^(?:年度|全年)?完成(?:数|量)?$", "actual"),
    # a header is what its last word says: 指标值说明 explains the value, it is no value
    (r"(?:解释|说明|描述|定义|口径)$", "description"),
    # targets: …指标值/…目标值/…预期值, 年度目标, 年度预期目标, 预期指标 …
    (r"(?:指标|目标|预期|计划|标准)值|^(?:年度|全年|绩效|预期|计划)+(?:目标|指标)(?:数)?$", "value"),
    (r"(?:分值|权重|权数|满分)$", "weight"),
    # the indicator: 指标名称及内容, 具体指标, 评价指标, 考核内容, 指标项目 …
    (r"^(?:绩效|考核|评价|具体)?指标(?:名称|内容|项目|明细)|^具体", "name"),
    (r"^(?:评价|考核)(?:指标|内容|要点|项目)$", "name"),
    (r"(?:计量|度量|计算)单位$", "unit"),
)

# The direction of an indicator in an operator column (指标方向: 正向/反向, as indicator libraries
# export it): a higher-is-better indicator's target is its floor (≥), a lower-is-better one's its
# ceiling (≤). Only read in an operator column: in running text these words are no operators.
# 定性/中性 give no sign. Source: the 指标方向 column of provincial indicator libraries.
DIRECTION_SIGNS: dict[str, str] = {
    "正向": "≥", "正向指标": "≥", "越大越好": "≥", "越高越好": "≥", "越多越好": "≥",
    "反向": "≤", "反向指标": "≤", "越小越好": "≤", "越低越好": "≤", "越少越好": "≤",
}  # fmt: skip

# Roles whose presence makes a row an indicator header (with at least one other header word).
CORE_ROLES = {"level1", "level2", "label", "name"}

# Tables of 年度重点工作任务: header words → task field.
TASK_HEADER_WORDS: dict[str, str] = {
    "名称": "name", "任务名称": "name", "工作任务": "name", "重点工作任务": "name",
    "主要实施内容": "content", "实施内容": "content", "主要内容": "content", "目标内容": "content",
    "拟投入的资金": "funds", "拟投入资金": "funds", "投入资金": "funds", "资金": "funds",
    "期望达到的目标": "goal", "期望达到的目标概述": "goal", "预期目标": "goal",
}  # fmt: skip

# Metadata keys (folded) → canonical key. Their value is the next non-empty cell of the row,
# or the first cell of the next row when the row has none.
META_KEYS: dict[str, str] = {
    "部门名称": "部门名称", "单位名称": "单位名称", "预算单位": "单位名称", "部门单位": "部门名称",
    "项目名称": "项目名称", "项目编码": "项目编码", "项目代码": "项目编码", "项目编号": "项目编码",
    "预算数": "预算数", "项目总额": "预算数", "项目总预算": "预算数", "全年预算数": "预算数",
    "年度预算数": "预算数", "项目预算": "预算数", "项目资金": "预算数",
    "全年执行数": "全年执行数", "项目当年预算": "项目当年预算",
    "其中财政资金": "财政资金", "财政资金": "财政资金", "其他资金": "其他资金",
    "资金支出计划": "资金支出计划",
    "绩效目标": "绩效目标", "分项绩效目标": "绩效目标", "项目绩效总目标": "绩效目标",
    "项目绩效目标": "绩效目标", "当年绩效目标": "绩效目标", "全年绩效目标": "绩效目标",
    "年度绩效目标": "绩效目标",
    "总体绩效目标": "总体绩效目标", "年度整体目标": "总体绩效目标", "整体绩效目标": "总体绩效目标",
    "部门整体绩效目标": "总体绩效目标", "年度总体目标": "总体绩效目标", "总体目标": "总体绩效目标",
    "年度总目标": "总体绩效目标", "部门年度总体目标": "总体绩效目标",
    "整体目标完成情况": "整体目标完成情况", "全年目标实际完成情况": "目标完成情况",
    "项目主管部门": "主管部门", "主管部门": "主管部门", "项目实施单位": "实施单位",
    "实施单位": "实施单位", "项目执行单位": "实施单位", "项目负责人": "项目负责人",
    "项目联系人": "项目联系人", "联系电话": "联系电话", "项目类型": "项目类型",
    "财政供养人员数": "财政供养人员数", "下属二级单位数": "下属二级单位数",
    "存在问题": "存在问题", "改进措施": "改进措施", "说明": "说明",
}  # fmt: skip

# Keys whose value is text (taken even when it is not a number); other label cells are paired
# with the number that follows them (the budget block: 基本支出 | 350.76 | 财政拨款 | 903.26).
GOAL_KEYS = {"总体绩效目标", "绩效目标"}
PROJECT_KEYS = {"项目名称", "项目编码"}
TEXT_KEYS = GOAL_KEYS | PROJECT_KEYS | {
    "部门名称", "单位名称", "整体目标完成情况", "目标完成情况", "存在问题", "改进措施", "说明",
    "主管部门", "实施单位",
}  # fmt: skip

# Rows that are not indicators: the signature lines under a form (填报人：… 联系电话：…) and the
# totals of a self-evaluation. A footer cell is one of these keys followed by a colon (or alone).
FOOTER_KEYS = (
    "填报人", "填表人", "填报单位", "联系人", "联系电话", "填报日期", "填表日期", "审核人", "审核",
    "单位负责人", "负责人", "财务负责人", "分管领导", "制表人", "制表", "经办人", "日期",
)  # fmt: skip
TOTAL_WORDS = {"合计", "总计", "总分", "合计得分", "总得分", "得分合计", "自评总分", "综合得分", "分值合计"}

# Section cells that end an indicator or task table (a new part of the form starts).
SECTION_WORDS = {
    "部门名称", "基本信息", "预算整体情况", "部门资金情况", "总体绩效目标", "年度重点工作任务",
    "其他需完成的任务", "其他需完成的任务可选填", "其他需完成的任务可选项", "项目编码", "项目名称",
    "预算规模及资金用途", "资金支出计划", "绩效目标", "存在问题", "改进措施", "合计", "总计",
    "说明", "备注", "项目资金来源", "项目支出预算及测算依据", "项目绩效总目标", "当年绩效目标",
    "项目预算执行情况",
}  # fmt: skip

_BRACKETS = re.compile(r"[（(][^（）()]{0,12}[)）]")
_PUNCT = re.compile(r"[\s\u3000:：*＊·•\-—_/、,，.．;；\"'“”‘’【】\[\]<>《》]")


@lru_cache(maxsize=16384)
def fold(text: str | None) -> str:
    """The key a header or metadata cell is looked up by: :func:`indicator_nlp.text.fold` less
    markup, brackets and punctuation (cached: cells repeat a lot)."""
    t = text_fold(text)
    t = re.sub(r"<[^>]*>", "", t)
    t = _BRACKETS.sub("", t)
    return _PUNCT.sub("", t)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def key_of(text: str | None) -> str:
    """The folded key of a header or metadata cell without its English gloss: bilingual forms
    (foreign-loan projects) print ``一级指标 Level 1``, ``项目名称 Project Name``; the Chinese words
    say the role. A cell of Latin letters only keeps them."""
    key = fold(text)
    if _CJK.search(key) and _LATIN_WORD.search(key):
        key = _LATIN_WORD.sub("", key)
    return key


def gloss_free(text: str) -> str:
    """The text of a cell without its English gloss (the Latin words beside Chinese ones)."""
    if not (_CJK.search(text) and _LATIN_WORD.search(text)):
        return text
    return _PUNCT_GLOSS.sub("", _LATIN_WORD.sub("", text)).strip()


_PUNCT_GLOSS = re.compile(r"(?<=\s)[0-9.,&()'/-]+(?=\s|$)")


@lru_cache(maxsize=16384)
def header_role(text: str | None) -> str | None:
    """The column role of a header cell, or None."""
    key = key_of(text)
    if not key:
        return None
    role = HEADER_WORDS.get(key)
    if role:
        return role
    for prefix, r in HEADER_PREFIXES:
        if key.startswith(prefix):
            return r
    return None


@lru_cache(maxsize=16384)
def head_role(text: str | None) -> str | None:
    """The column role of a header cell read by its head words (:data:`HEADER_HEADS`), or None.

    Only a header row is read this way (a key in running text keeps to :func:`header_role`).
    """
    key = key_of(text)
    if not key or len(key) > 12 or key in META_KEYS:
        return None  # 年度绩效目标 in a header block is a metadata key, not a target column
    for pattern, role in _heads():
        if pattern.search(key):
            return role
    return None


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in HEADER_HEADS)


_BARE_TARGET_WORDS = frozenset({"目标", "预期", "年度目标", "预期目标", "目标要求"})


def header_roles(texts: list[str]) -> list[str | None]:
    """The roles of the cells of a header row. An exact word (:func:`header_role`) first, else the
    head words (:func:`head_role`); a role read by head words gives way to the same role given by
    an exact word of the row, and a weak name word (:data:`WEAK_NAME_WORDS`) to a stronger name
    column. Category columns (``label``) may repeat: their cells tell level 1 from level 2."""
    exact = [header_role(t) for t in texts]
    roles = [r or head_role(t) for r, t in zip(exact, texts)]
    roles = [
        None if r is not None and e is None and r != "label" and r in exact else r
        for r, e in zip(roles, exact)
    ]
    keys = [fold(t) for t in texts]
    if "value" not in roles and {"level1", "level2", "label"} & set(roles):
        # an indicator table (level columns) whose target column says only 目标 or 预期目标 (a
        # task table's goal word): that column holds the targets.
        roles = [
            "value" if (r == "task_goal" or (r is None and k in _BARE_TARGET_WORDS)) else r
            for r, k in zip(roles, keys)
        ]
    roles = _plan_years(roles, keys)
    strong = any(r == "name" and k not in WEAK_NAME_WORDS for r, k in zip(roles, keys))
    if strong:
        roles = [
            WEAK_NAME_WORDS[k] if r == "name" and k in WEAK_NAME_WORDS else r for r, k in zip(roles, keys)
        ]
    return roles


_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")


def _plan_years(roles: list[str | None], keys: list[str]) -> list[str | None]:
    """A rolling plan's target columns, one per year (2024年目标值 | 2025年目标值 | 2026年目标值):
    the value is the first year's (the budget year a plan starts with, the year filed); the later
    years are plans, not columns of this year's indicator."""
    years = {j: int(m.group(1)) for j, (r, k) in enumerate(zip(roles, keys)) if r == "value" and (m := _YEAR.search(k))}
    if len(years) < 2:
        return roles
    first = min(years, key=lambda j: (years[j], j))
    return [None if j in years and j != first else r for j, r in enumerate(roles)]


_FOOTER = re.compile(r"^\s*(?:" + "|".join(sorted(FOOTER_KEYS, key=len, reverse=True)) + r")\s*(?:[:：]|$)")


@lru_cache(maxsize=16384)
def is_footer(text: str | None) -> bool:
    """A signature cell under a form: 填报人：王某, 联系电话：0759-…, 填报日期：, 审核人：."""
    return bool(text) and bool(_FOOTER.match(text_fold(text).replace(" ", "")))


_FOOTER_INSIDE = re.compile("(?:" + "|".join(sorted(FOOTER_KEYS, key=len, reverse=True)) + r")\s*[:：]")


def footer_start(text: str) -> int | None:
    """Where a signature line (填报人：…) starts inside a text joined from several lines, or None."""
    m = _FOOTER_INSIDE.search(text)
    return m.start() if m else None


def is_total(text: str | None) -> bool:
    """A totals cell (合计, 总分, 合计得分 …)."""
    return fold(text) in TOTAL_WORDS


def task_role(text: str | None) -> str | None:
    key = fold(text)
    if key in TASK_HEADER_WORDS:
        return TASK_HEADER_WORDS[key]
    if key.startswith("拟投入") or key.startswith("期望达到"):
        return "funds" if key.startswith("拟投入") else "goal"
    return None


def meta_key(text: str | None, loose: bool = False) -> str | None:
    """The canonical metadata key of a cell, or None.

    ``loose`` also accepts a cell that starts with a key (``全年预算数（A）（上年结转+…``); it is
    used only for labels already known to be labels, never to classify a row.
    """
    key = key_of(text)
    if not key:
        return None
    if key in META_KEYS:
        return META_KEYS[key]
    key = re.sub(r"^(?:其中|[0-9]+|[一二三四五六七八九十]+)", "", key)
    if key in META_KEYS:
        return META_KEYS[key]
    if key.startswith("资金支出计划"):
        return "资金支出计划"
    if loose:
        for k in sorted(META_KEYS, key=len, reverse=True):
            if len(k) >= 3 and key.startswith(k):
                return META_KEYS[k]
    return None


def is_section(text: str | None) -> bool:
    key = fold(text)
    return key in SECTION_WORDS or key.startswith(("其他需完成的任务", "预算规模", "备注"))
