"""PDF filings → Document, with pdfplumber.

Per page, the ruled tables (``page.find_tables()``, line strategy) and the text outside their
boxes, in reading order (top to bottom). Then:

- **Merged cells are filled** from the cell that covers them (pdfplumber leaves ``None`` where a
  cell spans several grid positions): a vertical merge repeats its text downwards, a horizontal one
  to the right; the Block has ``merged_fill=True``. A row holding nothing but the tails of vertical
  merges is dropped (as in the xlsx and docx readers).
- **Tables continued over pages are joined**: when a page ends with a table and the next page
  starts with one whose header row equals it (the header is then dropped), or whose columns have the
  same count and x-positions while the first ran to the page bottom. After a join, empty level-label
  cells (一级/二级指标 columns) at the top of the continuation are filled from the row before.
- **Cell text**: the line breaks pdfplumber puts in wrapped cells are removed (nothing between
  CJK, a space otherwise); breaks before list items and after sentence ends stay (shared rules in
  :mod:`indicator_nlp.readers._cells`).
- Glyphs drawn twice at (almost) the same place ("fake bold" of some PDF printers) are read once.
- Text outside tables becomes paragraph Blocks: lines closer than 1.6 line heights form one
  paragraph, joined by the same rules. A single-cell "table" (a framed title) is a paragraph.
- **Tables without ruling lines** (none, or horizontal rules only) are found in the text outside
  the ruled tables from where the words stand: lines of two or more segments (runs of words apart
  by more than a space) whose segments share columns (flush-left starts, or for centred cells the
  blocks of x most lines cover); a line continues the row above when each of its segments sits
  just under text of the same column (a wrapped cell) with no rule between. See
  :func:`_unruled_tables`.
- ``page`` is the 1-based page of a block's first row; ``row_pages`` the page of each table row;
  ``row_numbers`` the 1-based row number within the table part on that page.

A PDF without any text layer raises :class:`NeedsOCRError`; a password-protected one
:class:`EncryptedFileError`; a damaged one :class:`FilingError`, each naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indicator_nlp.errors import EncryptedFileError, FilingError, NeedsOCRError
from indicator_nlp.readers._cells import clean_cell_text, pad_rows
from indicator_nlp.types import Block, Document

# Header cells of the level-label columns whose empty cells continue the row above across a page
# break. Keep in sync with the structurer's header words (issue 3).
_LABEL_HEADER = re.compile(r"一级|二级|指标类型|指标类别")
_X_TOLERANCE = 2.0  # points: columns "match" across pages within this distance
_BOTTOM_FRACTION = 0.75  # a table "runs to the page bottom" when it ends below this share of the page
_SHORT_LINE = 12  # characters: page numbers and running heads shorter than this do not break a join


@dataclass
class _Part:
    """A table as found on one page, before joining across pages."""

    rows: list[list[str]]
    tails: list[list[bool]]
    page: int
    top: float
    bottom: float
    page_height: float
    xs: list[float]
    merged: bool
    row_numbers: list[int] = field(default_factory=list)
    page_rows: list[int] = field(default_factory=list)  # page of each row, after joining


def read(path: str | Path) -> Document:
    """Read a PDF's tables and paragraphs in reading order (see the module docstring)."""
    path = Path(path)
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            return _read_pdf(path, pdf)
    except (PdfminerException, MalformedPDFException) as exc:
        raise _pdf_error(path, exc) from exc
    except FilingError:
        raise
    except (ValueError, KeyError, TypeError, AssertionError, IndexError, EOFError, OSError) as exc:
        # pdfminer raises plain Python errors on some damaged files
        raise FilingError(path, f"damaged PDF ({type(exc).__name__}: {exc})") from exc


def _pdf_error(path: Path, exc: Exception) -> FilingError:
    """The FilingError for a pdfminer failure: encrypted, or damaged with its cause."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__context__
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedFileError(
            path, "encrypted PDF (password-protected); remove the password and read it again"
        )
    if isinstance(cause, PDFEncryptionError):
        return EncryptedFileError(path, f"encrypted PDF with an unsupported encryption ({cause})")
    detail = str(cause or exc) or type(cause or exc).__name__
    return FilingError(path, f"damaged PDF ({detail})")


def _read_pdf(path: Path, pdf: Any) -> Document:
    doc = Document(path=str(path), format="pdf", meta={"pages": len(pdf.pages)})
    items: list[tuple[str, Any]] = []  # ("table", _Part) / ("paragraph", (text, page, short))
    chars = 0
    no_text: list[int] = []
    for number, page in enumerate(pdf.pages, start=1):
        n = len(page.chars)
        chars += n
        if not n:
            no_text.append(number)
        else:
            view = page.dedupe_chars() if _has_overprint(page.chars) else page  # fake bold
            items.extend(_page_items(view, number))
        page.close()  # drop pdfplumber's per-page caches: long PDFs stay small in memory
    if not chars:
        raise NeedsOCRError(path, "no text layer: the PDF holds only images; run OCR first")
    if no_text:
        doc.meta["pages_without_text"] = no_text
    counters = {"paragraph": 0, "table": 0}
    for kind, item in _join_across_pages(items):
        if kind == "paragraph":
            text, page_no, _ = item
            doc.blocks.append(Block(kind="paragraph", text=text, page=page_no, index=counters["paragraph"]))
        else:
            block = _table_block(item)
            if block is None:
                continue
            block.index = counters["table"]
            doc.blocks.append(block)
        counters[kind] += 1
    return doc


# ---------------------------------------------------------------------------------------------
# One page
# ---------------------------------------------------------------------------------------------


def _has_overprint(chars: list[dict[str, Any]]) -> bool:
    """Does the page draw some glyph twice at (almost) the same place? A cheap test, so that the
    costlier ``dedupe_chars()`` runs only on pages that need it."""
    seen: set[tuple[str, int, int]] = set()
    for ch in chars:
        key = (ch["text"], round(ch["x0"]), round(ch["top"]))
        if key in seen and not ch["text"].isspace():
            return True
        seen.add(key)
    return False


def _page_items(page: Any, number: int) -> list[tuple[str, Any]]:
    """Tables and paragraphs of one page, top to bottom."""
    found = page.find_tables()
    placed: list[tuple[float, str, Any]] = []
    boxes = []
    for table in found:
        part = _part(table, page, number)
        boxes.append(table.bbox)
        if part is None:
            continue
        if len(part.rows) == 1 and len({c for c in part.rows[0] if c}) <= 1:
            text = next((c for c in part.rows[0] if c), "")
            if text:
                placed.append((part.top, "paragraph", (text, number, len(text) < _SHORT_LINE)))
            continue
        placed.append((part.top, "table", part))

    def keep(obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    outside = page.filter(keep) if boxes else page
    for part in _unruled_tables(outside, page, number):
        boxes.append((part.xs[0], part.top, float(page.width), part.bottom))
        placed.append((part.top, "table", part))
    if len(boxes) > len(found):
        outside = page.filter(keep)
    for top, text in _paragraphs(outside, boxes):
        placed.append((top, "paragraph", (text, number, len(text) < _SHORT_LINE)))
    placed.sort(key=lambda t: t[0])
    return [(kind, item) for _, kind, item in placed]


def _paragraphs(page: Any, boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, str]]:
    """Lines of text outside tables grouped into paragraphs: (top, text)."""
    lines = page.extract_text_lines(return_chars=False, keep_blank_chars=False)
    out: list[tuple[float, str]] = []
    current: list[str] = []
    start = prev_bottom = 0.0
    prev_height = 0.0
    for line in lines:
        text = line["text"].strip()
        if not text:
            continue
        height = max(line["bottom"] - line["top"], 1.0)
        table_between = any(prev_bottom <= b[1] and b[3] <= line["top"] for b in boxes)
        if current and (line["top"] - prev_bottom > 0.6 * max(height, prev_height) or table_between):
            out.append((start, clean_cell_text("\n".join(current))))
            current = []
        if not current:
            start = line["top"]
        current.append(text)
        prev_bottom, prev_height = line["bottom"], height
    if current:
        out.append((start, clean_cell_text("\n".join(current))))
    return [(top, text) for top, text in out if text]


def _part(table: Any, page: Any, number: int) -> _Part | None:
    """A found table with merged cells filled, as a _Part; None when it holds no text."""
    raw = table.extract()
    if not raw:
        return None
    row_objs = table.rows
    cells = list(table.cells)
    xs = sorted({round(c[0], 1) for c in cells})
    tops = [r.bbox[1] for r in row_objs]
    texts: dict[tuple[float, float], str] = {}
    for r, row in enumerate(row_objs):
        for c, cell in enumerate(row.cells):
            if cell is not None:
                texts[(round(cell[0], 1), round(cell[1], 1))] = clean_cell_text(raw[r][c])
    rows: list[list[str]] = []
    tails: list[list[bool]] = []
    merged = False
    for r, row in enumerate(row_objs):
        out: list[str] = []
        tail: list[bool] = []
        for c, cell in enumerate(row.cells):
            if cell is not None:
                out.append(clean_cell_text(raw[r][c]))
                tail.append(False)
                continue
            # No cell starts here: find the merged cell covering this grid position.
            x = (xs[c] if c < len(xs) else row.bbox[0]) + 0.5
            y = tops[r] + 0.5
            owner = next((b for b in cells if b[0] <= x < b[2] and b[1] <= y < b[3]), None)
            text = texts.get((round(owner[0], 1), round(owner[1], 1)), "") if owner else ""
            merged = merged or owner is not None
            out.append(text)
            tail.append(owner is not None and owner[1] < tops[r] - 0.5 and bool(text))
        rows.append(out)
        tails.append(tail)
    if not any(any(c for c in row) for row in rows):
        return None
    _, top, _, bottom = table.bbox
    return _Part(
        rows=rows,
        tails=tails,
        page=number,
        top=top,
        bottom=bottom,
        page_height=float(page.height),
        xs=xs,
        merged=merged,
        row_numbers=list(range(1, len(rows) + 1)),
        page_rows=[number] * len(rows),
    )


# ---------------------------------------------------------------------------------------------
# Tables without ruling lines (text laid out in columns)
# ---------------------------------------------------------------------------------------------

_COLUMN_TOLERANCE = 3.0  # points: segment starts within this distance start the same column
_ROW_GAP = 1.2  # line heights: a line further than this below the table does not belong to it
_SIZE_TOLERANCE = 0.15  # a line at the table's edge in another type size (title, footer) is not a row
_LONE_ROW = 3  # segments: a line standing alone with this many cells is a one-row table
_FIELD = re.compile(r"\S[：:]\s*\S")  # 填报人：陈晓
_SHARE_AT_COLUMNS = 0.8  # share of cells starting at shared columns for a table read as flush left
_SHARE_OVER = 0.1  # share of cells running over a column start for a table read as flush left
_WRAP_GAP = 0.5  # line heights: a line closer than this under a cell's text continues that cell


@dataclass
class _Line:
    top: float
    bottom: float
    segments: list[dict[str, Any]]  # words (blanks kept) split where the gap is wider than a space

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def _text_lines(page: Any) -> list[_Line]:
    """The page's words (blank characters kept inside them, so a run of text with spaces stays one
    segment and only a gap wider than ``x_tolerance`` splits it) grouped into lines by their top."""
    words = page.extract_words(keep_blank_chars=True, x_tolerance=3, y_tolerance=3)
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if not w["text"].strip():
            continue
        if lines and abs(w["top"] - lines[-1].top) <= 1.5:
            line = lines[-1]
            line.segments.append(w)
            line.bottom = max(line.bottom, w["bottom"])
        else:
            lines.append(_Line(top=w["top"], bottom=w["bottom"], segments=[w]))
    for line in lines:
        line.segments = _letter_spaced(sorted(line.segments, key=lambda w: w["x0"]), line.height)
    return lines


def _letter_spaced(segments: list[dict[str, Any]], height: float) -> list[dict[str, Any]]:
    """Join runs of three or more single characters set at one even spacing under 1.5 line heights
    (``一 级 指 标``, ``绩 效 目 标 表``: distributed alignment) into one segment."""
    out: list[dict[str, Any]] = []
    k = 0
    while k < len(segments):
        end = k + 1
        if len(segments[k]["text"].strip()) == 1:
            gap = None
            while end < len(segments) and len(segments[end]["text"].strip()) == 1:
                g = segments[end]["x0"] - segments[end - 1]["x1"]
                if g > 1.5 * height or (gap is not None and abs(g - gap) > 1.0):
                    break
                gap = g if gap is None else gap
                end += 1
        run = segments[k:end]
        if len(run) >= 3:
            joined = dict(run[0])
            joined["text"] = " ".join(seg["text"].strip() for seg in run)
            joined["x1"] = run[-1]["x1"]
            joined["bottom"] = max(seg["bottom"] for seg in run)
            out.append(joined)
        else:
            out.extend(run)
        k = end
    return out


def _unruled_tables(outside: Any, page: Any, number: int) -> list[_Part]:
    """Tables printed without (vertical) ruling lines, found from where the words stand.

    A *table line* has two or more segments separated by more than a space. A run of lines, each
    at most :data:`_ROW_GAP` line heights below the one before, is a table when at least two of
    its table lines lie in its columns and it has at least two columns: flush-left columns
    (segment starts, ±:data:`_COLUMN_TOLERANCE`, shared by two lines; :func:`_left_aligned`) or,
    for cells set centred, the blocks of x most lines cover (:func:`_centred_grid`).
    Single-segment lines between are kept; at the edges only when they lie in the columns and are
    set in the type size of the table lines (a label, a title row; a heading or footer in another
    size is not). A line standing alone (no line within :data:`_ROW_GAP` above or below) with at
    least :data:`_LONE_ROW` segments is a one-row table (``项目名称 | X | 预算数（万元） | 980``), as
    its cells are in a workbook (also when only lines of one segment in another type size, a
    heading, stand close under it), unless each segment is a ``key：value`` field of its own (a
    footer). Paragraphs (one segment per line), centred titles and footers outside the columns
    are left as text. Rows: a line continues the row above when each of its segments lies in a
    column that has text in that row and starts less than :data:`_WRAP_GAP` line heights under
    that text, with no horizontal rule between (a wrapped cell); otherwise it starts a row. A
    segment running over the next column starts is a cell merged across: its text fills them."""
    lines = _text_lines(outside)
    if not any(len(line.segments) > 1 for line in lines):
        return []
    rules = sorted((e["top"] for e in page.horizontal_edges if e["x1"] - e["x0"] > 20), key=float)
    parts: list[_Part] = []
    i = 0
    while i < len(lines):
        if len(lines[i].segments) < 2:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and _close(lines[j], lines[j + 1]):
            j += 1
        run = lines[i : j + 1]
        if len(run) > 1 and _lone_row(run[0]) and all(
            len(line.segments) == 1 and abs(line.height - run[0].height) > _SIZE_TOLERANCE * run[0].height
            for line in run[1:]
        ):
            j = i  # a row of cells with a heading in another type size close under it: the row alone
            run = lines[i : i + 1]
        if len(run) == 1 and _lone_row(run[0]):  # one row of cells standing alone
            part = _lines_part(run, _Grid([seg["x0"] for seg in run[0].segments]), rules, page, number, 1)
            if part is not None:
                parts.append(part)
            i = j + 1
            continue
        starts = _column_starts(run)
        grid = _Grid(starts) if _left_aligned(run, starts) else _centred_grid(run)
        if grid is None:
            i = j + 1
            continue
        # single-segment lines at the ends belong to the table only when they start at a column;
        # a table line whose segments do not start at columns (a footer) ends it
        inner = [k for k, line in enumerate(run) if len(line.segments) > 1 and grid.aligned(line)]
        if len(inner) < 2:
            i = j + 1
            continue
        size = sorted(run[k].height for k in inner)[len(inner) // 2]

        lo, hi = inner[0], inner[-1]
        while lo > 0 and _edge(run[lo - 1], grid, size):
            lo -= 1
        while hi + 1 < len(run) and _edge(run[hi + 1], grid, size):
            hi += 1
        # earlier single-segment lines above the run: a title row or a label
        first = i + lo
        while first > 0 and len(lines[first - 1].segments) == 1 and _close(lines[first - 1], lines[first]):
            if not _edge(lines[first - 1], grid, size):
                break
            first -= 1
        table_lines = lines[first : i + hi + 1]
        part = _lines_part(table_lines, grid, rules, page, number)
        if part is not None:
            parts.append(part)
        i = i + hi + 1
    return parts


@dataclass
class _Grid:
    """The columns of an unruled table: where each starts (cells set flush left), and for cells set
    centred or flush right also where the text of its full rows ends (``ends``)."""

    starts: list[float]
    ends: list[float] | None = None

    def column(self, seg: dict[str, Any]) -> int:
        x = seg["x0"] + _COLUMN_TOLERANCE
        if self.ends is None:
            return max((k for k, s in enumerate(self.starts) if s <= x), default=0)
        # centred: the first column whose text reaches past the segment's start
        return next(
            (k for k, e in enumerate(self.ends) if x <= e + 2 * _COLUMN_TOLERANCE), len(self.ends) - 1
        )

    def last(self, seg: dict[str, Any], c: int) -> int:
        """The last column a segment starting in column ``c`` runs into (a cell merged across)."""
        right = seg["x1"] - _COLUMN_TOLERANCE
        return max([k for k, s in enumerate(self.starts) if s < right] + [c])

    def aligned(self, line: _Line) -> bool:
        """Does the line belong to the columns? Flush left: its first segment starts at one.
        Centred: the middle of each of its segments lies in one (a centred cell may start
        anywhere; a title centred over the table, or a cell centred over a gap, does not)."""
        if self.ends is None:
            return _aligned(line, self.starts)
        return all(
            any(s - _COLUMN_TOLERANCE <= (seg["x0"] + seg["x1"]) / 2 <= e + _COLUMN_TOLERANCE
                for s, e in zip(self.starts, self.ends))
            for seg in line.segments
        )  # fmt: skip


def _left_aligned(run: list[_Line], starts: list[float]) -> bool:
    """Do the cells of the run's table lines start at shared columns (flush left)? At least two
    columns, 80 % of the segments of table lines starting at one, and at most 10 % running over
    the start of another (cells merged across)."""
    segs = [seg for line in run if len(line.segments) > 1 for seg in line.segments]
    hits = sum(_column(seg["x0"], starts) is not None for seg in segs)
    # centred cells of equal length also share starts, but their longer neighbours run over them
    over = sum(
        any(seg["x0"] + _COLUMN_TOLERANCE < s < seg["x1"] - _COLUMN_TOLERANCE for s in starts) for seg in segs
    )
    return len(starts) >= 2 and hits >= _SHARE_AT_COLUMNS * len(segs) and over <= _SHARE_OVER * len(segs)


def _centred_grid(run: list[_Line]) -> _Grid | None:
    """Columns of cells set centred (or flush right): the blocks of x that the segments of more
    than a tenth of the run's table lines cover, apart by gaps (wider than a space) that fewer
    lines cross — a cell merged across columns crosses them on its one line."""
    table = [line for line in run if len(line.segments) > 1]
    if len(table) < 2:
        return None
    few = len(table) // 10
    events = sorted([(seg["x0"], 1) for line in table for seg in line.segments]
                    + [(seg["x1"], -1) for line in table for seg in line.segments])  # fmt: skip
    blocks: list[list[float]] = []
    depth = 0
    for x, step in events:
        was = depth
        depth += step
        if was <= few < depth:  # a block starts (or the one before goes on over a narrow gap)
            if blocks and x - blocks[-1][1] <= _COLUMN_TOLERANCE:
                continue
            blocks.append([x, x])
        elif depth <= few < was:
            blocks[-1][1] = x
    if len(blocks) < 2:
        return None
    return _Grid([b[0] for b in blocks], [b[1] for b in blocks])


def _lone_row(line: _Line) -> bool:
    """Is a line standing alone a row of cells (``项目名称 | X | 预算数（万元） | 980``)? Not when every
    part holds its own ``key：value`` (``填报人：陈晓   联系电话：…   填报日期：…``): a line of fields."""
    segments = [seg["text"] for seg in line.segments]
    return len(segments) >= _LONE_ROW and not all(_FIELD.search(t) for t in segments)


def _close(above: _Line, below: _Line) -> bool:
    return below.top - above.bottom <= _ROW_GAP * max(above.height, below.height)


def _column_starts(run: list[_Line]) -> list[float]:
    """Segment starts shared by at least two table lines of the run, left to right."""
    xs = sorted(seg["x0"] for line in run if len(line.segments) > 1 for seg in line.segments)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= _COLUMN_TOLERANCE:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [min(c) for c in clusters if len(c) >= 2]


def _edge(line: _Line, grid: _Grid, size: float) -> bool:
    """Is a single-segment line at the top or bottom of a run a row of the table (it starts at a
    column and is set in the table's type size), not a heading or a footer?"""
    return grid.aligned(line) and abs(line.height - size) <= _SIZE_TOLERANCE * size


def _column(x: float, starts: list[float]) -> int | None:
    return next((c for c, s in enumerate(starts) if abs(x - s) <= _COLUMN_TOLERANCE), None)


def _aligned(line: _Line, starts: list[float]) -> bool:
    """Does every segment of the line start at a column (a segment inside a cell, after a gap in
    its text, may start anywhere right of its column's start)?"""
    if _column(line.segments[0]["x0"], starts) is None:
        return False
    return all(seg["x0"] >= starts[0] - _COLUMN_TOLERANCE for seg in line.segments)


def _lines_part(
    lines: list[_Line], grid: _Grid, rules: list[float], page: Any, number: int, least: int = 2
) -> _Part | None:
    starts = grid.starts
    n = len(starts)
    rows: list[list[list[str]]] = []  # row → column → lines of text
    bottoms: list[list[float | None]] = []
    spans: list[dict[int, int]] = []  # row → column → last column its text covers
    for line in lines:
        cols: dict[int, list[dict[str, Any]]] = {}
        for seg in line.segments:
            c = grid.column(seg)
            cols.setdefault(c, []).append(seg)
        continues = bool(rows) and all(
            rows[-1][c]
            and bottoms[-1][c] is not None
            and segs[0]["top"] - bottoms[-1][c] < _WRAP_GAP * line.height
            and not any(bottoms[-1][c] <= y <= segs[0]["top"] for y in rules)
            for c, segs in cols.items()
        )
        if not continues and len(cols) == 1:
            # A merged cell's text running down beside rows that started under its first line
            # (a label printed one character a line): the line continues the cell just above it.
            c, segs = next(iter(cols.items()))
            above = next((r for r in range(len(rows) - 1, -1, -1) if rows[r][c]), None)
            if (
                above is not None
                and above < len(rows) - 1
                and bottoms[above][c] is not None
                and segs[0]["top"] - bottoms[above][c] < _WRAP_GAP * line.height  # type: ignore[operator]
                and not any(bottoms[above][c] <= y <= segs[0]["top"] for y in rules)  # type: ignore[operator]
            ):
                rows[above][c].append(" ".join(seg["text"].strip() for seg in segs))
                bottoms[above][c] = max(seg["bottom"] for seg in segs)
                continue
        if not continues:
            rows.append([[] for _ in range(n)])
            bottoms.append([None] * n)
            spans.append({})
        for c, segs in cols.items():
            rows[-1][c].append(" ".join(seg["text"].strip() for seg in segs))
            bottoms[-1][c] = max(seg["bottom"] for seg in segs)
            last = max(grid.last(seg, c) for seg in segs)
            spans[-1][c] = max(spans[-1].get(c, c), last)
    out: list[list[str]] = []
    merged = False
    for cells, span in zip(rows, spans):
        texts = [clean_cell_text("\n".join(lines_)) for lines_ in cells]
        for c, last in span.items():
            for k in range(c + 1, last + 1):
                if not texts[k]:
                    texts[k] = texts[c]
                    merged = True
        out.append(texts)
    if len(out) < least:
        return None
    return _Part(
        rows=out,
        tails=[[False] * n for _ in out],
        page=number,
        top=lines[0].top,
        bottom=lines[-1].bottom,
        page_height=float(page.height),
        xs=[round(x, 1) for x in starts],
        merged=merged,
        row_numbers=list(range(1, len(out) + 1)),
        page_rows=[number] * len(out),
    )


# ---------------------------------------------------------------------------------------------
# Across pages
# ---------------------------------------------------------------------------------------------


def _join_across_pages(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Join a table with its continuation at the top of the next page (see the module docstring)."""
    out: list[tuple[str, Any]] = []
    last_table: int | None = None  # index in ``out`` of the last table, while only short lines follow it
    for kind, item in items:
        if kind == "paragraph":
            out.append((kind, item))
            if not item[2]:  # a real paragraph, not a page number or running head
                last_table = None
            continue
        part: _Part = item
        if last_table is not None:
            prev: _Part = out[last_table][1]
            only_short_between = all(k == "paragraph" and it[2] for k, it in out[last_table + 1 :])
            if part.page == prev.page_rows[-1] + 1 and only_short_between and _continues(prev, part):
                _append(prev, part)
                continue
        out.append((kind, part))
        last_table = len(out) - 1
    return out


def _continues(prev: _Part, part: _Part) -> bool:
    """Is ``part`` (first table of its page) the continuation of ``prev`` (last of the page before)?"""
    if prev.rows and part.rows and prev.rows[0] == part.rows[0] and any(prev.rows[0]):
        return True
    same_columns = len(prev.xs) == len(part.xs) and all(
        abs(a - b) <= _X_TOLERANCE for a, b in zip(prev.xs, part.xs)
    )
    return same_columns and prev.bottom >= _BOTTOM_FRACTION * prev.page_height


def _append(prev: _Part, part: _Part) -> None:
    """Add ``part``'s rows to ``prev``: drop a repeated header, continue label columns."""
    rows, tails, numbers = part.rows, part.tails, part.row_numbers
    repeated_header = bool(prev.rows) and rows[0] == prev.rows[0]
    if repeated_header:
        rows, tails, numbers = rows[1:], tails[1:], numbers[1:]
    width = min(len(prev.rows[-1]), min((len(r) for r in rows), default=0)) if prev.rows else 0
    header = prev.rows[0] if prev.rows else []
    for c in range(width):
        if c >= len(header) or not _LABEL_HEADER.search(header[c] or ""):
            continue
        carry = prev.rows[-1][c]
        for r, row in enumerate(rows):
            if row[c]:
                break
            row[c] = carry
            tails[r][c] = True
            prev.merged = True
    prev.rows.extend(rows)
    prev.tails.extend(tails)
    prev.row_numbers.extend(numbers)
    prev.page_rows.extend([part.page] * len(rows))
    prev.bottom, prev.page_height = part.bottom, part.page_height


def _table_block(part: _Part) -> Block | None:
    pages = part.page_rows
    rows: list[list[str]] = []
    row_pages: list[int | None] = []
    numbers: list[int | None] = []
    for row, tail, page_no, n in zip(part.rows, part.tails, pages, part.row_numbers):
        filled = [i for i, c in enumerate(row) if c]
        if not filled:
            continue
        if part.merged and all(tail[i] for i in filled):
            continue  # only the tails of vertical merges: nothing new on this row
        rows.append(row)
        row_pages.append(page_no)
        numbers.append(n)
    if not rows:
        return None
    return Block(
        kind="table",
        rows=pad_rows(rows),
        page=row_pages[0],
        row_pages=row_pages,
        row_numbers=numbers,
        merged_fill=part.merged,
    )
