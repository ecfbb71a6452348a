"""Regression tests of the defects a hostile tester found (issue "Install anywhere, scale past one
machine, and survive hostile files"): each test is named after the defect it pins down.
The wheel test is in test_hardening_wheel.py, the Dask tests in test_hardening_dask.py, the
bad-input matrix in test_hardening_matrix.py."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from indicator_nlp import _io
from indicator_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"
HOSTILE = FIXTURES / "hostile"
SEED = EXAMPLES / "seed_002.txt"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- spreadsheet outputs execute ------------------------------------------------------------

OWASP = [
    pytest.param("=2次", "'=2次", id="equals"),
    pytest.param("+100%", "'+100%", id="plus"),
    pytest.param("-1", "'-1", id="minus"),
    pytest.param("@SUM(1+1)", "'@SUM(1+1)", id="at"),
    pytest.param("\t=1+1", "'\t=1+1", id="tab"),
    pytest.param("\r=1+1", "'\r=1+1", id="cr"),
    pytest.param("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", id="dde"),
    pytest.param("≥90%", "≥90%", id="plain-text-unchanged"),
    pytest.param(None, "", id="none-empty"),
    pytest.param(float("inf"), "", id="infinity-empty"),
]


@pytest.mark.parametrize(("value", "shown"), OWASP)
def test_spreadsheet_outputs_execute_cells_are_neutralised(value, shown):
    assert _io.safe_cell(value) == shown


def _xlsx_cells(path: Path) -> list:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _csv_cells(text: str) -> list[str]:
    import csv

    return [c for row in csv.reader(io.StringIO(text)) for c in row]


SPREADSHEET_OUTPUTS = [
    pytest.param(["structure", HOSTILE / "formula_cells.xlsx", "-o", "{out}.xlsx"], "xlsx", id="structure-xlsx"),
    pytest.param(["structure", HOSTILE / "formula_cells.xlsx", "-o", "{out}.csv"], "csv", id="structure-csv"),
    pytest.param(["structure", HOSTILE / "formula_cells.xlsx", "--review", "-o", "{out}.xlsx"], "xlsx",
                 id="structure-review-xlsx"),
    pytest.param(["review", HOSTILE / "formula_cells.xlsx", "-o", "{out}.xlsx"], "xlsx", id="review-xlsx"),
    pytest.param(["classify", "=HYPERLINK(\"x\")", "-1", "--format", "csv", "-o", "{out}.csv"], "csv",
                 id="classify-csv"),
    pytest.param(["draft", "=cmd|' /C calc'!A0 开展培训不少于20场", "--format", "csv", "-o", "{out}.csv"], "csv",
                 id="draft-csv"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "kind"), SPREADSHEET_OUTPUTS)
def test_spreadsheet_outputs_execute(argv, kind, tmp_path, capsys):
    out = str(tmp_path / "out")
    argv = [str(a).replace("{out}", out) for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    path = Path(argv[argv.index("-o") + 1])
    if kind == "xlsx":
        cells = _xlsx_cells(path)
        assert cells and all(c.data_type != "f" for c in cells)
        texts = [str(c.value) for c in cells]
    else:
        texts = _csv_cells(path.read_text("utf-8"))
    assert texts and not [t for t in texts if t.startswith(FORMULA_START)]
    assert any(t[:1] == "'" and t[1:].startswith(FORMULA_START) for t in texts)  # there, neutralised


def test_spreadsheet_outputs_execute_every_xlsx_cell_is_a_string():
    data = _io.xlsx_bytes([("s", ["a", "b", "c"], [[1, 2.5, "=1+1"], [True, None, {"k": 1}]])])
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert {type(c.value) for c in cells} == {str}
    assert [c.value for c in ws[2]] == ["1", "2.5", "'=1+1"]


# --- damaged workbooks, decompression limits --------------------------------------------------

DAMAGED = ["malformed_sheet.xlsx", "truncated_sheet.xlsx", "broken_styles.xlsx", "billion_laughs.xlsx",
           "billion_laughs.docx", "malformed_document.docx", "zip_bomb.xlsx", "zip_bomb.docx"]  # fmt: skip


@pytest.mark.parametrize("name", DAMAGED)
def test_one_damaged_workbook_loses_the_batch(name, tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    for seed in ("seed_000.txt", "seed_002.txt"):
        shutil.copy(EXAMPLES / seed, batch / seed)
    shutil.copy(BAD / name, batch / name)
    out = tmp_path / "o.jsonl"
    code, _, err = run(capsys, "structure", batch, "-o", out, "--jobs", "2", "--no-progress")
    assert code == 1
    assert [line for line in err.splitlines() if line.startswith(str(batch / name) + ": ")]
    files = {json.loads(x)["file"] for x in out.read_text("utf-8").splitlines()}
    assert files == {str(batch / "seed_000.txt"), str(batch / "seed_002.txt")}


@pytest.mark.parametrize("name", ["zip_bomb.xlsx", "zip_bomb.docx"])
def test_no_decompression_limit(name):
    from indicator_nlp.errors import FilingError
    from indicator_nlp.readers import read_filing

    assert (BAD / name).stat().st_size < 100_000  # small on disk, 600 MiB inflated
    start = time.perf_counter()
    with pytest.raises(FilingError, match=r"would inflate to 60\d MiB, over the limit of 512 MiB") as info:
        read_filing(BAD / name)
    assert time.perf_counter() - start < 30  # refused from the ZIP directory, never inflated
    assert "INDICATOR_NLP_MAX_UNZIPPED_MB" in str(info.value)


def test_no_decompression_limit_is_configurable(monkeypatch):
    from indicator_nlp.errors import FilingError
    from indicator_nlp.readers import read_filing

    path = HOSTILE / "many_entries.xlsx"
    assert read_filing(path).tables  # under the default limits: a good workbook
    monkeypatch.setenv("INDICATOR_NLP_MAX_ZIP_ENTRIES", "100")
    with pytest.raises(FilingError, match=r"holds 3\d\d ZIP entries, over the limit of 100"):
        read_filing(path)
    monkeypatch.setenv("INDICATOR_NLP_MAX_ZIP_ENTRIES", "1000")
    monkeypatch.setenv("INDICATOR_NLP_MAX_UNZIPPED_MB", "0.001")
    with pytest.raises(FilingError, match=r"over the limit of 0.001 MiB"):
        read_filing(path)


def test_no_decompression_limit_bad_setting_names_the_key():
    from indicator_nlp.errors import SettingsError
    from indicator_nlp.readers._archive import ArchiveLimits

    with pytest.raises(SettingsError, match="max_entries"):
        ArchiveLimits(max_entries=0)


# --- a run that reads nothing ---------------------------------------------------------------

NOTHING_READ = [
    pytest.param(["structure", "{missing}", "-o", "{out}"], id="structure-missing-path"),
    pytest.param(["structure", BAD / "empty.txt", "-o", "{out}"], id="structure-all-bad"),
    pytest.param(["structure", "{empty_dir}", "-o", "{out}"], id="structure-empty-folder"),
    pytest.param(["review", "{missing}", "-o", "{out}", "--format", "json"], id="review-missing-path"),
    pytest.param(["review", BAD / "empty.txt", "-o", "{out}", "--format", "json"], id="review-all-bad"),
    pytest.param(["corpus", "from-filings", "{missing}", "-o", "{out}", "--quiet"], id="corpus-missing-path"),
    pytest.param(
        ["corpus", "from-filings", "{empty_dir}", "-o", "{out}", "--quiet"], id="corpus-empty-folder"
    ),
]


@pytest.mark.parametrize("argv", NOTHING_READ)
def test_a_run_that_reads_nothing_replaces_yesterdays_output(argv, tmp_path, capsys):
    out = tmp_path / "out.json"
    out.write_text("yesterday\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    names = {
        "{missing}": str(tmp_path / "typo.txt"),
        "{out}": str(out),
        "{empty_dir}": str(tmp_path / "empty"),
    }
    code, _, err = run(capsys, *[names.get(str(a), str(a)) for a in argv])
    assert code == 1
    assert "nothing written" in err
    assert out.read_text("utf-8") == "yesterday\n"


# --- the model check --------------------------------------------------------------------------


@pytest.fixture
def tampered_model(tmp_path, monkeypatch):
    """A copy of the shipped model and card with one byte of the model changed, in $INDICATOR_NLP_MODEL."""
    from indicator_nlp._shipped import CARD_NAME, model_path

    src = model_path()
    model = tmp_path / src.name
    shutil.copy(src, model)
    shutil.copy(src.with_name(CARD_NAME), tmp_path / CARD_NAME)
    data = bytearray(model.read_bytes())
    data[-10] ^= 0xFF
    model.write_bytes(bytes(data))
    monkeypatch.setenv("INDICATOR_NLP_MODEL", str(model))
    return model


MODEL_COMMANDS = [
    pytest.param(["structure", SEED, "--review", "-f", "json"], 2, id="structure-review"),
    pytest.param(["review", SEED], 2, id="review"),
    pytest.param(["draft", SEED], 2, id="draft"),
    pytest.param(["classify", "受益群众满意度"], 1, id="classify"),
    pytest.param(["suggest", "受益群众满意度"], 1, id="suggest"),
]


@pytest.mark.parametrize(("argv", "code"), MODEL_COMMANDS)
def test_tampered_model_silently_drops_r09(argv, code, tampered_model, capsys):
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert str(tampered_model) in err and "does not match its card" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_tampered_model_review_without_classifier_still_runs(tampered_model, capsys):
    code, out, _ = run(capsys, "review", SEED, "--no-classifier")
    assert code == 0 and "findings" in out


def test_tampered_shipped_model_fails_the_pin(monkeypatch):
    from indicator_nlp import _shipped
    from indicator_nlp.classifier import model as model_module
    from indicator_nlp.errors import ModelError

    monkeypatch.delenv("INDICATOR_NLP_MODEL", raising=False)
    monkeypatch.setattr(model_module, "_CACHE", {})
    monkeypatch.setattr(_shipped, "pinned", lambda: {"sha256": "0" * 64})
    with pytest.raises(ModelError, match="not the one pinned in the package"):
        model_module.load_model()


def test_pin_card_and_shipped_model_agree():
    from indicator_nlp._shipped import CARD_NAME, model_path, pinned
    from indicator_nlp.classifier import sha256_file

    path = model_path()
    card = json.loads(path.with_name(CARD_NAME).read_text("utf-8"))
    fix = "models/ changed without re-pinning: run `python scripts/pin_model.py`"
    assert pinned()["sha256"] == card["sha256"] == sha256_file(path), fix
    assert pinned()["size_bytes"] == path.stat().st_size, fix


def test_saving_the_shipped_model_repins_the_package(tmp_path, monkeypatch):
    from indicator_nlp import _shipped
    from indicator_nlp.classifier import load_model, save_model

    model = load_model()
    home = tmp_path / "models" / _shipped.MODEL_NAME
    pin = tmp_path / "shipped_model.json"
    monkeypatch.setattr(_shipped, "checkout_model", lambda: home)
    monkeypatch.setattr(_shipped, "PIN", pin)
    card = save_model(model, home)
    assert json.loads(pin.read_text("utf-8"))["sha256"] == card["sha256"]
    pin.write_text("untouched", encoding="utf-8")
    save_model(model, tmp_path / "mine.joblib")  # any other path leaves the pin alone
    assert pin.read_text("utf-8") == "untouched"


# --- folders ----------------------------------------------------------------------------------


def test_folder_batches_skip_silently(tmp_path, capsys, monkeypatch):
    top = tmp_path / "filings"
    (top / "county").mkdir(parents=True)
    (top / "locked").mkdir()
    shutil.copy(SEED, top / "a.txt")
    shutil.copy(EXAMPLES / "seed_000.txt", top / "county" / "b.txt")
    shutil.copy(FIXTURES / "legacy" / "indicators.xls", top / "old.xls")
    (top / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (top / "README.md").write_text("notes\n", encoding="utf-8")
    other = tmp_path / "elsewhere"
    other.mkdir()
    (top / "linked").symlink_to(other, target_is_directory=True)
    real_scandir = os.scandir

    def scandir(path):  # a folder we may not list (chmod does not stop root, who runs CI)
        if Path(path) == top / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "o.jsonl"
    code, _, err = run(capsys, "structure", top, "-o", out, "--no-progress")
    assert code == 1
    assert f"{top / 'locked'}: unreadable folder (Permission denied); skipped" in err
    assert f"{top / 'linked'}: symlinked folder, not followed" in err
    assert f"{top / 'scan.jpg'}: unsupported file type '.jpg'" in err
    assert "README" not in err
    files = {json.loads(x)["file"] for x in out.read_text("utf-8").splitlines()}
    assert files == {str(top / "a.txt"), str(top / "county" / "b.txt"), str(top / "old.xls")}


def test_xls_is_read():
    from indicator_nlp.structure import structure

    rows = [
        (i.level1, i.level2, i.name, i.value)
        for i in structure(FIXTURES / "legacy" / "indicators.xls").indicators
    ]
    assert rows == [
        ("产出指标", "数量指标", "开展培训场次", "≥20场"),
        ("产出指标", "质量指标", "培训合格率", "95%"),  # a 0% number format, shown as Excel shows it
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"),
    ]


def test_doc_without_libreoffice_is_refused_naming_what_to_install(monkeypatch):
    from indicator_nlp.errors import UnsupportedFormatError
    from indicator_nlp.readers import legacy, read_filing

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(UnsupportedFormatError, match="install LibreOffice") as info:
        read_filing(BAD / "legacy.doc")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".et"])
def test_doc_is_converted_with_libreoffice(suffix, tmp_path, monkeypatch):
    """The conversion path, with a stand-in `soffice` that "converts" by copying a real file."""
    from indicator_nlp.readers import legacy, read_filing

    target = "xlsx" if suffix == ".et" else "docx"
    source = (
        HOSTILE / "formula_cells.xlsx" if target == "xlsx" else next((FIXTURES / "rendered").glob("*.docx"))
    )
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n# args: -env:... --headless --convert-to T --outdir DIR FILE\n"
        f'for a; do last="$a"; done\nout=""; prev=""\nfor a; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        f'name=$(basename "$last"); cp "{source}" "$out/${{name%.*}}.{target}"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "soffice", lambda: str(fake))
    filing = tmp_path / f"old{suffix}"
    filing.write_bytes((BAD / "legacy.doc").read_bytes())
    doc = read_filing(filing)
    assert doc.path == str(filing) and doc.meta["converted_from"] == suffix[1:] and doc.blocks


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["thresholds", "90%以上", "-o", "{file}/out.json"], id="thresholds"),
        pytest.param(["classify", "满意度", "-o", "{file}/out.json"], id="classify"),
        pytest.param(["draft", "开展培训不少于20场", "-o", "{file}/out.json"], id="draft"),
        pytest.param(["structure", SEED, "-o", "{file}/out.json"], id="structure"),
        pytest.param(["review", SEED, "-o", "{file}/out.json"], id="review"),
    ],
)
def test_traceback_for_output_into_an_unwritable_folder(argv, tmp_path, capsys):
    blocker = tmp_path / "a-file"  # a folder path through a file cannot be written, even by root
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, *[str(a).replace("{file}", str(blocker)) for a in argv])
    assert code == 1
    assert err.startswith(f"indicator-nlp: error: {blocker}/out.json: cannot write")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        pytest.param(b"name\n\xff\xfe\xfa bad\n", "not UTF-8 text", id="non-utf8"),
        pytest.param(None, "file not found", id="a-folder"),
    ],
)
def test_traceback_for_classify_input_unreadable_or_not_utf8(content, cause, tmp_path, capsys):
    path = tmp_path / "rows.tsv"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    code, _, err = run(capsys, "classify", "--input", path)
    assert code == 1 and f"{path}: {cause}" in err and len(err.strip().splitlines()) == 1


def test_one_stray_byte_makes_a_utf8_export_unreadable(caplog):
    from indicator_nlp.readers import read_filing

    path = FIXTURES / "encodings" / "seed_000_stray_byte.txt"
    with caplog.at_level("WARNING", logger="indicator_nlp"):
        doc = read_filing(path)
    base = read_filing(EXAMPLES / "seed_000.txt")
    assert doc.meta["encoding"] == "utf-8"
    assert (
        sum(b.text.count("\ufffd") + sum(c.count("\ufffd") for r in b.rows for c in r) for b in doc.blocks)
        >= 1
    )
    assert len(doc.blocks) == len(base.blocks)
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == [
        f"{path}: warning: 2 invalid UTF-8 byte sequence(s) replaced with U+FFFD (first at byte 300)"
    ]


def test_gb18030_is_not_taken_for_utf8_with_stray_bytes():
    from indicator_nlp.readers.text import decode

    text = "项目名称：社区服务\n" + "ascii line\n" * 50
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_json_output_can_contain_infinity(capsys):
    code, out, _ = run(capsys, "thresholds", "9" * 400 + "个", "--format", "json")
    assert code == 0 and "Infinity" not in out and "NaN" not in out
    assert json.loads(out)[0]["thresholds"][0]["value"] is None
    assert _io.dumps_jsonl([{"x": float("nan"), "y": [float("-inf")]}]) == '{"x": null, "y": [null]}\n'


def test_outputs_are_always_mode_0600(tmp_path):
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        _io.write_atomic(new, "x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.json"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        _io.write_atomic(kept, "new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text("utf-8") == "new"
    finally:
        os.umask(old)


def test_output_through_a_symlink_replaces_the_link(tmp_path, capsys):
    target = tmp_path / "real" / "out.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, _, _ = run(capsys, "thresholds", "90%以上", "--format", "json", "-o", link)
    assert code == 0
    assert link.is_symlink() and json.loads(target.read_text("utf-8"))[0]["text"] == "90%以上"


def test_output_to_a_pipe_is_written_straight_into_it(tmp_path):
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text("utf-8")))
    reader.start()
    _io.write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == ["through the pipe\n"] and sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_draft_reads_a_mistyped_path_as_goal_text(tmp_path, capsys):
    code, out, err = run(capsys, "draft", tmp_path / "nope.txt")
    assert code == 1 and out == ""
    assert f"{tmp_path / 'nope.txt'}: no such file" in err
    code, out, _ = run(capsys, "draft", "开展培训不少于20场")
    assert code == 0 and "开展培训" in out


def test_the_table_echoes_terminal_escape_sequences(capsys):
    code, out, _ = run(capsys, "thresholds", "\x1b]0;owned\x07\x1b[2J90%以上")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J90%以上" in out


# --- progress ---------------------------------------------------------------------------------


def test_progress_bar_stops_at_n_minus_1_with_errors_printed_over_it(tmp_path, capsys, monkeypatch):
    batch = tmp_path / "b"
    batch.mkdir()
    for name in ("a.txt", "c.txt"):
        shutil.copy(SEED, batch / name)
    (batch / "b.txt").write_bytes(b"")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    code, _, err = run(capsys, "structure", batch, "-o", tmp_path / "o.jsonl")
    assert code == 1
    assert "3/3" in err
    # The error line is written by the bar (tqdm.write): on a line of its own, not glued to the bar.
    lines = [line.split("\r")[-1] for line in err.split("\n")]
    assert f"{batch / 'b.txt'}: empty file (0 bytes)" in lines


@pytest.mark.parametrize(("tty", "flag", "shown"), [
    pytest.param(True, [], True, id="terminal"),
    pytest.param(True, ["--no-progress"], False, id="no-progress"),
    pytest.param(False, [], False, id="piped"),
])  # fmt: skip
def test_progress_bar_only_on_a_terminal(tty, flag, shown, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: tty, raising=False)
    code, _, err = run(capsys, "review", SEED, EXAMPLES / "seed_000.txt", "--no-classifier", *flag)
    assert code == 0
    assert ("2/2" in err) is shown


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["review", EXAMPLES, "-f", "jsonl", "--no-progress"], id="review"),
        pytest.param(["corpus", "from-filings", EXAMPLES, "--quiet"], id="corpus-from-filings"),
    ],
)
def test_jobs_2_gives_the_jobs_1_output(argv, tmp_path, capsys):
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert main([*map(str, argv), "-o", str(one)]) == 0
    assert main([*map(str, argv), "-o", str(two), "--jobs", "2"]) == 0
    assert one.read_text("utf-8") == two.read_text("utf-8") != ""


@pytest.mark.parametrize("name", ["binary.txt", "truncated.docx", "empty.txt", "zip_bomb.xlsx"])
@pytest.mark.parametrize(
    ("argv", "code"),
    [
        pytest.param(["classify", "满意度"], 1, id="classify"),
        pytest.param(["suggest", "满意度"], 1, id="suggest"),
        pytest.param(["review", SEED], 2, id="review"),
        pytest.param(["draft", "开展培训不少于20场"], 2, id="draft"),
    ],
)
def test_a_model_file_that_is_no_model_is_one_line_even_with_trust(argv, code, name, capsys):
    got, out, err = run(capsys, *argv, "--model", BAD / name, "--trust")
    assert got == code and out == ""
    assert str(BAD / name) in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_csv_cell_with_a_bare_cr_stays_one_cell():
    """Regression: CSV written with LF line ends left a cell's bare CR unquoted, splitting the row."""
    import csv
    import io

    from indicator_nlp._io import csv_text

    text = csv_text([["name", "value"], ["培训\r人次", "≥500人次"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["name", "value"], ["培训\r人次", "≥500人次"]]
