"""``indicator-nlp structure``: read filings (files or folders) into one table of indicators."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from indicator_nlp.types import Filing, Finding, Indicator, Threshold

HELP_EPILOG = """examples:
  indicator-nlp structure examples/                      # a table of every indicator
  indicator-nlp structure examples/ -o indicators.jsonl  # one indicator per line
  indicator-nlp structure a.pdf b.docx c.xlsx -o out.json --review
  indicator-nlp structure filings/ -o all.csv --jobs 2

Formats (default: from the suffix of -o, else a table on stdout):
  jsonl  one indicator per line: file, project, table, row, page, level1, level2, level1_raw,
         level2_raw, name, description, value, period_value, basis, actual, weight, threshold
         (+ score, deviation, unit, layout)
  csv    the same columns, threshold as a compact string (">=90%; deadline 2024-12")
  json   one object per filing: file, kind, meta, goals, tasks, projects, indicators
  xlsx   a sheet "indicators" with the csv columns (and "findings" with --review)
  table  a plain text table

--check adds level1_checked, level2_checked and check_confidence to every indicator, beside
level1/level2: the filed category unless the classifier's evidence outweighs it (the model's for
rows without a label); see docs/classifier.md.
--review adds the findings of the filing review: json gets a "findings" list per filing, table
and xlsx a second table/sheet, jsonl and csv a file OUT.findings.jsonl beside OUT.
A file that cannot be read is reported on stderr as "path: cause" and skipped; the exit code is
then 1. Outputs are written whole or not at all.
"""

FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
SUFFIX_FORMAT = {
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx", ".txt": "table",
}  # fmt: skip
# Keep in sync with docs/structure.md ("Output schema") and the jsonl field list.
COLUMNS = (
    "file", "project", "table", "row", "page", "level1", "level2", "level1_raw", "level2_raw",
    "name", "description", "value", "period_value", "basis", "actual", "weight", "threshold",
    "score", "deviation", "unit", "layout", "source",
)  # fmt: skip


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from indicator_nlp.commands._common import add_batch_options

    p = subparsers.add_parser(
        "structure",
        help="read filings (PDF, DOCX, XLSX, HTML, text) into a table of indicators",
        description="Read budget-performance filings into structured indicator tables.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="filing files or folders (searched recursively)")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT (format from its suffix)")
    p.add_argument("-f", "--format", choices=FORMATS, help="output format (default: from -o, else table)")
    add_batch_options(p)
    p.add_argument("--review", action="store_true", help="add the review findings (indicator_nlp.review)")
    p.add_argument(
        "--check", action="store_true", help="add checked labels and their confidence (indicator_nlp.check)"
    )


def run(args: argparse.Namespace) -> int:
    from indicator_nlp._batch import SchedulerError, say, show_progress
    from indicator_nlp.commands._common import error, load_model_checked
    from indicator_nlp.errors import FilingError, MissingDependencyError, ModelError
    from indicator_nlp.readers import iter_paths_report
    from indicator_nlp.structure import structure_many

    fmt = args.format or (SUFFIX_FORMAT.get(Path(args.output).suffix.lower()) if args.output else "table")
    if fmt is None:
        error(
            f"cannot tell the format of {args.output!r} from its suffix; pass --format {{{','.join(FORMATS)}}}"
        )
        return 2
    if fmt == "xlsx" and not args.output:
        error("--format xlsx needs -o OUT.xlsx")
        return 2
    if args.jobs < 1:
        error(f"--jobs must be 1 or more, got {args.jobs}")
        return 2
    reviewer = model = None
    if args.review:
        from indicator_nlp.review import review as reviewer

        try:
            model = load_model_checked(None, trust=False)
        except ModelError as exc:
            error(f"--review needs the classifier model for rule R09: {exc}")
            return 2
    check_model = None
    if args.check:
        try:
            check_model = model or load_model_checked(None, trust=False)
        except ModelError as exc:
            error(f"--check needs the classifier model: {exc}")
            return 2
    checked: dict[int, dict[str, Any]] = {}
    paths, skipped = iter_paths_report(args.paths)
    for line in skipped:
        say(line)
    if not paths:
        error(f"no filings found in {', '.join(args.paths)}; nothing written")
        return 1
    progress = show_progress(not args.no_progress, len(paths))
    filings: list[Filing] = []
    findings: dict[str, list[Finding]] = {}
    failed = 0
    try:
        for _path, result in structure_many(
            paths, jobs=args.jobs, progress=progress, scheduler=args.scheduler
        ):
            if isinstance(result, FilingError):
                failed += 1
                say(str(result).replace("\n", " "))
                continue
            filings.append(result)
            if check_model is not None:
                from indicator_nlp.check import check_indicators

                for ind, c in zip(result.indicators, check_indicators(result.indicators, check_model)):
                    checked[id(ind)] = c
            if reviewer is not None:
                try:
                    findings[result.file] = list(reviewer(result, model=model))
                except FilingError as exc:
                    failed += 1
                    say(str(exc).replace("\n", " "))
    except (SchedulerError, MissingDependencyError) as exc:
        error(str(exc))
        return 2
    if not filings:
        error(f"none of the {len(paths)} files could be read; nothing written")
        return 1
    try:
        _write(fmt, args.output, filings, findings if reviewer else None, checked if args.check else None)
    except OSError as exc:
        error(f"{args.output}: cannot write ({exc.strerror or exc})")
        return 1
    if failed:
        print(f"{failed} of {len(paths)} files could not be read", file=sys.stderr)
    return 1 if failed or skipped else 0


# --- output -------------------------------------------------------------------------------


def columns(checked: dict[int, dict[str, Any]] | None = None) -> tuple[str, ...]:
    """The record columns; with --check the checked labels follow level1/level2 side by side."""
    if checked is None:
        return COLUMNS
    from indicator_nlp.check import CHECK_COLUMNS

    i = COLUMNS.index("level2") + 1
    return COLUMNS[:i] + CHECK_COLUMNS + COLUMNS[i:]


def indicator_record(ind: Indicator, checked: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The jsonl record of one indicator, in the documented column order."""
    d = ind.to_dict()
    if checked is not None:
        d.update(checked.get(id(ind), {}))
    return {k: d.get(k) for k in columns(checked)}


def threshold_text(ths: list[Threshold]) -> str:
    """A compact form of the parsed thresholds: ``>=90%``, ``range 1-2个``, ``deadline 2024-12``."""
    parts = []
    for t in ths:
        unit = t.unit or ""
        if t.op == "range":
            parts.append(f"range {_num(t.low)}-{_num(t.high)}{unit}")
        elif t.op == "deadline":
            parts.append(f"deadline {t.date}")
        elif t.op == "qualitative":
            parts.append(f"qualitative {t.label or t.text}")
        else:
            parts.append(f"{t.op}{_num(t.value)}{unit}")
    return "; ".join(parts)


def _num(x: float | None) -> str:
    from indicator_nlp.thresholds import plain_number

    return "?" if x is None else plain_number(float(x))


def _flat(ind: Indicator, checked: dict[int, dict[str, Any]] | None = None) -> list[Any]:
    rec = indicator_record(ind, checked)
    rec["threshold"] = threshold_text(ind.threshold)
    return list(rec.values())


def _short(text: str | None, width: int = 40) -> str:
    t = (text or "").replace("\n", " ")
    return t if len(t) <= width else t[: width - 1] + "…"


def _write(
    fmt: str,
    out: str | None,
    filings: list[Filing],
    findings: dict[str, list[Finding]] | None,
    checked: dict[int, dict[str, Any]] | None = None,
) -> None:
    from indicator_nlp.commands._common import dumps_json, dumps_jsonl, emit, format_table, write_atomic

    indicators = [i for f in filings for i in f.indicators]
    all_findings = [x for f in filings for x in (findings or {}).get(f.file, [])]
    if fmt == "json":
        objs = []
        for f in filings:
            d = f.to_dict()
            if checked is not None:
                for rec, ind in zip(d["indicators"], f.indicators):
                    rec.update(checked.get(id(ind), {}))
            if findings is not None:
                d["findings"] = [x.to_dict() for x in findings.get(f.file, [])]
            objs.append(d)
        emit(dumps_json(objs), out)
    elif fmt == "jsonl":
        emit(dumps_jsonl(indicator_record(i, checked) for i in indicators), out)
        _side_findings(out, findings, all_findings)
    elif fmt == "csv":
        emit(_csv([list(columns(checked))] + [_flat(i, checked) for i in indicators]), out)
        _side_findings(out, findings, all_findings)
    elif fmt == "xlsx":
        assert out is not None
        write_atomic(out, _xlsx(indicators, all_findings if findings is not None else None, checked))
    else:
        rows = [
            [
                Path(i.file).name,
                _short(i.project, 20),
                i.level1 or "",
                i.level2 or "",
                *([checked.get(id(i), {}).get("level2_checked") or ""] if checked is not None else []),
                _short(i.name),
                _short(i.value, 30),
                _short(i.actual, 30),
            ]
            for i in indicators
        ]
        head = ["file", "project", "level1", "level2", *(["level2_checked"] if checked is not None else [])]
        text = format_table(rows, [*head, "name", "value", "actual"])
        if findings is not None:
            frows = [
                [Path(x.file or "").name, x.row or "", x.rule, x.severity, x.message] for x in all_findings
            ]
            text += "\n" + format_table(frows, ["file", "row", "rule", "severity", "message"])
        emit(text, out)


def _side_findings(out: str | None, findings: dict[str, list[Finding]] | None, rows: list[Finding]) -> None:
    """jsonl/csv keep one record shape: findings go to OUT.findings.jsonl (stderr without -o)."""
    from indicator_nlp.commands._common import dumps_jsonl, write_atomic

    if findings is None:
        return
    text = dumps_jsonl(x.to_dict() for x in rows)
    if out:
        write_atomic(f"{out}.findings.jsonl", text)
    else:
        sys.stderr.write(text)


def _csv(rows: list[list[Any]]) -> str:
    from indicator_nlp._io import csv_text

    return csv_text(rows)


def _xlsx(
    indicators: list[Indicator],
    findings: list[Finding] | None,
    checked: dict[int, dict[str, Any]] | None = None,
) -> bytes:
    from indicator_nlp.commands._common import xlsx_bytes

    sheets = [("indicators", columns(checked), (_flat(i, checked) for i in indicators))]
    if findings is not None:
        keys = ("file", "project", "table", "row", "rule", "severity", "message", "text")
        sheets.append(("findings", keys, ([x.to_dict().get(k) for k in keys] for x in findings)))
    return xlsx_bytes(sheets)
