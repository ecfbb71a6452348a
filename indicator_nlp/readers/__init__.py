"""Readers: every supported file becomes one :class:`~indicator_nlp.types.Document` of blocks.

``read_filing(path)`` picks the reader by the file's content first (PDF and ZIP magic bytes) and
by its suffix second, so a binary file named ``.txt`` is caught rather than read as text.
Each reader module exposes ``read(path) -> Document`` and raises :class:`FilingError` subclasses
naming the file and the cause.
"""

from __future__ import annotations

import importlib
import os
import zipfile
from pathlib import Path

from indicator_nlp.errors import EncryptedFileError, FilingError, UnsupportedFormatError
from indicator_nlp.types import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".tsv", ".csv", ".text", ""}
# Old binary Office formats: .xls is read with xlrd; the others are converted by LibreOffice.
LEGACY_SUFFIXES = (".doc", ".wps", ".et")
SUFFIXES = {
    ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".html": "html", ".htm": "html",
} | {  # fmt: skip
    s: "text" for s in TEXT_SUFFIXES
} | {s: "legacy" for s in LEGACY_SUFFIXES}
SUPPORTED = tuple(sorted(s for s in SUFFIXES if s))


def _sniff(path: Path, head: bytes) -> str | None:
    """The reader a file's content asks for, or None when the bytes do not tell."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "zip-broken"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip-other"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return None


def _ole_is_encrypted_ooxml(path: Path) -> bool:
    """A password-protected .docx/.xlsx is an OLE container holding an EncryptionInfo stream."""
    marker = "EncryptionInfo".encode("utf-16-le")
    try:
        with path.open("rb") as fh:
            return marker in fh.read(1 << 20)
    except OSError:
        return False


def _ole_kind(path: Path, suffix: str) -> str | None:
    """The reader of an old binary Office file: ``xls`` for a workbook, ``legacy`` (LibreOffice)
    for a Word/WPS document; by suffix first, then by the names of its streams."""
    if suffix == ".xls":
        return "xls"
    if suffix in LEGACY_SUFFIXES:
        return "legacy"
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return None
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "xls"
    if "WordDocument".encode("utf-16-le") in head:
        return "legacy"
    return None


def read_filing(path: str | os.PathLike[str]) -> Document:
    """Read one filing (PDF, DOCX, XLSX, HTML page or text export) into a Document.

    Raises FilingError (naming the file and the cause) for a missing, empty, unreadable,
    encrypted, image-only or unsupported file.
    """
    p = Path(path)
    if not p.exists():
        raise FilingError(p, "no such file")
    if p.is_dir():
        raise FilingError(p, "is a folder; pass its files (the CLI expands folders)")
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise FilingError(p, f"cannot be opened ({exc.strerror or exc})") from exc
    if not head:
        raise FilingError(p, "empty file (0 bytes)")
    suffix = p.suffix.lower()
    kind = _sniff(p, head)
    if kind == "ole":
        if _ole_is_encrypted_ooxml(p):
            raise EncryptedFileError(
                p, "password-protected Office file; remove the password (save a copy without it) and read that"
            )
        kind = _ole_kind(p, suffix)
        if kind is None:
            raise UnsupportedFormatError(
                p, "a legacy Office (OLE) file that is neither a Word nor an Excel file"
            )
    if kind == "zip-broken":
        what = {".docx": "DOCX", ".xlsx": "XLSX"}.get(suffix, "ZIP-based")
        raise FilingError(p, f"truncated or corrupt {what} file (not a readable ZIP archive)")
    if kind == "zip-other":
        raise UnsupportedFormatError(p, "a ZIP archive that is neither a Word nor an Excel file")
    if kind is None:
        kind = SUFFIXES.get(suffix)
        if kind is None:
            raise UnsupportedFormatError(
                p, f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED)}"
            )
    module = importlib.import_module(f"indicator_nlp.readers.{kind}")
    return module.read(p)


def iter_paths(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders (recursively, sorted) into the files the readers take; files pass as given."""
    return iter_paths_report(paths)[0]


def iter_paths_report(paths: list[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """:func:`iter_paths` and the lines saying what a folder walk left out and why.

    Skipped, each with a line ``path: reason; skipped``: a folder that cannot be listed, a file of
    a type no reader takes, a symlinked folder inside a folder (not followed: it may loop or leave
    the tree; pass it by name to read it). Dotfiles and README/LICENSE notes are left out silently.
    """
    files: list[Path] = []
    skipped: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            _walk(p, files, skipped)
        else:
            files.append(p)
    return files, skipped


def _walk(folder: Path, files: list[Path], skipped: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skipped.append(f"{folder}: unreadable folder ({exc.strerror or exc}); skipped")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # follows a symlink
        except OSError:
            is_dir = False
        if is_dir:
            if entry.is_symlink():
                skipped.append(f"{path}: symlinked folder, not followed (pass it by name to read it); skipped")
            else:
                _walk(path, files, skipped)
        elif _is_filing_name(path):
            files.append(path)
        elif not _is_note(path):
            what = repr(path.suffix.lower()) if path.suffix else "(no suffix)"
            skipped.append(f"{path}: unsupported file type {what}; supported: {', '.join(SUPPORTED)}; skipped")


def _is_note(f: Path) -> bool:
    return f.name.lower().startswith(("readme", "license"))


def _is_filing_name(f: Path) -> bool:
    """Files a folder walk picks up: known suffixes, no dotfiles, no README/LICENSE notes."""
    name = f.name.lower()
    if name.startswith(".") or name.startswith(("readme", "license")):
        return False
    return f.suffix.lower() in SUFFIXES and f.suffix != ""
