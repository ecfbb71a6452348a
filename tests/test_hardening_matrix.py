"""The bad-input matrix: every command that reads a file, fed every file of tests/fixtures/bad/,
answers with one stderr line naming the file, a non-zero exit code, no traceback, and writes no
output (the previous output stays)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"
BAD_FILES = sorted(p.name for p in BAD.iterdir() if p.is_file())

# command id -> (argv for a bad file and an output path, expected exit code)
COMMANDS = {
    "structure": (lambda f, o: ["structure", f, "-o", o, "--no-progress"], 1),
    "structure-review": (lambda f, o: ["structure", f, "-o", o, "--review", "--no-progress"], 1),
    "review": (lambda f, o: ["review", f, "-o", o, "--format", "json", "--no-progress"], 1),
    "draft": (lambda f, o: ["draft", f, "-o", o], 1),
    "corpus-from-filings": (lambda f, o: ["corpus", "from-filings", f, "-o", o, "--quiet"], 1),
    "corpus-from-feedback": (lambda f, o: ["corpus", "from-feedback", f, "-o", o, "--quiet"], 1),
    "classify-input": (lambda f, o: ["classify", "--input", f, "-o", o], 1),
    "thresholds-input": (lambda f, o: ["thresholds", "--input", f, "-o", o], 2),
    "evaluate-data": (lambda f, o: ["evaluate", "--data", f, "-o", o], 1),
    "train-corpus": (lambda f, o: ["train", "--corpus", f, "--out", o, "--no-cv"], 1),
}


def test_the_matrix_covers_the_new_bad_inputs():
    assert {
        "billion_laughs.xlsx",
        "billion_laughs.docx",
        "broken_styles.xlsx",
        "malformed_sheet.xlsx",
        "truncated_sheet.xlsx",
        "malformed_document.docx",
        "zip_bomb.xlsx",
        "zip_bomb.docx",
        "legacy.doc",
    } <= set(BAD_FILES)


@pytest.mark.parametrize("name", BAD_FILES)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_bad_input_matrix(command, name, tmp_path, capsys):
    argv, code = COMMANDS[command]
    path = str(BAD / name)
    out = tmp_path / "out.txt"
    out.write_text("previous output\n", encoding="utf-8")
    assert main(argv(path, str(out))) == code
    err = capsys.readouterr().err
    named = [line for line in err.splitlines() if path in line]
    assert len(named) == 1, err
    assert "Traceback" not in err and len(err.splitlines()) <= 2
    assert out.read_text("utf-8") == "previous output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind
