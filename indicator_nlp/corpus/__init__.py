"""The labelled indicator corpus: ``corpus/indicators.jsonl`` built from every labelled source.

Sources, each row keeping where it came from:

* the TSVs of ``../shared/corpus`` (found by glob, so new files dropped there are taken in by a
  rebuild); they are first copied with their READMEs into ``corpus/raw/``, and the rows are read
  from that copy;
* the seed filings (``examples/seed_*.txt``) and workbooks (``examples/xlsx/*.xlsx``) through the
  structurer.

Labels go through :func:`indicator_nlp.taxonomy.normalize_pair`. Each row gets a classifier
``class`` (one of :func:`taxonomy.classes`), or ``"outside"`` for management rows (预算管理,
财务管理, 管理类指标: kept, never trained on), or ``None`` when the source gives no usable label
(only 产出指标, or an unknown label such as 成效指标). Duplicates within one document are dropped.

The reviewers' verdicts (``reviewed.tsv`` of the shared corpus, keyed by origin + line) are joined
in: every reviewed row keeps its filed labels (``level1``/``level2``/``class``) beside the reviewed
ones (``reviewed_level1``/``reviewed_level2``/``reviewed_class``), the ``verdict`` and the
``acceptable`` classes. ``reviewed_class`` is ``"outside"`` for rows a reviewer could not place in
the framework (management items such as 预算执行进度) and ``None`` for unclear rows.
What to exclude and which TSV rows duplicate a workbook is data:
``data/classifier_corpus_sources.json``.

The package, by concern: ``rows`` (the row, its labels, reading the built corpus, the training
subsets, :func:`read_table`), ``sources`` (the shared TSVs and filings through the structurer),
``reviews`` (``reviewed.tsv``, read and joined) and ``builder`` (:func:`build`, ``STATS.md``).
Everything public is importable from ``indicator_nlp.corpus``.
"""

from __future__ import annotations

from indicator_nlp.corpus.builder import BuildReport, build, stats_markdown, write
from indicator_nlp.corpus.reviews import REVIEW_GUIDE, REVIEWS, VERDICTS, Review, join_reviews, read_reviews
from indicator_nlp.corpus.rows import (
    OUTSIDE,
    CorpusRow,
    _sources,
    clean,
    data_hash,
    dedup,
    dedup_key,
    default_shared,
    label_row,
    load,
    read_table,
    repo_root,
    reviewed_rows,
    target_rows,
    training_rows,
)
from indicator_nlp.corpus.sources import (
    FilingRows,
    copy_notes,
    copy_raw,
    filing_rows,
    group_copies,
    read_filing_rows,
    read_tsv,
    rows_from_filings,
)

__all__ = [
    "BuildReport",
    "CorpusRow",
    "OUTSIDE",
    "REVIEWS",
    "REVIEW_GUIDE",
    "Review",
    "VERDICTS",
    "_sources",
    "build",
    "clean",
    "copy_notes",
    "copy_raw",
    "data_hash",
    "dedup",
    "dedup_key",
    "default_shared",
    "filing_rows",
    "join_reviews",
    "label_row",
    "load",
    "read_filing_rows",
    "read_reviews",
    "read_table",
    "read_tsv",
    "repo_root",
    "reviewed_rows",
    "rows_from_filings",
    "group_copies",
    "FilingRows",
    "stats_markdown",
    "target_rows",
    "training_rows",
    "write",
]
