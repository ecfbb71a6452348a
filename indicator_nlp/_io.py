"""Every file the project writes goes through here: whole-or-nothing writes, strict JSON, and
spreadsheet-safe CSV and XLSX.

- :func:`write_atomic` writes a temporary file beside the target and renames it over, so a
  failed or interrupted run leaves the previous file as it was. The new file gets the mode of
  the file it replaces (else the umask's), and ``-o`` through a symlink writes the link's target.
- :func:`dumps_json` / :func:`dumps_jsonl` write strict JSON: a NaN or infinite float becomes
  ``null`` (``Infinity`` is not JSON and breaks strict parsers).
- :func:`csv_text` and :func:`xlsx_bytes` neutralise cells a spreadsheet would run as a formula
  (the OWASP CSV-injection rule: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a
  leading ``'``), and every XLSX cell is a string cell, never a formula.
- :func:`format_table` shows control characters (terminal escape sequences) as ``\\x1b`` rather
  than echoing them to the terminal.
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "csv_text",
    "dumps_json",
    "dumps_jsonl",
    "emit",
    "format_table",
    "safe_cell",
    "write_atomic",
    "xlsx_bytes",
]

# OWASP "CSV injection": the characters a spreadsheet reads as the start of a formula or a DDE call.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- whole-or-nothing writes ----------------------------------------------------------------


def _umask() -> int:
    """The process umask (read without changing it where /proc tells, else set and restore)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, then a rename.

    A symlink at ``path`` is followed (its target is replaced, the link stays); the file keeps the
    mode of the file it replaces, else gets ``0o666`` less the umask, like a plain ``open``.
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file() and not target.is_dir():
        # A device or a pipe (-o /dev/stdout, a FIFO): nothing to replace, write straight into it.
        with open(target, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
        os.chmod(tmp, mode)  # mkstemp creates 0600 whatever the umask
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, out: str | None) -> None:
    """Print to stdout, or write atomically to ``out``."""
    if out:
        write_atomic(out, text)
    else:
        sys.stdout.write(text)


# --- strict JSON ----------------------------------------------------------------------------


def _finite(obj: Any) -> Any:
    """``obj`` with every NaN/infinite float replaced by None, containers walked."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def dumps_json(obj: Any) -> str:
    return json.dumps(_finite(obj), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def dumps_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(_finite(r), ensure_ascii=False, allow_nan=False) + "\n" for r in records)


# --- spreadsheet-safe tables ----------------------------------------------------------------


def safe_cell(value: Any) -> str:
    """A cell's text as a spreadsheet will show it and never run it.

    None is empty, dicts and lists are JSON, a non-finite float is empty, and a text starting
    with one of :data:`FORMULA_START` gets a leading ``'`` (OWASP CSV injection).
    """
    if value is None:
        return ""
    if isinstance(value, dict | list | tuple):
        text = json.dumps(_finite(value), ensure_ascii=False, allow_nan=False)
    elif isinstance(value, float):
        text = "" if not math.isfinite(value) else repr(value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows (the first one the header) as CSV with every cell passed through :func:`safe_cell`."""
    import csv
    import io

    buf = io.StringIO()
    # RFC 4180 line ends: a cell holding a bare CR or LF is then quoted, never split into rows.
    writer = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        writer.writerow([safe_cell(c) for c in r])
    return buf.getvalue()


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], numbers: bool = False
) -> bytes:
    """An .xlsx workbook in memory: one sheet per (title, header, rows), header frozen.

    Every cell is a string cell (never a formula) holding :func:`safe_cell` of the value;
    characters XML cannot hold are dropped. ``numbers=True`` keeps finite ints and floats as
    number cells (a number cannot run either). Pass the bytes to :func:`write_atomic`.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        for r, row in enumerate([list(header), *rows], start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if numbers and _is_number(value):
                    cell.value = value
                    continue
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))
                cell.data_type = "s"  # openpyxl would make a text starting with "=" a formula
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- terminal table -------------------------------------------------------------------------


def _visible(text: str) -> str:
    """Control characters (ESC and the rest of C0/C1, DEL) as ``\\xNN``: a filing's text must not
    drive the terminal; tab and newline become spaces."""
    import unicodedata

    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def format_table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain text table that lines up CJK text (wide characters count double)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    cells = [[_visible(str(h)) for h in header]] + [
        ["" if c is None else _visible(str(c)) for c in r] for r in rows
    ]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
