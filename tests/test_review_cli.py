"""``indicator-nlp review`` and ``indicator-nlp draft``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED_002 = str(EXAMPLES / "seed_002.txt")
BAD = ROOT / "tests" / "fixtures" / "bad"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_review_json_lists_findings_with_location(capsys):
    code, out, _ = run(capsys, "review", SEED_002, "--format", "json", "--no-classifier")
    assert code == 0
    records = json.loads(out)
    assert {"rule", "severity", "message", "file", "project", "table", "row", "text", "suggestion"} <= set(
        records[0]
    )
    assert any(r["rule"] == "R05-timeliness-form" and r["text"] == "1人" for r in records)
    assert all(r["file"].endswith("seed_002.txt") for r in records)


def test_review_jsonl_one_finding_per_line(capsys):
    code, out, _ = run(capsys, "review", SEED_002, "--format", "jsonl", "--no-classifier")
    lines = out.splitlines()
    assert code == 0 and lines and all(json.loads(x)["rule"] for x in lines)


def test_review_table_has_summary(capsys):
    code, out, _ = run(capsys, "review", SEED_002, "--no-classifier")
    assert code == 0
    assert "R03-unit-mismatch" in out and out.rstrip().endswith("in 1 files")


@pytest.mark.parametrize(
    ("level", "allowed"),
    [("error", {"error"}), ("warning", {"error", "warning"})],
    ids=["errors", "warnings"],
)
def test_review_min_severity(capsys, level, allowed):
    code, out, _ = run(
        capsys, "review", SEED_002, "--format", "json", "--no-classifier", "--min-severity", level
    )
    assert code == 0 and {r["severity"] for r in json.loads(out)} <= allowed


def test_review_xlsx_output(capsys, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "findings.xlsx"
    code, _, _ = run(capsys, "review", SEED_002, "-o", str(out), "--no-classifier")
    assert code == 0
    ws = load_workbook(out)["findings"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["file", "project", "table", "row", "severity", "rule"]
    assert ws.max_row > 1


def test_review_xlsx_needs_output(capsys):
    code, _, err = run(capsys, "review", SEED_002, "--format", "xlsx")
    assert code == 2 and "-o" in err


def test_review_settings_file(capsys, tmp_path):
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps({"disabled": ["R05-timeliness-form"]}), encoding="utf-8")
    code, out, _ = run(
        capsys, "review", SEED_002, "--format", "json", "--no-classifier", "--settings", str(settings)
    )
    assert code == 0 and not any(r["rule"] == "R05-timeliness-form" for r in json.loads(out))


def test_review_bad_settings_is_a_usage_error(capsys, tmp_path):
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps({"satisfaction_minimum": 85}), encoding="utf-8")
    code, _, err = run(capsys, "review", SEED_002, "--settings", str(settings))
    assert code == 2 and "satisfaction_minimum" in err and len(err.strip().splitlines()) == 1


def test_review_bad_file_is_reported_and_others_reviewed(capsys):
    bad = BAD / "empty.txt"
    code, out, err = run(capsys, "review", SEED_002, str(bad), "--format", "json", "--no-classifier")
    assert code == 1
    assert "empty.txt" in err
    assert json.loads(out), "the good file was still reviewed"


def test_review_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "review", str(tmp_path / "nope.txt"), "--no-classifier")
    assert code == 1 and "nope.txt" in err


def test_review_folder(capsys):
    code, out, _ = run(capsys, "review", str(EXAMPLES), "--format", "json", "--no-classifier")
    files = {Path(r["file"]).name for r in json.loads(out)}
    assert code == 0 and {"seed_002.txt", "sstqa-zh-1.xlsx"} <= files


def test_draft_text_jsonl(capsys):
    code, out, _ = run(
        capsys, "draft", "开展青少年法治宣传教育活动不少于20场；持续深化思想引领。", "--format", "jsonl"
    )
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [r["measurable"] for r in rows] == [True, False]
    assert rows[0]["name"] == "开展青少年法治宣传教育活动场次" and rows[0]["threshold"][0]["op"] == ">="
    assert rows[0]["span"] == [0, 19]


def test_draft_file_table(capsys):
    code, out, _ = run(capsys, "draft", str(EXAMPLES / "seed_001.txt"), "--measurable-only")
    assert code == 0 and "工单对接跟进率" in out and "measurable targets" in out


def test_draft_json_measurable_only(capsys):
    code, out, _ = run(
        capsys, "draft", str(EXAMPLES / "seed_001.txt"), "--format", "json", "--measurable-only"
    )
    rows = json.loads(out)
    assert code == 0 and rows and all(r["measurable"] and r["threshold"] for r in rows)


@pytest.mark.parametrize("command", ["review", "draft"])
def test_help_has_an_example(capsys, command):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert exc.value.code == 0 and "examples:" in out and f"indicator-nlp {command}" in out
