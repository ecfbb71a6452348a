"""The package's surface: light import, every command has --help with an example, exports resolve."""

import subprocess
import sys

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
    module = indicator_nlp._EXPORTS[name]
    try:
        __import__(module)
    except ModuleNotFoundError:
        pytest.fail(f"{name}: module {module} missing")
    assert getattr(indicator_nlp, name) is not None
