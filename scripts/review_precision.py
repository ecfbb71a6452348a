"""How often is a category finding of the review right? Measured on the reviewed corpus.

Every reviewed corpus row (corpus.reviewed_rows, filed class one of the nine) is put back into a
filing of its document and reviewed. A row is "flagged" when a category finding (R02, R05, R09)
of warning or error severity names it; it is really misfiled when its filed class is outside the
reviewer's acceptable set. R09 needs a classifier that has not seen the row: its decision here
comes from grouped 5-fold CV (the out-of-fold posterior of `indicator-nlp evaluate --cv 5`,
cached as indicator_nlp_review_precision.pkl in the system temp folder), so the rule-based findings come from the
review itself with R09 disabled.

    OMP_NUM_THREADS=1 python scripts/review_precision.py
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp import corpus, metrics  # noqa: E402
from indicator_nlp.classifier.training import evaluate_corpus, training_set  # noqa: E402
from indicator_nlp.review import ReviewSettings, review  # noqa: E402
from indicator_nlp.types import Filing, Indicator  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "indicator_nlp_review_precision.pkl"
# rules whose finding says the row's category is wrong (the others judge names and value forms)
CATEGORY_RULES = (
    "R02-wrong-level1", "R02-satisfaction-outside", "R05-quantity-form", "R05-quality-form", "R05-timeliness-form",
)  # fmt: skip


def main() -> int:
    rows, _ = training_set(corpus.load(ROOT / "corpus"))
    # the cache is keyed to the shipped model's pin and the corpus, so a retrain never reads stale folds
    from indicator_nlp._shipped import pinned

    key = hashlib.sha256((str(pinned()["sha256"]) + (ROOT / "corpus" / "indicators.jsonl").read_text("utf-8")).encode())
    cache = CACHE.with_name(f"{CACHE.stem}-{key.hexdigest()[:12]}.pkl")
    if cache.is_file():
        res = pickle.loads(cache.read_bytes())
    else:
        res = evaluate_corpus(ROOT / "corpus", k=5, seed=0)
        cache.write_bytes(pickle.dumps(res))
    fig = res["reviewed"]["model"]["misfiling"]
    keep = [i for i, r in enumerate(rows) if r.cls is not None and r.cls != corpus.OUTSIDE]
    positive = np.array([bool(rows[i].misfiled) for i in keep])
    # R09 out of fold: the posterior decision at the operating point chosen on the same CV
    from indicator_nlp.classifier.evaluation import misfiling_oof
    from indicator_nlp.misfiling import true_class

    y = [r.target for r in rows]
    acc = [list(dict.fromkeys([t, *r.acceptable])) for t, r in zip(y, rows)]
    filed = [r.cls for r in rows]
    true = [true_class(f, a, t) for f, a, t in zip(filed, acc, y)]
    p_filed = misfiling_oof(res["proba"], res["classes"], res["fold_tests"], true, filed)
    r09 = np.array([p_filed[i] <= fig["threshold"] for i in keep])
    # the rule-based category findings, per document
    docs: dict[str, list[tuple[int, Indicator]]] = defaultdict(list)
    for n, i in enumerate(keep):
        r = rows[i]
        ind = Indicator(
            file=r.doc, name=r.name, level1=r.level1, level2=r.level2, level1_raw=r.level1_raw or None,
            level2_raw=r.level2_raw or None, value=r.value or None, description=r.description or None,
            layout=r.layout, project="P", table=0, row=n,
        )  # fmt: skip
        docs[r.doc].append((n, ind))
    settings = ReviewSettings(disabled=("R09-category-mismatch",), min_severity="warning")
    by_rule: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(keep), dtype=bool))
    for doc, inds in docs.items():
        for f in review(Filing(file=doc, indicators=[ind for _, ind in inds]), settings=settings):
            if f.row is not None and f.rule.startswith(("R02", "R05")):
                by_rule[f.rule][f.row] = True
    rules_any = np.zeros(len(keep), dtype=bool)
    print(f"{len(keep)} reviewed rows with a filed class of the nine, {int(positive.sum())} misfiled")
    print("| flag | flagged | precision | recall |")
    print("|---|---|---|---|")
    for rule_id in sorted(by_rule):
        d = metrics.detection(by_rule[rule_id], positive)
        if rule_id in CATEGORY_RULES:
            rules_any |= by_rule[rule_id]
        print(f"| {rule_id} (warning/error) | {d['flagged']} | {d['precision']:.3f} | {d['recall']:.3f} |")
    for label, flag in (
        ("category rules R02/R05 above (wrong level 1, satisfaction outside, value forms)", rules_any),
        (f"R09 posterior (P(filed) ≤ {fig['threshold']:.3f}, out of fold)", r09),
        ("any category finding (those rules or R09)", rules_any | r09),
    ):
        d = metrics.detection(flag, positive)
        print(f"| {label} | {d['flagged']} | {d['precision']:.3f} | {d['recall']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
