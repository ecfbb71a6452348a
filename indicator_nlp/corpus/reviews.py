"""The reviewers' verdicts (``reviewed.tsv``), read and joined onto the corpus rows by origin + line."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indicator_nlp import taxonomy
from indicator_nlp.corpus.rows import OUTSIDE, CorpusRow
from indicator_nlp.errors import DataError

REVIEWS = "reviewed.tsv"  # the reviewers' verdicts, at the root of the shared corpus
REVIEW_GUIDE = "REVIEWING.md"


@dataclass(slots=True, frozen=True)
class Review:
    """One line of ``reviewed.tsv``: a reviewer's verdict on a filed row."""

    origin: str
    line: int
    name: str
    verdict: str
    level1: str | None
    level2: str | None
    cls: str | None  # reviewed class; OUTSIDE when the row cannot be placed (management items)
    acceptable: tuple[str, ...]


VERDICTS = ("ok", "wrong", "unclear", "outside")


def read_reviews(path: str | Path) -> dict[tuple[str, int], Review]:
    """The reviews of ``reviewed.tsv`` keyed by (origin, line); DataError on a malformed line."""
    path = Path(path)
    need = {"origin", "line", "verdict", "reviewed_level1", "reviewed_level2", "acceptable_level2"}
    out: dict[tuple[str, int], Review] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = need - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path}: line 1: missing column(s) {', '.join(sorted(missing))}")
        for n, cells in enumerate(reader, 2):
            cells = {k: (v or "").strip() for k, v in cells.items() if k is not None}
            verdict = cells["verdict"]
            if verdict not in VERDICTS or not cells["line"].isdigit():
                raise DataError(f"{path}: line {n}: bad verdict {verdict!r} or line {cells['line']!r}")
            l1, l2, _ = taxonomy.normalize_pair(
                cells["reviewed_level1"] or None, cells["reviewed_level2"] or None
            )
            cls = taxonomy.class_of(l2) if l2 else None
            if cls is None and verdict == "outside":
                cls = OUTSIDE  # a management item: kept outside the nine classes
            acceptable = []
            for label in cells["acceptable_level2"].split(";"):
                c = (
                    taxonomy.class_of(taxonomy.normalize_label(label.strip(), level=2) or "")
                    if label.strip()
                    else None
                )
                if c and c not in acceptable:
                    acceptable.append(c)
            if cls and cls != OUTSIDE and cls not in acceptable:
                acceptable.insert(0, cls)
            key = (cells["origin"], int(cells["line"]))
            out[key] = Review(key[0], key[1], cells.get("name", ""), verdict, l1, l2, cls, tuple(acceptable))
    return out


def join_reviews(rows: Iterable[CorpusRow], reviews: dict[tuple[str, int], Review]) -> list[str]:
    """Copy each review onto its row (by origin + line); return warnings for reviews left unmatched."""
    used = set()
    for row in rows:
        rev = reviews.get((row.origin, row.line)) if row.line else None
        if rev is None:
            continue
        used.add((row.origin, row.line))
        row.verdict = rev.verdict
        row.reviewed_level1, row.reviewed_level2 = rev.level1, rev.level2
        row.reviewed_class = rev.cls
        row.acceptable = list(rev.acceptable)
    left = [k for k in reviews if k not in used]
    return (
        [f"{REVIEWS}: {len(left)} review(s) match no corpus row (first: {left[0][0]} line {left[0][1]})"]
        if left
        else []
    )
