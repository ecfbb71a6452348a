"""``indicator-nlp evaluate``: the classifier's figures beside the keyword baseline."""

from __future__ import annotations

import argparse
from typing import Any

EPILOG = """examples:
  indicator-nlp evaluate --cv 5                       # grouped 5-fold CV on corpus/
  indicator-nlp evaluate --data labelled.tsv --format json --plot confusion.png
  (--data: TSV/CSV/JSONL with columns name, level1, level2 and optional value, description;
   with reviewed_level2 and acceptable_level2 (';'-separated) the reviewed figures are added)
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "evaluate",
        help="evaluate the classifier (labelled file or grouped CV) beside a keyword baseline",
        description="Against REVIEWED labels (when the corpus or file has them): (a) acceptable-answer "
        "accuracy (top-1 in the reviewer's acceptable set) and top-3, (b) macro-F1 and per-class "
        "precision/recall/F1, (c) misfiling detection precision/recall of the review decision, (d) "
        "calibration (ECE); then level-1/level-2 accuracy, macro-F1 and the confusion matrix against "
        "the labels trained on, and, labelled as such, against the FILED labels; every figure beside the "
        "keyword-rule baseline on the same rows. With --data the shipped (or --model) classifier is "
        "scored on the file; without it, K-fold cross-validation grouped by document runs on the corpus.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data", default=None, help="labelled TSV/CSV/JSONL to score the model on")
    p.add_argument("--cv", type=int, default=5, metavar="K", help="folds of the grouped CV (default 5)")
    p.add_argument("--corpus", default=None, help="corpus folder for --cv (default corpus/)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", "-f", choices=["table", "json"], default="table")
    p.add_argument("--plot", default=None, metavar="PNG", help="write the confusion matrix as a PNG")
    p.add_argument("--model", default=None, help="model file for --data (default: the shipped model)")
    p.add_argument(
        "--trust", action="store_true", help="load a model whose card is missing or does not match"
    )
    p.add_argument("-o", "--output", default=None, help="write to this file instead of stdout")


def _f(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}"


def render_reviewed(fig: dict[str, Any]) -> str:
    """The reviewed-label figures (a)–(d) beside the keyword baseline and the filers' own labels."""
    from indicator_nlp.commands._common import format_table

    m, b, f = fig["model"], fig["baseline"], fig.get("filers", {})
    mm, bm = m["misfiling"], b["misfiling"]
    rows = [
        ["(a) acceptable-answer accuracy", _f(m["acceptable_accuracy"]), _f(b["acceptable_accuracy"]), _f(f.get("acceptable_accuracy"))],
        ["(a) top-3 acceptable accuracy", _f(m["top3_acceptable_accuracy"]), "-", "-"],
        ["(b) reviewed-label macro-F1", _f(m["reviewed_macro_f1"]), _f(b["reviewed_macro_f1"]), _f(f.get("reviewed_macro_f1"))],
        ["(b) reviewed-label accuracy", _f(m["reviewed_accuracy"]), _f(b["reviewed_accuracy"]), _f(f.get("reviewed_accuracy"))],
        ["(c) misfiling precision", _f(mm.get("precision")), _f(bm.get("precision")), "-"],
        ["(c) misfiling recall", _f(mm.get("recall")), _f(bm.get("recall")), "-"],
        ["(d) ECE (10 bins)", _f(m.get("ece")), "-", "-"],
    ]  # fmt: skip
    ck = m.get("checked")
    if ck:
        rows.append(["checked label (structure --check): acceptable accuracy", _f(ck["acceptable_accuracy"]), "-", _f(ck["filed_acceptable_accuracy"])])
    head = f"against reviewed labels (n={fig['n']}; {mm.get('misfiled')} of {mm.get('rows')} rows misfiled)"
    if mm.get("threshold") is not None:
        head += f"; misfiling: flag when P(filed right) ≤ {mm['threshold']:.3f}"
    if bm.get("rule"):
        head += f"; baseline misfiling: {bm['rule']}"
    table = format_table(rows, ["metric", "model", "keyword baseline", "filers' labels"])
    per = format_table(
        [
            [
                c,
                _f(v["precision"]),
                _f(v["recall"]),
                _f(v["f1"]),
                v["support"],
                _f(b["per_class"].get(c, {}).get("f1")),
            ]
            for c, v in m["per_class"].items()
        ],
        ["class (reviewed)", "precision", "recall", "F1", "support", "baseline F1"],
    )
    return f"{head}\n\n{table}\n{per}"


# From this share of rows whose names the model was trained on, evaluate warns that its figures
# are in-sample (held-out filings share some names too: 满意度, 培训人次).
IN_SAMPLE_SHARE = 0.5


def in_sample_note(seen: int, n: int) -> str:
    return (
        f"note: {seen} of {n} rows ({seen / n:.0%}) carry names the model was trained on: these figures are "
        "in-sample, not a measure on new filings (held-out figures: `indicator-nlp evaluate --cv K`, grouped by document)"
    )


def render_table(res: dict[str, Any]) -> str:
    from indicator_nlp.commands._common import format_table

    m, b = res["model"], res["baseline"]
    head = f"data: {res.get('data')}" + (f", grouped {res['folds']}-fold CV" if "folds" in res else "")
    if res.get("skipped"):
        head += f", {res['skipped']} rows without a nine-class label skipped"
    labels_word = {"reviewed": "reviewed labels", "filed": "filed labels"}.get(
        res.get("labels", ""), "labels"
    )
    out = [f"{head} (n={m['n']})"]
    seen = res.get("seen_in_training")
    if seen is not None and m["n"] and seen / m["n"] >= IN_SAMPLE_SHARE:
        out.append(in_sample_note(seen, m["n"]))
    if res.get("reviewed"):
        out.append(render_reviewed(res["reviewed"]))
    summary = format_table(
        [[k, _f(m.get(k)), _f(b.get(k))] for k in ("level1_accuracy", "level2_accuracy", "level2_macro_f1")],
        ["metric", "model", "keyword baseline"],
    )
    per = format_table(
        [
            [c, _f(v["precision"]), _f(v["recall"]), _f(v["f1"]), v["support"], _f(b["per_class"][c]["f1"])]
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
    if res.get("reviewed"):  # the per-class table against reviewed labels is above
        out.append(f"against the {labels_word} the model learns\n\n{summary}")
    else:
        out.append(f"against the {labels_word} the model learns\n\n{summary}\n{per}")
    out.append(f"confusion matrix of the model ({key})\n{conf}")
    if res.get("filed"):
        fm, fb = res["filed"]["model"], res["filed"]["baseline"]
        out.append(
            f"against the FILED labels (the filers' own, misfilings included; n={fm['n']})\n\n"
            + format_table(
                [[k, _f(fm.get(k)), _f(fb.get(k))] for k in ("level2_accuracy", "level2_macro_f1")],
                ["metric", "model", "keyword baseline"],
            )
        )
    return "\n\n".join(out)


JSON_DROP = ("predictions", "baseline_predictions", "proba", "fold_tests", "classes")


def run(args: argparse.Namespace) -> int:
    import sys

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
    seen, n = res.get("seen_in_training"), res["model"]["n"]
    if args.format == "json" and seen is not None and n and seen / n >= IN_SAMPLE_SHARE:
        print(in_sample_note(seen, n), file=sys.stderr)
    if args.format == "json":
        emit(dumps_json({k: v for k, v in res.items() if k not in JSON_DROP}), args.output)
    else:
        emit(render_table(res), args.output)
    return 0
