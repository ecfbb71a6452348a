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
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.errors import DataError, IndicatorNLPError
from indicator_nlp.record import with_unit

OUTSIDE = "outside"  # the class of rows outside the 产出/成本/效益/满意度 framework


def repo_root() -> Path:
    """The checkout the package lives in (``corpus/``, ``models/`` and ``examples/`` are there)."""
    return Path(__file__).resolve().parents[1]


def default_shared() -> Path:
    """``../shared`` beside the working directory if it exists, else beside the repo root."""
    here = Path.cwd().parent / "shared"
    return here if (here / "corpus").is_dir() else repo_root().parent / "shared"


@cache
def _sources() -> dict[str, Any]:
    text = resources.files("indicator_nlp").joinpath("data/classifier_corpus_sources.json").read_text("utf-8")
    return json.loads(text)


@dataclass(slots=True)
class CorpusRow:
    """One labelled indicator of the corpus, with its provenance.

    ``doc`` identifies the source filing (a TSV's source file or page URL, a seed or workbook path);
    ``group`` is what grouped cross-validation keeps together: the repository for GitHub rows (its
    tables share authors and wording), otherwise the document.
    """

    name: str
    description: str = ""
    value: str = ""
    level1: str | None = None
    level2: str | None = None
    cls: str | None = None
    layout: str | None = None
    level1_raw: str = ""
    level2_raw: str = ""
    doc: str = ""
    group: str = ""
    origin: str = ""  # the TSV path relative to the corpus root, or "seed" / "workbook"
    source: str = ""  # the TSV's source/url cell, or the file path
    flags: list[str] = field(default_factory=list)
    weight: float = 1.0  # training weight of the source (data/classifier_corpus_sources.json)
    line: int = 0  # 1-based data row of the TSV (0 for rows read through the structurer)
    verdict: str = ""  # ok / wrong / unclear / outside from reviewed.tsv; "" when not reviewed
    reviewed_level1: str | None = None
    reviewed_level2: str | None = None
    reviewed_class: str | None = None
    acceptable: list[str] = field(default_factory=list)  # every class a reviewer accepts, reviewed first

    @property
    def trainable(self) -> bool:
        return self.cls is not None and self.cls != OUTSIDE

    @property
    def reviewed(self) -> bool:
        return bool(self.verdict)

    @property
    def target(self) -> str | None:
        """The class to learn: the reviewed class of a reviewed row, else the filed class."""
        return self.reviewed_class if self.reviewed else self.cls

    @property
    def misfiled(self) -> bool | None:
        """Filed class outside the acceptable set (None when the row has no acceptable set or no
        filed class of the nine)."""
        if not self.acceptable or self.cls is None or self.cls == OUTSIDE:
            return None
        return self.cls not in self.acceptable

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["class"] = d.pop("cls")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CorpusRow:
        d = dict(d)
        d["cls"] = d.pop("class", None)
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


def label_row(
    level1_raw: str | None, level2_raw: str | None
) -> tuple[str | None, str | None, str | None, str | None, list[str]]:
    """(level1, level2, class, layout, flags) of a pair of labels as filed.

    A level 1 alone decides the class only where it has one child (满意度 → 服务对象满意度指标;
    成本指标 as level 1 → the cost class). ``label_conflict`` flags a filed level 1 that is not the
    parent of the filed level 2 (效益指标 / 质量指标): the level 2 wins, the flag tells the trainer
    the label is doubtful.
    """
    l1, l2, layout = taxonomy.normalize_pair(level1_raw or None, level2_raw or None)
    flags: list[str] = []
    if l2 is None and (level2_raw or "").strip() and taxonomy.normalize_label(level2_raw, level=1) is None:
        flags.append("unknown_label")
    cls: str | None = None
    if l2 is not None:
        cls = taxonomy.class_of(l2)
        if cls is None and not taxonomy.in_framework(l2):
            cls = OUTSIDE
    elif l1 == "满意度指标":
        l2 = cls = "服务对象满意度指标"
    elif l1 == "成本指标":
        cls = "成本指标"
        layout = "2021"
    elif l1 is not None and not taxonomy.in_framework(l1):
        cls = OUTSIDE
    raw1 = taxonomy.normalize_label(level1_raw, level=1) if level1_raw else None
    if cls and cls != OUTSIDE and raw1 and l2 and raw1 != taxonomy.parent(l2, layout):
        if not (raw1 == "效益指标" and cls == "服务对象满意度指标"):  # the old framework's 满意度 under 效益
            flags.append("label_conflict")
    return l1, l2, cls, layout, flags


_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Cell text with runs of white space collapsed (names keep their punctuation as filed)."""
    return _SPACE.sub(" ", (text or "").replace("\u3000", " ")).strip()


def dedup_key(row: CorpusRow) -> tuple[str, str, str | None, str | None]:
    fold = unicodedata.normalize("NFKC", row.name).replace(" ", "")
    return (fold, unicodedata.normalize("NFKC", row.value).replace(" ", ""), row.cls, row.level2)


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


REVIEWS = "reviewed.tsv"  # the reviewers' verdicts, at the root of the shared corpus
REVIEW_GUIDE = "REVIEWING.md"


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


def rows_from_filings(
    paths: Sequence[str | Path],
    jobs: int = 1,
    progress: bool = False,
    origin: str = "filings",
    scheduler: str | None = None,
) -> tuple[list[CorpusRow], dict[str, str]]:
    """Labelled training rows from a folder (or list) of past filings whose tables carry the
    filers' categories: every file goes through the structurer, every indicator with a usable
    label becomes a row (document = the file, so grouped CV never splits a filing).

    Returns (rows, failures) where failures maps a file to the one-line cause it was skipped for.
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
    return rows, failures


@dataclass(slots=True)
class BuildReport:
    rows: list[CorpusRow]
    excluded: dict[str, str] = field(default_factory=dict)  # origin -> reason
    skipped_workbooks: dict[str, str] = field(default_factory=dict)
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)


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
        extra, failures = rows_from_filings(filings, jobs=jobs)
        report.rows.extend(extra)
        report.warnings.extend(f"{path}: {cause}; skipped" for path, cause in failures.items())
    report.rows, report.duplicates = dedup(report.rows)
    write(report, out)
    return report


def dedup(rows: Iterable[CorpusRow]) -> tuple[list[CorpusRow], int]:
    """Drop rows repeating (name, value, label) within one document; keep the first."""
    seen: set[tuple[str, tuple[str, str, str | None, str | None]]] = set()
    kept, dropped = [], 0
    for row in rows:
        key = (row.doc, dedup_key(row))
        if key in seen:
            dropped += 1
            continue
        seen.add(key)
        kept.append(row)
    return kept, dropped


def write(report: BuildReport, out: Path) -> None:
    from indicator_nlp._io import dumps_jsonl, write_atomic

    write_atomic(out / "indicators.jsonl", dumps_jsonl(r.to_dict() for r in report.rows))
    write_atomic(out / "STATS.md", stats_markdown(report))


def load(path: str | Path | None = None) -> list[CorpusRow]:
    """Read ``corpus/indicators.jsonl`` (or a corpus folder) into rows."""
    path = Path(path) if path else repo_root() / "corpus"
    if path.is_dir():
        path = path / "indicators.jsonl"
    if not path.is_file():
        raise DataError(f"{path}: corpus not found: run `indicator-nlp corpus build`")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(CorpusRow.from_dict(json.loads(line)))
            except (json.JSONDecodeError, TypeError) as exc:
                raise DataError(f"{path}: line {n}: {exc}") from exc
    return rows


def training_rows(rows: Sequence[CorpusRow]) -> list[CorpusRow]:
    """The rows of the nine-class training set (labelled, inside the framework)."""
    return [r for r in rows if r.trainable]


def reviewed_rows(rows: Sequence[CorpusRow]) -> list[CorpusRow]:
    """The reviewed rows placed in one of the nine classes (the evaluation set on reviewed labels)."""
    return [r for r in rows if r.reviewed and r.reviewed_class not in (None, OUTSIDE)]


def target_rows(rows: Sequence[CorpusRow]) -> list[CorpusRow]:
    """Rows with a class of the nine to learn: reviewed rows by their reviewed class, the others
    (seed filings, workbooks, extra filings) by their filed class."""
    return [r for r in rows if r.target not in (None, OUTSIDE)]


def data_hash(rows: Sequence[CorpusRow]) -> str:
    """sha256 of the training-relevant fields of the rows, in order (for the model card)."""
    h = hashlib.sha256()
    for r in rows:
        h.update(
            json.dumps([r.name, r.description, r.value, r.cls, r.doc, r.group], ensure_ascii=False).encode()
        )
        h.update(b"\n")
    return h.hexdigest()


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


def read_table(path: str | Path, required: Sequence[str] = ("name",)) -> list[dict[str, str]]:
    """Rows of a TSV, CSV or JSONL file as dicts of strings; checks the required columns."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    suffix = path.suffix.lower()
    rows: list[dict[str, str]] = []
    if suffix in (".jsonl", ".ndjson", ".json"):
        with open(path, encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataError(f"{path}: line {n}: not JSON ({exc.msg})") from exc
                if not isinstance(obj, dict):
                    raise DataError(f"{path}: line {n}: expected a JSON object")
                if "class" in obj and "level2" not in obj:
                    obj["level2"] = obj["class"]
                rows.append({k: "" if v is None else str(v) for k, v in obj.items()})
        columns = set().union(*(r.keys() for r in rows)) if rows else set()
    else:
        delimiter = "," if suffix == ".csv" else "\t"
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=delimiter)
            columns = set(reader.fieldnames or ())
            rows = [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
    missing = [c for c in required if c not in columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)} (have: {', '.join(sorted(columns)) or 'none'})"
        )
    return rows
