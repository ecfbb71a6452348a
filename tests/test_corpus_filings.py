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
    rows, failures = folder_rows
    assert failures == {}
    by_doc = {}
    for r in rows:
        by_doc.setdefault(Path(r.doc).name, []).append(r)
    assert set(by_doc) == {p.name for p in EXAMPLES.rglob("*") if p.suffix in {".txt", ".xlsx"}}
    # Each file's rows are its structured indicators (minus repeats within the file).
    filing = structure(EXAMPLES / "seed_001.txt")
    assert len(by_doc["seed_001.txt"]) == len({(i.name, i.value) for i in filing.indicators})


def test_rows_keep_the_filed_labels_and_one_group_per_file(folder_rows):
    rows, _ = folder_rows
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
