"""Rows read exactly in the layout fixtures whose headers use words outside the exact vocabulary.

    python scripts/header_words_figure.py            # layouts 21-25 (header words read by principle)
    python scripts/header_words_figure.py --all      # every layout fixture

Prints, per fixture, the expected indicator rows the structurer gives exactly (every expected
field equal, in order) and the total, as recorded in docs/structure.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_layouts import EXPECTED, FIXTURES, _expected, _shown  # noqa: E402

from indicator_nlp.structure import structure  # noqa: E402

NEW = ("21-", "22-", "23-", "24-", "25-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="every layout fixture, not only 21-25")
    args = parser.parse_args(argv)
    total = exact = 0
    for path in sorted(FIXTURES.iterdir()):
        if not (EXPECTED / f"{path.name}.tsv").exists() or not (args.all or path.name.startswith(NEW)):
            continue
        want = _expected(path)
        fields = [k for k in want[0] if k not in ("row", "page")]
        got = [{f: _shown(getattr(i, f)) for f in fields} for i in structure(path).indicators]
        hits = sum(1 for k, w in enumerate(want) if k < len(got) and got[k] == {f: w[f] for f in fields})
        total += len(want)
        exact += hits
        print(f"{path.name:40s} {hits:3d}/{len(want)}")
    print(f"rows exact: {exact}/{total} ({100 * exact / max(total, 1):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
