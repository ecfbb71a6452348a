"""``indicator-nlp corpus``: build the labelled corpus, or turn a folder of past filings into training rows."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  indicator-nlp corpus build --shared ../shared --out corpus/
  indicator-nlp corpus build --filings past_filings/ --jobs 2     # add your own labelled filings
  indicator-nlp corpus from-filings past_filings/ -o mine.jsonl  # only your filings, as training rows
  indicator-nlp corpus from-feedback feedback.sqlite3 -o reviewed.jsonl  # the web page's corrections
  indicator-nlp train --corpus mine.jsonl --out my-model.joblib
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "corpus",
        help="build the labelled indicator corpus; turn past filings into training data",
        description="build: copy ../shared/corpus into corpus/raw/, read its TSVs, the seed filings and "
        "workbooks (through the structurer) and any --filings into corpus/indicators.jsonl, and write "
        "corpus/STATS.md. from-filings: structure files or folders of past filings whose tables carry "
        "the filers' categories and write their labelled rows (one document per file; a file repeating an earlier file's rows is kept once and near copies share a document, each listed) as JSONL that "
        "`train --corpus` and `evaluate --data` read. from-feedback: the categories users accepted or "
        "corrected on the web page (`indicator-nlp serve --db DB`) as reviewed training rows, one "
        "document per source.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", choices=["build", "from-filings", "from-feedback"], help="what to do")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="from-filings: filing files or folders; from-feedback: the feedback database",
    )
    p.add_argument("--shared", default=None, help="the shared folder holding corpus/ (default ../shared)")
    p.add_argument(
        "--out", default=None, help="build: the corpus folder to write (default corpus/ of the repo)"
    )
    p.add_argument(
        "-o",
        "--output",
        default=None,
        help="from-filings/from-feedback: the JSONL file to write (default stdout)",
    )
    p.add_argument("--examples", default=None, help="folder of seed_*.txt and xlsx/ (default examples/)")
    p.add_argument(
        "--filings",
        nargs="+",
        default=[],
        metavar="PATH",
        help="build: more labelled filings (files or folders)",
    )
    p.add_argument("--jobs", type=int, default=1, help="worker processes for structuring filings (default 1)")
    from indicator_nlp.commands._common import add_batch_options

    add_batch_options(p, jobs=False)
    p.add_argument("--no-structurer", action="store_true", help="build: read the TSVs only")
    p.add_argument("--quiet", action="store_true", help="do not print the statistics")


def run(args: argparse.Namespace) -> int:
    import sys

    from indicator_nlp import corpus
    from indicator_nlp.commands._common import dumps_jsonl, emit, error
    from indicator_nlp.errors import IndicatorNLPError

    if args.action == "from-feedback":
        return _from_feedback(args)
    if args.action == "from-filings":
        from indicator_nlp._batch import SchedulerError, say, show_progress
        from indicator_nlp.errors import MissingDependencyError
        from indicator_nlp.readers import iter_paths_report

        if not args.paths:
            error("corpus from-filings: give at least one file or folder of filings")
            return 2
        files, skipped = iter_paths_report(args.paths)
        for line in skipped:
            say(line)
        if not files:
            error(f"no filings found in {', '.join(args.paths)}; nothing written")
            return 1
        try:
            found = corpus.rows_from_filings(
                files,
                jobs=args.jobs,
                progress=show_progress(not (args.quiet or args.no_progress), len(files)),
                scheduler=args.scheduler,
            )
        except (SchedulerError, MissingDependencyError) as exc:
            error(str(exc))
            return 2
        rows, failures = found.rows, found.failures
        for path, cause in failures.items():
            error(f"{path}: {cause}")
        if not args.quiet:
            for line in corpus.copy_notes(found):
                say(line)
        if len(failures) == len(files):
            error(f"none of the {len(files)} files could be read; nothing written")
            return 1
        try:
            emit(dumps_jsonl(r.to_dict() for r in rows), args.output)
        except OSError as exc:
            error(f"{args.output}: cannot write ({exc.strerror or exc})")
            return 1
        if not args.quiet:
            trainable = sum(r.trainable for r in rows)
            failed = f", {len(failures)} files failed" if failures else ""
            copies = f", {len(found.copies)} files kept once as copies" if found.copies else ""
            groups = len({r.group for r in rows})
            print(
                f"{len(rows)} labelled rows ({trainable} trainable) from {groups} documents{copies}{failed}",
                file=sys.stderr,
            )
        return 1 if failures or skipped else 0
    if args.paths:
        error("corpus build takes no positional paths: use --filings PATH...")
        return 2
    try:
        report = corpus.build(
            args.shared,
            args.out,
            args.examples,
            use_structurer=not args.no_structurer,
            filings=args.filings,
            jobs=args.jobs,
        )
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    for w in report.warnings:
        error(w)
    if not args.quiet:
        from indicator_nlp._batch import say

        for line in report.notes:
            say(line)
    if not args.quiet:
        print(corpus.stats_markdown(report), end="")
    return 0


def _from_feedback(args: argparse.Namespace) -> int:
    import sys

    from indicator_nlp.commands._common import dumps_jsonl, emit, error
    from indicator_nlp.errors import FeedbackError
    from indicator_nlp.feedback import training_rows

    if len(args.paths) != 1:
        error("corpus from-feedback: give one feedback database (indicator-nlp serve --db PATH)")
        return 2
    try:
        rows = training_rows(args.paths[0])
    except FeedbackError as exc:
        error(str(exc))
        return 1
    try:
        emit(dumps_jsonl(r.to_dict() for r in rows), args.output)
    except OSError as exc:
        error(f"{args.output}: cannot write ({exc.strerror or exc})")
        return 1
    if not args.quiet:
        sources = len({r.doc for r in rows})
        corrected = sum("corrected" in r.flags for r in rows)
        print(f"{len(rows)} reviewed rows ({corrected} corrected) from {sources} sources", file=sys.stderr)
    return 0
