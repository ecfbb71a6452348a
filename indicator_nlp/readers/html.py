"""HTML pages (.html/.htm) → Document: filings as government sites publish them.

A budget-performance table published on a site sits in a page of chrome (menus, breadcrumbs, a
search box, related links, a footer), often pasted from Word. The reader keeps what a person
reads as the filing:

- **Chrome is dropped**: ``<head>``, ``<script>``, ``<style>``, ``<nav>``, ``<header>``, ``<footer>``,
  ``<aside>``, form controls, and elements whose class or id names page furniture (nav, menu,
  crumb, search, footer, copyright, share, sidebar, links …).
- **Every table is a Block**, in document order; a table holding other tables (page layout) gives
  its own cell text as paragraphs and its inner tables as Blocks. Which table holds the indicators
  is decided by the structurer from the header words, as for every other format.
- **Merged cells are filled**: ``rowspan``/``colspan`` repeat the cell's text in every position it
  covers (``merged_fill=True``); a row holding nothing but the tails of vertical merges is dropped.
- **Cell text**: ``<br>`` and paragraph boundaries are line breaks, then the shared rules of
  :mod:`indicator_nlp.readers._cells` (a wrap inside a name is joined); Word-pasted markup
  (``<p class=MsoNormal><span …>``, ``<o:p>``) is flattened; entities (``&nbsp;``) decoded; source
  line breaks are white space, and white space between two CJK characters is dropped.
- Text outside tables becomes paragraph Blocks (one per block element).
- ``row_numbers`` holds the source line of each ``<tr>``.

The encoding is found like the text reader's (BOM, UTF-8, GB18030 — which covers a page declared
``gb2312``/``gbk``) and recorded in ``Document.meta["encoding"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from indicator_nlp.readers._cells import clean_cell_text, is_cjk, pad_rows
from indicator_nlp.types import Block, Document

_SKIP_TAGS = {
    "head", "script", "style", "noscript", "nav", "header", "footer", "aside", "select", "option",
    "button", "iframe", "textarea", "template", "svg",
}  # fmt: skip
# Class or id words of page furniture. Kept to words that never name a page's content ("top",
# "header", "banner" do: article-header, main-top).
# Elements whose content is never text of the page, whatever the markup around them.
_RAW_TEXT_TAGS = {"script", "style", "noscript", "select", "option", "button", "textarea", "template", "svg"}
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|crumbs?|breadcrumbs?|search|footer|copyright|share|sidebar|"
    r"topbar|toolbar|friendlinks?|links)(?:$|[\s_-])",
    re.IGNORECASE,
)
_VOID = {"br", "img", "input", "meta", "link", "hr", "col", "area", "base", "wbr", "source"}
_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "dd",
    "dt",
    "pre",
    "blockquote",
}
_SPACE = re.compile(r"[ \t\r\n\f\u3000]+")


@dataclass
class _Table:
    start: int  # order of the <table> start tag among all events
    rows: list[tuple[int, list[tuple[list[str], int, int]]]] = field(default_factory=list)
    nested: bool = False
    cell: list[str] | None = None  # text pieces of the open cell
    span: tuple[int, int] = (1, 1)


class _Parser(HTMLParser):
    def __init__(self, chrome_classes: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.chrome_classes = chrome_classes
        self.skip_tags = _SKIP_TAGS if chrome_classes else _RAW_TEXT_TAGS
        self.unclosed_skip = False
        self.skip: list[str] = []  # tags of the skipped element (and same-named children)
        self.tables: list[_Table] = []  # open tables, innermost last
        self.items: list[tuple[int, str, object]] = []  # (order, "paragraph"|"table", payload)
        self.text: list[str] = []  # the paragraph being read outside tables
        self.order = 0

    # --- helpers ---

    def _flush_text(self) -> None:
        text = _tidy("".join(self.text))
        self.text = []
        if text:
            self.items.append((self._next(), "paragraph", text))

    def _next(self) -> int:
        self.order += 1
        return self.order

    def _sink(self) -> list[str] | None:
        """Where character data goes: the open cell of the innermost table, or the paragraph."""
        if self.tables:
            return self.tables[-1].cell
        return self.text

    # --- events ---

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[0] and tag not in _VOID:
                self.skip.append(tag)
            return
        a = {k: v or "" for k, v in attrs}
        if tag in self.skip_tags or (
            self.chrome_classes
            and tag not in _VOID
            and tag not in ("td", "th", "tr")
            and _CHROME.search(f"{a.get('class', '')} {a.get('id', '')}")
        ):
            self.skip.append(tag)
            return
        if tag == "table":
            if self.tables:
                outer = self.tables[-1]
                outer.nested = True
                if outer.cell is not None:
                    outer.cell.append("\n")
            else:
                self._flush_text()
            self.tables.append(_Table(start=self._next()))
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            self._close_cell(t)
            t.rows.append((self.getpos()[0], []))
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            self._close_cell(t)
            if not t.rows:
                t.rows.append((self.getpos()[0], []))
            t.cell = []
            t.span = (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag == "br" or tag in _BLOCK:
            sink = self._sink()
            if sink is not None:
                sink.append("\n")
            if not self.tables and tag in _BLOCK:
                self._flush_text()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip:
            sink = self._sink()
            if sink is not None:
                sink.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
            return
        if tag == "table" and self.tables:
            t = self.tables.pop()
            self._close_cell(t)
            self.items.append((t.start, "table", t))
        elif tag in ("td", "th") and self.tables:
            self._close_cell(self.tables[-1])
        elif tag in _BLOCK:
            sink = self._sink()
            if sink is not None:
                sink.append("\n")
            if not self.tables:
                self._flush_text()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        sink = self._sink()
        if sink is not None:
            sink.append(_SPACE.sub(" ", data))

    def _close_cell(self, t: _Table) -> None:
        if t.cell is not None and t.rows:
            t.rows[-1][1].append((t.cell, *t.span))
        t.cell = None

    def close(self) -> None:
        super().close()
        self.unclosed_skip = bool(self.skip)
        while self.tables:
            t = self.tables.pop()
            self._close_cell(t)
            self.items.append((t.start, "table", t))
        self._flush_text()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def _tidy(text: str) -> str:
    """Cell or paragraph text: lines cleaned by the shared rules; a space between CJK dropped."""
    lines = []
    for line in text.split("\n"):
        line = line.replace("\u00a0", " ").strip()
        line = re.sub(r"(?<=\S) (?=\S)", lambda m: "" if _cjk_around(m.string, m.start()) else " ", line)
        if line:
            lines.append(line)
    return clean_cell_text("\n".join(lines))


def _cjk_around(s: str, i: int) -> bool:
    return is_cjk(s[i - 1]) and i + 1 < len(s) and is_cjk(s[i + 1])


def _grid(t: _Table) -> tuple[list[list[str]], list[int], bool]:
    """Rows with spans filled, the source line of each kept row, and whether any cell spanned."""
    grid: dict[tuple[int, int], str] = {}
    tails: set[tuple[int, int]] = set()
    merged = False
    for r, (_, cells) in enumerate(t.rows):
        c = 0
        for pieces, rs, cs in cells:
            while (r, c) in grid:
                c += 1
            text = _tidy("".join(pieces))
            merged = merged or rs > 1 or cs > 1
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
                    if dr:
                        tails.add((r + dr, c + dc))
            c += cs
    width = max((c for _, c in grid), default=-1) + 1
    rows, lines = [], []
    for r, (line, _) in enumerate(t.rows):
        row = [grid.get((r, c), "") for c in range(width)]
        filled = [c for c in range(width) if row[c]]
        if not filled or all((r, c) in tails for c in filled):
            continue  # empty, or only the tails of vertical merges: nothing new on this row
        rows.append(row)
        lines.append(line)
    return rows, lines, merged


def read(path: str | Path) -> Document:
    """Read an HTML page into paragraph and table Blocks (see the module docstring)."""
    from indicator_nlp.readers.text import read_text_file

    p = Path(path)
    text, encoding = read_text_file(p)
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if parser.unclosed_skip:
        # A chrome element never closed (malformed markup) would hide the rest of the page: read
        # the page again, dropping only scripts, styles and form controls.
        parser = _Parser(chrome_classes=False)
        parser.feed(text)
        parser.close()
    doc = Document(path=str(p), format="html", meta={"encoding": encoding})
    counters = {"paragraph": 0, "table": 0}
    for _, kind, payload in sorted(parser.items, key=lambda item: item[0]):
        if kind == "paragraph":
            doc.blocks.append(Block(kind="paragraph", text=str(payload), index=counters["paragraph"]))
            counters["paragraph"] += 1
            continue
        assert isinstance(payload, _Table)
        rows, lines, merged = _grid(payload)
        if payload.nested:
            # A layout table: its own cell texts are paragraphs; its inner tables are Blocks.
            for row in rows:
                for cell in dict.fromkeys(c for c in row if c):
                    doc.blocks.append(Block(kind="paragraph", text=cell, index=counters["paragraph"]))
                    counters["paragraph"] += 1
            continue
        if not rows:
            continue
        doc.blocks.append(
            Block(
                kind="table",
                rows=pad_rows(rows),
                index=counters["table"],
                row_numbers=list(lines),
                merged_fill=merged,
            )
        )
        counters["table"] += 1
    doc.meta["tables"] = counters["table"]
    return doc
