"""The package's surface: light import, every command has --help with an example, exports resolve."""

import subprocess
import sys
from pathlib import Path

import pytest

import indicator_nlp
from indicator_nlp import cli

HEAVY = ("jieba", "spacy", "sklearn", "pdfplumber", "openpyxl", "docx", "joblib", "matplotlib")


def test_import_and_help_load_nothing_heavy():
    # A fresh interpreter: what `indicator-nlp --help` imports must stay light (STYLE.md 11).
    code = (
        "import sys\n"
        "from indicator_nlp import cli\n"
        "cli.build_parser().format_help()\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _commands():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices.items())


@pytest.mark.parametrize("name", [n for n, _ in _commands()])
def test_every_command_has_help_with_example(name, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "indicator-nlp " + name in out
    assert "example" in out.lower()


def test_no_command_prints_usage_and_fails(capsys):
    assert cli.main([]) == 2
    assert "usage" in capsys.readouterr().out


@pytest.mark.parametrize("name", [n for n in indicator_nlp.__all__ if n != "__version__"])
def test_public_names_resolve(name):
    module, attr = indicator_nlp._EXPORTS[name]
    assert getattr(indicator_nlp, name) is getattr(__import__(module, fromlist=[attr]), attr)


def test_verbs_stay_functions_after_their_modules_load():
    import indicator_nlp.draft  # noqa: F401
    import indicator_nlp.review  # noqa: F401
    import indicator_nlp.structure  # noqa: F401

    for verb in ("structure_filing", "review_filing", "draft_indicators", "classify", "extract_thresholds"):
        assert callable(getattr(indicator_nlp, verb)), verb


def test_library_round_trip_on_an_example():
    filing = indicator_nlp.structure_filing(Path(__file__).resolve().parents[1] / "examples" / "seed_002.txt")
    assert len(filing.indicators) == 9
    assert all(isinstance(i, indicator_nlp.Indicator) for i in filing.indicators)
