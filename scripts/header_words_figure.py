"""Rows read exactly in the layout fixtures whose headers use words outside the exact vocabulary.

    python scripts/header_words_figure.py              # layouts 21-25 (header words read by principle)
    python scripts/header_words_figure.py --round 26   # layouts 26-31 (the held-out round of issue 20)
    python scripts/header_words_figure.py --round 32   # layouts 32-35 (a third held-out round)
    python scripts/header_words_figure.py --all        # every layout fixture

Prints, per fixture, the expected indicator rows the structurer gives exactly (every expected
field equal, in order), the rows it gives whose name no expected row has (spurious: not an
indicator, or its name misread) and the totals, as recorded in docs/structure.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_layouts import EXPECTED, FIXTURES, _expected, _shown  # noqa: E402

from indicator_nlp.structure import structure  # noqa: E402

# The rounds of layouts written before the rules that read them: first layout → its prefixes.
ROUNDS = {
    21: ("21-", "22-", "23-", "24-", "25-"),
    26: ("26-", "27-", "28-", "29-", "30-", "31-"),
    32: ("32-", "33-", "34-", "35-"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="every layout fixture, not only one round")
    parser.add_argument("--round", type=int, choices=sorted(ROUNDS), default=21, help="first layout of the round")
    args = parser.parse_args(argv)
    total = exact = spurious = 0
    for path in sorted(FIXTURES.iterdir()):
        if not (EXPECTED / f"{path.name}.tsv").exists() or not (args.all or path.name.startswith(ROUNDS[args.round])):
            continue
        want = _expected(path)
        fields = [k for k in want[0] if k not in ("row", "page")]
        got = [{f: _shown(getattr(i, f)) for f in fields} for i in structure(path).indicators]
        hits = sum(1 for k, w in enumerate(want) if k < len(got) and got[k] == {f: w[f] for f in fields})
        names = {w["name"] for w in want}
        extra = sum(1 for g in got if g["name"] not in names)
        total += len(want)
        exact += hits
        spurious += extra
        print(f"{path.name:40s} {hits:3d}/{len(want)}  spurious {extra}")
    print(f"rows exact: {exact}/{total} ({100 * exact / max(total, 1):.1f} %), spurious rows: {spurious}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
