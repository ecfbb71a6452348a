"""``indicator-nlp structure`` in-process: formats, batches with bad files, atomic output."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from indicator_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

JSONL_FIELDS = [
    "file", "project", "table", "row", "page", "level1", "level2", "level1_raw", "level2_raw",
    "name", "description", "value", "period_value", "basis", "actual", "weight", "threshold",
]  # fmt: skip


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder with two good seeds and one binary file named .txt."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLES / "seed_002.txt", d / "a.txt")
    shutil.copy(EXAMPLES / "seed_004.txt", d / "b.txt")
    (d / "c.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    return d


def test_jsonl_one_indicator_per_line_with_the_documented_fields(tmp_path):
    out = tmp_path / "o.jsonl"
    assert main(["structure", str(EXAMPLES / "seed_002.txt"), "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 9
    assert list(records[0])[: len(JSONL_FIELDS)] == JSONL_FIELDS
    first = records[0]
    assert (first["level1"], first["level2"], first["name"], first["value"]) == (
        "产出指标",
        "数量指标",
        "活动开展次数",
        "≥5次",
    )
    assert first["project"] == "团委活动经费及宣教业务费"
    assert first["row"] == 84


def test_json_one_object_per_filing(tmp_path):
    out = tmp_path / "o.json"
    paths = [str(EXAMPLES / "seed_000.txt"), str(EXAMPLES / "seed_004.txt")]
    assert main(["structure", *paths, "-o", str(out)]) == 0
    objs = json.loads(out.read_text("utf-8"))
    assert [len(o["indicators"]) for o in objs] == [18, 44]
    assert objs[0]["meta"]["部门名称"] == "中国共产主义青年团广州市海珠区委员会"
    assert [p["indicators"] for p in objs[1]["projects"]] == [17, 9, 12, 6]
    assert objs[0]["kind"] == "department" and objs[0]["tasks"]


def test_csv_same_columns_threshold_compact(tmp_path):
    out = tmp_path / "o.csv"
    assert main(["structure", str(EXAMPLES / "seed_001.txt"), "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert len(rows) == 24
    assert list(rows[0])[: len(JSONL_FIELDS)] == JSONL_FIELDS
    if any(r["threshold"] for r in rows):  # the extractor is installed
        small = next(r for r in rows if r["name"] == "小组服务数量")
        assert small["threshold"] == ">=66个; >=388节次"


def test_xlsx_output_is_a_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "o.xlsx"
    assert main(["structure", str(EXAMPLES / "seed_002.txt"), "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["indicators"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][: len(JSONL_FIELDS)] == tuple(JSONL_FIELDS)
    assert len(rows) == 1 + 9


def test_table_to_stdout_by_default(capsys):
    assert main(["structure", str(EXAMPLES / "seed_002.txt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["file", "project", "level1", "level2"]
    assert len(out.splitlines()) == 2 + 9


def test_folder_expanded(tmp_path):
    out = tmp_path / "all.jsonl"
    assert main(["structure", str(EXAMPLES), "-o", str(out), "--no-progress"]) == 0
    files = {json.loads(line)["file"] for line in out.read_text("utf-8").splitlines()}
    assert len(files) == 9  # five seeds and four workbooks; README/LICENSE skipped


def test_batch_with_a_bad_file_exit_1_good_ones_written_failure_listed(tmp_path, batch, capsys):
    out = tmp_path / "o.jsonl"
    assert main(["structure", str(batch), "-o", str(out), "--no-progress"]) == 1
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 9 + 44
    err = capsys.readouterr().err.splitlines()
    bad = [line for line in err if "c.txt" in line]
    assert len(bad) == 1
    assert bad[0].startswith(str(batch / "c.txt") + ": ")
    assert "binary content, not a text export" in bad[0]


def test_jobs_2_gives_the_same_output_as_jobs_1(tmp_path, batch):
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert main(["structure", str(batch), "-o", str(one), "--no-progress"]) == 1
    assert main(["structure", str(batch), "-o", str(two), "--no-progress", "--jobs", "2"]) == 1
    assert one.read_text("utf-8") == two.read_text("utf-8")


def test_failed_write_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    import indicator_nlp._io as writers

    out = tmp_path / "o.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.os, "replace", broken_replace)
    assert main(["structure", str(EXAMPLES / "seed_002.txt"), "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.jsonl"]  # no temp file left


def test_all_files_bad_writes_nothing_and_keeps_the_old_output(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"")
    out = tmp_path / "o.jsonl"
    out.write_text("yesterday\n", encoding="utf-8")
    assert main(["structure", str(bad), "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "yesterday\n"
    err = capsys.readouterr().err
    assert f"{bad}: empty file" in err and "nothing written" in err


USAGE_ERRORS = [
    pytest.param(["-o", "out.weird"], "cannot tell the format", id="unknown-suffix"),
    pytest.param(["--format", "xlsx"], "needs -o", id="xlsx-to-stdout"),
    pytest.param(["--jobs", "0"], "--jobs must be", id="jobs-zero"),
]


@pytest.mark.parametrize(("extra", "message"), USAGE_ERRORS)
def test_usage_errors_exit_2(tmp_path, capsys, extra, message):
    extra = [str(tmp_path / e) if e.startswith("out.") else e for e in extra]
    assert main(["structure", str(EXAMPLES / "seed_002.txt"), *extra]) == 2
    assert message in capsys.readouterr().err


def test_missing_path_reported(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    assert main(["structure", str(missing), "-f", "jsonl"]) == 1
    assert f"{missing}: no such file" in capsys.readouterr().err


def test_review_findings_in_json(tmp_path):
    pytest.importorskip("indicator_nlp.review")
    out = tmp_path / "o.json"
    assert main(["structure", str(EXAMPLES / "seed_002.txt"), "-o", str(out), "--review"]) == 0
    (obj,) = json.loads(out.read_text("utf-8"))
    rows = {f["row"] for f in obj["findings"]}
    assert 140 in rows  # 满意度 used as a name (a category name)


def test_review_findings_beside_jsonl(tmp_path):
    pytest.importorskip("indicator_nlp.review")
    out = tmp_path / "o.jsonl"
    assert main(["structure", str(EXAMPLES / "seed_002.txt"), "-o", str(out), "--review"]) == 0
    side = tmp_path / "o.jsonl.findings.jsonl"
    findings = [json.loads(line) for line in side.read_text("utf-8").splitlines()]
    assert findings and all("rule" in f and "message" in f for f in findings)
    assert len(out.read_text("utf-8").splitlines()) == 9


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["structure", "--help"])
    assert "indicator-nlp structure examples/" in capsys.readouterr().out
