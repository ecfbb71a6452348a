"""The corpus build: labels through the taxonomy, provenance, exclusions, dedup, glob discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_nlp import corpus, taxonomy
from indicator_nlp.corpus import OUTSIDE, CorpusRow, label_row
from indicator_nlp.errors import DataError

ROOT = Path(__file__).resolve().parents[1]

GITHUB_HEADER = "level1\tlevel2\tname\tdescription\tvalue\tsource\n"
PAGES_HEADER = "level1\tlevel2\tname\tvalue\tdoc\turl\n"


@pytest.mark.parametrize(
    "l1, l2, cls, flags",
    [
        pytest.param("产出指标", "数量指标", "数量指标", [], id="plain"),
        pytest.param("项目效果", "环境效益", "生态效益指标", [], id="old-names"),
        pytest.param("成本指标", "经济成本指标", "成本指标", [], id="cost-2021"),
        pytest.param("产出指标", "成本指标", "成本指标", [], id="cost-legacy"),
        pytest.param("满意度指标", "", "服务对象满意度指标", [], id="satisfaction-level1-only"),
        pytest.param("效益指标", "满意度指标", "服务对象满意度指标", [], id="old-framework-satisfaction"),
        pytest.param("效益指标", "质量指标", "质量指标", ["label_conflict"], id="conflicting-levels"),
        pytest.param("预算绩效", "预算管理", OUTSIDE, [], id="management"),
        pytest.param("管理类指标", "", OUTSIDE, [], id="management-level1-only"),
        pytest.param("产出指标", "", None, [], id="level1-only-ambiguous"),
        pytest.param("成效指标", "", None, [], id="unknown-level1"),
        pytest.param(
            "满意度指标", "具体指标", "服务对象满意度指标", ["unknown_label"], id="placeholder-level2"
        ),
    ],
)
def test_label_row(l1, l2, cls, flags):
    _, _, got_cls, _, got_flags = label_row(l1, l2)
    assert got_cls == cls
    assert got_flags == flags


def _shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared" / "corpus"
    (shared / "github").mkdir(parents=True)
    (shared / "pages").mkdir()
    (shared / "README.md").write_text("# test corpus\n", encoding="utf-8")
    (shared / "github" / "owner_repo__tables.tsv").write_text(
        GITHUB_HEADER
        + "产出指标\t数量指标\t培训人次\t\t≥100人次\towner/repo:a.xlsx@abc\n"
        + "产出指标\t数量指标\t培训人次\t\t≥100人次\towner/repo:a.xlsx@abc\n"  # duplicate in one doc
        + "产出指标\t数量指标\t培训人次\t\t≥100人次\towner/repo:b.xlsx@abc\n"  # same row, other doc
        + "预算绩效\t预算管理\t预算执行率\t\t≥90%\towner/repo:a.xlsx@abc\n",
        encoding="utf-8",
    )
    (shared / "github" / "dante7qx_springboot__demo_norm_tree.tsv").write_text(
        GITHUB_HEADER + "产出指标\t数量指标\t种植面积\t\t》 亩\tdante7qx/springboot:x.java@1\n",
        encoding="utf-8",
    )
    (shared / "pages" / "indicators.tsv").write_text(
        PAGES_HEADER + "效益指标\t生态效益指标\t森林覆盖率\t≥60%\t000\thttp://example.org/1\n",
        encoding="utf-8",
    )
    return shared.parent


@pytest.fixture()
def built(tmp_path):
    shared = _shared(tmp_path)
    out = tmp_path / "corpus"
    report = corpus.build(shared, out, tmp_path / "no-examples", use_structurer=False)
    return report, out, shared


def test_build_writes_jsonl_stats_and_raw_copy(built):
    report, out, _ = built
    rows = corpus.load(out)
    assert len(rows) == len(report.rows) == 4
    assert (out / "STATS.md").read_text("utf-8").startswith("# Corpus statistics")
    assert (out / "raw" / "README.md").is_file()
    assert (out / "raw" / "github" / "owner_repo__tables.tsv").is_file()
    line = json.loads((out / "indicators.jsonl").read_text("utf-8").splitlines()[0])
    assert {
        "name",
        "description",
        "value",
        "level1",
        "level2",
        "class",
        "layout",
        "doc",
        "origin",
        "level1_raw",
        "level2_raw",
        "source",
    } <= set(line)


def test_duplicates_dropped_within_a_document_only(built):
    report, out, _ = built
    names = [(r.name, r.doc) for r in corpus.load(out) if r.name == "培训人次"]
    assert names == [("培训人次", "owner/repo:a.xlsx"), ("培训人次", "owner/repo:b.xlsx")]
    assert report.duplicates == 1


def test_toy_file_excluded(built):
    report, out, _ = built
    assert "github/dante7qx_springboot__demo_norm_tree.tsv" in report.excluded
    assert not [r for r in corpus.load(out) if "dante7qx" in r.source]
    assert (out / "raw" / "github" / "dante7qx_springboot__demo_norm_tree.tsv").is_file()  # provenance kept


def test_management_rows_kept_but_not_trained(built):
    _, out, _ = built
    rows = corpus.load(out)
    outside = [r for r in rows if r.cls == OUTSIDE]
    assert [r.name for r in outside] == ["预算执行率"]
    assert outside[0] not in corpus.training_rows(rows)


def test_provenance_ids(built):
    _, out, _ = built
    by_name = {r.name: r for r in corpus.load(out)}
    assert by_name["森林覆盖率"].doc == "http://example.org/1"
    assert by_name["预算执行率"].group == "owner/repo"


def test_new_tsv_taken_in_by_rebuild(built, tmp_path):
    _, out, shared = built
    new = shared / "corpus" / "newsource"
    new.mkdir()
    (new / "rows.tsv").write_text(
        GITHUB_HEADER + "效益指标\t经济效益指标\t带动农户增收\t\t≥1000元\tnew/repo:c.xlsx@1\n",
        encoding="utf-8",
    )
    corpus.build(shared, out, tmp_path / "no-examples", use_structurer=False)
    assert "带动农户增收" in {r.name for r in corpus.load(out)}


def test_missing_column_is_a_data_error(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("name\tvalue\n培训人次\t5\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        corpus.read_tsv(path, "bad.tsv")


def test_row_round_trip():
    row = CorpusRow(name="培训人次", cls="数量指标", flags=["label_conflict"])
    assert CorpusRow.from_dict(row.to_dict()) == row


# --- the committed corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_rows():
    return corpus.load(ROOT / "corpus")


def test_shipped_corpus_covers_every_class(shipped_rows):
    classes = {r.cls for r in corpus.training_rows(shipped_rows)}
    assert classes == set(taxonomy.classes())


def test_shipped_corpus_has_no_toy_or_double_counted_rows(shipped_rows):
    assert not [r for r in shipped_rows if "dante7qx" in r.source]
    assert not [r for r in shipped_rows if r.origin == "workbook" and "sstqa" in r.doc.lower()]
    keys = [(r.doc, corpus.dedup_key(r)) for r in shipped_rows]
    assert len(keys) == len(set(keys))


def test_shipped_corpus_labels_are_canonical(shipped_rows):
    for r in shipped_rows:
        if r.trainable:
            assert taxonomy.class_of(r.level2) == r.cls or (r.level2 is None and r.cls == "成本指标")


def test_build_reads_seeds_through_the_structurer(tmp_path):
    """Bug found: a local list of bundled filings shadowed the --filings argument of build()."""
    import shutil

    shared = _shared(tmp_path)
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copyfile(ROOT / "examples" / "seed_002.txt", examples / "seed_002.txt")
    report = corpus.build(shared, tmp_path / "corpus", examples)
    seeds = [r for r in report.rows if r.origin == "seed"]
    assert seeds and all(r.doc.endswith("seed_002.txt") for r in seeds)
    assert not report.warnings


REVIEWS_HEADER = (
    "origin\tline\tname\tvalue\tfiled_level1\tfiled_level2\tverdict\treviewed_level1\treviewed_level2\t"
    "acceptable_level2\tnote\n"
)


@pytest.fixture()
def built_reviewed(tmp_path):
    shared = _shared(tmp_path)
    (shared / "corpus" / "reviewed.tsv").write_text(
        REVIEWS_HEADER
        + "github/owner_repo__tables.tsv\t1\t培训人次\t≥100人次\t产出指标\t数量指标\tok\t产出指标\t数量指标\t数量指标;社会效益指标\t\n"
        + "github/owner_repo__tables.tsv\t3\t培训人次\t≥100人次\t产出指标\t数量指标\twrong\t效益指标\t社会效益指标\t社会效益指标\t\n"
        + "github/owner_repo__tables.tsv\t4\t预算执行率\t≥90%\t预算绩效\t预算管理\toutside\t\t\t\tmanagement\n"
        + "pages/indicators.tsv\t1\t森林覆盖率\t≥60%\t效益指标\t生态效益指标\tok\t效益指标\t生态效益指标\t生态效益指标\t\n",
        encoding="utf-8",
    )
    out = tmp_path / "corpus"
    report = corpus.build(shared, out, tmp_path / "no-examples", use_structurer=False)
    return {(r.origin.split("/")[0], r.line): r for r in corpus.load(out)}, report, out


REVIEWED_CASES = [
    # (id, (folder, line), filed class, reviewed class, acceptable, misfiled)
    ("ok-two-acceptable", ("github", 1), "数量指标", "数量指标", ["数量指标", "社会效益指标"], False),
    ("wrong", ("github", 3), "数量指标", "社会效益指标", ["社会效益指标"], True),
    ("management-outside", ("github", 4), OUTSIDE, OUTSIDE, [], None),
    ("ok-page", ("pages", 1), "生态效益指标", "生态效益指标", ["生态效益指标"], False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "filed", "reviewed", "acceptable", "misfiled"),
    [c[1:] for c in REVIEWED_CASES],
    ids=[c[0] for c in REVIEWED_CASES],
)
def test_reviews_joined_by_origin_and_line(built_reviewed, key, filed, reviewed, acceptable, misfiled):
    r = built_reviewed[0][key]
    assert (r.cls, r.reviewed_class, r.acceptable, r.misfiled) == (filed, reviewed, acceptable, misfiled)


def test_reviewed_rows_are_the_nine_class_training_set(built_reviewed):
    rows, report, out = built_reviewed
    picked = corpus.reviewed_rows(list(rows.values()))
    assert sorted(r.target for r in picked) == ["数量指标", "生态效益指标", "社会效益指标"]
    assert (out / "raw" / "reviewed.tsv").is_file() and "## Reviewed labels" in (out / "STATS.md").read_text(
        "utf-8"
    )
    assert report.warnings == []


def test_unmatched_review_is_reported(built, tmp_path):
    _, _, shared = built
    (shared / "corpus" / "reviewed.tsv").write_text(
        REVIEWS_HEADER + "pages/indicators.tsv\t9\t无此行\t\t\t\tok\t\t\t\t\n", encoding="utf-8"
    )
    report = corpus.build(shared, tmp_path / "c2", tmp_path / "no-examples", use_structurer=False)
    assert any("match no corpus row" in w for w in report.warnings)


def test_bad_verdict_is_a_data_error(tmp_path):
    p = tmp_path / "reviewed.tsv"
    p.write_text(REVIEWS_HEADER + "pages/indicators.tsv\t1\tx\t\t\t\tmaybe\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        corpus.read_reviews(p)


def test_shipped_corpus_carries_the_reviews(shipped_rows):
    reviewed = [r for r in shipped_rows if r.reviewed]
    assert len(reviewed) > 1000
    assert sum(bool(r.misfiled) for r in reviewed) > 50
