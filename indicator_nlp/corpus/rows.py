"""The corpus row: its labels (filed and reviewed), reading the built corpus, the training subsets; reading tables."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from indicator_nlp import taxonomy
from indicator_nlp.errors import DataError

OUTSIDE = "outside"  # the class of rows outside the 产出/成本/效益/满意度 framework


def repo_root() -> Path:
    """The checkout the package lives in (``corpus/``, ``models/`` and ``examples/`` are there)."""
    return Path(__file__).resolve().parents[2]


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
