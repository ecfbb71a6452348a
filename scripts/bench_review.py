"""Time to review every fixture and example, printed as a Markdown table (docs/rules.md).

    python scripts/bench_review.py               # fixtures + examples, with and without R09
    python scripts/bench_review.py --rounds 1

For each file of ``tests/fixtures/`` and ``examples/`` (bad inputs included: they must fail
fast with a FilingError), the script structures and reviews it and reports: files reviewed,
files refused, findings by severity, and the wall time of the batch — once without the
classifier rule (R09) and once with it when a model is available (model load time apart).
Timings are the best of ``--rounds`` runs (the machine is shared).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp.errors import FilingError, ModelError  # noqa: E402
from indicator_nlp.readers import iter_paths  # noqa: E402
from indicator_nlp.review import ReviewSettings, review  # noqa: E402


def batch(paths: list[Path], model, settings: ReviewSettings) -> tuple[float, int, int, Counter]:
    start = time.perf_counter()
    ok = failed = 0
    severities: Counter = Counter()
    for p in paths:
        try:
            found = review(p, model=model, settings=settings)
        except FilingError:
            failed += 1
            continue
        ok += 1
        severities.update(f.severity for f in found)
    return time.perf_counter() - start, ok, failed, severities


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    paths = iter_paths([ROOT / "tests" / "fixtures", ROOT / "examples"])
    print(
        f"{len(paths)} files (tests/fixtures + examples); Python {platform.python_version()}, {platform.machine()}"
    )
    model, load = None, None
    try:
        from indicator_nlp.classifier import load_model

        t0 = time.perf_counter()
        model = load_model()
        load = time.perf_counter() - t0
    except (ImportError, ModelError, OSError) as exc:
        print(f"no classifier model ({exc}): R09 not timed")
    print()
    print(
        "| run | files reviewed | refused (bad inputs) | errors | warnings | info | best time (s) | files/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    runs = [("rules without R09", None, ReviewSettings(disabled=("R09-category-mismatch",)))]
    if model is not None:
        runs.append(("all rules (R09 with the model)", model, ReviewSettings()))
    for label, m, settings in runs:
        best = None
        for _ in range(args.rounds):
            dt, ok, failed, sev = batch(paths, m, settings)
            best = dt if best is None else min(best, dt)
        print(
            f"| {label} | {ok} | {failed} | {sev['error']} | {sev['warning']} | {sev['info']} "
            f"| {best:.2f} | {len(paths) / best:.1f} |"
        )
    if load is not None:
        print(f"\nmodel load time: {load:.2f} s (once per process, not in the times above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
