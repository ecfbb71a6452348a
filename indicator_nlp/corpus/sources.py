"""Corpus rows from their sources: the shared TSVs (copied raw first) and filings through the structurer."""

from __future__ import annotations

import csv
import glob
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from indicator_nlp.corpus.reviews import REVIEW_GUIDE, REVIEWS
from indicator_nlp.corpus.rows import CorpusRow, _sources, clean, dedup, dedup_key, label_row, repo_root
from indicator_nlp.errors import DataError, IndicatorNLPError
from indicator_nlp.record import with_unit


def _excluded(rel: str) -> str | None:
    for rule in _sources()["exclude"]:
        if re.search(rule["pattern"], rel):
            return rule["reason"]
    return None


def _source_weight(rel: str) -> float:
    for rule in _sources().get("weights", []):
        if re.search(rule["pattern"], rel):
            return float(rule["weight"])
    return 1.0


def _workbook_alias(source: str) -> str | None:
    """The bundled workbook a TSV row's source names, when both describe the same filing."""
    for rule in _sources()["same_filing"]:
        m = re.search(rule["source"], source)
        if m:
            return m.expand(rule["workbook"])
    return None


def _doc_and_group(rel: str, cells: dict[str, str]) -> tuple[str, str, str]:
    """(doc, group, source) of a TSV row. GitHub sources are ``owner/repo:path@commit``."""
    source = cells.get("source") or cells.get("url") or ""
    if cells.get("source"):
        doc = source.rsplit("@", 1)[0]
        group = doc.split(":", 1)[0]
        return doc, group, source
    if cells.get("url"):
        return cells["url"], cells["url"], source
    doc = f"{rel}#{cells.get('doc', '')}"
    return doc, doc, source


def read_tsv(path: Path, rel: str) -> list[CorpusRow]:
    """The rows of one labelled TSV (header with level1, level2, name; optional description/value)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"level1", "level2", "name"} - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path}: line 1: missing column(s) {', '.join(sorted(missing))}")
        rows = []
        for line, cells in enumerate(reader, 1):
            cells = {k: (v or "") for k, v in cells.items() if k is not None}
            name = clean(cells.get("name"))
            if not name:
                continue
            l1, l2, cls, layout, flags = label_row(cells["level1"], cells["level2"])
            doc, group, source = _doc_and_group(rel, cells)
            rows.append(
                CorpusRow(
                    name=name,
                    description=clean(cells.get("description")),
                    value=clean(cells.get("value")),
                    level1=l1,
                    level2=l2,
                    cls=cls,
                    layout=layout,
                    level1_raw=clean(cells["level1"]),
                    level2_raw=clean(cells["level2"]),
                    doc=doc,
                    group=group,
                    origin=rel,
                    source=source,
                    flags=flags,
                    weight=_source_weight(rel),
                    line=line,
                )
            )
    return rows


def read_filing_rows(path: Path, origin: str) -> list[CorpusRow]:
    """The labelled indicators of one filing, through the structurer."""
    from indicator_nlp.structure import structure

    return filing_rows(structure(path), path, origin)


def filing_rows(filing: Any, path: Path, origin: str) -> list[CorpusRow]:
    """The labelled rows of a structured filing; the file is the document (one group per file)."""
    try:
        rel = str(path.resolve().relative_to(repo_root()))
    except ValueError:
        rel = str(path)
    rows = []
    for ind in filing.indicators:
        name = clean(ind.name)
        if not name or ind.source == "drafted":
            continue  # a drafted row's levels are the classifier's own: no label to learn from
        l1, l2, cls, layout, flags = label_row(ind.level1_raw or ind.level1, ind.level2_raw or ind.level2)
        if cls is None and ind.level2:  # the structurer may have inferred a label the raw cells lack
            l1, l2, cls, layout, flags = label_row(ind.level1, ind.level2)
            flags.append("inferred_label")
        rows.append(
            CorpusRow(
                name=name,
                description=clean(ind.description),
                value=with_unit(clean(ind.value), clean(ind.unit)),
                level1=l1,
                level2=l2,
                cls=cls,
                layout=ind.layout or layout,
                level1_raw=clean(ind.level1_raw),
                level2_raw=clean(ind.level2_raw),
                doc=rel,
                group=rel,
                origin=origin,
                source=rel,
                flags=flags,
            )
        )
    return rows


def copy_raw(shared_corpus: Path, raw: Path) -> list[Path]:
    """Copy the TSVs, READMEs and review files of the shared corpus into ``raw`` (same layout);
    return the labelled TSVs (the reviews file is not one of them)."""
    if not shared_corpus.is_dir():
        raise DataError(f"{shared_corpus}: not a folder: pass --shared pointing at the shared folder")
    files = sorted(glob.glob("**/*.tsv", root_dir=shared_corpus, recursive=True))
    files += sorted(glob.glob("**/README*", root_dir=shared_corpus, recursive=True))
    files += [REVIEW_GUIDE] if (shared_corpus / REVIEW_GUIDE).is_file() else []
    for rel in files:
        target = raw / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared_corpus / rel, target)
    return [raw / rel for rel in files if rel.endswith(".tsv") and rel != REVIEWS]


class FilingRows(NamedTuple):
    """What :func:`rows_from_filings` found."""

    rows: list[CorpusRow]
    failures: dict[str, str]  # file → the one-line cause it was skipped for
    copies: dict[str, str]  # file → the file whose rows it repeats (its rows are dropped)
    grouped: dict[str, str]  # file → the near copy whose group it joins (its rows are kept)


# Two filings whose indicator names overlap this much (Jaccard) are one document for grouped CV:
# the same project filed again (next year's filing, a revised version) or one form filled twice.
NEAR_COPY = 0.8
# A name in more filings than this says nothing about copying (服务对象满意度, 项目完成及时率).
_COMMON_NAME_DOCS = 50


def _name_key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def group_copies(rows: Sequence[CorpusRow], near: float = NEAR_COPY) -> FilingRows:
    """Keep one copy of a filing found twice (the same rows as PDF and as Word, or saved twice) and
    put near copies (names overlapping by ``near`` or more, at least three names each) in one
    group, so that grouped cross-validation never has a filing on both sides.

    Returns the rows kept (their ``group`` set, in place, to the first file's, in input order),
    no failures, ``copies`` (each file dropped, with the file it repeats) and ``grouped`` (each
    file put in another's group, with that file)."""
    docs: dict[str, list[CorpusRow]] = {}
    for r in rows:
        docs.setdefault(r.doc, []).append(r)
    order = list(docs)
    copies: dict[str, str] = {}
    first_of: dict[frozenset, str] = {}
    for d in order:  # exact copies: the same (name, value, label) rows, three or more of them
        key = frozenset(dedup_key(r) for r in docs[d])
        if len(key) < 3:
            continue  # two filings of one or two rows alike may be two filings: too little to tell
        if key in first_of:
            copies[d] = first_of[key]
        else:
            first_of[key] = d
    kept = [d for d in order if d not in copies]
    names = {d: frozenset(_name_key(r.name) for r in docs[d]) for d in kept}
    df = Counter(n for d in kept for n in names[d])
    index: dict[str, list[int]] = {}
    parent = list(range(len(kept)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, d in enumerate(kept):  # near copies: candidates share an uncommon name
        if len(names[d]) < 3:
            continue
        shared = {j for n in names[d] if df[n] <= _COMMON_NAME_DOCS for j in index.get(n, ())}
        for j in sorted(shared):
            a, b = names[d], names[kept[j]]
            if len(a & b) >= near * len(a | b):
                ri, rj = root(i), root(j)
                parent[max(ri, rj)] = min(ri, rj)  # the earlier file names the group
        for n in names[d]:
            index.setdefault(n, []).append(i)
    out, grouped = [], {}
    for i, d in enumerate(kept):
        head = kept[root(i)]
        if head != d:
            grouped[d] = head
        for r in docs[d]:
            r.group = docs[head][0].group
            out.append(r)
    return FilingRows(out, {}, copies, grouped)


def copy_notes(found: FilingRows) -> list[str]:
    """One line per file kept once or grouped with a near copy (printed by the CLI and ``build``)."""
    return [f"{d}: the same rows as {first}; kept once" for d, first in found.copies.items()] + [
        f"{d}: a near copy of {first}; one group for cross-validation" for d, first in found.grouped.items()
    ]


def rows_from_filings(
    paths: Sequence[str | Path],
    jobs: int = 1,
    progress: bool = False,
    origin: str = "filings",
    scheduler: str | None = None,
) -> FilingRows:
    """Labelled training rows from a folder (or list) of past filings whose tables carry the
    filers' categories: every file goes through the structurer, every indicator with a usable
    label becomes a row (document = the file, so grouped CV never splits a filing).

    Returns (rows, failures, copies, grouped): failures maps a file to the one-line cause it was
    skipped for; copies maps a file whose rows repeat an earlier file's (dropped) and grouped a
    near copy (kept, in the earlier file's group) to that file (:func:`group_copies`).
    Duplicates within a file are dropped.
    """
    from indicator_nlp.readers import iter_paths
    from indicator_nlp.structure import structure_many

    rows: list[CorpusRow] = []
    failures: dict[str, str] = {}
    items = iter_paths(list(paths))
    for path, result in structure_many(items, jobs=jobs, progress=progress, scheduler=scheduler):
        if isinstance(result, IndicatorNLPError):
            failures[str(path)] = str(getattr(result, "cause", result))
            continue
        rows.extend(filing_rows(result, path, origin))
    rows, _ = dedup(rows)
    found = group_copies(rows)
    return found._replace(failures=failures)
