"""The feedback store: categories that drafters and reviewers accepted or corrected, as training data.

Every time a user of the web page (``indicator-nlp serve``) keeps or changes the category proposed
for an indicator, the choice is one reviewed label. They are kept in a SQLite database (stdlib
``sqlite3``, WAL mode so that readers never block the writer) with a ``schema_version`` table and
ordered migrations, and turned into corpus rows by :func:`training_rows` (``indicator-nlp corpus
from-feedback DB -o rows.jsonl``) that ``train --corpus`` reads.

The default database lives in the user's data directory (``platformdirs``, extra ``[web]``)::

    store = FeedbackStore(default_db_path())
    store.add({"name": "驿站建设完成时间", "value": "2024年12月前", "level2": "时效指标"})
    rows = training_rows(store)   # list[CorpusRow], one document per source
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indicator_nlp.errors import FeedbackError, MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover
    from indicator_nlp.corpus import CorpusRow

APP_NAME = "indicator-nlp"
DB_NAME = "feedback.sqlite3"
DEFAULT_SOURCE = "web"
MAX_TEXT = 500  # characters of a name or value; longer text is not an indicator
MAX_SOURCE = 200
# The flag of feedback rows; the trainer never down-weights them as implausible.
# Keep in sync with indicator_nlp.classifier.REVIEWED_FLAG.
REVIEWED = "reviewed"

# Ordered migrations: MIGRATIONS[i] takes the schema from version i to i + 1. Append only; never
# edit a step that has shipped (databases in the field are already past it).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created TEXT NOT NULL,            -- ISO 8601, UTC
            name TEXT NOT NULL,
            value TEXT NOT NULL DEFAULT '',
            level1 TEXT NOT NULL,             -- canonical labels (indicator_nlp.taxonomy)
            level2 TEXT NOT NULL,
            layout TEXT,                      -- cost layout of the labels: 2021, legacy or NULL
            source TEXT NOT NULL DEFAULT '',  -- the filing or page the row came from
            suggested TEXT                    -- JSON of the suggestion shown: {level1, level2, confidence}
        )""",
        "CREATE INDEX feedback_source ON feedback (source)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
FIELDS = ("id", "created", "name", "value", "level1", "level2", "layout", "source", "suggested")


def default_db_path() -> Path:
    """``feedback.sqlite3`` in the user's data directory (``platformdirs.user_data_dir``)."""
    try:
        import platformdirs
    except ImportError as exc:
        raise MissingDependencyError("platformdirs", "web", "the default feedback database") from exc
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_NAME


class FeedbackStore:
    """A feedback database. Safe for several threads and processes: each call has its own connection.

    ``create=False`` opens an existing database only (raises :class:`FeedbackError` otherwise);
    ``readonly=True`` also refuses to migrate it.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        if not self.path.exists() and (readonly or not create):
            raise FeedbackError(f"{self.path}: no such feedback database")
        if self.path.is_dir():
            raise FeedbackError(f"{self.path}: is a folder; pass the database file")
        if readonly:
            version = self.version()
            if version != SCHEMA_VERSION:
                raise FeedbackError(
                    f"{self.path}: feedback schema version {version}, this version reads {SCHEMA_VERSION}: "
                    "open it once with `indicator-nlp serve --db` to migrate it"
                )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.migrate()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (kept open: closing the last connection of a WAL database
        checkpoints it, which would cost a disk flush per call)."""
        conn = getattr(self._local, "conn", None)
        try:
            if conn is None:
                if self.readonly:
                    uri = f"{self.path.resolve().as_uri()}?mode=ro"
                    conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
                else:
                    conn = sqlite3.connect(
                        self.path, timeout=30, isolation_level=None, check_same_thread=False
                    )
                conn.execute("PRAGMA busy_timeout = 30000")
                # WAL + NORMAL: a commit survives a crash of the program; only a power cut can lose
                # the last few (no flush per commit).
                conn.execute("PRAGMA synchronous = NORMAL")
                self._local.conn = conn
                with self._lock:
                    self._all.append(conn)
            yield conn
        except sqlite3.DatabaseError as exc:
            raise FeedbackError(f"{self.path}: not a usable feedback database ({exc})") from exc

    def close(self) -> None:
        """Close the connections of every thread (the store can still be used: they reopen)."""
        with self._lock:
            conns, self._all = self._all, []
            self._local = threading.local()
        for conn in conns:
            conn.close()

    def __enter__(self) -> FeedbackStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def version(self) -> int:
        """The schema version of the database (0 for a new, empty one)."""
        with self._connect() as conn:
            return _version(conn)

    def migrate(self) -> int:
        """Bring the schema up to :data:`SCHEMA_VERSION` (in one transaction); returns the version."""
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                version = _version(conn)
                if version > SCHEMA_VERSION:
                    raise FeedbackError(
                        f"{self.path}: feedback schema version {version} was written by a newer "
                        f"indicator-nlp (this one knows {SCHEMA_VERSION}): upgrade indicator-nlp"
                    )
                for step in MIGRATIONS[version:]:
                    for statement in step:
                        conn.execute(statement)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return SCHEMA_VERSION

    def add(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and store one choice; returns the stored record (with ``id`` and ``created``)."""
        if self.readonly:
            raise FeedbackError(f"{self.path}: opened read-only")
        row = validate(record)
        row["created"] = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created, name, value, level1, level2, layout, source, suggested) "
                "VALUES (:created, :name, :value, :level1, :level2, :layout, :source, :suggested)",
                {
                    **row,
                    "suggested": None
                    if row["suggested"] is None
                    else json.dumps(row["suggested"], ensure_ascii=False),
                },
            )
            row["id"] = cur.lastrowid
        return {k: row[k] for k in FIELDS}

    def all(self) -> list[dict[str, Any]]:
        """Every stored record, oldest first."""
        with self._connect() as conn:
            cur = conn.execute(f"SELECT {', '.join(FIELDS)} FROM feedback ORDER BY id")
            out = []
            for values in cur:
                rec = dict(zip(FIELDS, values))
                rec["suggested"] = json.loads(rec["suggested"]) if rec["suggested"] else None
                out.append(rec)
        return out

    def count(self) -> int:
        with self._connect() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])


def _version(conn: sqlite3.Connection) -> int:
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _text(record: Mapping[str, Any], key: str, limit: int, required: bool = False) -> str:
    value = record.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FeedbackError(f"{key}: expected a string, got {type(value).__name__}")
    value = " ".join(value.split())
    if required and not value:
        raise FeedbackError(f"{key}: required and must not be empty")
    if len(value) > limit:
        raise FeedbackError(f"{key}: longer than {limit} characters")
    return value


def validate(record: Mapping[str, Any]) -> dict[str, Any]:
    """A feedback record with canonical labels, or :class:`FeedbackError` naming the bad field.

    ``level2`` must be a level 2 of the framework (aliases as filed are accepted: 进度指标,
    满意度 ...); ``level1``, when given, must be its parent in one of the two cost layouts.
    """
    from indicator_nlp import taxonomy

    if not isinstance(record, Mapping):
        raise FeedbackError(f"feedback must be an object, got {type(record).__name__}")
    name = _text(record, "name", MAX_TEXT, required=True)
    value = _text(record, "value", MAX_TEXT)
    raw1 = _text(record, "level1", 50)
    raw2 = _text(record, "level2", 50, required=True)
    level2 = taxonomy.normalize_label(raw2, level=2)
    if level2 is None or not taxonomy.in_framework(level2):
        raise FeedbackError(
            f"level2: {raw2!r} is not a level-2 category; expected one of {', '.join(taxonomy.level2_labels())}"
        )
    level1 = taxonomy.normalize_label(raw1, level=1) if raw1 else None
    parents = {lay: taxonomy.parent(level2, lay) for lay in taxonomy.LAYOUTS}
    if raw1 and level1 not in parents.values():
        raise FeedbackError(
            f"level1: {raw1!r} is not the level 1 of {level2} (expected {' or '.join(sorted(set(parents.values())))})"
        )
    # Canonical pair: (成本指标, 成本指标) is the 2021 layout's 经济成本指标, (产出指标, 成本指标) the legacy one.
    level1, level2, layout = taxonomy.normalize_pair(raw1 or None, level2)
    source = _text(record, "source", MAX_SOURCE) or DEFAULT_SOURCE
    suggested = record.get("suggested")
    if suggested is not None and not isinstance(suggested, Mapping | str):
        raise FeedbackError(f"suggested: expected an object or a string, got {type(suggested).__name__}")
    if isinstance(suggested, Mapping):
        suggested = {k: suggested[k] for k in ("level1", "level2", "confidence") if k in suggested}
        if len(json.dumps(suggested, ensure_ascii=False)) > MAX_TEXT:
            raise FeedbackError(f"suggested: longer than {MAX_TEXT} characters")
    elif isinstance(suggested, str):
        suggested = {"level2": _text(record, "suggested", 50)}
    return {
        "name": name,
        "value": value,
        "level1": level1,
        "level2": level2,
        "layout": layout,
        "source": source,
        "suggested": suggested or None,
    }


def training_rows(store: FeedbackStore | str | os.PathLike[str]) -> list[CorpusRow]:
    """Corpus rows of the stored feedback: reviewed labels, one document per source.

    When the same indicator (name and value) of one source was answered more than once, the last
    answer is the label. Rows carry the flag ``reviewed`` and ``accepted`` or ``corrected``
    (the suggestion shown was kept or changed).
    """
    from indicator_nlp.corpus import CorpusRow, clean, label_row

    if isinstance(store, FeedbackStore):
        records = store.all()
    else:
        with FeedbackStore(store, readonly=True) as opened:
            records = opened.all()
    latest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rec in records:
        latest[(rec["source"], clean(rec["name"]), clean(rec["value"]))] = rec
    rows = []
    for (source, name, value), rec in sorted(latest.items(), key=lambda kv: kv[1]["id"]):
        level1, level2, cls, layout, flags = label_row(rec["level1"], rec["level2"])
        suggested = (rec["suggested"] or {}).get("level2")
        verdict = [] if not suggested else ["accepted" if suggested == rec["level2"] else "corrected"]
        doc = f"feedback/{source}"
        rows.append(
            CorpusRow(
                name=name,
                value=value,
                level1=level1,
                level2=level2,
                cls=cls,
                layout=rec["layout"] or layout,
                level1_raw=rec["level1"],
                level2_raw=rec["level2"],
                doc=doc,
                group=doc,
                origin="feedback",
                source=source,
                flags=[*flags, REVIEWED, *verdict],
            )
        )
    return rows
