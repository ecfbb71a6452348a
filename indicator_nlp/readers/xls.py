"""Old Excel workbooks (.xls, BIFF) → Document, with xlrd.

The same shape as the .xlsx reader: one table Block per sheet, merged cells filled, numbers and
dates shown as Excel shows them (the xlsx reader's :func:`~indicator_nlp.readers.xlsx.display`),
empty rows dropped, ``row_numbers`` the sheet row of each row kept. Formulas are read from the
values Excel cached when it saved the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from indicator_nlp.errors import EncryptedFileError, FilingError, MissingDependencyError
from indicator_nlp.readers._cells import grid_rows, pad_rows
from indicator_nlp.types import Block, Document


def read(path: str | Path) -> Document:
    """Read every sheet of an .xls workbook into one table Block per sheet."""
    path = Path(path)
    try:
        import xlrd
    except ImportError as exc:
        raise MissingDependencyError("xlrd", None, "reading .xls workbooks") from exc
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise EncryptedFileError(path, "password-protected .xls workbook; save it unprotected") from exc
        raise FilingError(path, f"not a readable .xls workbook ({exc})") from exc
    except (OSError, ValueError, IndexError, KeyError, AssertionError, EOFError) as exc:
        raise FilingError(path, f"corrupt .xls workbook ({type(exc).__name__}: {exc})") from exc
    doc = Document(path=str(path), format="xls", meta={"sheets": book.sheet_names()})
    try:
        for i in range(book.nsheets):
            block = _read_sheet(book, book.sheet_by_index(i))
            if block is not None:
                block.index = len(doc.blocks)
                doc.blocks.append(block)
    except (xlrd.biffh.XLRDError, ValueError, IndexError, KeyError, AssertionError) as exc:
        raise FilingError(path, f"corrupt .xls workbook ({type(exc).__name__}: {exc})") from exc
    finally:
        book.release_resources()
    return doc


def _value(book: Any, cell: Any) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def _format(book: Any, cell: Any) -> str | None:
    try:
        xf = book.xf_list[cell.xf_index]
        return book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError, TypeError):
        return None


def _read_sheet(book: Any, sh: Any) -> Block | None:
    from indicator_nlp.readers.xlsx import display

    grid: dict[tuple[int, int], str] = {}
    for r in range(sh.nrows):
        for c in range(sh.ncols):
            cell = sh.cell(r, c)
            value = _value(book, cell)
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
                value = value.date()
            text = display(value, _format(book, cell))
            if text:
                grid[(r + 1, c + 1)] = text
    carried: set[tuple[int, int]] = set()
    for rlo, rhi, clo, chi in sh.merged_cells:  # half-open, 0-based
        top = grid.get((rlo + 1, clo + 1), "")
        if not top:
            continue
        for r in range(rlo + 1, rhi + 1):
            for c in range(clo + 1, chi + 1):
                grid[(r, c)] = top
                if r > rlo + 1:
                    carried.add((r, c))
    table = grid_rows(grid, carried)
    if table is None:
        return None
    rows, numbers = table
    return Block(
        kind="table",
        rows=pad_rows(rows),
        sheet=sh.name,
        row_numbers=numbers,
        merged_fill=bool(sh.merged_cells),
    )
