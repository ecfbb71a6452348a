"""``indicator-nlp corpus build``: rebuild corpus/indicators.jsonl and corpus/STATS.md."""

from __future__ import annotations

import argparse

EPILOG = """example:
  indicator-nlp corpus build --shared ../shared --out corpus/
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "corpus",
        help="build the labelled indicator corpus",
        description="Copy ../shared/corpus into corpus/raw/, read its TSVs, the seed filings and "
        "workbooks (through the structurer) into corpus/indicators.jsonl, and write corpus/STATS.md.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", choices=["build"], help="what to do (build)")
    p.add_argument("--shared", default=None, help="the shared folder holding corpus/ (default ../shared)")
    p.add_argument("--out", default=None, help="the corpus folder to write (default corpus/ of the repo)")
    p.add_argument("--examples", default=None, help="folder of seed_*.txt and xlsx/ (default examples/)")
    p.add_argument("--no-structurer", action="store_true", help="read the TSVs only")
    p.add_argument("--quiet", action="store_true", help="do not print the statistics")


def run(args: argparse.Namespace) -> int:
    from indicator_nlp import corpus
    from indicator_nlp.commands._common import error
    from indicator_nlp.errors import IndicatorNLPError

    try:
        report = corpus.build(args.shared, args.out, args.examples, use_structurer=not args.no_structurer)
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    for w in report.warnings:
        error(w)
    if not args.quiet:
        print(corpus.stats_markdown(report), end="")
    return 0
