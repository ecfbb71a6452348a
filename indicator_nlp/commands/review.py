"""``indicator-nlp review``: check filings against the rules reviewers apply (docs/rules.md)."""

from __future__ import annotations

import argparse

HELP_EPILOG = """examples:
  indicator-nlp review examples/seed_002.txt
  indicator-nlp review examples/ --min-severity error
  indicator-nlp review filings/ --format xlsx -o findings.xlsx
  indicator-nlp review a.pdf --format json --settings settings.json   # {"satisfaction_min": 85}

Each finding: severity, rule id, file, project, table, row, the offending text, a message in
Chinese saying what is wrong and what to do, and for a category mismatch the suggested category.
Rules and settings: docs/rules.md.

Exit status: 0 when every file was reviewed (whatever the findings), 1 when a file could not be
read (reported on stderr; the others are still reviewed), 2 on a usage or settings error or a
model that fails its check (pass --no-classifier to review without rule R09).
"""

FORMATS = ("table", "json", "jsonl", "xlsx")
FIELDS = ("file", "project", "table", "row", "severity", "rule", "text", "message", "suggestion")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review",
        help="check filings against the review rules (wrong category, bad value, missing indicator ...)",
        description="Review structured filings against the rules of docs/rules.md and list the findings.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="filings or folders of filings")
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="output format (default: table, or from -o's suffix)",
    )
    p.add_argument("--output", "-o", metavar="OUT", help="write to OUT instead of stdout (needed for xlsx)")
    p.add_argument(
        "--min-severity",
        choices=("info", "warning", "error"),
        default=None,
        help="leave out findings below this severity (default: info, i.e. all)",
    )
    p.add_argument(
        "--settings", metavar="FILE.json", help="review settings (thresholds of the rules) as JSON"
    )
    p.add_argument(
        "--model", metavar="PATH", help="classifier model for rule R09 (default: the bundled model)"
    )
    p.add_argument("--trust", action="store_true", help="load --model even if its model card does not match")
    p.add_argument("--no-classifier", action="store_true", help="skip rule R09 (no model is loaded)")
    from indicator_nlp.commands._common import add_batch_options

    add_batch_options(p)


def _settings(args: argparse.Namespace):  # -> ReviewSettings
    from dataclasses import replace

    from indicator_nlp.review import ReviewSettings

    settings = ReviewSettings.from_file(args.settings) if args.settings else ReviewSettings()
    if args.min_severity:
        settings = replace(settings, min_severity=args.min_severity)
    if args.no_classifier and "R09-category-mismatch" not in settings.disabled:
        settings = replace(settings, disabled=(*settings.disabled, "R09-category-mismatch"))
    return settings


def _review_one(job: tuple[str, tuple[str | None, bool] | None, object]) -> tuple[list, str | None]:
    """Worker of the batch: (findings, None) or ([], one-line error). The model is loaded in the
    worker from its path (None: the worker's own shipped model), not shipped with every file;
    load_model keeps it cached per process."""
    from indicator_nlp.errors import FilingError
    from indicator_nlp.review import review

    path, model_spec, settings = job
    model = None
    if model_spec is not None:
        from indicator_nlp.classifier import load_model

        model = load_model(model_spec[0], trust=model_spec[1])
    try:
        return review(path, model=model, settings=settings), None
    except FilingError as exc:
        return [], str(exc).replace("\n", " ")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from indicator_nlp._batch import SchedulerError, run_batch, say, show_progress
    from indicator_nlp.commands._common import (
        dumps_json,
        dumps_jsonl,
        emit,
        error,
        load_model_checked,
        write_atomic,
    )
    from indicator_nlp.errors import MissingDependencyError, ModelError, SettingsError
    from indicator_nlp.readers import iter_paths_report

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = {".json": "json", ".jsonl": "jsonl", ".xlsx": "xlsx"}.get(suffix, "table")
    if fmt == "xlsx" and not args.output:
        error("--format xlsx needs -o OUT.xlsx")
        return 2
    if args.jobs < 1:
        error(f"--jobs must be 1 or more, got {args.jobs}")
        return 2
    try:
        settings = _settings(args)
    except SettingsError as exc:
        error(str(exc))
        return 2
    model_spec = None
    if "R09-category-mismatch" not in settings.disabled:
        model_spec = (args.model, bool(args.trust))
        try:
            load_model_checked(*model_spec)  # checked here, once: a bad model stops the run
        except ModelError as exc:
            error(f"rule R09 needs the classifier model: {exc} (or pass --no-classifier)")
            return 2
    paths, skipped = iter_paths_report(args.paths)
    for line in skipped:
        say(line)
    if not paths:
        error(f"no filings found in {', '.join(map(str, args.paths))}; nothing written")
        return 1
    findings = []
    failed = 0
    jobs = [(str(p), model_spec, settings) for p in paths]
    try:
        for found, problem in run_batch(
            _review_one,
            jobs,
            jobs=args.jobs,
            scheduler=args.scheduler,
            progress=show_progress(not args.no_progress, len(paths)),
            desc="review",
        ):
            if problem is not None:
                failed += 1
                say(problem)
            findings.extend(found)
    except (SchedulerError, MissingDependencyError) as exc:
        error(str(exc))
        return 2
    if failed == len(paths):
        error(f"none of the {len(paths)} files could be read; nothing written")
        return 1
    records = [f.to_dict() for f in findings]
    try:
        if fmt == "json":
            emit(dumps_json(records), args.output)
        elif fmt == "jsonl":
            emit(dumps_jsonl(records), args.output)
        elif fmt == "xlsx":
            write_atomic(args.output, _xlsx(records))
        else:
            emit(_table(findings, len(paths) - failed), args.output)
    except OSError as exc:
        error(f"{args.output}: cannot write ({exc.strerror or exc})")
        return 1
    if failed:
        print(f"{failed} of {len(paths)} files could not be read", file=sys.stderr)
    return 1 if failed or skipped else 0


def _short(text: object, width: int) -> str:
    s = "" if text is None else " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1] + "…"


def _table(findings: list, files: int) -> str:
    from collections import Counter
    from pathlib import Path

    from indicator_nlp.commands._common import format_table

    rows = [
        [
            f.severity,
            f.rule,
            Path(f.file).name if f.file else "",
            _short(f.project, 16),
            "" if f.row is None else f.row,
            _short(f.text, 20),
            f.message
            + (
                f" [建议: {f.suggestion['level1']}/{f.suggestion['level2']}]"
                if f.suggestion and f.suggestion.get("level2")
                else ""
            ),
        ]
        for f in findings
    ]
    counts = Counter(f.severity for f in findings)
    summary = (
        f"{len(findings)} findings ({counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} info) in {files} files\n"
    )
    if not rows:
        return summary
    return format_table(rows, ["severity", "rule", "file", "project", "row", "text", "message"]) + summary


def _xlsx(records: list[dict]) -> bytes:
    from indicator_nlp.commands._common import xlsx_bytes

    return xlsx_bytes([("findings", FIELDS, ([r.get(k) for k in FIELDS] for r in records))])
