"""``indicator-nlp train``: fit the indicator classifier on the corpus; write model + card."""

from __future__ import annotations

import argparse

EPILOG = """example:
  indicator-nlp train --corpus corpus/ --out models/indicator-classifier.joblib --seed 0
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "train",
        help="train the indicator classifier",
        description="Fit the classifier on corpus/indicators.jsonl (nine-class rows), run grouped "
        "cross-validation for the model card, and write the model and its card (sha256) beside it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--corpus", default=None, help="corpus folder or indicators.jsonl (default corpus/)")
    p.add_argument("--out", "-o", default=None, help="model file (default models/indicator-classifier.joblib)")
    p.add_argument("--seed", type=int, default=0, help="seed of the fold split (default 0)")
    p.add_argument("--cv", type=int, default=5, help="folds for the card's cross-validation (default 5)")
    p.add_argument("--no-cv", action="store_true", help="skip the card's cross-validation")


def run(args: argparse.Namespace) -> int:
    from indicator_nlp import classifier
    from indicator_nlp.commands._common import error
    from indicator_nlp.errors import IndicatorNLPError

    try:
        card = classifier.train(args.corpus, args.out, seed=args.seed, cv=args.cv, with_cv=not args.no_cv)
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    except UnicodeDecodeError as exc:
        error(f"{args.corpus}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return 1
    from pathlib import Path

    from indicator_nlp._shipped import MODEL_NAME, write_pin

    out = Path(args.out) if args.out else classifier.repo_root() / classifier.DEFAULT_MODEL
    if out.resolve() == (classifier.repo_root() / "models" / MODEL_NAME).resolve():
        pin = write_pin(out)  # retraining the shipped model re-pins the package in the same step
        print(
            f"pinned the package to sha256 {str(pin['sha256'])[:12]}… (indicator_nlp/data/shipped_model.json)"
        )
    cvr = card.get("cross_validation")
    print(
        f"model: {card['model_file']} ({card['size_bytes'] / 1e6:.2f} MB, sha256 {card['sha256'][:12]}…), "
        f"{card['training_data']['rows']} rows, {len(card['classes'])} classes"
    )
    if cvr:
        m, b = cvr["model"], cvr["baseline"]
        print(
            f"grouped {cvr['folds']}-fold CV: level-2 accuracy {m['level2_accuracy']:.3f} "
            f"macro-F1 {m['level2_macro_f1']:.3f} level-1 accuracy {m['level1_accuracy']:.3f} | "
            f"keyword baseline {b['level2_accuracy']:.3f} / {b['level2_macro_f1']:.3f} / {b['level1_accuracy']:.3f}"
        )
    return 0
