"""``indicator-nlp thresholds``: read target values into operator, number, unit, date or label."""

from __future__ import annotations

import argparse

HELP_EPILOG = """examples:
  indicator-nlp thresholds "不少于5万人" "90%以上" "≥66个388节次"
  indicator-nlp thresholds "≥20000" --name 参与志愿服务人次 --format json
  indicator-nlp thresholds --input values.txt --format jsonl   # one text per line

Each TEXT is read as a value cell: a value with no number and no date gives one qualitative
threshold labelled with the text itself.
Fields: text, start, end (offsets into the input text), op (>=, >, <=, <, =, range, deadline,
qualitative), value, low, high (ranges), unit, date (deadlines), label (qualitative targets,
relative deadlines), kind (what the value measures), primary (the threshold that states the target).
"""

FIELDS = ("text", "start", "end", "op", "value", "low", "high", "unit", "date", "label", "kind", "primary")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "thresholds",
        help="extract target values (operator, number, unit, deadline, label) from texts",
        description="Extract the thresholds of indicator target values (指标值) or sentences.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("texts", nargs="*", metavar="TEXT", help="value texts to read")
    p.add_argument("--input", "-i", metavar="FILE", help="read one text per line from FILE ('-' for stdin)")
    p.add_argument(
        "--name", metavar="NAME", help="indicator name: gives the unit of values written without one"
    )
    p.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "jsonl"),
        default="table",
        help="output format (default: table)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")


def _read_lines(path: str) -> list[str]:
    import sys
    from pathlib import Path

    from indicator_nlp.errors import FilingError

    if path == "-":
        return sys.stdin.read().splitlines()
    p = Path(path)
    if not p.is_file():
        raise FilingError(p, "no such file" if not p.exists() else "not a file")
    try:
        raw = p.read_bytes()
        if not raw:
            raise FilingError(p, "empty file (0 bytes)")
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise FilingError(p, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def run(args: argparse.Namespace) -> int:
    from indicator_nlp.commands._common import dumps_json, dumps_jsonl, emit, error, format_table
    from indicator_nlp.errors import FilingError
    from indicator_nlp.thresholds import extract_thresholds, plain_number

    texts = list(args.texts)
    if args.input:
        try:
            texts += _read_lines(args.input)
        except (FilingError, OSError) as exc:
            error(str(exc))
            return 2
    if not texts:
        error("no text given: pass TEXT arguments or --input FILE")
        return 2
    results = [(t, extract_thresholds(t, name=args.name, cell=True)) for t in texts]  # value cells
    if args.format == "jsonl":
        out = dumps_jsonl({"text": t, "thresholds": [x.to_dict() for x in ths]} for t, ths in results)
    elif args.format == "json":
        out = dumps_json([{"text": t, "thresholds": [x.to_dict() for x in ths]} for t, ths in results])
    else:
        rows = []
        for t, ths in results:
            if not ths:
                rows.append([t, "", "", "", "", ""])
            for x in ths:
                shown = x.value if x.op not in ("range",) else f"{_plain(x.low)}–{_plain(x.high)}"
                if isinstance(shown, float):
                    shown = plain_number(shown)
                rows.append([t, x.text, x.op, shown, x.unit or "", x.date or x.label or ""])
        out = format_table(rows, ["input", "match", "op", "value", "unit", "date/label"])
    try:
        emit(out, args.output)
    except OSError as exc:
        error(f"{args.output}: cannot write ({exc.strerror or exc})")
        return 1
    return 0


def _plain(x: float | None) -> str:
    from indicator_nlp.thresholds import plain_number

    return "" if x is None else plain_number(x)
