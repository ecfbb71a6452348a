"""``indicator-nlp evaluate``: the classifier's figures beside the keyword baseline."""

from __future__ import annotations

import argparse
from typing import Any

EPILOG = """examples:
  indicator-nlp evaluate --cv 5                       # grouped 5-fold CV on corpus/
  indicator-nlp evaluate --data labelled.tsv --format json --plot confusion.png
  (--data: TSV/CSV/JSONL with columns name, level1, level2 and optional value, description)
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "evaluate",
        help="evaluate the classifier (labelled file or grouped CV) beside a keyword baseline",
        description="Level-1 accuracy, level-2 accuracy and macro-F1, per-class precision/recall/F1, "
        "the confusion matrix, and the same for the keyword-rule baseline on the same rows. With --data "
        "the shipped (or --model) classifier is scored on the file; without it, K-fold cross-validation "
        "grouped by source document runs on the corpus.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data", default=None, help="labelled TSV/CSV/JSONL to score the model on")
    p.add_argument("--cv", type=int, default=5, metavar="K", help="folds of the grouped CV (default 5)")
    p.add_argument("--corpus", default=None, help="corpus folder for --cv (default corpus/)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--plot", default=None, metavar="PNG", help="write the confusion matrix as a PNG")
    p.add_argument("--model", default=None, help="model file for --data (default: the shipped model)")
    p.add_argument(
        "--trust", action="store_true", help="load a model whose card is missing or does not match"
    )
    p.add_argument("-o", "--output", default=None, help="write to this file instead of stdout")


def render_table(res: dict[str, Any]) -> str:
    from indicator_nlp.commands._common import format_table

    m, b = res["model"], res["baseline"]
    head = f"data: {res.get('data')}" + (f", grouped {res['folds']}-fold CV" if "folds" in res else "")
    if res.get("skipped"):
        head += f", {res['skipped']} rows without a nine-class label skipped"
    summary = format_table(
        [
            [
                k,
                f"{m[k]:.3f}" if m.get(k) is not None else "-",
                f"{b[k]:.3f}" if b.get(k) is not None else "-",
            ]
            for k in ("level1_accuracy", "level2_accuracy", "level2_macro_f1")
        ],
        ["metric", "model", "keyword baseline"],
    )
    per = format_table(
        [
            [
                c,
                f"{v['precision']:.3f}",
                f"{v['recall']:.3f}",
                f"{v['f1']:.3f}",
                v["support"],
                f"{b['per_class'][c]['f1']:.3f}",
            ]
            for c, v in m["per_class"].items()
        ],
        ["class", "precision", "recall", "F1", "support", "baseline F1"],
    )
    labels = m["labels"]
    conf = format_table(
        [[c, *row] for c, row in zip(labels, m["confusion"])],
        ["true \\ predicted", *[str(i + 1) for i in range(len(labels))]],
    )
    key = "  ".join(f"{i + 1}={c}" for i, c in enumerate(labels))
    return f"{head} (n={m['n']})\n\n{summary}\n{per}\nconfusion matrix of the model ({key})\n{conf}"


def run(args: argparse.Namespace) -> int:
    from indicator_nlp import classifier
    from indicator_nlp.commands._common import dumps_json, emit, error
    from indicator_nlp.errors import IndicatorNLPError

    try:
        if args.data:
            model = classifier.load_model(args.model, trust=args.trust)
            res = classifier.evaluate_file(args.data, model)
        else:
            if args.cv < 2:
                error("--cv must be at least 2")
                return 2
            res = classifier.evaluate_corpus(args.corpus, k=args.cv, seed=args.seed)
        if args.plot:
            classifier.plot_confusion(res, args.plot)
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    except UnicodeDecodeError as exc:
        error(f"{args.data or args.corpus}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return 1
    if args.format == "json":
        emit(dumps_json({k: v for k, v in res.items() if k != "predictions"}), args.output)
    else:
        emit(render_table(res), args.output)
    return 0
