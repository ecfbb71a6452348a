"""Sample distinct target-value cells of real filings and print them as threshold case lines.

Sources: ../shared/corpus/pages/indicators.tsv, ../shared/corpus/library/indicators.tsv and the
weAIDB sstqa real gov filings under ../shared/corpus/github/. Cells already in tests/cases/thresholds
are skipped; a fixed seed picks the sample. Each line is 'id, text, name, y, expected (as extracted now)'
for a reviewer to correct (tests/cases/thresholds/real_cells.tsv was written this way).

    python scripts/sample_real_cells.py [N] [SEED]
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = (
    ("pages", CORPUS / "pages" / "indicators.tsv"),
    ("library", CORPUS / "library" / "indicators.tsv"),
    ("sstqa", CORPUS / "github" / "weAIDB_ST-Raptor__sstqa_real_gov_filings.tsv"),
)


def fmt(t) -> str:
    if t.op == "range":
        s = f"range {t.low:g} {t.high:g}" + (f" {t.unit}" if t.unit else "")
    elif t.op == "deadline":
        s = f"deadline {t.date or '-'}" + (f" label={t.label}" if t.label and " " not in t.label else "")
    elif t.op == "qualitative":
        s = f"qualitative {t.label}"
    else:
        s = f"{t.op} {t.value:.10g}" + (f" {t.unit}" if t.unit else "")
    return s + (" *" if t.primary else "")


def main() -> None:
    from indicator_nlp.thresholds import extract_thresholds

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    known = set()
    for table in (ROOT / "tests" / "cases" / "thresholds").glob("*.tsv"):
        if table.name == "real_cells.tsv":
            continue
        for line in table.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and "\t" in line:
                known.add(line.split("\t")[1])
    seen: dict[str, tuple] = {}
    for tag, path in SOURCES:
        with path.open(encoding="utf-8") as fh:
            for lineno, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
                value = (row.get("value") or "").strip()
                if not value or "\t" in value or "\n" in value or value in known or value in seen:
                    continue
                seen[value] = (f"{tag}-{lineno}", (row.get("name") or "").strip())
    cells = sorted(seen)
    random.Random(seed).shuffle(cells)
    for value in cells[:n]:
        case_id, name = seen[value]
        got = extract_thresholds(value, name=name or None, cell=True)
        expected = "; ".join(fmt(t) for t in got) or "-"
        print("\t".join((case_id, value, name, "y", expected, "")))


if __name__ == "__main__":
    main()
