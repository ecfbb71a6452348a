"""Building the corpus folder: every source in, reviews joined, duplicates dropped, indicators.jsonl and STATS.md."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indicator_nlp import taxonomy
from indicator_nlp.corpus.reviews import REVIEWS, VERDICTS, join_reviews, read_reviews
from indicator_nlp.corpus.rows import OUTSIDE, CorpusRow, dedup, default_shared, repo_root, training_rows
from indicator_nlp.corpus.sources import (
    _excluded,
    _workbook_alias,
    copy_notes,
    copy_raw,
    read_filing_rows,
    read_tsv,
    rows_from_filings,
)
from indicator_nlp.errors import IndicatorNLPError


@dataclass(slots=True)
class BuildReport:
    rows: list[CorpusRow]
    excluded: dict[str, str] = field(default_factory=dict)  # origin -> reason
    skipped_workbooks: dict[str, str] = field(default_factory=dict)
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # filings kept once or grouped with a near copy


def build(
    shared: str | Path | None = None,
    out: str | Path | None = None,
    examples: str | Path | None = None,
    use_structurer: bool = True,
    filings: Sequence[str | Path] = (),
    jobs: int = 1,
) -> BuildReport:
    """Rebuild the corpus folder ``out`` (default ``corpus/``): raw copy, indicators.jsonl, STATS.md.

    ``filings``: more files or folders of labelled past filings, taken in through the structurer
    (see :func:`rows_from_filings`); a file that cannot be read is listed in the warnings.
    """
    shared = Path(shared) if shared else default_shared()
    out = Path(out) if out else repo_root() / "corpus"
    examples = Path(examples) if examples else repo_root() / "examples"
    raw = out / "raw"
    if raw.exists():
        shutil.rmtree(raw)
    tsvs = copy_raw(shared / "corpus", raw)
    report = BuildReport(rows=[])
    aliased: set[str] = set()
    for path in tsvs:
        rel = path.relative_to(raw).as_posix()
        reason = _excluded(rel)
        if reason:
            report.excluded[rel] = reason
            continue
        for row in read_tsv(path, rel):
            alias = _workbook_alias(row.source)
            if alias:
                aliased.add(alias)
            report.rows.append(row)
    reviews_path = raw / REVIEWS
    if reviews_path.is_file():
        report.warnings.extend(join_reviews(report.rows, read_reviews(reviews_path)))
    if use_structurer:
        # ``bundled``, not ``filings``: that name is the caller's extra labelled filings (--filings).
        bundled = [(p, "seed") for p in sorted(examples.glob("seed_*.txt"))]
        bundled += [(p, "workbook") for p in sorted((examples / "xlsx").glob("*.xlsx"))]
        for path, origin in bundled:
            if path.name in aliased:
                report.skipped_workbooks[path.name] = "same filing as TSV rows (TSV preferred)"
                continue
            try:
                report.rows.extend(read_filing_rows(path, origin))
            except ImportError as exc:
                report.warnings.append(f"{path}: structurer not available ({exc}); skipped")
            except (IndicatorNLPError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                # One filing the structurer cannot read must not stop the build: it is reported.
                report.warnings.append(f"{path}: {type(exc).__name__}: {exc}; skipped")
    if filings:
        found = rows_from_filings(filings, jobs=jobs)
        report.rows.extend(found.rows)
        report.warnings.extend(f"{path}: {cause}; skipped" for path, cause in found.failures.items())
        report.notes.extend(copy_notes(found))
    report.rows, report.duplicates = dedup(report.rows)
    write(report, out)
    return report


def write(report: BuildReport, out: Path) -> None:
    from indicator_nlp._io import dumps_jsonl, write_atomic

    write_atomic(out / "indicators.jsonl", dumps_jsonl(r.to_dict() for r in report.rows))
    write_atomic(out / "STATS.md", stats_markdown(report))


def stats_markdown(report: BuildReport) -> str:
    rows = report.rows
    classes = [*taxonomy.classes(), OUTSIDE, None]
    by_origin: dict[str, Counter[str | None]] = {}
    for r in rows:
        by_origin.setdefault(r.origin, Counter())[r.cls] += 1
    docs = Counter(r.origin for r in {(r.origin, r.doc): r for r in rows}.values())
    lines = [
        "# Corpus statistics",
        "",
        "Written by `indicator-nlp corpus build`; see README.md for what each column means.",
        "",
        f"Rows: {len(rows)} ({len(training_rows(rows))} in the nine-class training set), "
        f"documents: {len({r.doc for r in rows})}, CV groups: {len({r.group for r in rows})}, "
        f"duplicates dropped within documents: {report.duplicates}.",
        "",
        "## Rows per class",
        "",
        "| class | rows | documents |",
        "|---|---|---|",
    ]
    for c in classes:
        n = sum(1 for r in rows if r.cls == c)
        d = len({r.doc for r in rows if r.cls == c})
        lines.append(f"| {c if c is not None else '(no usable label)'} | {n} | {d} |")
    lines += [
        "",
        "## Rows per source",
        "",
        "| source | documents | rows | " + " | ".join((c or "none") for c in classes) + " |",
        "|---|---|---|" + "---|" * len(classes),
    ]
    for origin in sorted(by_origin):
        cnt = by_origin[origin]
        lines.append(
            f"| {origin} | {docs[origin]} | {sum(cnt.values())} | "
            + " | ".join(str(cnt.get(c, 0)) for c in classes)
            + " |"
        )
    level2 = Counter((r.level1, r.level2) for r in rows)
    lines += [
        "",
        "## Rows per label (level 1 / level 2 after normalisation)",
        "",
        "| level 1 | level 2 | rows |",
        "|---|---|---|",
    ]
    for (l1, l2), n in sorted(level2.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        lines.append(f"| {l1 or ''} | {l2 or ''} | {n} |")
    reviewed = [r for r in rows if r.reviewed]
    if reviewed:
        verdicts = Counter(r.verdict for r in reviewed)
        lines += [
            "",
            "## Reviewed labels",
            "",
            f"Rows with a reviewer's verdict: {len(reviewed)} ("
            + ", ".join(f"{v} {verdicts[v]}" for v in VERDICTS if verdicts[v])
            + f"); misfiled (filed class outside the acceptable set): {sum(bool(r.misfiled) for r in reviewed)}; "
            f"with more than one acceptable class: {sum(len(r.acceptable) > 1 for r in reviewed)}.",
            "",
            "| reviewed class | rows | filed the same | documents |",
            "|---|---|---|---|",
        ]
        for c in [*taxonomy.classes(), OUTSIDE]:
            sub = [r for r in reviewed if r.reviewed_class == c]
            same = sum(r.cls == c for r in sub)
            lines.append(f"| {c} | {len(sub)} | {same} | {len({r.doc for r in sub})} |")
    flags = Counter(f for r in rows for f in r.flags)
    if flags:
        lines += ["", "## Flags", "", "| flag | rows |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(flags.items())]
    if report.excluded or report.skipped_workbooks or report.warnings:
        lines += ["", "## Not taken", ""]
        lines += [f"- `{k}`: {v}" for k, v in report.excluded.items()]
        lines += [f"- `{k}`: {v}" for k, v in report.skipped_workbooks.items()]
        lines += [f"- {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"
