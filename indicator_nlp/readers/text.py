"""Reader for text exports of filings (what PDF/Word/Excel converters leave as text).

The tables of a text export come in one of these shapes (one per document, detected):

- **tab-separated**: one table row per line, cells split by tabs (cells may be shifted);
- **Markdown**: ``| a | b |`` rows with a ``|---|---|`` rule under the first row;
- **one cell per line**: each cell on its own line starting with a tab, rows separated by blank
  lines; a line without the leading tab right after a cell continues that cell;
- **comma-separated** (a sheet saved as CSV) and **space-aligned** columns (``pdftotext -layout``:
  cells are placed by the display position where they start);
- **HTML tables** (``<table>`` in Markdown from converters), wherever they sit in the text,
  beside any of the shapes above.

Lines that are none of these are paragraphs (one block per line). Page-break artefacts are
dropped: form feeds (they only advance the page counter), page numbers on their own line
(``- 3 -``, ``第 3 页``, ``3/12``, a lone ``3``) and the repeats of a running header (the same first
line on several pages; its first occurrence stays, it is often the title).
Word field codes left in headings (``一、总体绩效目标 TC 总体绩效目标 \\f A \\l 1``) are cut.
Cells holding ``<p>``/``<br/>`` markup get one line per paragraph (see ``_cells.clean_cell_text``).

The encoding is detected (UTF-8, UTF-8 with BOM, UTF-16 with a BOM or by its NUL pattern,
GB18030/GBK) and recorded in ``Document.meta["encoding"]``; a file that is binary gives a
FilingError. ``row_numbers`` of each table row is its first source line (1-based).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indicator_nlp.errors import FilingError
from indicator_nlp.readers._cells import clean_cell_text
from indicator_nlp.types import Block, Document

BINARY = "binary content, not a text export"

# A page number on a line of its own: "- 3 -", "— 3 —", "第 3 页", "第3页/共12页", "3 / 12", "3".
_PAGE_NUMBER = re.compile(
    r"""^\s*(?:
        [-—–]\s*\d{1,4}\s*[-—–]                       # - 3 -
      | 第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?  # 第 3 页, 第3页/共12页
      | \d{1,4}\s*/\s*\d{1,4}                          # 3 / 12
      | \d{1,3}                                        # a lone 3
    )\s*$""",
    re.VERBOSE,
)
# Word field codes a converter left in a heading: "… TC 1、… \f C \l 1".
_FIELD_CODE = re.compile(r"\s+TC\s+.*?\\l\s*\d+\s*$")
_SPACED_SPLIT = re.compile(r" {2,}|\u3000+")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MARKUP_BREAK = re.compile(r"</p>\s*<p[^>]*>|<br\s*/?>|</?p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def read_text_file(p: Path) -> tuple[str, str]:
    """The decoded text of a text or HTML file and its encoding; a FilingError when it cannot be."""
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FilingError(p, f"cannot be read ({exc.strerror or exc})") from exc
    if not raw:
        raise FilingError(p, "empty file (0 bytes)")
    return decode(raw, p)


def read(path: str | Path) -> Document:
    """Read a text export into a Document of paragraph and table blocks."""
    p = Path(path)
    text, encoding = read_text_file(p)
    text, html_tables = _cut_html_tables(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _lines_with_pages(text)
    blocks, layout = _blocks(lines, csv_name=p.suffix.lower() == ".csv", html_tables=html_tables)
    fmt = "md" if layout == "markdown" else "txt"
    pages = max((pg for _, pg, _ in lines), default=1)
    return Document(
        path=str(p),
        format=fmt,
        blocks=blocks,
        meta={"encoding": encoding, "layout": layout, "pages": pages},
    )


def decode(raw: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a text export; returns (text, encoding name).

    Raises FilingError when the bytes are not text (NUL bytes outside UTF-16, undecodable
    sequences, or many control characters).
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _checked(raw[3:].decode("utf-8", errors="strict"), path, raw), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(raw.decode("utf-16"), path, raw), "utf-16"
        except UnicodeDecodeError as exc:
            raise FilingError(path, BINARY + " (bad UTF-16)") from exc
    if b"\x00" in raw:
        enc = _utf16_by_nuls(raw)
        if enc is None:
            raise FilingError(path, BINARY + " (NUL bytes)")
        try:
            return _checked(raw.decode(enc), path, raw), enc
        except UnicodeDecodeError as exc:
            raise FilingError(path, BINARY + " (NUL bytes)") from exc
    for enc in ("utf-8", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError as exc:
            if enc == "utf-8" and (tolerant := _utf8_with_stray_bytes(raw, exc.start, path)) is not None:
                return _checked(tolerant, path, raw), "utf-8"
            continue
        return _checked(text, path, raw), enc
    raise FilingError(path, BINARY + " (neither UTF-8, UTF-16 nor GB18030)")


def _utf8_with_stray_bytes(raw: bytes, first: int, path: Path | str) -> str | None:
    """UTF-8 with a few bad bytes (a damaged export): the text with U+FFFD for them and one
    warning giving the byte offset; None when the bytes are not mostly UTF-8 (e.g. GB18030,
    where hardly any multi-byte sequence is valid UTF-8)."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    if bad > 16 or good < 10 * bad:
        return None
    import logging

    logging.getLogger("indicator_nlp").warning(
        "%s: warning: %d invalid UTF-8 byte sequence(s) replaced with U+FFFD (first at byte %d)",
        path, bad, first,
    )  # fmt: skip
    return text


def _utf16_by_nuls(raw: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII and tabs put a NUL in every other byte."""
    sample = raw[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if odd / half > 0.2 and even / half < 0.05:
        return "utf-16-le"
    if even / half > 0.2 and odd / half < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, path: Path | str, raw: bytes) -> str:
    """Reject decoded text that is mostly control characters (a binary that happened to decode)."""
    sample = text[:20000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\x0b") or c == "\ufffd")
    if sample and bad / len(sample) > 0.02:
        raise FilingError(path, BINARY + " (control characters)")
    return text


def _lines_with_pages(text: str) -> list[tuple[str, int, int]]:
    """(line, page, line number) for every source line; form feeds advance the page.

    Running headers (the same first line after two or more form feeds) and page numbers are
    blanked here, so that they neither appear as paragraphs nor split a table.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[tuple[str, int, int]] = []
    page = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if "\f" in line:
            parts = line.split("\f")
            page += len(parts) - 1
            line = "".join(parts)
        out.append((line, page, number))
    # Running headers: the first non-blank line of each page, when it repeats on several pages.
    firsts: dict[str, int] = {}
    seen_page = 0
    for line, pg, _ in out:
        if pg != seen_page and line.strip():
            seen_page = pg
            firsts[line.strip()] = firsts.get(line.strip(), 0) + 1
    running = {k for k, n in firsts.items() if n >= 2 and "\t" not in k and "|" not in k}
    cleaned = []
    seen: set[str] = set()
    for line, pg, number in out:
        s = line.strip()
        if s and line == line.lstrip("\t"):
            if _PAGE_NUMBER.match(s) or (s in running and s in seen):
                line = ""  # the first running header stays: it is often the document's title
            seen.add(s)
        cleaned.append((line, pg, number))
    return cleaned


@dataclass
class _Row:
    cells: list[str]
    page: int
    line: int


def _is_cell_line(line: str) -> bool:
    """A line of the one-cell-per-line shape: one tab, before the text (spaces around allowed)."""
    return line.lstrip(" \u3000").startswith("\t") and line.count("\t") == 1


def _layout(lines: list[tuple[str, int, int]], csv_name: bool = False) -> str:
    """The table shape: "markdown", "cells" (one per line), "tsv", "csv" or "spaced"."""
    md = sum(1 for ln, _, _ in lines if ln.lstrip().startswith("|") and ln.rstrip().endswith("|"))
    one_cell = sum(1 for ln, _, _ in lines if _is_cell_line(ln))
    multi = sum(1 for ln, _, _ in lines if "\t" in ln and not _is_cell_line(ln))
    if md >= 2 and md >= multi:
        return "markdown"
    if one_cell >= 4 and one_cell > multi:
        return "cells"
    if multi:
        return "tsv"
    text_lines = [ln for ln, _, _ in lines if ln.strip()]
    commas = sum(1 for ln in text_lines if ln.count(",") >= 2)
    if text_lines and (csv_name or commas >= 3 and commas >= 0.6 * len(text_lines)):
        return "csv"
    if sum(1 for ln in text_lines if len(_SPACED_SPLIT.split(ln.strip())) >= 3) >= 3:
        return "spaced"
    return "tsv"


def _blocks(
    lines: list[tuple[str, int, int]],
    csv_name: bool = False,
    html_tables: list[_HTMLTable] | None = None,
) -> tuple[list[Block], str]:
    html_tables = html_tables or []
    layout = _layout(lines, csv_name)
    blocks: list[Block] = []
    rows: list[_Row] = []
    counters = {"paragraph": 0, "table": 0}

    def flush_table() -> None:
        if any(any(c for c in r.cells) for r in rows):
            width = max(len(r.cells) for r in rows)
            kept = [r for r in rows if any(r.cells)]
            blocks.append(
                Block(
                    kind="table",
                    rows=[r.cells + [""] * (width - len(r.cells)) for r in kept],
                    page=kept[0].page,
                    index=counters["table"],
                    row_pages=[r.page for r in kept],
                    row_numbers=[r.line for r in kept],
                )
            )
            counters["table"] += 1
        rows.clear()

    def paragraph(text: str, page: int, line: int) -> None:
        text = _FIELD_CODE.sub("", text).strip()
        text = re.sub(r"^#{1,6}\s+", "", text)  # Markdown heading marks
        text = clean_cell_text(_unmarkup(text))
        if not text:
            return
        blocks.append(
            Block(
                kind="paragraph",
                text=text,
                page=page,
                index=counters["paragraph"],
                row_numbers=[line],
            )
        )
        counters["paragraph"] += 1

    def html_table(table: _HTMLTable, page: int) -> None:
        flush_table()
        if table.rows:
            blocks.append(
                Block(
                    kind="table",
                    rows=table.rows,
                    page=page,
                    index=counters["table"],
                    row_pages=[page] * len(table.rows),
                    row_numbers=list(table.lines),
                    merged_fill=True,
                )
            )
            counters["table"] += 1

    # HTML tables were cut out of the text and left a marker line: the text between them is read
    # in the document's layout, the tables are put back in place.
    segment: list[tuple[str, int, int]] = []
    for line, page, number in [*lines, (_HTML_MARK + "-1", 0, 0)]:
        if not line.startswith(_HTML_MARK):
            segment.append((line, page, number))
            continue
        _segment_blocks(layout, segment, rows, flush_table, paragraph)
        segment = []
        k = int(line[len(_HTML_MARK) :])
        if k >= 0:
            html_table(html_tables[k], page)
    if html_tables and layout == "tsv" and not any(b.kind == "table" and not b.merged_fill for b in blocks):
        layout = "html"
    return blocks, layout


def _segment_blocks(layout, lines, rows, flush_table, paragraph) -> None:  # noqa: ANN001
    if layout == "cells":
        _cells_layout(lines, rows, flush_table, paragraph)
    elif layout == "csv":
        _csv_layout(lines, rows)
        flush_table()
    elif layout == "spaced":
        _spaced_layout(lines, rows, flush_table, paragraph)
    else:
        for line, page, number in lines:
            if not line.strip():
                if layout == "markdown":
                    flush_table()
                continue  # a blank line inside a tab-separated table does not end it
            if layout == "markdown" and line.lstrip().startswith("|"):
                if _MD_RULE.match(line.strip()):
                    continue
                rows.append(_Row(_md_cells(line), page, number))
            elif layout == "tsv" and "\t" in line:
                rows.append(_Row([_cell(c) for c in line.split("\t")], page, number))
            else:
                flush_table()
                paragraph(line, page, number)
        flush_table()


# --- HTML tables (Markdown exports of converters such as MinerU keep tables as HTML) ---------

_HTML_MARK = "\ue000html-table-"
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)


class _HTMLTable:
    """The grid of one HTML table: row/colspans filled (merged_fill), cell markup cleaned."""

    def __init__(self, source: str, first_line: int) -> None:
        from html.parser import HTMLParser

        raw_rows: list[tuple[int, list[tuple[str, int, int]]]] = []  # (line, [(text, rowspan, colspan)])
        state: dict[str, object] = {"depth": 0, "cell": None}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):  # noqa: ANN001
                a = dict(attrs)
                if tag == "table":
                    state["depth"] = int(state["depth"]) + 1  # type: ignore[call-overload]
                elif state["depth"] == 1 and tag == "tr":
                    raw_rows.append((first_line + self.getpos()[0] - 1, []))
                elif state["depth"] == 1 and tag in ("td", "th") and raw_rows:
                    state["cell"] = [[], _span(a.get("rowspan")), _span(a.get("colspan"))]
                elif tag in ("br", "p", "div", "li") and state["cell"] is not None:
                    state["cell"][0].append("\n")  # type: ignore[index]

            def handle_endtag(self, tag):  # noqa: ANN001
                if tag == "table":
                    state["depth"] = int(state["depth"]) - 1  # type: ignore[call-overload]
                elif state["depth"] == 1 and tag in ("td", "th") and state["cell"] is not None:
                    parts, rs, cs = state["cell"]  # type: ignore[misc]
                    raw_rows[-1][1].append(("".join(parts), rs, cs))
                    state["cell"] = None

            def handle_data(self, data):  # noqa: ANN001
                if state["cell"] is not None:
                    state["cell"][0].append(data)  # type: ignore[index]

        parser = Parser(convert_charrefs=True)
        parser.feed(source)
        parser.close()
        grid: dict[tuple[int, int], str] = {}
        for r, (_, cells) in enumerate(raw_rows):
            c = 0
            for text, rs, cs in cells:
                while (r, c) in grid:
                    c += 1
                clean = "\n".join(p for p in (clean_cell_text(x) for x in text.split("\n")) if p)
                for dr in range(rs):
                    for dc in range(cs):
                        grid[(r + dr, c + dc)] = clean
                c += cs
        width = max((c for _, c in grid), default=-1) + 1
        self.rows = [[grid.get((r, c), "") for c in range(width)] for r in range(len(raw_rows))]
        self.lines = [line for line, _ in raw_rows]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def _cut_html_tables(text: str) -> tuple[str, list[_HTMLTable]]:
    """Replace each <table>…</table> by a marker line (keeping the line count) and parse it."""
    if "<table" not in text.lower():
        return text, []
    tables: list[_HTMLTable] = []

    def cut(m: re.Match[str]) -> str:
        first_line = text.count("\n", 0, m.start()) + 1
        tables.append(_HTMLTable(m.group(0), first_line))
        # The marker takes the table's first line and the table's other lines stay as blank
        # lines, so that the line numbers of the text after it do not move.
        lead = "" if m.start() == 0 or text[m.start() - 1] == "\n" else "\n"
        breaks = m.group(0).count("\n")
        if breaks == 0 and m.end() < len(text) and text[m.end()] != "\n":
            breaks = 1
        return f"{lead}{_HTML_MARK}{len(tables) - 1}" + "\n" * breaks

    return _HTML_TABLE.sub(cut, text), tables


def _cells_layout(lines, rows, flush_table, paragraph) -> None:  # noqa: ANN001
    """One cell per line (a leading tab), rows split by blank lines, continuation lines joined."""
    current: list[str] = []
    start: tuple[int, int] | None = None
    prev_kind = "blank"  # "cell", "blank", "para"

    def end_row() -> None:
        nonlocal current, start
        if current and start is not None:
            rows.append(_Row([_cell(c) for c in current], start[0], start[1]))
        current, start = [], None

    for line, page, number in lines:
        if _is_cell_line(line):
            if start is None:
                start = (page, number)
            current.append(line.split("\t", 1)[1])
            prev_kind = "cell"
        elif not line.strip():
            end_row()
            prev_kind = "blank"
        elif prev_kind == "cell" and current:
            current[-1] += "\n" + line  # a wrapped cell: the line continues the cell above
        else:
            end_row()
            flush_table()
            paragraph(line, page, number)
            prev_kind = "para"
    end_row()
    flush_table()


def _csv_layout(lines, rows) -> None:  # noqa: ANN001
    """Comma-separated values (a sheet saved as CSV): one table, quoted cells may span lines."""
    import csv

    numbers = [n for _, _, n in lines]
    pages = [pg for _, pg, _ in lines]
    reader = csv.reader([ln + "\n" for ln, _, _ in lines])
    start = 0
    for record in reader:
        end = reader.line_num
        cells = [_cell(c) for c in record]
        if any(cells):
            rows.append(_Row(cells, pages[start], numbers[start]))
        start = end


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _spaced_layout(lines, rows, flush_table, paragraph) -> None:  # noqa: ANN001
    """Columns aligned with spaces (``pdftotext -layout``): cells are placed in the columns
    found by clustering the display positions where cells start, over each table."""
    pending: list[tuple[list[tuple[int, str]], int, int]] = []

    def flush() -> None:
        if not pending:
            return
        starts = sorted({pos for cells, _, _ in pending for pos, _ in cells})
        anchors: list[int] = []
        for pos in starts:
            if not anchors or pos - anchors[-1] > 3:
                anchors.append(pos)
        for cells, page, number in pending:
            grid = [""] * len(anchors)
            for pos, text in cells:
                col = max(k for k, a in enumerate(anchors) if a <= pos + 3)
                grid[col] = (grid[col] + " " + text).strip() if grid[col] else text
            rows.append(_Row([_cell(c) for c in grid], page, number))
        pending.clear()
        flush_table()

    for line, page, number in lines:
        if not line.strip():
            continue  # blank lines do not end an aligned table
        cells = _spaced_cells(line)
        indented = _display_width(line) - _display_width(line.lstrip(" \u3000")) >= 4
        if len(cells) >= 2 or (pending and indented):
            pending.append((cells, page, number))
        else:
            flush()
            paragraph(line, page, number)
    flush()


def _spaced_cells(line: str) -> list[tuple[int, str]]:
    """(display position, text) of the cells of a space-aligned line."""
    out: list[tuple[int, str]] = []
    pos = 0
    for part in re.split(r"( {2,}|\u3000+)", line.rstrip()):
        if part and not _SPACED_SPLIT.fullmatch(part) and part.strip():
            lead = len(part) - len(part.lstrip(" "))
            out.append((pos + lead, part.strip()))
        pos += _display_width(part)
    return out


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    parts = re.split(r"(?<!\\)\|", s)
    return [_cell(c.replace("\\|", "|")) for c in parts]


def _unmarkup(text: str) -> str:
    """<p>/<br/> become line breaks, other tags go, entities are decoded."""
    if "<" in text:
        text = _MARKUP_BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _cell(text: str) -> str:
    """A cell's text: an explicit break (<p>, <br/>) is the author's and stays a line break;
    line breaks inside a piece follow the shared rules of ``_cells.clean_cell_text``."""
    if "<" in text:
        parts = [clean_cell_text(_unmarkup(part)) for part in _MARKUP_BREAK.split(text)]
        return "\n".join(p for p in parts if p)
    return clean_cell_text(_unmarkup(text))
