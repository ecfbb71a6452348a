"""The structurer: a filing (any format) → a :class:`~indicator_nlp.types.Filing`.

``structure(path_or_document)`` reads one file (or takes a Document already read) and returns
its metadata, goals, tasks, projects and indicators. ``structure_many(paths, jobs, progress)``
does the same for a batch, yielding ``(path, Filing | FilingError)`` in input order so that one
bad file never stops the batch. See docs/structure.md for the decisions taken.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from indicator_nlp.errors import FilingError
from indicator_nlp.types import Document, Filing

__all__ = ["structure", "structure_many"]


def structure(path_or_document: str | os.PathLike[str] | Document) -> Filing:
    """Structure one filing.

    A filing without an indicator table but with goals in prose (numbered 年度绩效目标 paragraphs)
    gets its rows drafted from that prose (:func:`indicator_nlp.draft.narrative_indicators`).
    Raises FilingError (naming the file and the cause) when the file cannot be read.
    """
    from indicator_nlp.structure._filing import build_filing

    if isinstance(path_or_document, Document):
        doc = path_or_document
    else:
        from indicator_nlp.readers import read_filing

        doc = read_filing(path_or_document)
    filing = build_filing(doc)
    if not filing.indicators:
        # A filing written in prose (no indicator table): its goal paragraphs are drafted into
        # rows (source "drafted", kind "narrative"); headings and duty statements give none.
        from indicator_nlp.draft import narrative_indicators

        filing = narrative_indicators(filing, doc)
    return filing


def _structure_safe(path: str) -> Filing | tuple[str, str, str]:
    """Worker of structure_many: a Filing, or (error class, path, cause) — picklable either way."""
    try:
        return structure(path)
    except FilingError as exc:
        return (type(exc).__name__, exc.path, exc.cause)
    except (OSError, ValueError, KeyError, IndexError, UnicodeError, SyntaxError, EOFError, zlib.error) as exc:
        # A reader tripping over a malformed file: report it as a bad file, not a crash.
        return ("FilingError", str(path), f"unreadable ({type(exc).__name__}: {exc})")


def _rebuild(result: Filing | tuple[str, str, str]) -> Filing | FilingError:
    if isinstance(result, Filing):
        return result
    from indicator_nlp import errors

    cls_name, path, cause = result
    cls = getattr(errors, cls_name, FilingError)
    if not (isinstance(cls, type) and issubclass(cls, FilingError)):
        cls = FilingError
    return cls(path, cause)


def structure_many(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int = 1,
    progress: bool = False,
    scheduler: str | None = None,
) -> Iterator[tuple[Path, Filing | FilingError]]:
    """Structure many files; yields (path, Filing or FilingError) in input order.

    ``jobs`` > 1 runs the files in joblib worker processes, ``scheduler`` (a Dask scheduler
    address, extra ``[dask]``) on a Dask cluster; ``progress`` shows a tqdm bar on stderr.
    """
    from indicator_nlp._batch import run_batch

    items = [Path(p) for p in paths]
    results = run_batch(
        _structure_safe,
        [str(p) for p in items],
        jobs=jobs,
        scheduler=scheduler,
        progress=progress,
        desc="structure",
    )
    for i, result in enumerate(results):  # not zip(): the batch must run to its end (bar at N/N)
        yield items[i], _rebuild(result)
