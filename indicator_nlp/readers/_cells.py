"""Cell-text clean-up shared by the binary readers (xlsx, docx, pdf).

The three readers must give the same cell text for the same filing whatever its format, so the
rules live here once (keep in sync with docs/readers.md, "Cell text"):

- leading/trailing white space of the cell and of each line is removed;
- a line break that only wraps text (``公益性岗位补贴发放准\n确率``, ``指标\n性质``) is removed:
  after a CJK character the lines join with nothing, as they do before one (except after an ASCII
  ``,`` or ``;``, which takes a space as in the text exports: ``自我, 改善``); inside a number
  (``1,430,\n400.00``) with nothing; otherwise with one space (``Hello\nworld`` → ``Hello world``);
- a line break that the author meant is kept as ``\n``: after sentence-final punctuation
  (。；！？;!?:：) or before a list marker (``目标2：``, ``二、``, ``2.``, ``（3）``, ``①``), so
  narrative cells (总体绩效目标 with 目标1/目标2 …) keep their items apart;
- where every line break was typed by the author (xlsx and docx, not PDF: ``explicit_breaks``),
  a long cell (more than :data:`LONG_CELL` characters: narrative, not a label or a name) keeps
  all its line breaks. Short cells are joined even there: a break in a name or a header
  (``指标\n性质``) is a manual wrap to fit the column;
- a line of single CJK characters spaced apart (``一 级 指 标``, ``合  计``: typed to fill a
  cell, or PDF letter-spacing of distributed alignment) loses its spaces (``一级指标``).
"""

from __future__ import annotations

import re
import unicodedata

# A line that starts a new item of a list: 目标2：, 一、, 2. / 2、 / 2．, (3) / （3）, ①.
_LIST_MARKER = re.compile(
    r"""^(?:
        目标\s*[0-9０-９一二三四五六七八九十]+\s*[：:、.．]   # 目标1： 目标二、
      | [一二三四五六七八九十]+\s*[、.．]                  # 一、  二．
      | [0-9０-９]{1,2}\s*(?:[、．]|\.(?![0-9]))          # 1、 2. (not 2.5)
      | [（(]\s*[0-9０-９一二三四五六七八九十]+\s*[）)]     # （1） (二)
      | [①②③④⑤⑥⑦⑧⑨⑩]                                 # circled numbers
      | [-•·●▪]\s                                         # bullets
    )(?=.)                                                # with its item after it: a bare "1." is no marker""",
    re.VERBOSE,
)
_SENTENCE_END = tuple("。；！？;!?:：")
LONG_CELL = 40  # characters (without spaces): above this a cell is narrative


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and the full-width punctuation that sits between them."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x3400 <= o <= 0x9FFF  # CJK unified ideographs (+ extension A)
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x3000 <= o <= 0x303F  # CJK symbols and punctuation 、。「」
        or 0xFF00 <= o <= 0xFFEF  # full-width forms （）：，
        or 0x20000 <= o <= 0x2FA1F  # extensions B-F
        or ch in "“”‘’—…·"
    )


def join_two(left: str, right: str) -> str:
    """Join two pieces of wrapped text: nothing between CJK, one space otherwise."""
    if not left:
        return right
    if not right:
        return left
    if is_cjk(left[-1]):
        return left + right
    if (left[-1].isdigit() or left[-1] in ".,") and (right[0].isdigit() or right[0] in "%.,"):
        return left + right  # a number broken by the wrap: 1,430,|400.00
    if is_cjk(right[0]) and left[-1] not in ",;":
        return left + right
    return left + " " + right


def unspace(line: str) -> str:
    """``一 级 指 标`` → ``一级指标``: only when *every* token is one CJK character."""
    tokens = line.split()
    if len(tokens) > 1 and all(len(t) == 1 and is_cjk(t) for t in tokens):
        return "".join(tokens)
    return line


def clean_cell_text(text: str | None, explicit_breaks: bool = False) -> str:
    """The text of one cell as the readers report it (see the module docstring).

    ``explicit_breaks``: every line break was typed by the author (xlsx, docx), so a long cell
    keeps them all.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = [unspace(ln.strip()) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    if explicit_breaks and len(lines) > 1 and sum(len(ln.replace(" ", "")) for ln in lines) > LONG_CELL:
        return unicodedata.normalize("NFC", "\n".join(lines))
    out = lines[0]
    for ln in lines[1:]:
        if out.endswith(_SENTENCE_END) or _LIST_MARKER.match(ln):
            out += "\n" + ln
        else:
            out = join_two(out, ln)
    return unicodedata.normalize("NFC", out)


def grid_rows(
    grid: dict[tuple[int, int], str], carried: set[tuple[int, int]]
) -> tuple[list[list[str]], list[int | None]] | None:
    """A sheet's cells (1-based (row, col) -> text) as rows with their sheet row numbers.

    ``carried`` are the cells filled from a vertical merge above: a row holding nothing else is
    only the merge's tail and is left out. None when the sheet has no cell.
    """
    if not grid:
        return None
    max_col = max(c for _, c in grid)
    rows: list[list[str]] = []
    numbers: list[int | None] = []
    for r in sorted({r for r, _ in grid}):
        if all((r, c) in carried for c in range(1, max_col + 1) if (r, c) in grid):
            continue  # only the tails of vertical merges: nothing new on this row
        rows.append([grid.get((r, c), "") for c in range(1, max_col + 1)])
        numbers.append(r)
    return rows, numbers


def pad_rows(rows: list[list[str]]) -> list[list[str]]:
    """Give every row the same width and drop trailing columns that are empty in every row."""
    width = max((len(r) for r in rows), default=0)
    while width and all(len(r) < width or not r[width - 1] for r in rows):
        width -= 1
    return [(r + [""] * (width - len(r)))[:width] for r in rows]
