"""Measure drafting on the narrative case table (tests/cases/draft/narrative.tsv).

Prints, over every expected row of every case:

* recall: % of expected rows drafted with the right threshold (value as a table writes it) and an
  accepted level 2 (the figure the product is judged on), and the same with the name too;
* precision: % of drafted rows that are expected rows (right threshold), i.e. not over-generated;
* the misses, one line each, with ``--misses``.

    python scripts/measure_draft.py [--misses] [--cases PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from indicator_nlp.draft import draft  # noqa: E402
from indicator_nlp.taxonomy import class_of  # noqa: E402

CASES = ROOT / "tests" / "cases" / "draft" / "narrative.tsv"


def same_value(got: str | None, want: str) -> bool:
    """One threshold however its per-unit sign is written (元/生·年 and 元/生/年)."""
    return got is not None and got.replace("·", "/") == want.replace("·", "/")


def load(path: Path) -> list[tuple[str, str, list[tuple[str, str, tuple[str, ...]]]]]:
    """(id, text, [(name, value, accepted level 2s)]) of every line of a case table."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        case_id, text, rows = line.split("\t")
        expected = []
        if rows.strip() != "-":
            for row in rows.split(" ;; "):
                name, value, level2 = (x.strip() for x in row.split("|"))
                expected.append((name, value, tuple(level2.split(","))))
        out.append((case_id, text, expected))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--misses", action="store_true", help="list every miss and every extra row")
    args = ap.parse_args()
    n_exp = n_hit = n_named = n_drafted = n_wanted = 0
    sectors: set[str] = set()
    lines = []
    for case_id, text, expected in load(args.cases):
        sectors.add(case_id.split("-")[0])
        rows = draft(text, rows_only=True)
        n_exp += len(expected)
        n_drafted += len(rows)
        free = list(rows)
        for name, value, accepted in expected:
            match = next((r for r in free if same_value(r.value, value)), None)
            if match is None:
                lines.append(f"MISS  {case_id}: {name} {value}")
                continue
            free.remove(match)
            n_wanted += 1
            if class_of(match.level2) in {class_of(a) for a in accepted}:
                n_hit += 1
                n_named += match.name == name
                if match.name != name:
                    lines.append(f"NAME  {case_id}: {match.name} (expected {name})")
            else:
                lines.append(
                    f"LEVEL {case_id}: {name} {value}: {match.level2} (expected {'/'.join(accepted)})"
                )
        lines.extend(f"EXTRA {case_id}: {r.name} {r.value}" for r in free)
    if args.misses:
        print("\n".join(lines))
    print(
        f"cases {sum(1 for _ in load(args.cases))}, sectors {len(sectors)}, expected rows {n_exp}, drafted rows {n_drafted}"
    )
    print(
        f"expected rows drafted, right threshold and accepted level 2: {n_hit}/{n_exp} = {n_hit / n_exp:.1%}"
    )
    print(f"  ... and the expected name too: {n_named}/{n_exp} = {n_named / n_exp:.1%}")
    print(f"drafted rows that are expected rows: {n_wanted}/{n_drafted} = {n_wanted / max(n_drafted, 1):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
