"""Taxonomy: label normalisation as filed, level-1 inference, both cost layouts, data integrity."""

import json
from importlib import resources

import pytest

from indicator_nlp import taxonomy as tx

# (id, raw label, level asked, expected canonical)
LABELS = [
    ("canonical-l2", "数量指标", None, "数量指标"),
    ("no-suffix", "质量", None, "质量指标"),
    ("compound-output-quantity", "产出数量指标", None, "数量指标"),
    ("compound-output-quality", "产出质量", None, "质量指标"),
    ("synonym-effect", "效果指标", None, "效益指标"),
    ("synonym-progress", "进度指标", None, "时效指标"),
    ("synonym-environment", "环境效益指标", None, "生态效益指标"),
    ("synonym-environment-bare", "环境效益", None, "生态效益指标"),
    ("truncated-service-object", "服务对象", None, "服务对象满意度指标"),
    ("old-satisfaction", "社会公众或服务对象满意度指标", None, "服务对象满意度指标"),
    ("satisfaction-l1", "满意度指标", 1, "满意度指标"),
    ("satisfaction-as-l2", "满意度", 2, "服务对象满意度指标"),
    ("class-suffix-l1", "产出类指标", None, "产出指标"),
    ("class-suffix-benefit", "效益类指标", None, "效益指标"),
    ("traditional", "產出數量指標", None, "数量指标"),
    ("traditional-satisfaction", "服務對象滿意度指標", None, "服务对象满意度指标"),
    ("traditional-sustain", "可持續影響指標", None, "可持续影响指标"),
    ("full-width-spaces", "　社 会 效 益 指 标　", None, "社会效益指标"),
    ("enumeration-prefix", "（一）质量指标", None, "质量指标"),
    ("markup", "<p>时效指标</p>", None, "时效指标"),
    ("cost-l1", "成本指标", 1, "成本指标"),
    ("cost-l2-legacy", "成本指标", 2, "成本指标"),
    ("cost-2021-economic", "经济成本指标", None, "经济成本指标"),
    ("cost-2021-eco", "生态环境成本指标", None, "生态环境成本指标"),
    ("outside-management", "管理类指标", None, "管理指标"),
    ("outside-budget", "预算管理", None, "预算管理"),
    ("not-a-label", "培训人次", None, None),
    ("empty", "", None, None),
    ("placeholder", "XX", None, None),
    ("l2-asked-of-l1-word", "产出指标", 2, None),
]


@pytest.mark.parametrize(("raw", "level", "expected"), [c[1:] for c in LABELS], ids=[c[0] for c in LABELS])
def test_normalize_label(raw, level, expected):
    assert tx.normalize_label(raw, level=level) == expected


# (id, level1 raw, level2 raw, expected (level1, level2, layout))
PAIRS = [
    ("infer-l1-quantity", None, "数量指标", ("产出指标", "数量指标", None)),
    ("infer-l1-social", "", "社会效益", ("效益指标", "社会效益指标", None)),
    ("legacy-cost", "产出指标", "成本指标", ("产出指标", "成本指标", "legacy")),
    ("2021-cost", "成本指标", "经济成本指标", ("成本指标", "经济成本指标", "2021")),
    ("2021-cost-inferred", None, "社会成本指标", ("成本指标", "社会成本指标", "2021")),
    ("2021-cost-l1-only", "成本指标", None, ("成本指标", None, "2021")),
    ("old-satisfaction-under-benefit", "效益指标", "社会公众或服务对象满意度指标", ("满意度指标", "服务对象满意度指标", None)),
    ("mixed-column-l1-word", None, "产出类指标", ("产出指标", None, None)),
    ("shifted-l2-in-l1-column", "时效指标", None, ("产出指标", "时效指标", None)),
    ("effect-synonym", "效果指标", "环境效益", ("效益指标", "生态效益指标", None)),
    ("outside", "预算绩效", "财务管理", ("管理指标", "财务管理", None)),
]


@pytest.mark.parametrize(("l1", "l2", "expected"), [c[1:] for c in PAIRS], ids=[c[0] for c in PAIRS])
def test_normalize_pair(l1, l2, expected):
    assert tx.normalize_pair(l1, l2) == expected


@pytest.mark.parametrize(
    ("cls", "layout", "expected"),
    [
        ("成本指标", "legacy", ("产出指标", "成本指标")),
        ("成本指标", "2021", ("成本指标", "经济成本指标")),
        ("数量指标", "2021", ("产出指标", "数量指标")),
        ("服务对象满意度指标", "legacy", ("满意度指标", "服务对象满意度指标")),
        ("可持续影响指标", "2021", ("效益指标", "可持续影响指标")),
    ],
)
def test_labels_for_class(cls, layout, expected):
    assert tx.labels_for_class(cls, layout) == expected


def test_nine_classes_cover_all_level2():
    assert len(tx.classes()) == 9
    for l2 in tx.level2_labels():
        assert tx.class_of(l2) in tx.classes()
        assert tx.parent(l2, "legacy") in tx.level1_labels()
        assert tx.parent(l2, "2021") in tx.level1_labels()


def test_bad_layout_is_refused():
    with pytest.raises(ValueError, match="layout"):
        tx.parent("成本指标", "2019")


def test_is_category_name():
    assert tx.is_category_name("数量指标")
    assert not tx.is_category_name("培训人次")


def test_data_file_integrity():
    data = json.loads(resources.files("indicator_nlp").joinpath("data/taxonomy.json").read_text("utf-8"))
    canon1, canon2 = set(data["level1"]), set(data["level2"])
    for key, value in data["aliases"]["level1"].items():
        assert value in canon1, key
        assert tx.fold(key) == key, f"alias key {key!r} is not in folded form"
    for key, value in data["aliases"]["level2"].items():
        assert value in canon2, key
        assert tx.fold(key) == key, f"alias key {key!r} is not in folded form"
    members = [m for ms in data["classes"].values() for m in ms]
    assert sorted(members) == sorted(canon2), "every level 2 belongs to exactly one class"
    for key in data["traditional"]:
        assert key == "_note" or len(key) == 1
