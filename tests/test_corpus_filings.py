"""The analyst's path: a folder of past labelled filings → training rows → a model of one's own."""

import json
from pathlib import Path

import pytest

from indicator_nlp import corpus
from indicator_nlp.cli import main
from indicator_nlp.structure import structure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.fixture(scope="module")
def folder_rows():
    return corpus.rows_from_filings([EXAMPLES])


def test_every_filing_of_the_folder_gives_its_labelled_rows(folder_rows):
    rows, failures, copies, grouped = folder_rows
    assert failures == {} and copies == {} and grouped == {}  # nine different filings
    by_doc = {}
    for r in rows:
        by_doc.setdefault(Path(r.doc).name, []).append(r)
    assert set(by_doc) == {p.name for p in EXAMPLES.rglob("*") if p.suffix in {".txt", ".xlsx"}}
    # Each file's rows are its structured indicators (minus repeats within the file).
    filing = structure(EXAMPLES / "seed_001.txt")
    assert len(by_doc["seed_001.txt"]) == len({(i.name, i.value) for i in filing.indicators})


def test_rows_keep_the_filed_labels_and_one_group_per_file(folder_rows):
    rows = folder_rows.rows
    seed2 = {r.name: r for r in rows if r.doc.endswith("seed_002.txt")}
    assert seed2["资助人数"].level2_raw == "时效指标"  # as filed: the review flags it, training keeps it
    assert {r.group for r in rows} == {r.doc for r in rows}
    assert sum(r.trainable for r in rows) >= 130


def test_bad_files_are_listed_and_the_rest_kept(tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    code = main(["corpus", "from-filings", str(EXAMPLES / "seed_002.txt"), str(BAD), "-o", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt: empty file" in err and "image_only.pdf: no text layer" in err
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(lines) == 9 and all(x["doc"].endswith("seed_002.txt") for x in lines)


def test_from_filings_then_train_then_classify(tmp_path, capsys):
    rows = tmp_path / "mine.jsonl"
    assert main(["corpus", "from-filings", str(EXAMPLES), "-o", str(rows), "--quiet"]) == 0
    model = tmp_path / "m.joblib"
    assert main(["train", "--corpus", str(rows), "--out", str(model), "--no-cv"]) == 0
    card = json.loads((tmp_path / "m.card.json").read_text("utf-8"))
    assert card["training_data"]["rows"] == sum(json.loads(x)["class"] not in (None, "outside") for x in rows.read_text("utf-8").splitlines())
    capsys.readouterr()
    assert main(["classify", "受益群众满意度", "--model", str(model), "--format", "jsonl"]) == 0
    pred = json.loads(capsys.readouterr().out.splitlines()[0])
    assert pred["level2"] == "服务对象满意度指标"


# --- a bureau's folder holds the same filing twice (PDF and Word) and next year's filing of a project


RENDERED = ROOT / "tests" / "fixtures" / "rendered"


def test_the_same_filing_in_two_formats_is_kept_once(tmp_path, capsys):
    for name in ("seed_001.txt", "seed_002.txt"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    (tmp_path / "seed_001.xlsx").write_bytes((RENDERED / "seed_001.xlsx").read_bytes())
    found = corpus.rows_from_filings([tmp_path])
    assert {Path(d).name for d in found.copies} == {"seed_001.xlsx"}
    assert Path(found.copies[next(iter(found.copies))]).name == "seed_001.txt"
    assert {Path(r.doc).name for r in found.rows} == {"seed_001.txt", "seed_002.txt"}
    out = tmp_path / "rows.jsonl"
    assert main(["corpus", "from-filings", str(tmp_path), "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "seed_001.xlsx: the same rows as" in err and "kept once" in err
    assert "from 2 documents, 1 files kept once as copies" in err


def _row(doc, name, value="≥1个", level2="数量指标"):
    return corpus.CorpusRow(name=name, value=value, level1="产出指标", level2=level2, cls=level2, doc=doc, group=doc)


def test_near_copies_share_a_group_and_keep_their_rows():
    names = ["新建村级光伏电站数量", "光伏电站并网发电量", "带动村集体经济增收", "项目验收合格率", "电站运维人员培训人次"]
    rows = [_row("2023/a.docx", n) for n in names]
    # next year's filing of the same project: values changed, one row added (5 of 6 names shared)
    rows += [_row("2024/a.docx", n, "≥2个") for n in names] + [_row("2024/a.docx", "电站安全事故发生次数", "0次")]
    # another project from the same template: only the common names are shared
    other = ["新建农村公路里程", "路面平整度合格率", "项目验收合格率", "带动村集体经济增收"]
    rows += [_row("2024/b.docx", n) for n in other]
    found = corpus.group_copies(rows)
    assert found.copies == {} and found.grouped == {"2024/a.docx": "2023/a.docx"}
    assert len(found.rows) == len(rows)
    groups = {r.doc: r.group for r in found.rows}
    assert groups == {"2023/a.docx": "2023/a.docx", "2024/a.docx": "2023/a.docx", "2024/b.docx": "2024/b.docx"}


def test_tiny_filings_are_not_grouped_by_two_shared_names():
    rows = [_row("x.docx", "服务对象满意度", "≥90%", "服务对象满意度指标"), _row("x.docx", "项目完成及时率", "100%")]
    rows += [_row("y.docx", "服务对象满意度", "≥95%", "服务对象满意度指标"), _row("y.docx", "项目完成及时率", "100%")]
    rows += [_row("z.docx", "服务对象满意度", "≥90%", "服务对象满意度指标"), _row("z.docx", "项目完成及时率", "100%")]
    found = corpus.group_copies(rows)  # z repeats x's two rows: too little to call it a copy
    assert found.grouped == {} and found.copies == {}
    assert {r.group for r in found.rows} == {"x.docx", "y.docx", "z.docx"}
