"""How useful are `suggest`'s similar indicators on documents the index has not seen?

Grouped 5-fold CV over the reviewed corpus rows (corpus.reviewed_rows; groups as in training): the
classifier and its suggestion index are fitted on four folds, and every row of the fifth is a
query (its name). For each minimum similarity it prints:

  shown      share of queries that get at least one similar indicator
  all-ok     among those, share whose top-5 shown ALL carry a class the reviewer accepts for the query
  any-ok     among those, share with at least one of the top-5 carrying an acceptable class
  share-ok   share of all shown suggestions (top-5) carrying an acceptable class of their query
  mean sim   mean similarity of the shown suggestions

"carry" = the suggestion's class set (every class its rows were accepted under) meets the
query's acceptable set. Suggestions are filtered to the predicted class (as `suggest` does) and,
for comparison, unfiltered ("all classes").

    OMP_NUM_THREADS=1 python scripts/eval_suggest.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp import corpus  # noqa: E402
from indicator_nlp.classifier import IndicatorClassifier, grouped_splits  # noqa: E402
from indicator_nlp.classifier.training import REVIEWED_PARAMS, _row_weight, _targets  # noqa: E402

THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


def main() -> int:
    rows = corpus.reviewed_rows(corpus.load(ROOT / "corpus"))
    y, acceptable = _targets(rows)
    groups = [r.group for r in rows]
    folds = grouped_splits(y, groups, 5, 0)
    results: dict[tuple[str, float], list] = {}
    for train, test in folds:
        model = IndicatorClassifier(**REVIEWED_PARAMS, calibrate=False)
        model.fit(
            [(rows[i].name, rows[i].description, rows[i].value) for i in train],
            [y[i] for i in train],
            groups=[groups[i] for i in train],
            sample_weight=[_row_weight(rows[i]) for i in train],
            acceptable=[acceptable[i] for i in train],
        )
        pred = model.predict([(rows[i].name, rows[i].description, rows[i].value) for i in test])
        for i, p in zip(test, pred):
            ok = set(acceptable[i])
            for mode in ("predicted class", "all classes"):
                sims = model.similar(
                    rows[i].name, k=5, cls=str(p) if mode == "predicted class" else None, min_similarity=0.0
                )
                for t in THRESHOLDS:
                    shown = [s for s in sims if s["similarity"] >= t]
                    hits = [bool(set(s["classes"]) & ok) for s in shown]
                    results.setdefault((mode, t), []).append((hits, [s["similarity"] for s in shown]))
    print(f"{len(rows)} queries (reviewed rows), grouped 5-fold by document; top-5 suggestions")
    print("| suggestions | min similarity | shown | all-ok | any-ok | share-ok | mean sim |")
    print("|---|---|---|---|---|---|---|")
    for (mode, t), res in results.items():
        shown = [h for h, _ in res if h]
        sims = [s for _, ss in res for s in ss]
        flat = [x for h in shown for x in h]
        print(
            f"| {mode} | {t:.1f} | {len(shown) / len(res):.3f} | {np.mean([all(h) for h in shown]):.3f} | "
            f"{np.mean([any(h) for h in shown]):.3f} | {np.mean(flat):.3f} | {np.mean(sims):.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
