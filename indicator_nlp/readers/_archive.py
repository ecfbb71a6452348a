"""Guards for the ZIP-based readers (XLSX, DOCX) against hostile files.

- **Size and entry limits.** Before a workbook or document is opened, the ZIP directory is read:
  more entries than ``max_entries``, or more than ``max_unzipped_mb`` MiB once inflated, and the
  file is refused with one line naming the limit and how to raise it. The sizes come from the
  ZIP directory; Python's ``zipfile`` never inflates an entry past its declared size (it stops
  there and fails the CRC check), so the declared sizes bound what a reader can be made to hold.
- **No XML entities.** OOXML parts never carry a DTD: a part declaring ``<!DOCTYPE``/``<!ENTITY``
  (billion laughs, external entities) is refused before any parser sees it. The parsers are
  safe besides: openpyxl parses through defusedxml when it is installed (a core dependency
  here) and python-docx's lxml parser has entity resolution off.
- **Malformed XML** (a truncated sheet, a broken styles.xml) and inflate errors become the file's
  one-line :class:`FilingError` instead of a traceback.

Limits: ``INDICATOR_NLP_MAX_UNZIPPED_MB`` and ``INDICATOR_NLP_MAX_ZIP_ENTRIES`` in the environment
(read by every worker process too), or :func:`set_limits` from Python.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TypeVar

from indicator_nlp.errors import FilingError, SettingsError

T = TypeVar("T")
ENV_MB = "INDICATOR_NLP_MAX_UNZIPPED_MB"
ENV_ENTRIES = "INDICATOR_NLP_MAX_ZIP_ENTRIES"
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_HEAD = 4096  # bytes of each XML part looked at for a DTD (it must precede the root element)


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """How much a ZIP-based filing may hold. A real filing holds a few MB in tens of parts."""

    max_unzipped_mb: float = 512.0
    max_entries: int = 10_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise SettingsError(f"archive limit {f.name}={value!r}: must be a positive number")


_LIMITS: ArchiveLimits | None = None


def limits() -> ArchiveLimits:
    """The limits in force: set_limits(), else the environment, else the defaults."""
    if _LIMITS is not None:
        return _LIMITS
    base = ArchiveLimits()
    try:
        if os.environ.get(ENV_MB):
            base = replace(base, max_unzipped_mb=float(os.environ[ENV_MB]))
        if os.environ.get(ENV_ENTRIES):
            base = replace(base, max_entries=int(os.environ[ENV_ENTRIES]))
    except ValueError as exc:
        raise SettingsError(f"{ENV_MB} / {ENV_ENTRIES}: not a number ({exc})") from exc
    return base


def set_limits(max_unzipped_mb: float | None = None, max_entries: int | None = None) -> ArchiveLimits:
    """Set the limits for this process (None keeps a value); returns the limits now in force."""
    global _LIMITS
    current = limits()
    _LIMITS = ArchiveLimits(
        max_unzipped_mb=current.max_unzipped_mb if max_unzipped_mb is None else max_unzipped_mb,
        max_entries=current.max_entries if max_entries is None else max_entries,
    )
    return _LIMITS


def check(path: Path, what: str) -> None:
    """Refuse a ZIP that breaks the limits or carries an XML DTD (see the module docstring)."""
    lim = limits()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > lim.max_entries:
                raise FilingError(
                    path,
                    f"{what} holds {len(infos)} ZIP entries, over the limit of {lim.max_entries} "
                    f"(raise it with {ENV_ENTRIES})",
                )
            total = sum(i.file_size for i in infos)
            if total > lim.max_unzipped_mb * 2**20:
                raise FilingError(
                    path,
                    f"{what} would inflate to {total / 2**20:.0f} MiB, over the limit of "
                    f"{lim.max_unzipped_mb:g} MiB (a ZIP bomb? raise it with {ENV_MB})",
                )
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as fh:
                        head = fh.read(_HEAD)
                    if _DTD.search(head):
                        raise FilingError(
                            path,
                            f"{what} part {info.filename} declares XML entities (<!DOCTYPE/<!ENTITY>); "
                            "refused: Office files never do, entity expansion is an attack",
                        )
    except zipfile.BadZipFile as exc:
        raise FilingError(path, f"truncated or corrupt {what} file ({exc})") from exc
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise FilingError(path, f"corrupt {what} file ({type(exc).__name__}: {exc})") from exc


@contextlib.contextmanager
def guarded(path: Path, what: str) -> Iterator[None]:
    """Check the limits, then run the block turning XML and inflate errors into a FilingError."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import XMLSyntaxError

    check(path, what)
    try:
        yield
    except FilingError:
        raise
    except (ParseError, XMLSyntaxError) as exc:
        raise FilingError(path, f"malformed XML inside the {what} file ({_one_line(exc)})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise FilingError(path, f"corrupt {what} file ({type(exc).__name__}: {_one_line(exc)})") from exc
    except ValueError as exc:  # defusedxml's refusals are ValueErrors too
        raise FilingError(path, f"corrupt {what} file ({type(exc).__name__}: {_one_line(exc)})") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def guard(what: str) -> Callable[[Callable[[Path], T]], Callable[[str | Path], T]]:
    """Decorator for a reader's ``read(path)``: the file's ZIP is checked and its errors reported
    as by :func:`guarded`, when it is a ZIP at all (the reader reports other files itself)."""

    def wrap(read: Callable[[Path], T]) -> Callable[[str | Path], T]:
        @functools.wraps(read)
        def guarded_read(path: str | Path) -> T:
            p = Path(path)
            if not zipfile.is_zipfile(p):
                return read(p)
            with guarded(p, what):
                return read(p)

        return guarded_read

    return wrap
