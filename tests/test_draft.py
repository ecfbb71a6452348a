"""Drafting indicator rows from narrative goals (issue 5, "Must show").

The expected rows were written by reading each sentence: the name a drafter would give the
target, its threshold and the level 2 a reviewer would file it under. Names and thresholds are
checked always; the level 2 only when a classifier model is available (the category comes
from it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from indicator_nlp.draft import DraftRow, derive_name, draft, split_sentences, value_text
from indicator_nlp.taxonomy import class_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@cache
def rows_of(rel: str) -> tuple[DraftRow, ...]:
    return tuple(draft(EXAMPLES / rel))


def find(rel: str, fragment: str, value: str | None) -> list[DraftRow]:
    return [r for r in rows_of(rel) if fragment in r.sentence and r.value == value]


# 001's 期望达到的目标 column (年度重点工作任务): (id, sentence fragment, name, value, level 2)
SEED_001 = [
    ("志愿服务能力提升", "有85%以上获得开展青年志愿服务能力提升", "服务对象获得开展青年志愿服务能力提升的比例", "≥85%", "社会效益指标"),
    ("归属感及身份认同感", "有85%以上提升青少年儿童归属感及身份认同感", "服务对象提升青少年儿童归属感及身份认同感的比例", "≥85%", "社会效益指标"),
    ("对东莞的认识", "有85%以上加强对东莞的认识", "服务对象加强对东莞的认识、增强归属感的比例", "≥85%", "社会效益指标"),
    ("思想文化正向引领", "有85%以上接收到青年思想文化的正向引领", "服务对象接收到青年思想文化的正向引领的比例", "≥85%", "社会效益指标"),
    ("拘留所-心理支持", "75%以上接受个别辅导的青少年获得心理支持", "接受个别辅导的青少年获得心理支持的比例", "≥75%", "社会效益指标"),
    ("拘留所-法制意识", "青少年中85%以上法制意识得到提升", "接受社工服务的青少年法制意识得到提升的比例", "≥85%", "社会效益指标"),
    ("戒毒所-心理支持", "80%以上接受社工服务的青少年获得心理支持", "接受社工服务的青少年获得心理支持的比例", "≥80%", "社会效益指标"),
    ("戒毒所-防毒拒毒意识", "防毒拒毒意识得到提升", "接受个别辅导的青少年防毒拒毒意识得到提升的比例", "≥75%", "社会效益指标"),
    ("常见犯罪行为", "有85%至少清楚1种以上常见犯罪行为", "服务对象至少清楚1种以上常见犯罪行为及其法律后果的比例", "≥85%", "社会效益指标"),
    ("法律意识", "有90%以上的人认为自身法律意识有所提升", "服务对象认为自身法律意识有所提升的比例", "≥90%", "社会效益指标"),
    ("两方面能力提升", "有70%以上的人至少获得2方面的能力提升", "服务对象至少获得2方面的能力提升的比例", "≥70%", "社会效益指标"),
    ("情绪管理知识", "学习到至少1个知识", "青少年在情绪管理或人际关系方面学习到至少1个知识的比例", "≥75%", "社会效益指标"),
    ("正确判断", "遇到相关情景做出正确判断", "青少年在情绪管理或人际关系方面遇到相关情景做出正确判断的比例", "≥75%", "社会效益指标"),
    ("人格气质", "能够认识自己的人格气质", "服务对象认识自己的人格气质、发现至少1种自身优势的比例", "≥80%", "社会效益指标"),
    ("个人成长方法", "掌握至少1种个人成长问题的方法", "服务对象掌握至少1种个人成长问题的方法的比例", "≥80%", "社会效益指标"),
    ("外部资源", "发现至少2种外部资源", "服务对象发现至少2种外部资源的比例", "≥80%", "社会效益指标"),
    ("家庭教育方法", "至少80%的家长掌握2种家庭教育方法", "家长掌握2种家庭教育方法的比例", "≥80%", "社会效益指标"),
    ("社会关爱", "感受到社会的关爱", "接受服务的青少年感受到社会的关爱的比例", "≥80%", "社会效益指标"),
    ("工单对接跟进率", "工单对接跟进率达100%", "工单对接跟进率", "≥100%", "质量指标"),
    ("工单帮助", "工单对象认为服务对其带来帮助的达90%以上", "工单对象认为服务对其带来帮助的比例", "≥90%", "社会效益指标"),
    ("压力缓解", "认为压力有所缓解的达80%以上", "接受减压服务的服务对象认为压力有所缓解的比例", "≥80%", "社会效益指标"),
    ("自护意识", "认为自身的自护意识有所提升", "参与自护教育的服务对象认为自身的自护意识有所提升的比例", "≥80%", "社会效益指标"),
    ("自护自救技能", "至少掌握了1种自护自救技能", "服务对象至少掌握了1种自护自救技能的比例", "≥70%", "社会效益指标"),
    ("技能成品", "能运用所学技能制作出成品", "接受技能培训服务的对象运用所学技能制作出成品的比例", "≥80%", "社会效益指标"),
    ("青春期知识", "在青春期生理健康", "服务对象在青春期生理健康及心理健康方面的知识有所提升的比例", "≥90%", "社会效益指标"),
    ("学生欺凌认知", "在预防学生欺凌方面认知水平有所提升", "服务对象在预防学生欺凌方面认知水平有所提升的比例", "≥80%", "社会效益指标"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fragment", "name", "value", "level2"), [c[1:] for c in SEED_001], ids=[c[0] for c in SEED_001]
)
def test_seed_001_expected_goals(fragment, name, value, level2):
    found = find("seed_001.txt", fragment, value)
    assert [r.name for r in found] == [name]
    row = found[0]
    assert row.measurable and row.target is not None
    assert row.sentence == _source_text(row)[row.span[0] : row.span[1]]


# The level 2 comes from the classifier, which is retrained on new labels: the stated categories are
# checked together, at the agreement a reviewer would accept, listing every miss.
CATEGORY_AGREEMENT = 0.85


def test_seed_001_expected_categories():
    misses = []
    for case_id, fragment, _name, value, level2 in SEED_001:
        found = find("seed_001.txt", fragment, value)
        got = found[0].level2 if found else None
        if class_of(got) != class_of(level2):
            misses.append(f"{case_id}: {got} (expected {level2})")
    assert len(misses) <= (1 - CATEGORY_AGREEMENT) * len(SEED_001), misses


def _source_text(row: DraftRow) -> str:
    """The narrative field a row's span points into (found again through the structurer)."""
    from indicator_nlp.structure import structure

    f = structure(EXAMPLES / "seed_001.txt")
    texts = [t.goal for t in f.tasks if t.name == row.project] + (
        [g for g in f.goals] if row.section == "总体绩效目标" else []
    )
    for t in texts:
        if t and t[row.span[0] : row.span[1]] == row.sentence:
            return t
    return ""


# 004's 分项绩效目标 and project 绩效目标 state no numbers. Slogans that name nothing checkable
# (推进, 深化, 聚焦 …, or an improvement of no attribute) are listed, not forced into a row.
# 人才库, 青创服务平台, 专委会 and the two project trainings were listed here before events and
# activities were drafted: they are rows now (SEED_004_QUALITATIVE).
SEED_004_UNMEASURABLE = [
    ("思想引领-绩效目标", "持续推进青年理论武装"),
    ("乡村振兴-绩效目标", "聚焦产业发展、聚焦人才振兴、聚焦专项帮扶"),
    ("从严治团", "推进全面从严治团"),
    ("基层团组织改革", "推动基层团组织改革"),
    ("青联学联改革", "有序推进青联、学联、少先队改革"),
    ("四化问题", "聚焦共青团“四化”问题"),
    ("体系建设-no-attribute", "优化青年工作体系建设"),
    ("新媒体-no-listed-verb", "持续利用团属微信公众号"),
    ("办公用品", "购买日常办公用品"),
    ("服务平台-搭平台", "搭平台、扶项目"),
]  # fmt: skip


@pytest.mark.parametrize(
    "fragment", [c[1] for c in SEED_004_UNMEASURABLE], ids=[c[0] for c in SEED_004_UNMEASURABLE]
)
def test_seed_004_sentence_without_target_is_listed_not_forced(fragment):
    found = [r for r in rows_of("seed_004.txt") if fragment in r.sentence]
    assert found, "sentence not listed"
    assert all(not r.measurable and r.target is None and r.name is None for r in found)


# 004's 分项绩效目标 (and its projects' 绩效目标), clause by clause: (id, the clause as written,
# name, threshold label, kind, level 1, level 2 or None where either of two is right).
# Events (建立, 出台, 召开 …) are measurable; activities need a count and improvements a measure.
SEED_004_QUALITATIVE = [
    ("人才库", "建立乡村振兴青年人才库", "乡村振兴青年人才库建立情况", "建立", "event", "产出指标", None),
    ("孤儿帮扶机制", "建立青联委员一对一帮扶联系孤儿机制", "青联委员一对一帮扶联系孤儿机制建立情况", "建立", "event", "效益指标", "可持续影响指标"),
    ("农民培育", "大力实施高素质农民培育", "高素质农民培育实施情况", "实施", "activity", "产出指标", "数量指标"),
    ("爱心帮扶", "积极开展爱心帮扶", "爱心帮扶开展情况", "开展", "activity", "产出指标", "数量指标"),
    ("青创服务平台", "搭建青创服务平台", "青创服务平台搭建情况", "搭建", "event", "产出指标", None),
    ("联席会议制度", "全面落实青少年工作联席会议制度", "青少年工作联席会议制度落实情况", "落实", "event", "效益指标", "可持续影响指标"),
    ("友好型区域创建", "启动青年发展友好型区域创建", "青年发展友好型区域创建启动情况", "启动", "event", "产出指标", None),
    ("法治宣传等活动", "开展法治宣传、自护教育、心理咨询、中高考减压等线上线下活动", "法治宣传等线上线下活动开展情况", "开展", "activity", "产出指标", "数量指标"),
    ("城市吸引力", "提升城市对青年的吸引力", "城市对青年的吸引力提升情况", "提升", "improvement", "效益指标", "社会效益指标"),
    ("考评办法", "制定日常工作量化考评办法", "日常工作量化考评办法制定情况", "制定", "event", "产出指标", None),
    ("大讲堂擂台赛", "举办团干部大讲堂、擂台赛等活动", "团干部大讲堂等活动举办情况", "举办", "activity", "产出指标", "数量指标"),
    ("团干部能力", "不断提升团干部能力", "团干部能力提升情况", "提升", "improvement", "效益指标", "社会效益指标"),
    ("积分制方案", "出台在校学生推优入团积分制实施方案", "在校学生推优入团积分制实施方案出台情况", "出台", "event", "产出指标", None),
    ("全会", "召开全会", "全会召开情况", "召开", "event", "产出指标", None),
    ("专委会", "成立专委会", "专委会成立情况", "成立", "event", "产出指标", None),
    ("主题教育实践", "广泛开展“学习二十大”等系列主题教育实践活动", "“学习二十大”等主题教育实践活动开展情况", "开展", "activity", "产出指标", "数量指标"),
    ("青马培养等活动", "通过开展青年马克思主义者培养、青年大学习行动、红领巾爱学习、主题宣讲等活动", "青年马克思主义者培养等活动开展情况", "开展", "activity", "产出指标", "数量指标"),
    ("项目1-培训班", "开展各类培训班", "培训班开展情况", "开展", "activity", "产出指标", "数量指标"),
    ("项目1-工作水平", "提高全市团干部在组织宣传工作、少先队、中长期青年发展规划、希望工程等工作水平", "全市团干部工作水平提高情况", "提高", "improvement", "效益指标", "社会效益指标"),
    ("项目1-调研考察", "开展调研考察", "调研考察开展情况", "开展", "activity", "产出指标", "数量指标"),
    ("项目1-网上共青团", "提升网上共青团建设水平", "网上共青团建设水平提升情况", "提升", "improvement", "效益指标", "社会效益指标"),
    ("项目2-法律意识", "提高青少年法律意识", "青少年法律意识提高情况", "提高", "improvement", "效益指标", "社会效益指标"),
    ("项目3-志愿者服务水平", "提升全市青年志愿者服务水平", "全市青年志愿者服务水平提升情况", "提升", "improvement", "效益指标", "社会效益指标"),
    ("项目4-治理水平", "提升治理水平", "治理水平提升情况", "提升", "improvement", "效益指标", "社会效益指标"),
]  # fmt: skip


def rows_at(rel: str, clause: str) -> list[DraftRow]:
    """The rows whose threshold lies inside ``clause`` (found in the sentences of ``rel``)."""
    out = []
    for r in rows_of(rel):
        at = r.sentence.find(clause)
        if at >= 0 and r.target is not None and at <= r.target.start - r.span[0] < at + len(clause):
            out.append(r)
    return out


@pytest.mark.parametrize(
    ("clause", "name", "label", "kind"),
    [c[1:5] for c in SEED_004_QUALITATIVE],
    ids=[c[0] for c in SEED_004_QUALITATIVE],
)
def test_seed_004_qualitative_goals(clause, name, label, kind):
    found = rows_at("seed_004.txt", clause)
    assert [(r.name, r.target.label, r.kind) for r in found] == [(name, label, kind)]
    row = found[0]
    assert row.target.op == "qualitative" and row.value == label
    assert row.measurable == (kind == "event")
    assert (row.note is None) == (kind == "event")
    # the threshold's span points at the verb in the source field
    assert row.sentence[row.target.start - row.span[0] : row.target.end - row.span[0]] == label


def test_seed_004_qualitative_categories():
    misses = []
    for case_id, clause, _name, _label, _kind, level1, level2 in SEED_004_QUALITATIVE:
        found = rows_at("seed_004.txt", clause)
        got = (found[0].level1, found[0].level2) if found else (None, None)
        if got[0] != level1 or (level2 is not None and class_of(got[1]) != class_of(level2)):
            misses.append(f"{case_id}: {got} (expected {level1}/{level2})")
    assert len(misses) <= (1 - CATEGORY_AGREEMENT) * len(SEED_004_QUALITATIVE), misses


def test_seed_004_subsection_goals_are_read():
    sections = {r.section for r in rows_of("seed_004.txt")}
    assert {"总体绩效目标", "绩效目标", "分项绩效目标"} <= sections


# Pasted texts: (id, text, name, value, level 2)
PASTED = [
    ("count-floor-words", "开展青少年法治宣传教育活动不少于20场", "开展青少年法治宣传教育活动场次", "≥20场", "数量指标"),
    ("count-in-middle", "建设运营好12个“青年地带”社工站点", "建设运营“青年地带”社工站点数量", "12个", "数量指标"),
    ("rate-bare-percent", "劳动人事争议案件仲裁结案率95%", "劳动人事争议案件仲裁结案率", "≥95%", "质量指标"),
    ("deadline", "于2024年12月31日前完成全部驿站建设", "驿站建设完成时间", "2024年12月31日前", "时效指标"),
    ("money-ceiling", "培训经费控制在20万元以内", "培训经费", "≤20万元", "成本指标"),
    ("complaints-ceiling", "群众投诉率5%", "群众投诉率", "≤5%", "社会效益指标"),
    ("satisfaction", "受益群众满意度达90%以上", "受益群众满意度", "≥90%", "服务对象满意度指标"),
    ("people-served", "全年服务群众约80万人次", "服务群众人次", "800000人次", "数量指标"),
    ("awareness-rate", "政策知晓率达到85%以上", "政策知晓率", "≥85%", "社会效益指标"),
    ("raised-to", "森林覆盖率提高到45%", "森林覆盖率", "≥45%", "生态效益指标"),
    ("percentage-points", "政策知晓率较上年提高5个百分点", "政策知晓率较上年提高幅度", "5个百分点", "社会效益指标"),
    ("per-capita-income", "带动农户人均增收1000元以上", "带动农户人均增收金额", "≥1000元", "经济效益指标"),
    ("unit-cost", "人均培训费用不超过800元/人", "人均培训费用", "≤800元/人", "成本指标"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "name", "value", "level2"), [c[1:] for c in PASTED], ids=[c[0] for c in PASTED]
)
def test_pasted_text(text, name, value, level2):
    rows = [r for r in draft(text) if r.measurable]
    assert [(r.name, r.value) for r in rows] == [(name, value)]
    assert rows[0].span == (0, len(text)) and rows[0].file == "text" and rows[0].source == "drafted"
    t = rows[0].target
    assert text[t.start : t.end] == t.text


def test_pasted_text_categories():
    misses = []
    for case_id, text, _name, _value, level2 in PASTED:
        rows = [r for r in draft(text) if r.measurable]
        assert rows and 0 < rows[0].confidence <= 1
        if class_of(rows[0].level2) != class_of(level2):
            misses.append(f"{case_id}: {rows[0].level2} (expected {level2})")
    assert len(misses) <= (1 - CATEGORY_AGREEMENT) * len(PASTED), misses


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("一、培育发展青年志愿服务。接受服务的服务对象有85%以上获得提升; 二、关爱服务", 3),
        ("1. 建设站点12个；2. 开展活动20场。3. 发布推送100篇", 3),
        ("目标1: 引导青少年认识自我。 目标2: 协助家长提升能力。", 2),
        ("（1）开展培训（2）组织活动", 2),
        ("<p>第一段。</p> <p>第二段</p>", 2),
        ("开展“青心守护 暖心关爱”青少年心理健康工作培训", 1),
        ("", 0),
    ],
    ids=[
        "chinese-numbers",
        "arabic-items",
        "goal-labels",
        "bracketed",
        "html-paragraphs",
        "quoted-space",
        "empty",
    ],
)
def test_split_sentences(text, n):
    spans = split_sentences(text)
    assert len(spans) == n
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert not any(text[s:e].startswith(("<p>", "1.", "一、", "目标1")) for s, e in spans)


@pytest.mark.parametrize(
    "text",
    [
        "充分保障活动的完成数占全年的计划数达到90%以上的为优",
        "绩效标准：完成率85%-90%",
    ],
    ids=["grade-band", "scoring-scale-label"],
)
def test_scoring_scale_is_not_a_target(text):
    assert [r.measurable for r in draft(text)] == [False]


# 003's 预期目标 (a self-evaluation's task goals): counts in a long sentence, one row each.
SEED_003 = [
    ("站点", "打造“青年地带”服务站点数量", "9个"),
    ("案例", "撰写具有借鉴意义的成功案例数量", "15个"),
    ("满意率", "服务满意率", "≥95%"),
    ("主题活动", "面向全区青少年开展主题活动场次", "61场"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value"), [c[1:] for c in SEED_003], ids=[c[0] for c in SEED_003])
def test_seed_003_task_goal(name, value):
    assert [(r.name, r.value) for r in rows_of("seed_003.txt") if r.name == name] == [(name, value)]


def test_two_targets_in_one_sentence():
    rows = draft("全年培训基层干部1200人次，培训合格率达到95%以上")
    assert [(r.name, r.value) for r in rows] == [("培训基层干部人次", "1200人次"), ("培训合格率", "≥95%")]
    assert rows[0].sentence == rows[1].sentence and rows[0].target.start < rows[1].target.start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组建1支24人合适成年人队伍", [("组建合适成年人队伍人数", "24人")]),
        ("小组服务≥66个388节次", [("小组服务数量", "≥66个"), ("小组服务节次", "≥388节次")]),
    ],
    ids=["one-team-of-24", "groups-and-sessions"],
)
def test_compound_values(text, expected):
    assert [(r.name, r.value) for r in draft(text) if r.measurable] == expected


def test_unmeasurable_sentence_is_a_row_without_target():
    rows = draft("持续深化思想引领，不断巩固和扩大党执政的青年群众基础。")
    assert len(rows) == 1 and not rows[0].measurable and rows[0].target is None


def test_years_and_quoted_numbers_are_not_targets():
    rows = draft("完成2024年度市政府工作报告下达就业目标任务；构建“1个总站+N个分站”青年人才驿站分布格局")
    # No number is a target; 完成…任务 is a completion event (a qualitative row) since events
    # are drafted, 构建…格局 a slogan.
    assert [r.kind for r in rows] == ["event", None]
    assert [r.target.op if r.threshold else None for r in rows] == ["qualitative", None]


def test_derive_name_and_value_text_agree_with_extractor():
    from indicator_nlp.thresholds import extract_thresholds

    text = "发布新媒体推送不少于100篇"
    (t,) = extract_thresholds(text)
    assert derive_name(text, t) == "发布新媒体推送篇数"
    assert value_text(t) == "≥100篇"


def test_draft_of_a_filing_object():
    from indicator_nlp.structure import structure

    f = structure(EXAMPLES / "seed_001.txt")
    assert [r.name for r in draft(f) if r.measurable] == [
        r.name for r in rows_of("seed_001.txt") if r.measurable
    ]


# --- property test ------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = list(
    "开展活动培训不少于至少达以上以内万元人次个场%％0123456789.，,。；;、（）()“”一二三是前月日年 \n<p>"
)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60))
def test_draft_text_never_raises_and_spans_lie_inside(text):
    from indicator_nlp.draft import draft_text

    for r in draft_text(text):
        s, e = r.span
        assert 0 <= s <= e <= len(text) and r.sentence == text[s:e]
        if r.measurable:
            assert r.target is not None and s <= r.target.start <= r.target.end <= e
            assert r.name
        elif r.kind is None:
            assert r.target is None
        else:  # an activity or improvement: a qualitative row that needs a number
            assert r.target is not None and r.target.op == "qualitative" and r.note
            assert r.name and text[r.target.start : r.target.end] == r.target.label


RENDERED = ROOT / "tests" / "fixtures" / "rendered"


@pytest.mark.parametrize("ext", ["docx", "pdf", "xlsx"])
def test_renderings_of_001_give_the_same_drafts(ext):
    path = RENDERED / f"seed_001.{ext}"
    if not path.exists():
        pytest.skip(f"{path.name} not rendered")
    got = [(r.name, r.value) for r in draft(path) if r.measurable]
    assert got == [(r.name, r.value) for r in rows_of("seed_001.txt") if r.measurable]


# Target sentences filed as values in a real filing (../shared/corpus/pages, doc 024, Haikou 2016):
# (id, text, expected [(name, value)]).
CORPUS_024 = [
    ("gazette", "编印《海口市人民政府公报》每月3000本,一年12期,年底编印《海口市人民政府公报》合订本及光盘。",
     [("编印《海口市人民政府公报》数量", "3000本/月"), ("编印《海口市人民政府公报》期数", "12期")]),
    ("album-and-guide", "编印《市领导政务活动画册》30本和《档案馆指南》1000", [("编印《市领导政务活动画册》数量", "30本")]),
    ("exhibition", "向社会宣传中国共产党成立95周年来取得的成就", []),
    ("collection", "征集有关解放海南岛的资料,如:军功通知书、为海南岛解放牺牲的烈士证明书等等。", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CORPUS_024], ids=[c[0] for c in CORPUS_024])
def test_corpus_024_target_sentences(text, expected):
    assert [(r.name, r.value) for r in draft(text) if r.measurable] == expected


def test_file_of_plain_prose_is_drafted(tmp_path):
    path = tmp_path / "goals.txt"
    path.write_text(
        "一、开展青少年法治宣传教育活动不少于20场。\n二、受益群众满意度达90%以上。\n", encoding="utf-8"
    )
    rows = [r for r in draft(path) if r.measurable]
    assert [(r.name, r.value, Path(r.file).name) for r in rows] == [
        ("开展青少年法治宣传教育活动场次", "≥20场", "goals.txt"),
        ("受益群众满意度", "≥90%", "goals.txt"),
    ]


# --- goals without numbers: pasted sentences and the other seeds --------------------------------

# Pasted sentences: (id, text, expected [(name, value, kind)]) — every drafted row, in order.
PASTED_QUALITATIVE = [
    ("establish-mechanism", "建立青少年法律援助长效机制", [("青少年法律援助长效机制建立情况", "建立", "event")]),
    ("establish-and-perfect", "建立健全志愿服务长效机制", [("志愿服务长效机制建立健全情况", "建立健全", "event")]),
    ("complete-construction", "完成全市青年人才驿站建设", [("全市青年人才驿站建设完成情况", "完成", "event")]),
    ("issue-document", "印发《青年发展规划实施办法》", [("《青年发展规划实施办法》印发情况", "印发", "event")]),
    ("hold-and-found", "召开全市共青团工作会议并成立青年人才工作专班",
     [("全市共青团工作会议召开情况", "召开", "event"), ("青年人才工作专班成立情况", "成立", "event")]),
    ("perfect-mechanism", "健全青少年权益保护机制", [("青少年权益保护机制健全情况", "健全", "event")]),
    ("organise-activity", "组织开展青少年禁毒宣传教育活动", [("青少年禁毒宣传教育活动开展情况", "开展", "activity")]),
    ("improve-attribute", "增强青少年自我保护意识", [("青少年自我保护意识增强情况", "增强", "improvement")]),
    ("number-then-event", "开展法治讲座不少于10场，建立青少年法律援助机制",
     [("开展法治讲座场次", "≥10场", "number"), ("青少年法律援助机制建立情况", "建立", "event")]),
    ("domain-phrase-dropped", "提升青少年在情绪管理方面的能力", [("青少年情绪管理能力提升情况", "提升", "improvement")]),
    ("verb-inside-quotes", "开展“提升青年能力”主题活动", [("“提升青年能力”主题活动开展情况", "开展", "activity")]),
    ("implement-no-object-listed", "落实省委决策部署", []),
    ("improve-no-attribute", "增强村党组织", []),
    ("slogan-focus", "聚焦产业发展", []),
    ("slogan-deepen", "持续深化思想引领", []),
    ("organise-people", "组织团员青年参与学习", []),
    ("generic-object", "积极开展活动", []),
    ("generic-object-complement", "圆满完成好各项任务", []),
    ("complement-dropped", "建立起青年志愿者服务队伍", [("青年志愿者服务队伍建立情况", "建立", "event")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in PASTED_QUALITATIVE], ids=[c[0] for c in PASTED_QUALITATIVE]
)
def test_pasted_qualitative(text, expected):
    rows = draft(text)
    assert [(r.name, r.value, r.kind) for r in rows if r.kind] == expected
    for r in rows:
        if r.kind in ("event", "activity", "improvement"):
            t = r.target
            assert t.op == "qualitative" and text[t.start : t.end] == t.label == r.value
            assert r.measurable == (r.kind == "event")
    if not expected:
        assert [r.measurable for r in rows] == [False]


# The other seeds' narrative goals: (id, seed, the clause as written, name, label, kind).
SEED_OTHER_QUALITATIVE = [
    ("000-县域改革-按照", "seed_000.txt", "按照时间表、路线图完成县域共青团改革", "县域共青团改革完成情况", "完成", "event"),
    ("000-县域改革-等各项工作", "seed_000.txt", "高质量完成县域共青团改革、全国城市基层组织改革试点等各项工作", "县域共青团改革等工作完成情况", "完成", "event"),
    ("001-引才聚才平台", "seed_001.txt", "搭建引才聚才平台", "引才聚才平台搭建情况", "搭建", "event"),
    ("002-凝聚力战斗力", "seed_002.txt", "提升团组织的凝聚力和战斗力", "团组织的凝聚力和战斗力提升情况", "提升", "improvement"),
    ("002-思想道德素养", "seed_002.txt", "提升思想道德素养", "思想道德素养提升情况", "提升", "improvement"),
    ("002-青春助力行动", "seed_002.txt", "积极开展青春助力行动", "青春助力行动开展情况", "开展", "activity"),
    ("003-责任制", "seed_003.txt", "严格落实意识形态工作责任制", "意识形态工作责任制落实情况", "落实", "event"),
    ("003-互访机制", "seed_003.txt", "完善中新青年互访机制", "中新青年互访机制完善情况", "完善", "event"),
    ("003-合作备忘录", "seed_003.txt", "签署新一轮合作备忘录", "新一轮合作备忘录签署情况", "签署", "event"),
    ("003-动员能力", "seed_003.txt", "切实提高共青团组织动员能力", "共青团组织动员能力提高情况", "提高", "improvement"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rel", "clause", "name", "label", "kind"),
    [c[1:] for c in SEED_OTHER_QUALITATIVE],
    ids=[c[0] for c in SEED_OTHER_QUALITATIVE],
)
def test_other_seeds_qualitative_goals(rel, clause, name, label, kind):
    assert [(r.name, r.target.label, r.kind) for r in rows_at(rel, clause)] == [(name, label, kind)]


SEED_OTHER_UNMEASURABLE = [
    ("000-改革攻坚", "seed_000.txt", "推动共青团改革攻坚纵深发展"),
    ("002-思想政治引领", "seed_002.txt", "加强对青少年的思想政治引领工作"),
    ("003-青联工作", "seed_003.txt", "认真做好青联工作"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rel", "fragment"), [c[1:] for c in SEED_OTHER_UNMEASURABLE], ids=[c[0] for c in SEED_OTHER_UNMEASURABLE]
)
def test_other_seeds_slogans_stay_unmeasurable(rel, fragment):
    found = [r for r in rows_of(rel) if fragment in r.sentence]
    assert found and all(r.kind is None and r.target is None for r in found)


def test_lasting_mechanisms_are_sustained_impact():
    """An event setting up a mechanism is 可持续影响指标 whatever the classifier's first guess."""
    rows = draft("全面落实青少年工作联席会议制度；建立健全志愿服务长效机制")
    assert [(r.level1, r.level2) for r in rows] == [("效益指标", "可持续影响指标")] * 2


def test_rows_only_leaves_out_slogans():
    rows = draft("聚焦产业发展；开展爱心帮扶；召开全会", rows_only=True)
    assert [r.kind for r in rows] == ["activity", "event"]
    assert [r.kind for r in draft("聚焦产业发展；开展爱心帮扶；召开全会", measurable_only=True)] == ["event"]


# --- the verb lists beside the module -----------------------------------------------------------

VERBS_FILE = ROOT / "indicator_nlp" / "data" / "draft_verbs.json"


def _verb_lists() -> dict[str, list[str]]:
    import json

    raw = json.loads(VERBS_FILE.read_text(encoding="utf-8"))
    return {k: v["words"] for k, v in raw.items() if not k.startswith("_")}


def test_verbs_file_has_source_notes():
    import json

    raw = json.loads(VERBS_FILE.read_text(encoding="utf-8"))
    assert len(raw["_source"]) > 40
    assert all(len(v.get("_source", "")) > 20 for k, v in raw.items() if not k.startswith("_"))


@pytest.mark.parametrize("key", sorted(_verb_lists()))
def test_verb_list_has_no_duplicates_or_blanks(key):
    words = _verb_lists()[key]
    assert words and len(words) == len(set(words))
    assert all(isinstance(w, str) and w and w == w.strip() for w in words)


def test_a_verb_makes_one_kind_of_row():
    lists = _verb_lists()
    row_verbs = [w for k in ("event", "mechanism", "activity", "improvement") for w in lists[k]]
    assert len(row_verbs) == len(set(row_verbs))
    assert not set(row_verbs) & set(lists["split_verbs"])
    assert not set(row_verbs) & set(lists["lead_words"])


# --- the command, in process --------------------------------------------------------------------


def test_cli_table_shows_kind_and_what_is_needed(capsys):
    from indicator_nlp.cli import main

    code = main(
        ["draft", "召开全会并成立专委会；开展爱心帮扶；聚焦产业发展", "--rows-only", "--format", "table"]
    )
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["name", "value", "kind"]
    body = [line.split() for line in lines[2:-1]]
    assert [(b[0], b[1], b[2]) for b in body] == [
        ("全会召开情况", "召开", "event"),
        ("专委会成立情况", "成立", "event"),
        ("爱心帮扶开展情况", "开展", "activity"),
    ]
    assert "补充可量化" in lines[4] and "聚焦产业发展" not in out
    assert lines[-1].startswith("2 measurable targets, 1 rows needing a number")


def test_cli_jsonl_carries_kind_and_note(capsys):
    import json

    from indicator_nlp.cli import main

    assert main(["draft", "不断提升团干部能力", "--format", "jsonl"]) == 0
    (row,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert row["kind"] == "improvement" and not row["measurable"] and "R07" in row["note"]
    assert row["source"] == "drafted"
    assert row["threshold"][0] == {
        **row["threshold"][0],
        "op": "qualitative",
        "label": "提升",
        "start": 2,
        "end": 4,
    }


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("开展职业技能培训3000人次，" * 12 + "培训合格率不低于90%", id="longer-than-a-file-name"),
        pytest.param("开展培训/100场，" * 30, id="long-with-slashes"),
    ],
)
def test_cli_drafts_a_goal_text_too_long_for_a_file_name(text, capsys):
    """A pasted paragraph over 255 bytes is text, not a path the system refuses to look up."""
    from indicator_nlp.cli import main

    assert main(["draft", text, "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() and "File name too long" not in captured.err


@pytest.mark.parametrize(
    ("source", "code", "says"),
    [
        pytest.param("开展培训每年不少于20场/次，合格率≥90%", 0, "", id="slash-in-a-rate"),
        pytest.param("补助标准1200元/人·年", 0, "", id="slash-in-a-money-rate"),
        pytest.param("<b>开展培训20场</b>", 0, "", id="markup"),
        pytest.param("data/goals.txt", 1, "data/goals.txt: no such file", id="missing-file"),
        pytest.param("data/goals", 1, "data/goals: no such file", id="missing-ascii-path"),
        pytest.param("./资料/目标", 1, "./资料/目标: no such file", id="missing-relative-path"),
        pytest.param("goals.docx", 1, "goals.docx: no such file", id="missing-by-suffix"),
        pytest.param("", 2, "nothing to draft", id="empty"),
    ],
)
def test_cli_tells_goal_text_from_a_mistyped_path(source, code, says, capsys):
    from indicator_nlp.cli import main

    assert main(["draft", source]) == code
    err = capsys.readouterr().err
    assert (says in err) if says else err == ""


def test_review_warns_about_improvement_rows_only():
    """The note of an improvement row says review rule R07 will warn: it does, and only there.
    Drafted rows are Indicators: they go to the review as they are."""
    from indicator_nlp.review import review
    from indicator_nlp.types import Filing, Indicator, Prediction

    rows = draft("建立乡村振兴青年人才库；开展爱心帮扶；不断提升团干部能力", rows_only=True)
    for i, r in enumerate(rows):
        r.row = i
    assert all(isinstance(r, Indicator) and r.source == "drafted" for r in rows)
    def abstain(items):  # a classifier with no opinion: only the value rules speak
        return [Prediction(i.name, None, None, 0.0, abstained=True) for i in items]

    findings = review(Filing("draft", indicators=list(rows)), model=abstain)
    vague = {f.row for f in findings if f.rule == "R07-vague-value"}
    assert vague == {i for i, r in enumerate(rows) if r.kind == "improvement"} == {2}
