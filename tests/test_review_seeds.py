"""The review on the seed filings, the workbooks and the fixtures (issue 5, "Must show").

Misfiled rows are found by name (not by row number), and each must be flagged by a rule that
says what is wrong with its category or value. Rule R09 (the classifier) is tested separately,
when a model is available.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from indicator_nlp.errors import FilingError, ModelError
from indicator_nlp.review import review
from indicator_nlp.types import Finding

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"


@cache
def findings(rel: str) -> tuple[Finding, ...]:
    return tuple(review(EXAMPLES / rel))


def rules_on(rel: str, name: str) -> set[str]:
    """Rules that fired on the row(s) named ``name`` (the finding's text or message names it)."""
    return {
        f.rule for f in findings(rel) if f.row is not None and (f.text == name or f"“{name}”" in f.message)
    }


MISFILED = [
    # (id, file, indicator name, rules any of which must flag it)
    ("002-资助人数-under-时效", "seed_002.txt", "资助人数", {"R05-timeliness-form"}),
    ("002-人才留用率-under-生态效益", "seed_002.txt", "人才留用率", {"R03-unit-mismatch"}),
    ("001-驿站建设完成时间-under-成本", "seed_001.txt", "东莞市青年人才驿站建设完成时间", {"R05-cost-form"}),
    ("sstqa1-养老保险覆盖面-质量-under-效益", "xlsx/sstqa-zh-1.xlsx", "全市城乡居民养老保险覆盖面", {"R02-wrong-level1"}),
    ("sstqa1-扶持创业企业个数-质量-under-效益", "xlsx/sstqa-zh-1.xlsx", "扶持创业企业（项目）个数", {"R02-wrong-level1"}),
    ("sstqa1-继续在基层就业比例-质量-under-效益", "xlsx/sstqa-zh-1.xlsx", "服务期满继续在基层就业人数比例", {"R02-wrong-level1"}),
    ("sstqa1-基层服务覆盖范围-质量-under-效益", "xlsx/sstqa-zh-1.xlsx", "基层服务覆盖范围", {"R02-wrong-level1"}),
    ("sstqa17-满意度-under-效益", "xlsx/sstqa-zh-17.xlsx", "做好服务工作，让服务对象满意", {"R02-wrong-level1"}),
    ("004-成本超预算", "seed_004.txt", "总成本", {"R05-cost-over-budget"}),
    ("000-新媒体推送-twice", "seed_000.txt", "发布新媒体推送", {"R08-duplicate"}),
    ("002-满意度-as-name", "seed_002.txt", "满意度", {"R02-category-as-name"}),
    ("sstqa40-资金支出率-as-output", "xlsx/sstqa-zh-40.xlsx", "实际资金支出率", {"R06-input-as-output"}),
    ("sstqa72-预算执行率-missed-no-reason", "xlsx/sstqa-zh-72.xlsx", "预算执行率", {"S03-deviation-missing"}),
]  # fmt: skip


@pytest.mark.parametrize(("rel", "name", "expected"), [c[1:] for c in MISFILED], ids=[c[0] for c in MISFILED])
def test_misfiled_row_is_flagged(rel, name, expected):
    assert rules_on(rel, name) & expected


CLEAN = [
    # (id, file, indicator name): well-formed rows that must not draw an error
    ("004-培训班数量", "seed_004.txt", "培训班数量"),
    ("004-总体支出-equals-budget", "seed_004.txt", "总体支出"),
    ("001-再犯率-capped", "seed_001.txt", "涉罪未成年人再犯率得到有效控制"),
    ("sstqa72-城镇新增就业人数-met", "xlsx/sstqa-zh-72.xlsx", "城镇新增就业人数"),
    ("000-满意度-lost-level1-cell", "seed_000.txt", "“青年地带”项目服务对象满意度"),
]  # fmt: skip


@pytest.mark.parametrize(("rel", "name"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_clean_row_draws_no_finding_of_its_own(rel, name):
    assert rules_on(rel, name) == set()


def test_first_project_of_004_has_no_error():
    fs = findings("seed_004.txt")
    projects = [f.project for f in fs]
    assert projects, "the review of seed 004 found nothing at all"
    first = "落实河北省中长期青年发展规划工作经费"
    assert [f for f in fs if f.project == first and f.severity == "error"] == []


def test_self_evaluation_weights_of_sstqa72_add_up():
    assert not any(f.rule == "S01-weights-sum" for f in findings("xlsx/sstqa-zh-72.xlsx"))


@cache
def _model():
    try:
        from indicator_nlp.classifier import load_model

        return load_model()
    except (ImportError, ModelError, OSError):
        return None


@pytest.mark.skipif(_model() is None, reason="no classifier model in models/ yet")
@pytest.mark.parametrize(
    ("rel", "name", "level2"),
    [
        ("seed_002.txt", "资助人数", "数量指标"),
        ("seed_002.txt", "人才留用率", "数量指标"),  # "1人" is a count, whatever the name says
        ("seed_001.txt", "东莞市青年人才驿站建设完成时间", "时效指标"),
    ],
    ids=["002-资助人数", "002-人才留用率", "001-驿站建设完成时间"],
)
def test_classifier_suggests_the_right_category(rel, name, level2):
    found = [f for f in findings(rel) if f.rule == "R09-category-mismatch" and f.text == name]
    assert found and found[0].suggestion["level2"] == level2


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.skipif(not FIXTURES.exists(), reason="tests/fixtures not built yet")
def test_review_of_every_fixture_completes():
    reviewed, failed = 0, []
    for path in _fixture_files():
        try:
            review(path)
            reviewed += 1
        except FilingError as exc:
            failed.append(path.name)
            assert str(path.name) in str(exc)  # one line naming the file
    assert reviewed > 0
    assert all(p.parent.name == "bad" for p in _fixture_files() if p.name in failed)


RENDERED = FIXTURES / "rendered"


def _key(findings) -> dict:
    from collections import Counter

    return Counter((f.rule, f.text) for f in findings)


@pytest.mark.parametrize("ext", ["docx", "pdf", "xlsx"])
@pytest.mark.parametrize("seed", ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004"])
def test_renderings_draw_the_same_findings_as_the_text(seed, ext):
    from indicator_nlp.review import ReviewSettings

    path = RENDERED / f"{seed}.{ext}"
    if not path.exists():
        pytest.skip(f"{path.name} not rendered")
    settings = ReviewSettings(disabled=("R09-category-mismatch",))
    assert _key(review(path, settings=settings)) == _key(review(EXAMPLES / f"{seed}.txt", settings=settings))
