"""``indicator-nlp suggest``: the drafter's view: category, similar indicators, usual targets."""

from __future__ import annotations

import argparse

EPILOG = """example:
  indicator-nlp suggest "参加培训的农民人数"
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "suggest",
        help="category and similar corpus indicators for a draft indicator",
        description="Classify a draft indicator and list the most similar indicators of the corpus "
        "that share its predicted category (TF-IDF cosine over names, one line per distinct name, "
        "only matches of at least --min-similarity), each with its usual target values.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", help="the indicator as drafted (name, optionally with a value)")
    p.add_argument("-k", type=int, default=8, help="similar indicators to list (default 8)")
    p.add_argument("--layout", choices=["2021", "legacy"], default="2021")
    p.add_argument(
        "--all-classes", action="store_true", help="also list similar indicators of other categories"
    )
    p.add_argument(
        "--min-similarity",
        type=float,
        default=None,
        metavar="S",
        help="lowest similarity shown (default 0.3)",
    )
    p.add_argument("--format", "-f", choices=["table", "json"], default="table")
    p.add_argument("--model", default=None, help="model file (default: the shipped model)")
    p.add_argument(
        "--trust", action="store_true", help="load a model whose card is missing or does not match"
    )


def run(args: argparse.Namespace) -> int:
    from indicator_nlp import classifier
    from indicator_nlp.commands._common import dumps_json, error, format_table
    from indicator_nlp.errors import IndicatorNLPError

    try:
        model = classifier.load_model(args.model, trust=args.trust)
        res = classifier.suggest(
            args.text,
            model=model,
            k=args.k,
            layout=args.layout,
            all_classes=args.all_classes,
            min_similarity=args.min_similarity,
        )
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    pred = res["prediction"]
    if args.format == "json":
        print(
            dumps_json({"prediction": pred.to_dict(), "similar": res["similar"], "usual": res["usual"]}),
            end="",
        )
        return 0
    alts = "; ".join(f"{t.level1}/{t.level2} {t.p:.2f}" for t in pred.top[1:])
    print(
        f"{pred.name}: {pred.level1} / {pred.level2} (confidence {pred.confidence:.2f}; alternatives: {alts or '-'})"
    )
    usual = res["usual"]
    if usual["units"] or usual["operators"] or usual["values"]:
        print(
            f"usual targets of similar indicators: values {', '.join(usual['values']) or '-'}; "
            f"units {', '.join(usual['units']) or '-'}; operators {', '.join(usual['operators']) or '-'}"
        )
    rows = [
        [s["name"], " / ".join(s["values"]) or "", s["level2"], s["count"], f"{s['similarity']:.2f}"]
        for s in res["similar"]
    ]
    if rows:
        print()
        print(
            format_table(rows, ["similar indicator", "usual target values", "level2", "rows", "similarity"]),
            end="",
        )
    else:
        print("no similar indicator in the corpus (try --all-classes or a lower --min-similarity)")
    return 0
