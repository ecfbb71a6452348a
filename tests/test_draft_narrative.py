"""Drafting narrative goals clause by clause (issue 12, items 6–9).

The case table ``tests/cases/draft/narrative.tsv`` holds goal paragraphs of twelve sectors, each
with every row a drafter would write from it (name, value, the level 2 a reviewer accepts).
Names and values are checked always; level 2 only when a classifier model is available.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from indicator_nlp.draft import draft
from indicator_nlp.errors import ModelError
from indicator_nlp.taxonomy import class_of
from indicator_nlp.types import Indicator

ROOT = Path(__file__).resolve().parents[1]
CASES_FILE = ROOT / "tests" / "cases" / "draft" / "narrative.tsv"


def _measure_draft():
    """scripts/measure_draft.py as a module: the case-table reader and the value match are shared."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("measure_draft", ROOT / "scripts" / "measure_draft.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_MEASURE = _measure_draft()
same_value = _MEASURE.same_value


def load_cases(path: Path = CASES_FILE) -> list[tuple[str, str, list[tuple[str, str, tuple[str, ...]]]]]:
    """(id, text, [(name, value, accepted level 2s)]) of each line; "-" means no row."""
    return _MEASURE.load(path)


CASES = load_cases()
# Written after the rules were set and measured before any change (docs/draft.md); the misses
# that remain are strict xfails below.
HELDOUT = [
    c
    for f in ("heldout.tsv", "heldout2.tsv", "heldout3.tsv", "heldout4.tsv", "heldout5.tsv", "heldout6.tsv", "heldout7.tsv", "heldout8.tsv", "heldout9.tsv")
    for c in load_cases(CASES_FILE.with_name(f))
]
SECTORS = {"edu", "hea", "agr", "for", "wat", "tra", "cul", "civ", "emp", "env", "sci", "spo"}
# heldout5.tsv's voices: industry funds, statistics, rural revitalisation, medical insurance, city
# management, fire and rescue, information systems, social insurance, market regulation.
SECTORS |= {"ind", "sta", "rur", "med", "urb", "fir", "inf", "soc", "mkt"}
# heldout6.tsv's: housing, justice, veterans, tourism, grain reserves, elderly care.
SECTORS |= {"hou", "jus", "vet", "tou", "gra", "eld"}
# heldout7.tsv's: public transport, emergencies, land, commerce, women's health, disability.
SECTORS |= {"trn", "eme", "lan", "com", "wom", "dis"}
# heldout8.tsv's: weather, sanitation, gas, livestock, drugs, fisheries, geology, hotlines, unions, patents.
SECTORS |= {"met", "toi", "gas", "man", "dru", "fis", "geo", "gov", "uni", "ipr"}
# heldout9.tsv's: charging, blood, traditional medicine, childcare, grazing bans, special equipment,
# petitions, fishery fuel subsidies, audit, power grids.
SECTORS |= {"cha", "blo", "tcm", "chi", "gra", "saf", "pet", "fue", "aud", "pow"}


@cache
def _model():
    try:
        from indicator_nlp.classifier import load_model

        return load_model()
    except (ImportError, ModelError, OSError):
        return None


@cache
def rows_for(text: str) -> tuple:
    return tuple(draft(text, rows_only=True))


def test_case_table_shape():
    ids = [c[0] for c in CASES + HELDOUT]
    assert len(ids) == len(set(ids))
    assert {i.split("-")[0] for i in ids} == SECTORS | {"gen"}  # gen: a department's own running
    assert sum(len(c[2]) for c in CASES) >= 40
    for _, _, expected in CASES + HELDOUT:
        for _, _, accepted in expected:
            assert all(class_of(a) for a in accepted), accepted


# Held-out paragraphs whose rows differ from a drafter's (name or value).
ROW_MISSES = {
    "cul-h-archive": "页 is not read as a unit: 扫描120万页 becomes a 完成 event",
    "env-h-water": "the place 全县 stays in the name",
    "sci-h-platform": "组织 is dropped from 组织实施…; a slogan-like 支撑作用进一步增强 becomes a row",
    "spo-h-games": "组织 is dropped from 组织全民健身活动",
    "cul-h2-dept": "the quoted example stays in the name (举办“文化进万家”等…)",
    "env-h2-dept": "目标3's heading is a row",
    "sci-h2-dept": "组织 is dropped from 组织科技特派员下乡服务",
    "agr-h3-irrigation": "亩均增产粮食80公斤 is named …数量",
    "civ-h3-home": "分散供养 stays in the name of the households",
    "sci-h3-fund": "每个项目补助 keeps 每个",
    "edu-h4-cell": "完成2所公办幼儿园新建任务 is named 公办幼儿园新建任务数量",
    "rur-h5-link": "a growth in % is named …增长幅度, not …增长率",
    "fir-h5-rescue": "the response time keeps 火警 (火警接警出动时间)",
    "for-h5-fire": "公里 gives 里程 where a drafter writes 长度 for a strip",
    "wat-h5-maint": "对全县N座水库和M公里堤防开展维修养护: the task after both counts is not in their names",
    "mkt-h5-dept": "户 gives 户数 where a drafter writes 数量 for 市场主体",
    "tou-h6-tour": "a growth in % is named …增长幅度, not …增长率",
    "gra-h6-grain": "the lead verb 落实 stays in the name (落实地方储备粮规模)",
    "hea-h6-hosp": "a state after 更加 (群众看病就医更加便捷) gives no row (heldout's tra-h-station expects none)",
    "sci-h6-rd": "投入 is given 金额 (带动企业研发投入金额; heldout3's sci-h3-fund expects it)",
    "cul-h6-lib": "同比增长8% reads as ≥8% and keeps 同比 in the name",
    "agr-h7-mach": "提高到75% reads as ≥75% (the table writes 75%)",
    "eme-h7-flood": "组织 is dropped from 组织防汛应急演练 (other tables drop it before an activity noun)",
    "com-h7-ecom": "同比增长15% reads as ≥15% and keeps 同比 in the name",
    "civ-h7-airdef": "台 gives 台数 where the table writes 数量; 组织 dropped from 组织防空警报试鸣",
    "met-h8-weather": "发布时间提前至灾害发生前30分钟 keeps the clause's words (the table reorders them)",
    "toi-h8-toilet": "每户 moves into the value (heldout7's 补助标准 expects it); 提高到85% reads as ≥85%",
    "gas-h8-pipe": "公里 gives 里程 where the table writes 长度",
    "dru-h8-drug": "开展 is kept (heldout's 开展…宣传活动次数 expects it); 较上年下降10% reads as ≥10% "
    "(heldout's wat-h-water-saving expects ≥) and keeps 全县…较上年 in the name",
    "geo-h8-hazard": "得到 is dropped from the label (heldout's wat-soil expects 改善 for 得到改善); 开展 is kept",
    "gov-h8-hotline": "the subject 12345…热线全年 stays in the name",
    "hou-h8-rental": "城镇住房保障家庭 stays in the name (the table shortens it)",
    "uni-h8-union": "折合 gives …折合金额",
    "ipr-h8-patent": "开展 is kept (heldout's 开展…次数 expects it); the place 全市 stays in the name",
    "blo-h9-blood": "单位 gives …数量 where the table writes 采集血液量",
    "tcm-h9-tcm": "the places of a building task are named 在…建设中医馆数量; 验收 deadline gives 验收时间",
    "gra-h9-ban": "the lead verb 落实 stays in the name (as gra-h6-grain); a rate per 亩 is named …资金, not …标准",
    "fue-h9-fuel": "增收 is given 金额 (older tables expect …增收金额; this one writes 人均增收)",
    "aud-h9-audit": "完成 is dropped before the first of two listed counts",
    "pow-h9-grid": "投运 deadline gives 投运完成时间",
}


def _params(misses: dict[str, str]):
    for case_id, text, expected in CASES + HELDOUT:
        marks = [pytest.mark.xfail(strict=True, reason=misses[case_id])] if case_id in misses else []
        yield pytest.param(text, expected, id=case_id, marks=marks)


@pytest.mark.parametrize(("text", "expected"), list(_params(ROW_MISSES)))
def test_narrative_rows(text, expected):
    rows = rows_for(text)
    assert [(r.name, r.value.replace("·", "/")) for r in rows] == [
        (n, v.replace("·", "/")) for n, v, _ in expected
    ]
    for r in rows:
        assert isinstance(r, Indicator) and r.source == "drafted" and len(r.threshold) == 1
        t = r.target
        assert text[t.start : t.end] == t.text and r.span[0] <= t.start <= t.end <= r.span[1]


def _matches(text: str, expected) -> list[tuple[str, object, tuple[str, ...]]]:
    """(expected name, the drafted row with that value or None, accepted level 2s), in order."""
    free = list(rows_for(text))
    out = []
    for name, value, accepted in expected:
        match = next((r for r in free if same_value(r.value, value)), None)
        if match is not None:
            free.remove(match)
        out.append((name, match, accepted))
    return out


def _decided(text: str, expected) -> list[tuple[str, object, tuple[str, ...]]]:
    """The matched rows whose clause type settles the level 2 (one class allowed)."""
    from indicator_nlp.draft._levels import evidence

    return [
        (name, row, accepted) for name, row, accepted in _matches(text, expected)
        if row is not None and (ev := evidence(row)) is not None and len(ev) == 1
    ]  # fmt: skip


@pytest.mark.skipif(_model() is None, reason="no classifier model in models/")
@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CASES + HELDOUT if _decided(c[1], c[2])],
    ids=[c[0] for c in CASES + HELDOUT if _decided(c[1], c[2])],
)  # fmt: skip
def test_levels_decided_by_clause_type(text, expected):
    """Deadlines, satisfactions, cost caps, service lives and lasting mechanisms: the clause type
    settles the level 2, whatever the model."""
    for name, row, accepted in _decided(text, expected):
        assert class_of(row.level2) in {class_of(a) for a in accepted}, (name, row.level2)


# The other rows' level 2 is the classifier's, which other work retrains: checked per table, at the
# agreement a reviewer would accept, listing every miss (as tests/test_draft.py does for the seeds).
TABLES = {"narrative": CASES, "heldout": HELDOUT}
AGREEMENT = 0.85


@pytest.mark.skipif(_model() is None, reason="no classifier model in models/")
@pytest.mark.parametrize("table", sorted(TABLES))
def test_levels_per_table(table):
    misses, n = [], 0
    for case_id, text, expected in TABLES[table]:
        for name, row, accepted in _matches(text, expected):
            if row is None:
                continue  # a row not drafted is test_narrative_rows's business
            n += 1
            if class_of(row.level2) not in {class_of(a) for a in accepted}:
                misses.append(f"{case_id}: {name} {row.level2} (expected {'/'.join(accepted)})")
    assert len(misses) <= (1 - AGREEMENT) * n, misses


@pytest.mark.skipif(_model() is None, reason="no classifier model in models/")
def test_narrative_figures():
    """The figures scripts/measure_draft.py prints, held at the goal of issue 12 (≥ 80% each)."""
    n_exp = n_hit = n_drafted = n_wanted = 0
    for _, text, expected in CASES + HELDOUT:
        n_exp += len(expected)
        n_drafted += len(rows_for(text))
        for _, row, accepted in _matches(text, expected):
            if row is not None:
                n_wanted += 1
                n_hit += class_of(row.level2) in {class_of(a) for a in accepted}
    assert n_hit / n_exp >= 0.8 and n_wanted / n_drafted >= 0.8, (n_hit, n_wanted, n_exp, n_drafted)


# --- the clause kinds of issue 12, item 6 and 7 ---------------------------------------------------

ROAD = "路面修复合格率达到98%，11月底前全部完工，有效提升群众通行安全"


def test_clauses_not_sentences():
    rows = draft(ROAD)
    assert [(r.name, r.value, r.kind) for r in rows] == [
        ("路面修复合格率", "≥98%", "number"),
        ("完工时间", "11月底前", "deadline"),
        ("群众通行安全提升情况", "有效提升", "improvement"),
    ]
    assert [r.target.op for r in rows] == [">=", "deadline", "qualitative"]
    assert rows[1].target.date == "--11" and rows[2].target.label == "有效提升"
    if _model() is not None:
        assert [class_of(r.level2) for r in rows] == ["质量指标", "时效指标", "社会效益指标"]


# (id, text, [(name, value, kind)]) — every row, in order.
CLAUSE_KINDS = [
    ("mechanism", "建立健全农村公路管护长效机制", [("农村公路管护长效机制建立健全情况", "建立健全", "event")]),
    ("service-life", "设施设计使用年限不少于15年", [("设施设计使用年限", "≥15年", "number")]),
    ("year-is-no-target", "完成2024年度农村公路养护任务", [("2024年度农村公路养护任务完成情况", "完成", "event")]),
    # 20年 is no number target; reaching the named standard is the row.
    ("flood-standard-year", "堤防达到20年一遇防洪标准", [("堤防达标情况", "达到20年一遇防洪标准", "event")]),
    ("standard-grade-letter", "出水水质达到一级A排放标准", [("出水水质达标情况", "达到一级A排放标准", "event")]),
    ("standard-conforms", "饮用水水质符合国家卫生标准要求", [("饮用水水质达标情况", "符合国家卫生标准要求", "event")]),
    ("standard-not-a-target", "执行统一收费标准", []),
    ("lead-year", "2025年改造城镇老旧小区46个", [("改造城镇老旧小区数量", "46个", "number")]),
    ("lead-plan-period", "十四五期间新建城市书房10个", [("新建城市书房数量", "10个", "number")]),
    ("modal-neng-dropped", "确保群众能及时就医的比例达到90%", [("群众及时就医的比例", "≥90%", "number")]),
    ("neng-inside-a-word", "亩均粮食产能提高50公斤", [("亩均粮食产能提高幅度", "50公斤", "number")]),
    ("rate-held-over-time", "免疫密度常年保持在90%以上", [("免疫密度", "≥90%", "number")]),
    ("per-unit-from-lexicon", "保管费用补贴标准每吨每年80元", [("保管费用补贴标准", "80元/吨/年", "number")]),
    ("deadline-count-in-task", "2024年底前建成污水处理站3座",
     [("污水处理站建成时间", "2024年12月底前", "deadline"), ("建成污水处理站数量", "3座", "number")]),
    ("deadline-to-date", "到2025年底建成数字乡村示范点5个",
     [("数字乡村示范点建成时间", "2025年12月底前", "deadline"), ("建成数字乡村示范点数量", "5个", "number")]),
    ("deadline-in-place", "资金于2025年9月30日前拨付到位", [("资金拨付时间", "2025年9月30日前", "deadline")]),
    ("effect-reduced", "养殖户疫病损失有效减少", [("养殖户疫病损失减少情况", "有效减少", "improvement")]),
    ("reduce-needs-signal", "降低企业融资成本", []),
    ("distance-in-rate-name", "城区公交站点500米覆盖率达到95%", [("城区公交站点500米覆盖率", "≥95%", "number")]),
    ("hours-in-rate-name", "汛期24小时值班到岗率100%", [("汛期24小时值班到岗率", "100%", "number")]),
    ("count-before-rate-stays", "培训300人次，合格率90%", [("培训人次", "300人次", "number"), ("合格率", "≥90%", "number")]),
    ("break-through", "带动农产品上行销售额突破3亿元", [("带动农产品上行销售额", ">3亿元", "number")]),
    ("for-people-free", "为全县2.5万名适龄妇女免费开展宫颈癌和乳腺癌筛查",
     [("免费开展宫颈癌和乳腺癌筛查适龄妇女人数", "25000名", "number")]),
    ("cost-cap-per-unit", "托养服务成本每人每月不超过260元", [("托养服务成本", "≤260元/人/月", "number")]),
    ("cost-cap-unit-before-subject", "保洁员每人每月补助不超过1200元", [("保洁员补助", "≤1200元/人/月", "number")]),
    ("satisfaction-not-merged", "受益群众满意度达到90%以上，确保项目顺利实施", [("受益群众满意度", "≥90%", "number")]),
    ("satisfaction-then-effect", "服务对象满意度达到95%，群众获得感明显增强",
     [("服务对象满意度", "≥95%", "number"), ("群众获得感增强情况", "明显增强", "improvement")]),
    ("stated-effect", "区域生态环境明显改善", [("区域生态环境改善情况", "明显改善", "improvement")]),
    ("passive-effect", "森林资源得到有效保护", [("森林资源保护情况", "有效保护", "improvement")]),
    ("mechanism-stated", "平台运行维护机制健全", [("平台运行维护机制健全情况", "健全", "event")]),
    ("promoted-effect", "带动脱贫人口稳定增收", [("对脱贫人口稳定增收的带动作用", "带动", "improvement")]),
    ("promoted-slogan", "促进县域经济高质量发展", []),
    ("strategy-slogan", "深入实施乡村振兴战略", []),
    ("effect-needs-signal", "养老服务能力提升", []),
    ("deadline-task-after", "12月底前完成全部体检数据录入", [("体检数据录入完成时间", "12月底前", "deadline")]),
    ("deadline-subject-before", "工程于2025年10月底前建成投用", [("工程建成投用时间", "2025年10月底前", "deadline")]),
    ("deadline-verb-inside", "项目12月31日前完工", [("项目完工时间", "12月31日前", "deadline")]),
    ("change-in-units", "项目区粮食亩产提高50公斤以上", [("项目区粮食亩产提高幅度", "≥50公斤", "number")]),
    ("age-qualifies-group", "完成65岁以上老年人健康体检4.5万人", [("65岁以上老年人健康体检人数", "45000人", "number")]),
    ("for-people-provide", "为2000名高龄失能老人提供上门服务", [("上门服务高龄失能老人人数", "2000名", "number")]),
    ("enumeration-comma", "建成县级物流配送中心1个、乡镇物流服务站15个",
     [("建成县级物流配送中心数量", "1个", "number"), ("乡镇物流服务站数量", "15个", "number")]),
    ("conjunction-in-name", "新增和改善灌溉面积5000亩", [("新增和改善灌溉面积", "5000亩", "number")]),
    ("share-goes-on", "接受服务后，至少80%的服务对象能够认识自己的人格气质，发现至少1种自身优势",
     [("服务对象认识自己的人格气质、发现至少1种自身优势的比例", "≥80%", "number")]),
    # heldout8's round: more result adverbs and effect verbs, a leading "…后", time and loss units.
    ("effect-spread", "群众禁毒意识普遍提高", [("群众禁毒意识提高情况", "普遍提高", "improvement")]),
    ("effect-restored", "水生生物多样性逐步恢复", [("水生生物多样性恢复情况", "逐步恢复", "improvement")]),
    ("restore-as-action", "恢复水毁设施", []),
    ("after-the-works", "改造后燃气泄漏事故发生率为0", [("燃气泄漏事故发生率", "0%", "number")]),
    ("minutes-name-a-time", "预警信息提前发布30分钟以上", [("预警信息提前发布时间", "≥30分钟", "number")]),
    ("loss-is-money", "避免直接经济损失2000万元以上", [("避免直接经济损失", "≥2000万元", "number")]),
    # heldout9's round: a target inside brackets, a level to come down to, names that measure already.
    ("target-in-brackets", "新建公共充电桩300个（其中快充桩不少于120个）",
     [("新建公共充电桩数量", "300个", "number"), ("快充桩数量", "≥120个", "number")]),
    ("down-to-a-level", "PM2.5年均浓度下降到28微克/立方米", [("PM2.5年均浓度", "≤28微克/立方米", "number")]),
    ("down-to-energy", "万元GDP能耗降至0.45吨标准煤", [("万元GDP能耗", "≤0.45吨标准煤", "number")]),
    ("up-to-keeps-value", "农村低保标准提高到每人每年6000元", [("农村低保标准", "6000元/人/年", "number")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CLAUSE_KINDS], ids=[c[0] for c in CLAUSE_KINDS]
)
def test_clause_kinds(text, expected):
    assert [(r.name, r.value, r.kind) for r in draft(text, rows_only=True)] == expected


@pytest.mark.skipif(_model() is None, reason="no classifier model in models/")
@pytest.mark.parametrize(
    ("text", "level2"),
    [
        ("设施设计使用年限不少于15年", "可持续影响指标"),
        ("建立健全农村公路管护长效机制", "可持续影响指标"),
        ("托养服务成本每人每月不超过260元", "成本指标"),
        ("受益群众满意度达到90%以上，确保项目顺利实施", "服务对象满意度指标"),
        ("12月底前完成全部体检数据录入", "时效指标"),
        ("专利侵权案件平均办理周期缩短至60天以内", "时效指标"),
    ],
    ids=["service-life", "mechanism", "cost-cap", "satisfaction", "deadline", "duration-cap"],
)
def test_clause_type_evidence_sets_the_level(text, level2):
    (row,) = draft(text, rows_only=True)
    assert class_of(row.level2) == level2 and 0 < row.confidence <= 1


def test_cost_row_follows_the_layout():
    if _model() is None:
        pytest.skip("no classifier model in models/")
    (new,) = draft("托养服务成本每人每月不超过260元", rows_only=True)
    (old,) = draft("托养服务成本每人每月不超过260元", rows_only=True, layout="legacy")
    assert (new.level1, new.level2, new.layout) == ("成本指标", "经济成本指标", "2021")
    assert (old.level1, old.level2, old.layout) == ("产出指标", "成本指标", "legacy")


# --- the spaCy front end (item 9) ----------------------------------------------------------------


def test_draft_runs_on_the_spacy_pipeline():
    from indicator_nlp.draft import _nlp

    nlp = _nlp()
    assert nlp.pipe_names == ["indicator_sentences", "indicator_thresholds"]
    doc = nlp("一、" + ROAD + "。二、服务对象满意度达到95%")
    assert [s.text for s in doc.sents] == ["一、" + ROAD + "。", "二、服务对象满意度达到95%"]
    assert [s.text for s in doc.spans["thresholds"]] == ["达到98%", "11月底前", "达到95%"]


def test_a_comma_inside_a_number_or_quotes_is_no_clause_boundary():
    rows = draft("发放补贴资金1,200万元，开展“送文化，下基层”活动不少于20场")
    assert [(r.name, r.value) for r in rows] == [
        ("发放补贴资金", "1200万元"),
        ("开展“送文化，下基层”活动场次", "≥20场"),
    ]


def test_sentence_component_from_spacy_load(tmp_path):
    spacy = pytest.importorskip("spacy")
    from indicator_nlp.nlp import make_nlp

    make_nlp(sentences=True).to_disk(tmp_path / "pipeline")
    nlp = spacy.load(tmp_path / "pipeline")
    assert nlp.pipe_names == ["indicator_sentences", "indicator_thresholds"]
    doc = nlp("1. 新建污水管网18公里；2. 污水处理厂出水水质达标率100%")
    assert len(list(doc.sents)) == 2 and len(doc.spans["thresholds"]) == 2


def test_sentence_component_added_by_name():
    spacy = pytest.importorskip("spacy")
    import indicator_nlp.nlp  # noqa: F401  (registers the factories)

    nlp = spacy.blank("zh")
    nlp.add_pipe("indicator_sentences")
    assert [s.text for s in nlp("建设站点12个。开展活动20场").sents] == ["建设站点12个。", "开展活动20场"]


# --- a filing written in prose (item 8) ------------------------------------------------------------

NARRATIVE = ROOT / "tests" / "fixtures" / "narrative"
EXAMPLES = ROOT / "examples"

# scripts/make_narrative_fixture.py's 年度绩效目标, row by row: (name, value, level 2).
TRANSPORT_2025 = [
    ("新改建农村公路里程", "45公里", "数量指标"),
    ("危桥改造数量", "8座", "数量指标"),
    ("工程交工验收合格率", "100%", "质量指标"),
    ("完工时间", "11月底前", "时效指标"),
    ("群众通行安全提升情况", "有效提升", "社会效益指标"),
    ("国省干线公路养护里程", "320公里", "数量指标"),
    ("路面修复合格率", "≥98%", "质量指标"),
    ("养护作业人员补助", "≤3000元/人/月", "经济成本指标"),
    ("新增和更新新能源公交车数量", "50辆", "数量指标"),
    ("城乡公交线路通达率", "100%", "质量指标"),
    ("乘客满意度", "≥90%", "服务对象满意度指标"),
    ("农村公路长效管护机制建立健全情况", "建立健全", "可持续影响指标"),
    ("桥梁设施设计使用年限", "≥30年", "可持续影响指标"),
]  # fmt: skip


@pytest.mark.parametrize("ext", ["txt", "docx"])
def test_narrative_filing_is_structured_into_its_rows(ext):
    from indicator_nlp.structure import structure

    filing = structure(NARRATIVE / f"transport_2025.{ext}")
    assert filing.kind == "narrative"
    assert [(i.name, i.value) for i in filing.indicators] == [(n, v) for n, v, _ in TRANSPORT_2025]
    assert all(i.source == "drafted" and i.file == filing.file for i in filing.indicators)
    assert [i.row for i in filing.indicators] == list(range(len(TRANSPORT_2025)))
    if _model() is not None:
        assert [class_of(i.level2) for i in filing.indicators] == [class_of(x) for _, _, x in TRANSPORT_2025]
        assert all(i.level1 and i.layout == "2021" for i in filing.indicators)


def test_draft_of_a_narrative_filing_lists_headings_without_target():
    rows = draft(NARRATIVE / "transport_2025.txt")
    untargeted = {r.sentence for r in rows if r.kind is None}
    assert {"部门职责", "年度绩效目标", "保障措施"} <= untargeted
    assert all(r.target is None and r.name is None and not r.measurable for r in rows if r.kind is None)
    # the goal rows are those structure keeps; draft also reads the duty statements
    goal_rows = [(r.name, r.value) for r in rows if r.kind and "年度" not in r.sentence]
    assert [(n, v) for n, v, _ in TRANSPORT_2025] == [
        x for x in goal_rows if x[0] != "城乡客运一体化实施情况"
    ]


def test_a_folder_of_mixed_filings_gives_one_table(tmp_path, capsys):
    import csv
    import io
    import shutil

    from indicator_nlp.cli import main

    shutil.copy(NARRATIVE / "transport_2025.txt", tmp_path / "a_narrative.txt")
    shutil.copy(EXAMPLES / "seed_004.txt", tmp_path / "b_table.txt")
    assert main(["structure", str(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_file = {}
    for r in rows:
        by_file.setdefault(Path(r["file"]).name, []).append(r)
    assert [r["name"] for r in by_file["a_narrative.txt"]] == [n for n, _, _ in TRANSPORT_2025]
    assert {r["source"] for r in by_file["a_narrative.txt"]} == {"drafted"}
    assert by_file["b_table.txt"] and {r["source"] for r in by_file["b_table.txt"]} == {""}


def test_a_filing_with_an_indicator_table_is_not_drafted():
    from indicator_nlp.structure import structure

    filing = structure(EXAMPLES / "seed_004.txt")
    assert filing.kind != "narrative" and filing.indicators
    assert all(i.source is None for i in filing.indicators)


def test_a_text_without_goal_prose_stays_empty(tmp_path):
    from indicator_nlp.structure import structure

    path = tmp_path / "notice.txt"
    path.write_text("关于召开年度工作会议的通知\n请各单位按时参会。\n", encoding="utf-8")
    filing = structure(path)
    assert filing.indicators == [] and filing.kind != "narrative"


def test_drafted_rows_are_not_training_data():
    """A narrative filing's rows carry the classifier's own levels: the corpus learns nothing from them."""
    from indicator_nlp.corpus import filing_rows
    from indicator_nlp.structure import structure

    path = NARRATIVE / "transport_2025.txt"
    filing = structure(path)
    assert filing.indicators and filing_rows(filing, path, "filings") == []
