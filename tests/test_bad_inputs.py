"""Bad inputs give a one-line error naming the file and the cause, in the library and in the CLI;
re-encoded text filings are good inputs; a batch over every fixture finishes, writes the good
files and lists the bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_nlp.cli import main
from indicator_nlp.errors import EncryptedFileError, FilingError, NeedsOCRError
from indicator_nlp.readers import read_filing
from indicator_nlp.structure import structure

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"
ENCODINGS = FIXTURES / "encodings"
SEED = ROOT / "examples" / "seed_000.txt"

BAD_CASES = [
    pytest.param(
        "image_only.pdf",
        NeedsOCRError,
        "no text layer: the PDF holds only images; run OCR first",
        id="image-only-pdf",
    ),
    pytest.param(
        "encrypted.pdf", EncryptedFileError, "encrypted PDF (password-protected)", id="encrypted-pdf"
    ),
    pytest.param("truncated.pdf", FilingError, "damaged PDF", id="truncated-pdf"),
    pytest.param("truncated.docx", FilingError, "truncated or corrupt DOCX file", id="truncated-docx"),
    pytest.param("empty.txt", FilingError, "empty file (0 bytes)", id="empty-file"),
    pytest.param("binary.txt", FilingError, "binary content", id="binary-named-txt"),
]


@pytest.mark.parametrize(("name", "error", "cause"), BAD_CASES)
def test_read_filing_one_line_error(name, error, cause):
    path = BAD / name
    with pytest.raises(error) as info:
        read_filing(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and cause in message
    assert "\n" not in message
    assert info.value.path == str(path) and cause in info.value.cause


@pytest.mark.parametrize(("name", "error", "cause"), BAD_CASES)
def test_structure_raises_the_reader_error(name, error, cause):
    with pytest.raises(error, match=cause.replace("(", r"\(").replace(")", r"\)")):
        structure(BAD / name)


@pytest.mark.parametrize(("name", "error", "cause"), BAD_CASES)
def test_cli_reports_and_fails(name, error, cause, capsys, tmp_path):
    path = BAD / name
    out = tmp_path / "out.jsonl"
    assert main(["structure", str(path), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err.splitlines()
    reported = [line for line in err if line.startswith(f"{path}: ")]
    assert len(reported) == 1 and cause in reported[0]


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        pytest.param("seed_000_gb18030.txt", "gb18030", id="gb18030"),
        pytest.param("seed_000_utf16.txt", "utf-16", id="utf16-bom"),
        pytest.param("seed_000_utf8bom.txt", "utf-8-sig", id="utf8-bom"),
    ],
)
def test_reencoded_text_is_good_input(name, encoding):
    doc = read_filing(ENCODINGS / name)
    base = read_filing(SEED)
    assert doc.meta.get("encoding") == encoding
    assert [(b.kind, b.text, b.rows) for b in doc.blocks] == [(b.kind, b.text, b.rows) for b in base.blocks]
    rows = [(i.level1, i.level2, i.name, i.value) for i in structure(ENCODINGS / name).indicators]
    assert rows == [(i.level1, i.level2, i.name, i.value) for i in structure(SEED).indicators]


def test_batch_over_all_fixtures(capsys, tmp_path):
    out = tmp_path / "all.jsonl"
    assert (
        main(
            [
                "structure",
                str(FIXTURES / "rendered"),
                str(ENCODINGS),
                str(BAD),
                "-o",
                str(out),
                "--no-progress",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    for name in (p.name for p in BAD.iterdir()):
        assert sum(line.startswith(str(BAD / name) + ": ") for line in err.splitlines()) == 1, name
    files = {json.loads(line)["file"] for line in out.read_text(encoding="utf-8").splitlines()}
    good = sorted((FIXTURES / "rendered").iterdir()) + sorted(ENCODINGS.iterdir())
    assert {str(p) for p in good} <= files
    assert not any(f.startswith(str(BAD)) for f in files)
