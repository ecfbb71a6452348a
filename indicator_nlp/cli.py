"""The ``indicator-nlp`` command: a thin layer over the library's functions.

Each subcommand lives in ``indicator_nlp/commands/<name>.py`` with two functions:
``add_parser(subparsers)`` (argparse only: nothing heavy may be imported there, so that
``indicator-nlp --help`` stays fast) and ``run(args) -> int`` (imports what it needs).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from indicator_nlp import __version__

# Order shown in --help. A module missing here is not a command.
COMMANDS = (
    "thresholds",
    "structure",
    "corpus",
    "train",
    "evaluate",
    "classify",
    "suggest",
    "review",
    "draft",
    "serve",
)

EPILOG = """examples:
  indicator-nlp structure examples/ -o indicators.jsonl --format jsonl
  indicator-nlp thresholds "不少于5万人" "90%以上" --format json
  indicator-nlp classify "受益群众满意度" --top 3
  indicator-nlp review examples/seed_002.txt
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="indicator-nlp",
        description="Read Chinese budget-performance filings into structured, checked indicator data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"indicator_nlp.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    module = importlib.import_module(f"indicator_nlp.commands.{args.command}")
    from indicator_nlp._batch import Interrupted, signals_interrupt
    from indicator_nlp.errors import IndicatorNLPError

    try:
        # SIGTERM unwinds like Ctrl-C: workers are killed and no output is half written.
        with signals_interrupt():
            return int(module.run(args) or 0)
    except Interrupted as exc:
        print(f"indicator-nlp: interrupted ({exc}); nothing written", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("indicator-nlp: interrupted; nothing written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except IndicatorNLPError as exc:  # the last net: every library error is one line, never a traceback
        print(f"indicator-nlp: error: {str(exc).replace(chr(10), ' ')}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"indicator-nlp: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
