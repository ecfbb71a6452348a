"""Word documents (.docx) → Document, with python-docx.

Paragraphs and tables come in body order (content controls are looked into). For tables:

- merged cells are *filled*, like the xlsx reader: a horizontally merged cell (``gridSpan``) repeats
  its text in every grid column it spans, a vertically merged one (``vMerge``) in every row it
  covers; the Block has ``merged_fill=True`` when the table had any merge. A row holding nothing but
  the tails of vertical merges carries nothing new and is dropped;
- cell text follows the shared rules of :mod:`indicator_nlp.readers._cells` (wrapped lines joined,
  list items kept on their own lines);
- a table nested in a cell is flattened into that cell's text: one line per nested row, its cells
  joined with a space;
- ``row_numbers`` is the 1-based row number in the Word table.

Empty paragraphs are skipped. Headers, footers, text boxes, shapes and tracked deletions are not
read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from indicator_nlp.errors import EncryptedFileError, FilingError
from indicator_nlp.readers._archive import guard
from indicator_nlp.readers._cells import clean_cell_text, pad_rows
from indicator_nlp.types import Block, Document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@guard("DOCX")  # size/entry limits, no XML entities, malformed XML -> FilingError
def read(path: str | Path) -> Document:
    """Read a .docx into paragraph and table Blocks in body order (see the module docstring)."""
    path = Path(path)
    document = _open(path)
    doc = Document(path=str(path), format="docx")
    counters = {"paragraph": 0, "table": 0}
    try:
        for el in _body_elements(document.element.body):
            if el.tag == f"{_W}p":
                text = clean_cell_text(_paragraph_text(el), explicit_breaks=True)
                if not text:
                    continue
                doc.blocks.append(Block(kind="paragraph", text=text, index=counters["paragraph"]))
                counters["paragraph"] += 1
            else:
                block = _table_block(el)
                if block is None:
                    continue
                block.index = counters["table"]
                counters["table"] += 1
                doc.blocks.append(block)
    except (ValueError, KeyError, AttributeError) as exc:
        raise FilingError(path, f"malformed DOCX content ({type(exc).__name__}: {exc})") from exc
    doc.meta["tables"] = counters["table"]
    doc.meta["paragraphs"] = counters["paragraph"]
    return doc


def _open(path: Path) -> Any:
    """python-docx's Document, or a FilingError naming the file and the cause."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: encrypted OOXML or .doc
            raise EncryptedFileError(
                path, "password-protected (or legacy .doc) document; save it unprotected as .docx"
            )
        raise FilingError(path, "truncated or corrupt DOCX file (not a readable ZIP archive)")
    import zlib

    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(str(path))
    except zipfile.BadZipFile as exc:
        raise FilingError(path, f"truncated or corrupt DOCX file ({exc})") from exc
    except PackageNotFoundError as exc:
        raise FilingError(path, "not a Word document (no word/document.xml part)") from exc
    except KeyError as exc:
        raise FilingError(path, f"corrupt DOCX file (missing part {exc})") from exc
    except (XMLSyntaxError, zlib.error, ValueError, AttributeError, OSError, EOFError) as exc:
        raise FilingError(path, f"corrupt DOCX file ({type(exc).__name__}: {exc})") from exc


def _body_elements(parent: Any) -> list[Any]:
    """The w:p and w:tbl children of ``parent`` in order, looking into content controls (w:sdt)."""
    out = []
    for el in parent.iterchildren():
        if el.tag in (f"{_W}p", f"{_W}tbl"):
            out.append(el)
        elif el.tag == f"{_W}sdt":
            content = el.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_body_elements(content))
    return out


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not the paragraph's own: text boxes and shapes (drawn twice, as the
# DrawingML choice and its VML fallback), embedded objects, tracked deletions, field codes.
_SKIP = {f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_MC}AlternateContent", f"{_W}del", f"{_W}instrText"}


def _paragraph_text(p: Any) -> str:
    """The text of a w:p: runs, tabs as spaces, line breaks as newlines (hyperlinks included)."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # comments / processing instructions, or a subtree that is not our text
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        else:
            stack.append(iter(node))
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    """A w:tc's text: its paragraphs (shared line rules), nested tables one line per row."""
    lines: list[str] = []
    paragraphs: list[str] = []
    for el in _body_elements(tc):
        if el.tag == f"{_W}p":
            paragraphs.append(_paragraph_text(el))
            continue
        lines.append(clean_cell_text("\n".join(paragraphs), explicit_breaks=True))
        paragraphs = []
        for row in _table_grid(el)[0]:
            cells = [c for i, c in enumerate(row) if c and (i == 0 or c != row[i - 1])]
            lines.append(" ".join(cells))
    lines.append(clean_cell_text("\n".join(paragraphs), explicit_breaks=True))
    return "\n".join(line for line in lines if line)


def _int_attr(el: Any, name: str, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(f"{_W}{name}", default))
    except ValueError:
        return default


def _table_grid(tbl: Any) -> tuple[list[list[str]], list[list[bool]], bool]:
    """Rows of cell texts with merges filled, which cells are vertical-merge tails, and any merge."""
    rows: list[list[str]] = []
    tails: list[list[bool]] = []
    merged = False
    for tr in tbl.iterchildren(f"{_W}tr"):
        trpr = tr.find(f"{_W}trPr")
        col = _int_attr(trpr.find(f"{_W}gridBefore") if trpr is not None else None, "val", 0)
        row: list[str] = [""] * col
        tail: list[bool] = [False] * col
        for tc in _row_cells(tr):
            tcpr = tc.find(f"{_W}tcPr")
            span = max(1, _int_attr(tcpr.find(f"{_W}gridSpan") if tcpr is not None else None, "val", 1))
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            is_tail = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            if span > 1 or vmerge is not None:
                merged = True
            if is_tail and rows:
                above = rows[-1]
                text = above[col] if col < len(above) else ""
            else:
                text = _cell_text(tc)
            row.extend([text] * span)
            tail.extend([is_tail and bool(text)] * span)
            col += span
        rows.append(row)
        tails.append(tail)
    return rows, tails, merged


def _row_cells(tr: Any) -> list[Any]:
    """The w:tc of a row, including those inside content controls."""
    out = []
    for el in tr.iterchildren():
        if el.tag == f"{_W}tc":
            out.append(el)
        elif el.tag == f"{_W}sdt":
            content = el.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(content.iterchildren(f"{_W}tc"))
    return out


def _table_block(tbl: Any) -> Block | None:
    grid, tails, merged = _table_grid(tbl)
    rows: list[list[str]] = []
    numbers: list[int | None] = []
    for n, (row, tail) in enumerate(zip(grid, tails), start=1):
        filled = [i for i, c in enumerate(row) if c]
        if not filled:
            continue
        if merged and all(tail[i] for i in filled):
            continue  # only the tails of vertical merges: nothing new on this row
        rows.append(row)
        numbers.append(n)
    if not rows:
        return None
    return Block(kind="table", rows=pad_rows(rows), row_numbers=numbers, merged_fill=merged)
