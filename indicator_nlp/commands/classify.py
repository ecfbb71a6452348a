"""``indicator-nlp classify``: level 1, level 2 and confidence of indicators, with alternatives."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  indicator-nlp classify "受益群众满意度" "项目完成时间" --top 2
  indicator-nlp classify --input rows.tsv --format jsonl --abstain-below 0.5
  (--input: TSV/CSV/JSONL with a name column, optional value and description columns)
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "classify",
        help="classify indicators into level 1 / level 2",
        description="Predict the 一级/二级 category of each indicator text or input row, with a "
        "calibrated confidence and the top-K alternatives.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", nargs="*", help="indicator names (or name + value texts)")
    p.add_argument("--input", help="TSV/CSV/JSONL file with a name column (optional value, description)")
    p.add_argument("--top", type=int, default=3, help="alternatives to list (default 3)")
    p.add_argument(
        "--layout",
        choices=["2021", "legacy"],
        default="2021",
        help="cost labels: 2021 → 成本指标/经济成本指标, legacy → 产出指标/成本指标",
    )
    p.add_argument(
        "--abstain-below",
        type=float,
        default=None,
        metavar="P",
        help="leave the category empty when the confidence is below P",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="say why: the words, value form and keywords pushing toward the class and the runner-up",
    )
    p.add_argument("--format", "-f", choices=["table", "json", "jsonl", "csv"], default="table")
    p.add_argument(
        "--model", default=None, help="model file (default: shipped model or $INDICATOR_NLP_MODEL)"
    )
    p.add_argument(
        "--trust", action="store_true", help="load a model whose card is missing or does not match"
    )
    p.add_argument("-o", "--output", default=None, help="write to this file instead of stdout")


def run(args: argparse.Namespace) -> int:
    from indicator_nlp.classifier import classify, load_model
    from indicator_nlp.commands._common import error
    from indicator_nlp.corpus import read_table
    from indicator_nlp.errors import IndicatorNLPError

    try:
        items: list = list(args.text)
        if args.input:
            try:
                items += read_table(args.input)
            except UnicodeDecodeError as exc:
                error(f"{args.input}: not UTF-8 text ({exc.reason} at byte {exc.start})")
                return 1
            except OSError as exc:
                error(f"{args.input}: cannot be read ({exc.strerror or exc})")
                return 1
        if not items:
            error("nothing to classify: give TEXT or --input FILE")
            return 2
        model = load_model(args.model, trust=args.trust)
        preds = classify(
            items,
            model=model,
            top=args.top,
            layout=args.layout,
            abstain_below=args.abstain_below,
            explain=args.explain,
        )
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    records = [p.to_dict() for p in preds]
    from indicator_nlp.check import check_filed

    checks = check_filed(items, model=model)
    for rec, chk in zip(records, checks):
        if chk:
            rec.update(chk)
    try:
        _emit(args, preds, records, checks)
    except OSError as exc:
        error(f"{args.output}: cannot write ({exc.strerror or exc})")
        return 1
    return 0


def _emit(args: argparse.Namespace, preds: list, records: list[dict], checks: list | None = None) -> None:
    from indicator_nlp._io import csv_text, dumps_json, dumps_jsonl, emit, format_table

    checks = checks or [None] * len(preds)
    filed = any(checks)
    alternatives = ["; ".join(f"{t.level2} {t.p:.2f}" for t in p.top[1:]) for p in preds]
    if args.format == "json":
        emit(dumps_json(records), args.output)
    elif args.format == "jsonl":
        emit(dumps_jsonl(records), args.output)
    elif args.format == "csv":
        header = ["name", "level1", "level2", "confidence", "alternatives"]
        rows = [[p.name, p.level1, p.level2, p.confidence, alt] for p, alt in zip(preds, alternatives)]
        if filed:
            header += ["filed_level2", "level2_checked", "check_confidence", "misfiled"]
            rows = [
                r + ([c["filed_level2"], c["level2_checked"], c["check_confidence"], c["misfiled"]] if c else [""] * 4)
                for r, c in zip(rows, checks)
            ]
        emit(csv_text([header, *rows]), args.output)
    else:
        rows = [
            [p.name, p.level1 or "(abstain)", p.level2 or "", f"{p.confidence:.2f}", alt]
            for p, alt in zip(preds, alternatives)
        ]
        header = ["name", "level1", "level2", "confidence", "alternatives"]
        if filed:
            header += ["filed", "check"]
            rows = [r + _check_cells(c) for r, c in zip(rows, checks)]
        table = format_table(rows, header)
        if args.explain:
            table += "\n" + "\n".join(p.explanation["text"] for p in preds if p.explanation)
        emit(table, args.output)


def _check_cells(c: dict | None) -> list[str]:
    """(filed level 2, the check in words) of a row for the table view."""
    if not c:
        return ["", ""]
    if c["misfiled"]:
        return [c["filed_level2"] or "", f"可能错填 → {c['level2_checked']} ({c['check_confidence']:.2f})"]
    return [c["filed_level2"] or "", "ok" if c["check_confidence"] is not None else "框架外"]
