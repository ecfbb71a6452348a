"""Excel workbooks (.xlsx/.xlsm) → Document, with openpyxl.

One table Block per sheet (its used range), in sheet order; xlsx has no text outside cells.

- Merged cells are *filled*: the value of a merged range is repeated in every cell it covers, and
  the Block has ``merged_fill=True`` (a level-1 label merged over 20 rows appears on each of them).
- Formula cells show the value Excel cached; when the cache is empty (files written by scripts),
  simple formulas are computed: ``+ - * /``, parentheses, cell references and
  ``SUM/AVERAGE/MIN/MAX`` over ranges. A formula we cannot compute gives an empty cell and is listed
  in ``Document.meta["uncomputed_formulas"]``.
- Numbers are shown as a person sees them: the decimals of the cell's number format
  (``0.00`` → ``10891.62``), no ``.0`` on whole numbers, percent formats multiplied out
  (1 → ``100%``, 0.95 → ``95%``), quoted literal text of the format kept (``0"人"`` → ``5人``);
  thousands separators are *not* written, so numbers parse as numbers. Dates are ``YYYY-MM-DD``.
- Fully empty rows are dropped and trailing empty columns trimmed; ``row_numbers`` holds the sheet
  row number of each row kept, ``sheet`` the sheet name.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from indicator_nlp.errors import EncryptedFileError, FilingError
from indicator_nlp.readers._archive import guard
from indicator_nlp.readers._cells import clean_cell_text, grid_rows, pad_rows
from indicator_nlp.types import Block, Document

# ---------------------------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------------------------

_FMT_JUNK = re.compile(r"\[[^\]]*\]|_.|\\.|\*.")  # [Red], [$-804], padding _x, escapes, fill *x
_FMT_QUOTED = re.compile(r'"([^"]*)"')


def format_number(value: float | int, number_format: str | None) -> str:
    """A number as a person sees it under ``number_format`` (see the module docstring)."""
    fmt = (number_format or "General").split(";")[0]
    if fmt in ("General", "@", ""):
        return _plain(value)
    literals = _FMT_QUOTED.findall(fmt)
    core = _FMT_QUOTED.sub("", _FMT_JUNK.sub("", fmt))
    if not re.search(r"[0#?]", core):
        return _plain(value)
    percent = "%" in core
    shown = value * 100 if percent else value
    m = re.search(r"\.([0#?]+)", core)
    decimals = len(m.group(1)) if m else 0
    if m and set(m.group(1)) <= {"#"}:  # "0.##": optional decimals
        text = _plain(round(shown, decimals))
    else:
        text = f"{shown:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    text += "%" if percent else ""
    # Literal text before the first digit placeholder is a prefix, the rest a suffix.
    first = re.search(r"[0#?]", fmt)
    prefix = "".join(_FMT_QUOTED.findall(fmt[: first.start()])) if first else ""
    suffix = "".join(literals)[len(prefix) :] if literals else ""
    return f"{prefix}{text}{suffix}"


def _plain(value: float | int) -> str:
    """A number without float noise: 50000.0 → ``50000``, 82800.92000000001 → ``82800.92``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):  # NaN / inf
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{round(value, 10):.15g}"  # Excel's General shows ~10 decimals at most
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text


def display(value: Any, number_format: str | None) -> str:
    """The text of a cell value as shown in Excel."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_cell_text(value, explicit_breaks=True)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, number_format)
    return clean_cell_text(str(value), explicit_breaks=True)


# ---------------------------------------------------------------------------------------------
# Simple formulas (when the cached value is missing)
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<range>\$?[A-Z]{1,3}\$?[0-9]+:\$?[A-Z]{1,3}\$?[0-9]+)   # C5:C6
      | (?P<ref>\$?[A-Z]{1,3}\$?[0-9]+)                           # C5, $C$5
      | (?P<num>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?%?)         # 12, 0.5, 50%
      | (?P<func>SUM|AVERAGE|MIN|MAX)\s*\(                         # functions we know
      | (?P<op>[-+*/(),])
    )""",
    re.VERBOSE,
)


class _Unsupported(Exception):
    """A formula outside the small grammar we compute."""


class _FormulaEval:
    """Evaluates ``=C5+C6``-style formulas of one sheet, following references recursively."""

    def __init__(self, formulas: dict[str, str], values: dict[str, Any]) -> None:
        self.formulas = formulas  # coordinate -> formula text, for cells whose cache is empty
        self.values = values  # coordinate -> cached or literal value
        self.stack: set[str] = set()

    def cell(self, coord: str) -> float:
        coord = coord.replace("$", "")
        if coord in self.formulas and self.values.get(coord) is None:
            if coord in self.stack:
                raise _Unsupported("circular reference")
            self.stack.add(coord)
            try:
                self.values[coord] = self.evaluate(self.formulas[coord])
            finally:
                self.stack.discard(coord)
        v = self.values.get(coord)
        if v is None or v == "":
            return 0.0
        if isinstance(v, bool):
            return float(v)
        if isinstance(v, int | float):
            return float(v)
        raise _Unsupported(f"{coord} holds text")

    def cells(self, rng: str) -> list[float]:
        from openpyxl.utils.cell import range_boundaries

        min_col, min_row, max_col, max_row = range_boundaries(rng.replace("$", ""))
        from openpyxl.utils import get_column_letter

        out = []
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                coord = f"{get_column_letter(c)}{r}"
                if self.values.get(coord) not in (None, "") or coord in self.formulas:
                    out.append(self.cell(coord))
        return out

    def evaluate(self, formula: str) -> float:
        text = formula.lstrip("=").strip().upper()
        tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise _Unsupported(text[pos:])
            kind = m.lastgroup or ""
            tokens.append((kind, m.group(kind)))
            pos = m.end()
        self.tokens, self.i = tokens, 0
        result = self._expr()
        if self.i != len(tokens):
            raise _Unsupported("trailing tokens")
        return result

    # expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ; factor := -factor | atom
    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        tok = self._peek()
        if tok is None:
            raise _Unsupported("unexpected end")
        self.i += 1
        return tok

    def _expr(self) -> float:
        value = self._term()
        while (tok := self._peek()) in (("op", "+"), ("op", "-")):
            self._take()
            rhs = self._term()
            value = value + rhs if tok[1] == "+" else value - rhs
        return value

    def _term(self) -> float:
        value = self._factor()
        while (tok := self._peek()) in (("op", "*"), ("op", "/")):
            self._take()
            rhs = self._factor()
            if tok[1] == "/":
                if rhs == 0:
                    raise _Unsupported("division by zero")
                value = value / rhs
            else:
                value = value * rhs
        return value

    def _factor(self) -> float:
        kind, tok = self._take()
        if (kind, tok) == ("op", "-"):
            return -self._factor()
        if (kind, tok) == ("op", "+"):
            return self._factor()
        if (kind, tok) == ("op", "("):
            value = self._expr()
            if self._take() != ("op", ")"):
                raise _Unsupported("unbalanced parenthesis")
            return value
        if kind == "num":
            return float(tok[:-1]) / 100 if tok.endswith("%") else float(tok)
        if kind == "ref":
            return self.cell(tok)
        if kind == "func":
            args: list[float] = []
            while True:
                nxt = self._peek()
                if nxt and nxt[0] == "range":
                    self._take()
                    args.extend(self.cells(nxt[1]))
                else:
                    args.append(self._expr())
                sep = self._take()
                if sep == ("op", ")"):
                    break
                if sep != ("op", ","):
                    raise _Unsupported("bad argument list")
            name = tok.split("(")[0].strip()
            if name == "SUM":
                return sum(args)
            if not args:
                raise _Unsupported(f"{name} of nothing")
            if name == "AVERAGE":
                return sum(args) / len(args)
            return min(args) if name == "MIN" else max(args)
        raise _Unsupported(tok)


# ---------------------------------------------------------------------------------------------
# Reader
# ---------------------------------------------------------------------------------------------


def _load(path: Path, data_only: bool) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, data_only=data_only)
    except zipfile.BadZipFile as exc:
        raise FilingError(path, "truncated or corrupt XLSX file (not a readable ZIP archive)") from exc
    except InvalidFileException as exc:
        raise FilingError(path, f"not a readable XLSX workbook ({exc})") from exc
    except (KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise FilingError(path, f"corrupt XLSX workbook ({type(exc).__name__}: {exc})") from exc


@guard("XLSX")  # size/entry limits, no XML entities, malformed XML -> FilingError
def read(path: str | Path) -> Document:
    """Read every sheet of a workbook into one table Block per sheet (see the module docstring)."""
    path = Path(path)
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: encrypted OOXML or .xls
            raise EncryptedFileError(
                path, "password-protected (or legacy .xls) workbook; save it unprotected as .xlsx"
            )
        raise FilingError(path, "truncated or corrupt XLSX file (not a readable ZIP archive)")
    wb = _load(path, data_only=False)
    has_formula = any(cell.data_type == "f" for ws in wb.worksheets for cell in _stored_cells(ws))
    cached = _load(path, data_only=True) if has_formula else None
    doc = Document(path=str(path), format="xlsx", meta={"sheets": wb.sheetnames})
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    if hidden:
        doc.meta["hidden_sheets"] = hidden  # read like the others; a reviewer may want to know
    uncomputed: list[str] = []
    for ws in wb.worksheets:
        block = _read_sheet(ws, cached[ws.title] if cached is not None else None, uncomputed)
        if block is None:
            continue
        block.index = len(doc.blocks)
        doc.blocks.append(block)
    if uncomputed:
        doc.meta["uncomputed_formulas"] = uncomputed
    return doc


def _stored_cells(ws: Any) -> Any:
    """The cells the sheet stores. ``iter_rows()`` would walk the whole used range, a million
    empty rows when a drafter formatted whole columns; the stored cells are only those written."""
    stored = getattr(ws, "_cells", None)  # openpyxl's cell store (stable since 2.x)
    if isinstance(stored, dict):
        return list(stored.values())
    return [cell for row in ws.iter_rows() for cell in row]


def _read_sheet(ws: Any, cached_ws: Any, uncomputed: list[str]) -> Block | None:
    """One sheet's used range as a table Block, or None when the sheet is empty."""
    values: dict[str, Any] = {}
    formats: dict[str, str] = {}
    formulas: dict[str, str] = {}
    grid: dict[tuple[int, int], str] = {}
    for cell in _stored_cells(ws):
        if cell.value is None or not hasattr(cell, "column_letter"):
            continue  # empty, or a MergedCell (its value is the top-left cell's)
        coord = cell.coordinate
        formats[coord] = cell.number_format
        if cell.data_type == "f":
            formulas[coord] = str(getattr(cell.value, "text", cell.value))  # ArrayFormula has .text
            values[coord] = cached_ws[coord].value if cached_ws is not None else None
        else:
            values[coord] = cell.value
    evaluator = _FormulaEval(formulas, values)
    for coord in formulas:
        if values.get(coord) is None:
            try:
                evaluator.cell(coord)
            except (_Unsupported, ValueError, OverflowError):
                uncomputed.append(f"{ws.title}!{coord} {formulas[coord]}")
                values[coord] = None
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    for coord, value in values.items():
        col_letter, row_no = coordinate_from_string(coord)
        text = display(value, formats.get(coord))
        if text:
            grid[(row_no, column_index_from_string(col_letter))] = text
    # Merged ranges: repeat the top-left value in every covered cell. Cells filled from a merge
    # that started on a row above are remembered: a row holding nothing else is dropped.
    # Rows below the last value would hold only merge tails (dropped below): not filled at all.
    carried: set[tuple[int, int]] = set()
    last_row = max((r for r, _ in grid), default=0)
    for rng in ws.merged_cells.ranges:
        top = grid.get((rng.min_row, rng.min_col), "")
        if not top:
            continue
        for r in range(rng.min_row, min(rng.max_row, last_row) + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid[(r, c)] = top
                if r > rng.min_row:
                    carried.add((r, c))
    table = grid_rows(grid, carried)
    if table is None:
        return None
    rows, numbers = table
    return Block(
        kind="table",
        rows=pad_rows(rows),
        sheet=ws.title,
        row_numbers=numbers,
        merged_fill=bool(ws.merged_cells.ranges),
    )
