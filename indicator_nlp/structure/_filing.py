"""From a Document to a Filing: one pass over the blocks with a small state machine.

The rows of every table flow through one state: the current column mapping (set by the last
header row), the labels carried down from merged cells, the current project and any metadata key
that waits for its value on the next row. Rows are sorted into:

- **indicator headers** (two or more header words, one of them a level or name column): they set
  the column mapping; the same header repeated after a page break is skipped;
- **task headers** (名称 | 主要实施内容 | 拟投入的资金 | 期望达到的目标);
- **section/metadata rows** (a first cell such as 项目名称, 部门名称, 绩效目标, 存在问题): they end
  the current table and fill Filing.meta / Project;
- **indicator rows**, realigned when their cells were shifted (see :func:`_align`);
- **task rows**.

Decisions (also in docs/structure.md):
- a row holding only category labels (an empty 成本指标 row) updates the carried labels and is not
  an indicator; a name that is only a category name is not an indicator either;
- a lone short fragment (≤ 4 characters, no value, e.g. ``率`` after a page break) continues the
  previous indicator's name, unless that name already ends with it (the page split repeated it);
- where a table has both 实施周期指标值 and 年度指标值, ``value`` is the annual value, or the
  period value when the annual cell is empty;
- operator, number and unit kept in separate columns are joined (``≥`` + ``90`` + ``%`` → ``≥90%``);
- labels are kept as filed in ``level1_raw``/``level2_raw``; the canonical pair comes from
  :func:`taxonomy.normalize_pair` (level 1 follows level 2);
- footer rows (填报人：…), totals (合计, 总分) and rows holding one category label only (a section row
  spanning the table) are never indicators; the last set the carried labels;
- paragraphs may hold indicators too: line formats (【一级-二级】名称：值), outlines (一、产出指标 /
  （一）数量指标 / 1.名称：值), split at the last colon, and key-value records (一级指标：… 指标值：…).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from indicator_nlp import taxonomy
from indicator_nlp.readers._cells import join_two
from indicator_nlp.structure import vocabulary as vocab
from indicator_nlp.text import normalize, strip_template_number
from indicator_nlp.types import Block, Document, Filing, Indicator, Project, Task, Threshold

LEVEL_ROLES = {"level1", "level2", "label"}
# Columns that do not describe the indicator itself (task columns of a self-evaluation, notes).
NON_INDICATOR_ROLES = {"task", "task_goal", "task_done", "task_funds", "criteria", "note", "index"}
FIELD_ROLES = {
    "description", "value", "period_value", "basis", "operator", "unit", "actual", "weight",
    "score", "deviation",
}  # fmt: skip
SELF_EVALUATION_ROLES = {"actual", "score", "deviation"}
# A continuation row extends these text fields; a row with a cell in a value column is not one.
_FIELD_ATTR = {"description": "description", "basis": "basis", "deviation": "deviation"}
_VALUE_ROLES = {"value", "period_value", "actual", "operator", "weight", "score"}

_DIGITS = r"[-+]?\d[\d,，\s]*(?:\.\s*\d+)?"  # 1, 430, 400. 00 as converters leave it
_NUMBER = re.compile(rf"^{_DIGITS}\s*%?$")  # a number cell: 350.76, 25%, 1,191,900.00
# An operator cell (指标性质 / 指标方向: ≥, 不低于, 大于等于 …) joins the value as its sign, as a
# filer writes the value (≥95%). The words are the lexicon's operators written before a number,
# less those that only say what the target is (达到, 约); 定性 (qualitative) adds nothing.
_SIGN = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_EMPTY_MARK = {"无", "/", "-", "—", "--", "不适用"}
# A paragraph that opens a new part of the document (ends goal capture).
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[0-9]+[.、．]\s*\S+绩效目标表)"
)
_BULLET = re.compile(r"^\s*[-•·●▪]\s+")
# "1.落实…工作经费绩效目标表", "（二）某某项目支出绩效目标申报表": the project a form is about.
_PROJECT_TITLE = re.compile(
    r"^(?:[0-9]+[.、．]\s*|[（(][一二三四五六七八九十0-9]+[)）]\s*|[一二三四五六七八九十]+、\s*)?"
    r"(?P<name>.+?)(?:项目)?(?:支出)?绩效目标(?:申报)?表\s*$"
)
_DEPARTMENT_WORDS = re.compile(r"部门|整体|单位")
_TABLE_TITLE = re.compile(r"(?:绩效目标表|申报表|自评表|评价表|指标表)\s*$")


@lru_cache(maxsize=16384)
def _norm(text: str | None, level: int | None = None) -> str | None:
    """taxonomy.normalize_label, cached: the same label cells come back on every row."""
    return taxonomy.normalize_label(text, level=level)


@cache
def _extractor() -> Callable[..., list[Threshold]] | None:
    """The threshold extractor, or None while indicator_nlp.thresholds is not installed."""
    try:
        from indicator_nlp.thresholds import extract_thresholds
    except ModuleNotFoundError as exc:
        if exc.name != "indicator_nlp.thresholds":
            raise
        return None
    return extract_thresholds


def thresholds_of(value: str | None, name: str | None) -> list[Threshold]:
    if not value:
        return []
    extract = _extractor()
    return list(extract(value, name=name, cell=True)) if extract else []  # a value cell: never empty



@cache
def _operator_signs() -> dict[str, str]:
    """Operator word or sign (data/thresholds.json, written before a number) → the sign it joins as."""
    from indicator_nlp.lexicon import operator_words, weak_operator_words

    weak = weak_operator_words()
    return {w: sign for op, sign in _SIGN.items() for w in operator_words(op, where="before") if w not in weak}


@cache
def _op_number() -> re.Pattern[str]:
    """A value a unit may follow: 90, ≥90, 不低于90."""
    words = sorted(_operator_signs(), key=lambda w: (-len(w), w))
    return re.compile(rf"^(?:{'|'.join(map(re.escape, words))})?\s*{_DIGITS}$")


def _is_op_number(value: str) -> bool:
    pattern = _op_number()
    return bool(pattern.match(value) or pattern.match(normalize(value).text))


@lru_cache(maxsize=4096)
def _operator_sign(cell: str | None) -> str | None:
    """The sign of an operator cell (≥, ≧, 不低于, 大于等于 → ≥), or None when the cell is no operator."""
    if not cell:
        return None
    signs = _operator_signs()
    return signs.get(cell.strip()) or signs.get(normalize(cell).text.strip())


@dataclass
class _Cell:
    col: int
    text: str


@dataclass
class _State:
    doc: Document
    filing: Filing
    mode: str | None = None  # "indicators", "tasks" or None (metadata)
    cols: dict[int, str] = field(default_factory=dict)
    header_sig: tuple[tuple[int, str], ...] = ()
    header_echo: dict[int, str] = field(default_factory=dict)
    task_cols: dict[str, int] = field(default_factory=dict)
    carry1: str | None = None
    carry2: str | None = None
    project: Project | None = None
    pending_key: str | None = None
    pending_pairs: dict[int, str] | None = None  # label row waiting for its values row
    pending_pairs_key: str | None = None
    pending_row: dict[int, str] = field(default_factory=dict)
    last: Indicator | None = None
    goal_capture: bool = False
    title_is_form: bool = False
    title_project: str | None = None  # a project named by the title of its form, until 项目名称
    last_title: str | None = None
    pending_cols: dict[int, str] = field(default_factory=dict)  # keys waiting, by column
    self_evaluation: bool = False
    header_width: int = 0  # columns of the table whose header set the current mapping
    meta_cols: dict[int, str] = field(default_factory=dict)  # 项目名称 … columns of a flat export
    record: dict[str, str] = field(default_factory=dict)  # 一级指标：… 三级指标：… being read
    record_at: Block | None = None
    record_levels: tuple[str | None, str | None] = (None, None)
    outline: tuple[str | None, str | None] | None = None  # labels of an outline of paragraphs
    label_lines: dict[int, str] = field(default_factory=dict)  # level column → label text read so far


# Formats whose tables are objects of the document, kept whole by the reader: a table of another
# width does not continue the indicator table before it. (Not PDF: a continuation the PDF reader
# could not join may have lost a column's ruling; not text exports, whose tables are cut by lines.)
_TABLE_OBJECT_FORMATS = {"docx", "html"}


def build_filing(doc: Document) -> Filing:
    """Structure one Document (see the module docstring)."""
    st = _State(doc=doc, filing=Filing(file=doc.path))
    sheet: str | None = None
    for block in doc.blocks:
        if block.kind == "paragraph":
            if _record(st, block):
                continue
            if not _line_indicators(st, block) and not _outline(st, block):
                _paragraph(st, block.text)
            continue
        _end_record(st)
        if block.sheet != sheet:
            if sheet is not None:
                # Another sheet of a workbook is another form: no table carries over.
                st.mode, st.cols, st.header_sig = None, {}, ()
                st.carry1 = st.carry2 = st.last = None
                st.pending_key, st.pending_cols, st.pending_pairs = None, {}, None
            sheet = block.sheet
        width = len(block.rows[0]) if block.rows else 0
        if st.mode == "indicators" and doc.format in _TABLE_OBJECT_FORMATS and width != st.header_width:
            # Another table of a different shape (a links table under the form of a web page):
            # the indicator table has ended; a header row in it starts a new one.
            st.mode = None
        block = _joined_columns(_side_by_side(block))
        for i, row in enumerate(block.rows):
            _row(st, block, i, [c.strip() if isinstance(c, str) else "" for c in row])
    _end_record(st)
    st.filing.kind = _kind(st)
    return st.filing


def _side_by_side(block: Block) -> Block:
    """A table holding two indicator blocks side by side (a header row that repeats itself:
    一级指标 | 二级指标 | 三级指标 | 指标值 | 一级指标 | 二级指标 | 三级指标 | 指标值), unfolded into
    one table read as a reader reads it: the left block top to bottom, then the next block, each
    under its own copy of the header, every row keeping its source row and page. The body ends at
    the block's end or at a row opening with a totals, footer or section cell (a row of the form,
    not of either block), which stays whole after the blocks. Other tables are returned as they are."""
    found = next(
        (
            (h, width)
            for h, row in enumerate(block.rows)
            if (width := _repeat_width([c.strip() if isinstance(c, str) else "" for c in row]))
        ),
        None,
    )
    if found is None:
        return block
    h, width = found
    n = len(block.rows)
    end = h + 1
    while end < n:
        first = next((c.strip() for c in block.rows[end] if isinstance(c, str) and c.strip()), "")
        if first and (vocab.is_total(first) or vocab.is_footer(first) or vocab.is_section(first)):
            break
        end += 1
    where = [(_row_number(block, i), _page(block, i)) for i in range(n)]
    rows: list[list[str]] = [list(r) for r in block.rows[:h]]
    numbers, pages = [w[0] for w in where[:h]], [w[1] for w in where[:h]]
    for start in range(0, len(block.rows[h]), width):
        for i in range(h, end):
            part = list(block.rows[i][start : start + width])
            if i == h or any(isinstance(c, str) and c.strip() for c in part):
                rows.append(part)
                numbers.append(where[i][0])
                pages.append(where[i][1])
    rows += [list(r) for r in block.rows[end:]]
    numbers += [w[0] for w in where[end:]]
    pages += [w[1] for w in where[end:]]
    return replace(block, rows=rows, row_numbers=numbers, row_pages=pages)  # type: ignore[arg-type]


def _joined_columns(block: Block) -> Block:
    """Two columns a converter joined into one (centred text straddling the line between them
    in a PDF printed without rules): a header cell holding two header words apart by a space
    (``二级指标 三级指标``) in a row of other header words. The column is split in two from that
    row down: a cell below goes left up to its first space when what stands there belongs to the
    left column (a category label under a level column), right after its last space when what
    stands there belongs to the right one (a target value under a value column); else the cell
    stays whole on the side of the name (the name column, or the left one)."""
    for h, row in enumerate(block.rows):
        texts = [c.strip() if isinstance(c, str) else "" for c in row]
        joined = [(j, pair) for j, t in enumerate(texts) if (pair := _joined_header(t))]
        if not joined or sum(1 for t in texts if vocab.header_role(t)) < 2:
            continue
        rows = [list(r) for r in block.rows]
        for j, (role0, role1, word0, word1) in reversed(joined):
            for i in range(len(rows)):
                cell = rows[i][j] if j < len(rows[i]) and isinstance(rows[i][j], str) else ""
                rows[i][j : j + 1] = (
                    [word0, word1] if i == h else _split_cell(cell.strip(), role0, role1) if i > h else [cell, ""]
                )
        return replace(block, rows=rows)
    return block


def _joined_header(text: str) -> tuple[str, str, str, str] | None:
    """(left role, right role, left word, right word) of a header cell holding two header words."""
    words = vocab.gloss_free(text).split()
    if len(words) != 2:
        return None
    role0, role1 = vocab.header_role(words[0]), vocab.header_role(words[1])
    if not role0 or not role1 or role0 == role1 or not ({role0, role1} & (LEVEL_ROLES | {"name"})):
        return None
    return role0, role1, words[0], words[1]


def _split_cell(text: str, role0: str, role1: str) -> list[str]:
    if not text:
        return ["", ""]
    head, _, tail = text.partition(" ")
    if role0 in LEVEL_ROLES and tail and (_norm(_label_text(head)) or _compound(head)):
        return [head, tail.strip()]
    rest, _, last = text.rpartition(" ")
    if role1 in ("value", "period_value") and rest and _value_like(last):
        return [rest.strip(), last]
    return ["", text] if role1 == "name" else [text, ""]


def _repeat_width(texts: list[str]) -> int:
    """The width of one block when a header row is one indicator header repeated side by side
    (each copy with a name or level column and a value column), else 0."""
    n = len(texts)
    keys = [vocab.fold(t) for t in texts]
    for width in range(3, n // 2 + 1):
        if n % width or any(keys[k] != keys[k % width] for k in range(n)):
            continue
        roles = set(vocab.header_roles(texts[:width]))
        if roles & vocab.CORE_ROLES and roles & {"value", "period_value"} and len(set(keys[:width])) == width:
            return width
    return 0


# --- paragraphs ---------------------------------------------------------------------------


def _paragraph(st: _State, text: str) -> None:
    t = text.strip()
    if not t:
        return
    key = vocab.fold(t)
    if "自评" in t and len(t) < 60:
        st.self_evaluation = True
    if _unit_line(st, t):
        return
    if len(t) < 60 and ("标题" not in st.filing.meta or not st.title_is_form):
        if _TABLE_TITLE.search(t) and not _HEADING.match(t):
            st.filing.meta["标题"] = t
            st.title_is_form = True
        elif "绩效" in t and "标题" not in st.filing.meta:
            st.filing.meta["标题"] = t
    if key.endswith("总体绩效目标") and len(t) < 30:
        st.goal_capture = True
        return
    if st.goal_capture:
        if _HEADING.match(t) or "分项绩效目标" in t or "工作保障措施" in t:
            st.goal_capture = False
        elif len(t) >= 15 or re.search(r"[，。；,;]", t):
            st.filing.goals.append(_BULLET.sub("", t))
            return
        else:
            return  # a sub-heading inside the goals (团区委年度发展规划目标)
    if _TABLE_TITLE.search(t) and t != st.last_title:
        # A new form starts: nothing of the previous table carries over. (The same title again
        # is a running title repeated after a page break: the form goes on.)
        st.last_title = t
        st.mode, st.cols, st.header_sig = None, {}, ()
        st.carry1 = st.carry2 = None
        m = _PROJECT_TITLE.match(t)
        st.title_project = m.group("name").strip() if m and not _DEPARTMENT_WORDS.search(t) else None


# A record of "key：value" pairs whose keys are column headers: 一级指标：产出指标，二级指标：数量指标，
# 三级指标：培训人次，指标值：≥500人次 (in one paragraph, or one pair per line).
_PAIR_KEY = re.compile(r"(?:^|(?<=[，,；;\s\u3000]))(?P<key>[^\s\u3000，,；;：:]{2,12})[：:]")
_RECORD_ROLES = FIELD_ROLES | {"level1", "level2", "label", "name"}


def _pairs(text: str) -> list[tuple[str, str]]:
    """The (role, value) pairs of a text made only of header-word keys and their values."""
    keys = [m for m in _PAIR_KEY.finditer(text) if vocab.header_role(m.group("key")) in _RECORD_ROLES]
    if not keys or keys[0].start() != 0:
        return []
    out = []
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(text)
        value = text[m.end() : end].strip().rstrip("，,；;").strip()
        out.append((vocab.header_role(m.group("key")) or "", value))
    return out


def _record(st: _State, block: Block) -> bool:
    """Read a paragraph of a key-value record; False (the record ended) for any other paragraph.

    A record starts at a level key (or a paragraph of two pairs or more) and ends at a key seen
    before, at another paragraph or table, or at the end: it is an indicator when it has a name and
    a value or a level. Levels a record leaves out carry over from the record before."""
    pairs = [(r, v) for r, v in _pairs(block.text.strip()) if v]
    if not pairs:
        _end_record(st)
        return False
    starts = len(pairs) >= 2 or pairs[0][0] in LEVEL_ROLES
    if not st.record and not starts:
        return False
    for role, value in pairs:
        if role in st.record or (role in LEVEL_ROLES and "name" in st.record):
            _end_record(st)  # a key seen before, or levels after a name: the next record
        if not st.record:
            st.record_at = block
        st.record[role] = value
    return True


def _end_record(st: _State) -> None:
    record, block = st.record, st.record_at
    st.record, st.record_at = {}, None
    name = record.get("name")
    if not record or block is None or not name:
        return
    if not ({"value", "period_value", "level1", "level2", "label"} & set(record)):
        return
    # Levels left out of a record carry over from the record before, as merged cells do.
    l1, l2 = st.record_levels
    if record.get("level1") or record.get("label"):
        l1, l2 = record.get("level1") or record.get("label"), None
    if record.get("level2"):
        l2 = record["level2"]
        if _parent(l2) != _parent_l1(l1):
            l1 = None
    st.record_levels = (l1, l2)
    _add_paragraph_indicator(st, block, (l1, l2), name, {k: v for k, v in record.items() if k in FIELD_ROLES})


def _name_value(item: str) -> tuple[str, str] | None:
    """A paragraph item split at its *last* colon (names may hold colons: 课时（理论:实操=1:2）：≥120课时)."""
    colons = list(_COLON.finditer(item))
    if not colons:
        return None
    name, value = item[: colons[-1].start()].strip(), item[colons[-1].end() :].strip()
    return (name, value) if name and value else None


def _add_paragraph_indicator(
    st: _State, block: Block, labels: tuple[str | None, str | None], name: str, fields: dict[str, str]
) -> None:
    """An indicator read from a paragraph, under its own labels; provenance: the paragraph's line or
    number (``row``) and page, no table."""
    saved = st.carry1, st.carry2
    st.carry1, st.carry2 = labels
    _add_indicator(st, block, block.index, _one_line(name), fields)
    st.filing.indicators[-1].table = None
    st.carry1, st.carry2 = saved


# One indicator per line: 【产出指标-数量指标】培训人次：≥500人次, [产出/质量]…, ［…］, 〔…〕.
_LINE_LABELS = re.compile(r"[【\[［〔]\s*(?P<labels>[^】\]］〕\n]{1,30}?)\s*[】\]］〕]")
_COLON = re.compile(r"[:：]")
# What may stand before a line's labels: an item number or a bullet (1. 2、 （3） ① -).
_ITEM_MARK = re.compile(r"[0-9]{1,3}\s*[.、．)）]?|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[①-⑳]|[-•·●▪*]")


def _line_indicators(st: _State, block: Block) -> bool:
    """Read the line-format indicators of a paragraph; False when it holds none.

    A line starts with its labels in brackets (level 1 and level 2 joined by - — / or one label),
    then the name, a colon and the value: the name ends at the *last* colon, since names may hold
    colons themselves (培训课时（理论:实操=1:2）：≥120课时). A paragraph may hold several lines (a
    PDF joins close lines); a line ends at the next bracketed label or at a signature key (填报人：).
    """
    text = block.text
    starts = []
    for m in _LINE_LABELS.finditer(text):
        labels = m.group("labels")
        pair = _compound(labels)
        if pair is None and _norm(labels) is None:
            continue
        starts.append((m, pair or _single_label(labels)))
    if not starts:
        return _dashed_lines(st, block)
    before = text[: starts[0][0].start()].rsplit("\n", 1)[-1].strip()
    if before and not before.endswith((":", "：")) and not _ITEM_MARK.fullmatch(before):
        return False  # a sentence that quotes a label, not a list of indicators
    found = 0
    for k, (m, labels) in enumerate(starts):
        end = starts[k + 1][0].start() if k + 1 < len(starts) else len(text)
        segment = text[m.end() : end]
        if (cut := vocab.footer_start(segment)) is not None:
            segment = segment[:cut]
        if item := _name_value(segment.strip()):
            _add_paragraph_indicator(st, block, labels, item[0], {"value": item[1]})
            found += 1
    return found > 0


_DASHED = re.compile(
    r"^(?P<l1>[^-—－/／:：]{2,10})[-—－/／](?P<l2>[^-—－/／:：]{2,12})[-—－/／](?P<item>.+)$"
)


def _dashed_lines(st: _State, block: Block) -> bool:
    """Lines without brackets: ``产出指标-数量指标-培训人次：≥500人次`` (level 1, level 2 and the
    name joined by dashes or slashes, then the value after the last colon)."""
    found = 0
    for line in block.text.split("\n"):
        m = _DASHED.match(line.strip())
        if not m or not _compound(f"{m['l1']}-{m['l2']}"):
            continue
        text = m["item"]
        if (cut := vocab.footer_start(text)) is not None:
            text = text[:cut]
        if item := _name_value(text):
            _add_paragraph_indicator(
                st, block, (m["l1"].strip(), m["l2"].strip()), item[0], {"value": item[1]}
            )
            found += 1
    return found > 0


_OUTLINE_ITEM = re.compile(
    r"""^(?:[0-9]{1,2}\s*[.、．]\s*(?![0-9])     # 1. 2、
        | [（(]\s*[0-9]{1,2}\s*[)）]\s*        # （1）
        | [①②③④⑤⑥⑦⑧⑨⑩]\s*)?                   # ①
        (?P<item>.{2,60})$""",
    re.VERBOSE,
)


def _outline(st: _State, block: Block) -> bool:
    """Indicators written as an outline of paragraphs: a paragraph holding only a category label
    (``一、产出指标``, ``（一）数量指标``) sets the labels; the items below it (``1.培训人次：≥500人次``,
    name and value split at the last colon) are indicators, until a paragraph that is neither.
    A paragraph of several lines (a PDF keeps the breaks before list markers) is read line by line.
    False when the paragraph does not start as part of such an outline."""
    lines = [ln.strip() for ln in block.text.split("\n") if ln.strip()]
    if len(lines) == 1:
        return _outline_line(st, block, lines[0])
    if st.outline is None and not any(_label_line(ln) for ln in lines):
        return False
    for line in lines:
        if not _outline_line(st, block, line):
            _paragraph(st, line)
    return True


def _label_line(text: str) -> bool:
    """A line holding only a category label (一、产出指标, （一）数量指标, 产出指标-数量指标)."""
    if len(vocab.fold(text)) > 16:
        return False
    label = _label_text(text)
    return bool(_compound(label) or _norm(label))


def _outline_line(st: _State, block: Block, text: str) -> bool:
    if len(vocab.fold(text)) <= 16:
        label = _label_text(text)
        if pair := _compound(label):
            st.outline = pair
            return True
        if _norm(label, level=1):
            st.outline = (label, None)
            return True
        if _norm(label, level=2):
            l1 = st.outline[0] if st.outline else None
            st.outline = (l1 if _parent(label) == _parent_l1(l1) else None, label)
            return True
    if st.outline is None:
        return False
    if (cut := vocab.footer_start(text)) is not None and cut > 0:
        text = text[:cut]  # a signature line joined to the last item by a PDF
    m = _OUTLINE_ITEM.match(text)
    item = _name_value(m.group("item")) if m and not vocab.is_footer(text) else None
    if item is None or len(item[0]) > 40:
        st.outline = None  # neither a label nor an item: the outline has ended
        return False
    _add_paragraph_indicator(st, block, st.outline, item[0], {"value": item[1]})
    return True


def _single_label(text: str) -> tuple[str | None, str | None]:
    if _norm(text, level=2) and not _norm(text, level=1):
        return None, text
    return text, None


# --- rows ---------------------------------------------------------------------------------


def _row(st: _State, block: Block, i: int, cells: list[str]) -> None:
    cells_ne = [_Cell(j, c) for j, c in enumerate(cells) if c]
    if not cells_ne:
        return
    if _is_indicator_header(cells_ne):
        _set_header(st, cells_ne, block, i, len(cells))
        st.header_width = len(cells)
        return
    if st.mode and _footer_row(st, cells_ne):
        return
    if st.mode == "indicators" and all(vocab.header_role(c.text) for c in cells_ne):
        # The second line of a two-line header (指标值 split into 实施周期指标值 | 年度指标值).
        for c in cells_ne:
            role = vocab.header_role(c.text)
            if role == "name" or st.cols.get(c.col) == "name":
                continue  # the name column stays where the first line put it
            for j in [j for j, r in st.cols.items() if r == role and j != c.col]:
                del st.cols[j]
            st.cols[c.col] = role  # type: ignore[assignment]
        return
    if _is_task_header(cells_ne):
        st.mode = "tasks"
        st.task_cols = {}
        for c in cells_ne:
            role = vocab.task_role(c.text)
            if role and role not in st.task_cols:
                st.task_cols[role] = c.col
        st.header_echo = {c.col: vocab.fold(c.text) for c in cells_ne if not vocab.task_role(c.text)}
        return
    # Merged section cells repeated on every row (xlsx/docx merged_fill) echo the header row.
    if st.mode:
        first_role = (
            min((j for j in st.cols), default=0)
            if st.mode == "indicators"
            else min(st.task_cols.values(), default=0)
        )
        cells_ne = [
            c
            for c in cells_ne
            if not (c.col < first_role and vocab.fold(c.text) == st.header_echo.get(c.col))
        ]
        if not cells_ne:
            return
    first = cells_ne[0].text
    if len({c.text for c in cells_ne}) == 1 and (_TABLE_TITLE.search(first) or "自评" in first):
        _paragraph(st, first)  # the title of the form in its first (merged) row
        return
    if vocab.is_section(first) or vocab.meta_key(first):
        st.mode = None
        _meta_row(st, cells_ne, block)
        return
    if st.mode == "indicators" and len({c.text for c in cells_ne}) == 1 and _NOTE.match(first):
        return  # a note under an indicator (说明：…, merged across the table): the labels go on past it
    if st.mode == "indicators":
        _indicator_row(st, block, i, cells_ne)
    elif st.mode == "tasks":
        _task_row(st, block, i, cells_ne)
    else:
        _meta_row(st, cells_ne, block)


# A note written in an indicator table as a row of its own: 说明：… / 注：… / 备注：… (one text).
_NOTE = re.compile(r"^\s*(?:说明|注|注释|备注|附注)\s*[:：]\s*\S")
_FOOTER_PAIR = re.compile(r"^\s*(?P<key>[^:：\s]{1,8})\s*[:：]\s*(?P<value>\S.*?)\s*$")


def _footer_row(st: _State, cells: list[_Cell]) -> bool:
    """The signature lines under a form (填报人：… | 联系电话：… | 填报日期：…): recorded in
    Filing.meta, never an indicator."""
    # A key with its colon anywhere (…｜联系电话：0759-…), or a bare key opening the row (填报人 | 王芳);
    # a bare key further right is a metadata row's (项目负责人 | 张三 | 联系电话 | 123).
    if not (
        vocab.is_footer(cells[0].text)
        or any(_COLON.search(c.text) and vocab.is_footer(c.text) for c in cells)
    ):
        return False
    for c in cells:
        m = _FOOTER_PAIR.match(c.text)
        if m and vocab.is_footer(m.group("key") + "："):
            st.filing.meta.setdefault(m.group("key"), m.group("value"))
    st.last = None
    return True


def _is_indicator_header(cells: list[_Cell]) -> bool:
    roles = vocab.header_roles([c.text for c in cells])
    found = [r for r in roles if r]
    if len(set(found)) < 2 or not (set(found) & vocab.CORE_ROLES):
        return False
    # Merged-fill repeats header words; count distinct texts against distinct role texts.
    texts = {vocab.fold(c.text) for c in cells}
    role_texts = {vocab.fold(c.text) for c, r in zip(cells, roles) if r}
    return len(role_texts) * 2 >= len(texts)


def _is_task_header(cells: list[_Cell]) -> bool:
    roles = {vocab.task_role(c.text) for c in cells} - {None}
    return "name" in roles and len(roles) >= 2


_VALUE_HEADER = re.compile(r"值|目标|标准$")


def _set_header(st: _State, cells: list[_Cell], block: Block, i: int, width: int) -> None:
    cols: dict[int, str] = {}
    seen: set[str] = set()
    for c, role in zip(cells, vocab.header_roles([c.text for c in cells])):
        if role and (role not in seen or role == "label"):
            cols[c.col] = role
            seen.add(role)
    for j, role in _upper_roles(st, cells, block, i).items():
        if j not in cols and role not in seen:
            cols[j] = role  # the lower cell is empty: the column keeps the upper cell's role
            seen.add(role)
    # A name read by head words only (评价指标, 考核内容) may be a category column: its cells say.
    # A header word that gave way (绩效指标 beside 三级指标: the section cell merged down the left)
    # keeps its column out of this.
    inferred = {c.col for c in cells if cols.get(c.col) == "name" and not vocab.header_role(c.text)}
    known = {c.col for c in cells if vocab.header_role(c.text)}
    open_cols = [j for j in range(width) if (j not in cols and j not in known) or j in inferred]
    for j, role in _roles_by_content(cols, open_cols, block, i).items():
        if role == "label" or role not in seen:
            cols[j] = role
            seen.add(role)
    _level_columns(cols, block, i)
    seen = set(cols.values())
    if "name" not in seen:
        # A table without a name column (一级 | 二级 | 绩效指标 | 指标值): the first other column
        # after the levels names the indicator.
        levels = max(j for j, r in cols.items() if r in LEVEL_ROLES) if seen & LEVEL_ROLES else -1
        after = [c.col for c in cells if c.col not in cols and c.col > levels]
        if not after:
            return  # no column can hold the indicator's name: not an indicator table
        cols[after[0]] = "name"
    if not seen & {"value", "period_value"}:
        # No known target column: the first other column after the name whose header speaks of a
        # value or a target (目标, 标准值, 指标值（含单位）…) holds the value.
        name_at = next(j for j, r in cols.items() if r == "name")
        for c in cells:
            if c.col > name_at and c.col not in cols and _VALUE_HEADER.search(vocab.fold(c.text)):
                cols[c.col] = "value"
                break
    sig = tuple(sorted(cols.items()))
    if st.mode == "indicators" and sig == st.header_sig:
        return  # the header repeated after a page break
    if st.title_project:
        # A project form without 项目名称 rows: the title names the project.
        if st.project is None or st.project.indicators:
            st.project = Project(name=st.title_project)
            st.filing.projects.append(st.project)
        st.title_project = None
    st.mode = "indicators"
    st.cols = cols
    st.label_lines = {}
    st.header_sig = sig
    st.header_echo = {c.col: vocab.fold(c.text) for c in cells if c.col not in cols}
    # A flat export repeats its project on every row (项目名称 | 一级指标 | …): such a column says
    # which project each row belongs to.
    st.meta_cols = {c.col: key for c in cells if c.col not in cols and (key := vocab.meta_key(c.text))}
    st.carry1 = st.carry2 = None
    st.last = None
    st.pending_key = None
    if seen & SELF_EVALUATION_ROLES:
        st.self_evaluation = True


def _upper_roles(st: _State, cells: list[_Cell], block: Block, i: int) -> dict[int, str]:
    """The roles of the row above a header when it is the header's first line (指标 | | | 指标值
    over 一级指标 | 二级指标 | 三级指标 | (empty)): column → role, for the columns whose lower cell
    is empty. The row above is a header line when every cell of it is a header word or a short
    heading (指标, 绩效指标) and it is not already the table's header."""
    if i == 0 or st.mode == "indicators":
        return {}
    above = block.rows[i - 1]
    texts = [t.strip() if isinstance(t, str) else "" for t in above]
    if not any(texts):
        return {}
    roles = vocab.header_roles(texts)
    if not any(roles) or any(t and r is None and len(vocab.fold(t)) > 4 for t, r in zip(texts, roles)):
        return {}
    lower = {c.col for c in cells}
    return {j: r for j, r in enumerate(roles) if r and j not in lower and r in FIELD_ROLES}


def _level_columns(cols: dict[int, str], block: Block, i: int) -> None:
    """Category columns (``label``) told apart: a column whose cells name one level only (数量指标,
    质量指标 … ; 满意度指标 may be either) is that level's column; of two category columns left
    as they were (类别 | 子类), the left one is level 1 and the right one level 2, as the levels
    are written in every form."""
    body = block.rows[i + 1 : i + 1 + _CONTENT_ROWS]
    labels = sorted(j for j, r in cols.items() if r == "label")
    for j in labels:
        levels = set()
        for row in body:
            text = row[j].strip() if j < len(row) and isinstance(row[j], str) else ""
            if not text:
                continue
            if _compound(text):
                levels.add(0)
                continue
            text = _label_text(text)
            one, two = _norm(text, level=1), _norm(text, level=2)
            if bool(one) != bool(two):
                levels.add(1 if one else 2)
        if len(levels) == 1 and (level := levels.pop()) and f"level{level}" not in cols.values():
            cols[j] = f"level{level}"
    left = [j for j in labels if cols[j] == "label"]
    if len(left) >= 2 and not {"level1", "level2"} & set(cols.values()):
        cols[left[0]], cols[left[1]] = "level1", "level2"


_CONTENT_ROWS = 40  # body rows looked at to tell a column by its cells


def _roles_by_content(cols: dict[int, str], open_cols: list[int], block: Block, i: int) -> dict[int, str]:
    """Roles told by the cells under a header (column → role), for ``open_cols``: columns whose
    header is no known word, and name columns read by head words only:

    - mostly category names of the framework (产出指标, 数量, 社会效益指标) → a label column;
    - mostly target values (numbers with units, %, dates, ≥/≤, 明显改善), right of the name and
      left of any actual/weight/score column (a target comes before what was done and scored),
      when no column holds the target → the value column.

    "Mostly" is three cells in four of at least two non-empty cells.
    """
    body = block.rows[i + 1 : i + 1 + _CONTENT_ROWS]
    name_at = next((j for j, r in cols.items() if r == "name"), None)
    has_value = bool({"value", "period_value"} & set(cols.values()))
    done_at = min((j for j, r in cols.items() if r in ("actual", "weight", "score")), default=len(cols) + 10**6)
    out: dict[int, str] = {}
    for j in open_cols:
        role = cols.get(j)
        texts = [
            t.strip() for row in body if j < len(row) and isinstance(t := row[j], str) and t.strip()
        ]
        if len(texts) < 2:
            continue
        labels = sum(1 for t in texts if taxonomy.is_category_name(_label_text(t)) or _compound(t))
        if labels * 4 >= len(texts) * 3:
            out[j] = "label"
            continue
        if role is None and not has_value and (name_at is None or j > name_at) and j < done_at:
            if sum(1 for t in texts if _value_like(t) and not _norm(t)) * 4 >= len(texts) * 3:
                out[j] = "value"
                has_value = True
    return out


def _name_col(st: _State) -> int:
    return next(j for j, r in st.cols.items() if r == "name")


_ANNOTATION = re.compile(r"[（(][^（）()]*[)）]|[0-9]+(?:\.[0-9]+)?\s*分")


def _label_text(text: str) -> str:
    """A label cell without its score annotation (产出指标（50分） → 产出指标); other text unchanged."""
    if _norm(text) is None:
        bare = _ANNOTATION.sub("", text).strip()
        if bare != text and _norm(bare):
            return bare
    return text


def _label_level(text: str, role: str | None, have1: bool, have2: bool) -> int | None:
    """1 or 2 when the cell is a category label that may stand at this place, else None."""
    lab1 = _norm(text, level=1)
    lab2 = _norm(text, level=2)
    if not (lab1 or lab2):
        return None
    if role not in LEVEL_ROLES:
        # Outside the level columns only a label written as such (…指标, …类) counts: a name
        # such as 满意度 in the name column stays a name.
        if len(vocab.fold(text)) > 14 or not re.search(r"(?:指标|类)$", text.strip()):
            return None
    if role == "level1" and lab1 and not have1:
        return 1
    if role == "level2" and lab2 and not have2:
        return 2
    if lab1 and lab2:
        level = 2 if have1 else 1
    else:
        level = 1 if lab1 else 2
    if level == 1 and have1:
        level = 2 if lab2 else 0
    if level == 2 and have2:
        return None
    return level or None


def _have(labels: list[tuple[int, str, int]]) -> tuple[bool, bool]:
    return any(lv == 1 for lv, _, _ in labels), any(lv == 2 for lv, _, _ in labels)


def _indicator_row(st: _State, block: Block, i: int, cells: list[_Cell]) -> None:
    # Task columns (主要任务 | 预期目标 | … in a self-evaluation) open a task.
    if st.meta_cols:
        cells = _row_meta(st, cells)
        if not cells:
            return
    task_col = {r: j for j, r in st.cols.items() if r in NON_INDICATOR_ROLES}
    by_col = {c.col: c.text for c in cells}
    task_name = by_col.get(task_col["task"]) if "task" in task_col else None
    if task_name and task_name not in {t.name for t in st.filing.tasks}:
        # once per task: a merged task cell repeats its name on every row of its group, and a
        # task listed above (年度重点工作任务) may name the group of indicators measuring it
        st.filing.tasks.append(
            Task(
                name=by_col[task_col["task"]],
                goal=by_col.get(task_col.get("task_goal", -1)),
                funds=by_col.get(task_col.get("task_funds", -1)),
                table=block.index,
                row=_row_number(block, i),
            )
        )

    cells = _vertical_labels(st, cells)
    if not cells:
        return
    by_col = {c.col: c.text for c in cells}
    name_col = _name_col(st)
    first_col = min(st.cols)
    if by_col.get(name_col):
        # The row is aligned at the name: text left of the table's first column is a section
        # cell (年度关键指标, 绩效指标 merged down), not part of the indicator.
        cells = [c for c in cells if not (c.col < first_col and _is_section_cell(st, c))]
    if not cells or vocab.is_total(cells[0].text):
        return  # a totals row (总分 | … | 100 | 92.5)
    if _section_label_row(st, cells):
        return
    labels: list[tuple[int, str, int]] = []
    # Level columns right of the name (指标名称 | … | 二级指标 | 一级指标) are read by column.
    for c in [c for c in cells if c.col > name_col and st.cols.get(c.col) in LEVEL_ROLES]:
        if st.cols[c.col] == "label":
            # a category column right of the name (指标名称 | 指标类型 …): its cell says its level
            level = _label_level(_label_text(c.text), "label", *_have(labels))
            if level is None:
                continue
        else:
            level = 1 if st.cols[c.col] == "level1" else 2
        labels.append((level, _label_text(c.text), c.col))
        cells = [x for x in cells if x is not c]
    labels.sort()
    rest: list[_Cell] = []
    have1 = any(lv == 1 for lv, _, _ in labels)
    have2 = any(lv == 2 for lv, _, _ in labels)
    for n, c in enumerate(cells):
        role = st.cols.get(c.col)
        if role in NON_INDICATOR_ROLES:
            continue
        text = _label_text(c.text)
        pair = None if (have1 or have2) else _compound(text)
        if pair:
            labels += [(1, pair[0], c.col), (2, pair[1], c.col)]
            have1 = have2 = True
            continue
        level = None if have2 else _label_level(text, role, have1, have2)
        if level and c.col >= name_col and role not in LEVEL_ROLES and not _shifted_right(st, cells):
            level = None  # a category name written as the indicator's name (the review flags it)
        if level:
            labels.append((level, text, c.col))
            have1 |= level == 1
            have2 |= level == 2
            continue
        rest = cells[n:]
        break
    if labels:
        l1 = next((t for lv, t, _ in labels if lv == 1), None)
        l2 = next(((t, j) for lv, t, j in labels if lv == 2), None)
        if l1 is not None:
            st.carry1, st.carry2 = l1, l2[0] if l2 else None
        elif l2 is not None:
            text, col = l2
            if st.cols.get(col) not in LEVEL_ROLES and _parent(text) != _parent_l1(st.carry1):
                # A level 2 found out of its column (a shifted row) under another level 1:
                # the merged level-1 cell carried so far has ended.
                st.carry1 = None
            st.carry2 = text
    if not rest:
        return  # a row of category labels only (an empty 成本指标 row)
    heads = [c for c in rest if st.cols.get(c.col) not in NON_INDICATOR_ROLES]
    if not labels and heads and st.last is not None and _continues(st, heads, name_col):
        return
    fields = _align(st, rest)
    name = fields.pop("name", "")
    if not name or (len(heads) == 1 and heads[0].col > name_col and _VALUE_MARK.search(name)):
        return  # nothing names it (a lone value under the value column): not an indicator
    if taxonomy.is_category_name(name) and not any(fields.get(k) for k in ("value", "period_value")):
        return
    _add_indicator(st, block, i, _one_line(name), fields)


def _vertical_labels(st: _State, cells: list[_Cell]) -> list[_Cell]:
    """A level label written one character a line in a narrow merged cell (产\\n出\\n指\\n标),
    printed without vertical rules, reaches the reader cut into the rows beside it (``产出`` |
    ``指`` | ``标``). In a level column a cell that is no label but the beginning of exactly one
    label of its level is that label; a cell that continues the label read above it in the same
    column is the rest of it, no text of the row."""
    out = []
    for c in cells:
        role = st.cols.get(c.col)
        if role not in ("level1", "level2"):
            out.append(c)
            continue
        level = 1 if role == "level1" else 2
        key = vocab.fold(c.text)
        before = st.label_lines.get(c.col)
        if _norm(c.text, level=level):
            st.label_lines[c.col] = key
            out.append(c)
        elif before and taxonomy.label_of_prefix(before + key, level):
            st.label_lines[c.col] = before + key  # the rest of the label above: dropped
        elif label := taxonomy.label_of_prefix(key, level):
            st.label_lines[c.col] = key
            out.append(_Cell(c.col, label))
        else:
            out.append(c)
    return out


_COMPOUND_SPLIT = re.compile(r"\s*[-—–－/／|｜、\\]+\s*")


def _row_meta(st: _State, cells: list[_Cell]) -> list[_Cell]:
    """Take the metadata columns of a flat export off a row: a new 项目名称/项目编码 opens a new
    project; other keys (主管部门, 实施单位 …) go to the project's metadata."""
    rest = []
    for c in cells:
        key = st.meta_cols.get(c.col)
        if key is None:
            rest.append(c)
            continue
        if key in vocab.PROJECT_KEYS:
            attr = "name" if key == "项目名称" else "code"
            if st.project is None or getattr(st.project, attr) != c.text:
                if st.project is None or getattr(st.project, attr) is not None or st.project.indicators:
                    st.project = Project()
                    st.filing.projects.append(st.project)
                    st.carry1 = st.carry2 = None
                setattr(st.project, attr, c.text)
                st.project.meta[key] = c.text
        elif st.project is not None:
            st.project.meta.setdefault(key, c.text)
    return rest


def _compound(text: str) -> tuple[str, str] | None:
    """``产出指标—数量指标``, ``成本指标/经济成本指标``: a level 1 and its level 2 in one cell."""
    parts = [p for p in _COMPOUND_SPLIT.split(text.strip()) if p]
    if len(parts) != 2 or len(text) > 30:
        return None
    if _norm(parts[0], level=1) and _norm(parts[1], level=2):
        return parts[0], parts[1]
    return None


def _section_label_row(st: _State, cells: list[_Cell]) -> bool:
    """A row holding one category label only, wherever it sits (a section row spanning the table:
    ``产出指标``, ``一、效益指标``, ``（二）质量指标``): it sets the labels carried to the rows below
    and is not an indicator."""
    texts = {_label_text(c.text) for c in cells}
    if len(texts) != 1:
        return False
    text = texts.pop()
    if len(vocab.fold(text)) > 16:
        return False
    if pair := _compound(text):
        st.carry1, st.carry2 = pair
        return True
    if _norm(text, level=1):
        st.carry1, st.carry2 = text, None
        return True
    if _norm(text, level=2):
        if _parent(text) != _parent_l1(st.carry1):
            st.carry1 = None  # a level 2 of another level 1: the level 1 comes from the level 2
        st.carry2 = text
        return True
    return False


def _continues(st: _State, heads: list[_Cell], name_col: int) -> bool:
    """Append a continuation row to the previous indicator; False when the row is an indicator.

    - one short cell (≤ 4 characters, not a label) in or left of the name column continues the
      name (a name cut by a page break: the lone 率), unless the name already ends with it;
    - cells right of the name column only, in text columns (description, basis, deviation) and
      none in a value column or beyond the table, continue those texts (wrapped lines);
    - one short cell without digits right of the name column, in a value column, continues that
      value (a unit pushed to the next line: 万元).
    """
    last = st.last
    assert last is not None
    head = heads[0]
    short = len(heads) == 1 and len(head.text) <= 4 and not _norm(head.text)
    if head.col <= name_col:
        if not short:
            return False
        if not last.name.endswith(head.text):
            last.name += head.text
    else:
        roles = [st.cols.get(c.col) for c in heads]
        if st.cols.get(head.col) in _FIELD_ATTR and all(
            c.col <= max(st.cols) and r not in _VALUE_ROLES for c, r in zip(heads, roles)
        ):
            for c, r in zip(heads, roles):
                if attr := _FIELD_ATTR.get(r or ""):
                    old = getattr(last, attr)
                    setattr(last, attr, join_two(old, c.text) if old else c.text)
            return True
        attr = {"value": "value", "period_value": "period_value", "actual": "actual"}.get(roles[0] or "")
        if not (short and attr and not _VALUE_MARK.search(head.text)):
            return False
        setattr(last, attr, (getattr(last, attr) or "") + head.text)
    last.threshold = thresholds_of(last.value, last.name)
    return True


def _one_line(text: str) -> str:
    """A name is one line: a break inside it is a wrap (joined as the readers join wraps)."""
    if "\n" not in text:
        return text
    out = ""
    for part in text.split("\n"):
        out = join_two(out, part.strip())
    return out


_VALUE_MARK = re.compile(r"[0-9%％≥≤><=≧≦]")
_QUALITATIVE = re.compile(r"提升|提高|良好|合格|达标|完成|有效|显著|满意|改善|稳定|按时|及时")


def _value_like(text: str) -> bool:
    """A target value rather than a name: numbers and operators, or a short qualitative word
    (良好, 有所提升) that is not itself a rate or a count (合格率, 满意度)."""
    if _VALUE_MARK.search(text):
        return True
    return len(text) <= 8 and bool(_QUALITATIVE.search(text)) and not re.search(r"[率度数量]$", text)


def _shifted_right(st: _State, cells: list[_Cell]) -> bool:
    """Evidence that a row was pushed to the right: a cell beyond the table's last column, or
    the value column holding text while a cell further right holds a value."""
    if any(c.col > max(st.cols) for c in cells):
        return True
    value_col = next((j for j, r in sorted(st.cols.items()) if r in ("value", "period_value")), None)
    if value_col is None:
        return False
    by_col = {c.col: c.text for c in cells}
    at = by_col.get(value_col, "")
    later = [t for j, t in by_col.items() if j > value_col]
    return bool(at) and not _value_like(at) and any(_value_like(t) for t in later)


def _is_section_cell(st: _State, c: _Cell) -> bool:
    """A cell naming the part of the form (绩效指标, 年度关键指标), not an indicator or a label."""
    key = vocab.fold(c.text)
    if key == st.header_echo.get(c.col) or vocab.is_section(c.text):
        return True
    if re.fullmatch(r"[0-9]{1,3}|[（(]?[一二三四五六七八九十]{1,3}[)）、]?", key):
        return True  # a row number in a column without a header
    return len(key) <= 10 and key.endswith(("指标", "目标")) and not _norm(c.text)


def _parent(level2_raw: str | None) -> str | None:
    return taxonomy.parent(_norm(level2_raw, level=2))


def _parent_l1(level1_raw: str | None) -> str | None:
    return _norm(level1_raw, level=1)


def _align(st: _State, rest: list[_Cell]) -> dict[str, str]:
    """Map the cells of a row (labels removed) to fields, realigning shifted rows.

    The cell in the name column is the name when the cells left of it all stand in field columns
    (values printed before the name); else the first remaining cell is. When it sits in the name
    column the row is read by position. Otherwise the row was shifted by the converter: the other cells are read at the
    same offset when that lands every one of them on a field column, else in order onto the
    field columns that follow the name column.
    """
    name_col = _name_col(st)
    cands = [c for c in rest if st.cols.get(c.col) not in NON_INDICATOR_ROLES]
    if not cands:
        return {}
    head = cands[0]
    at_name = next((c for c in cands if c.col == name_col), None)
    if at_name is not None and all(st.cols.get(c.col) in FIELD_ROLES for c in cands if c.col < name_col):
        # Columns are roles, not positions: the figures may stand left of the name (年度指标值 |
        # 实际完成值 | 三级指标), and the cell under the name's header is the name.
        head = at_name
    fields: dict[str, str] = {"name": head.text}
    shift = head.col - name_col
    if shift == 0:
        for c in rest:
            role = st.cols.get(c.col)
            if role is None and c.col > name_col and _operator_sign(c.text):
                role = "operator"  # a sign alone in a column without a header word: the value's operator
            if c is not head and role in FIELD_ROLES and role not in fields:
                fields[role] = c.text
        return fields
    tail = cands[1:]
    roles = [st.cols.get(c.col - shift) for c in tail]
    if all(r in FIELD_ROLES for r in roles) and len(set(roles)) == len(roles):
        fields.update({r: c.text for r, c in zip(roles, tail) if r})
        return fields
    order = [r for j, r in sorted(st.cols.items()) if j > name_col and r in FIELD_ROLES]
    for r, c in zip(order, tail):
        fields[r] = c.text
    return fields


def _add_indicator(st: _State, block: Block, i: int, name: str, fields: dict[str, str]) -> None:
    name = strip_template_number(name)  # 指标1：… of the national template
    value = _clean(fields.get("value"))
    period = _clean(fields.get("period_value"))
    if not value and not period and not ({"value", "period_value"} & set(st.cols.values())):
        value = name  # a table without a target column (关键指标 | 指标完成情况): the name states it
    if not value and period:
        value = period
    unit = _clean(fields.get("unit"))
    if unit in _EMPTY_MARK:
        unit = None
    op = _clean(fields.get("operator"))
    sign = _operator_sign(op) or vocab.DIRECTION_SIGNS.get(vocab.fold(op))
    if value and _NUMBER.match(value) and sign:
        value = sign + value
    if value and unit and _is_op_number(value) and not value.endswith(("%", unit)):
        value += unit
    actual = _clean(fields.get("actual"))
    if actual and unit and _NUMBER.match(actual) and not actual.endswith("%"):
        actual += unit
    l1_raw, l2_raw = st.carry1, st.carry2
    level1, level2, layout = taxonomy.normalize_pair(l1_raw, l2_raw)
    ind = Indicator(
        file=st.doc.path,
        name=name,
        level1=level1,
        level2=level2,
        level1_raw=l1_raw,
        level2_raw=l2_raw,
        description=_clean(fields.get("description")),
        value=value,
        period_value=period,
        basis=_clean(fields.get("basis")),
        actual=actual,
        weight=_float(fields.get("weight")),
        score=_float(fields.get("score")),
        deviation=_clean(fields.get("deviation")),
        unit=unit,
        project=st.project.name if st.project else None,
        table=block.index,
        row=_row_number(block, i),
        page=_page(block, i),
        layout=layout,
        threshold=thresholds_of(value, name),
    )
    st.filing.indicators.append(ind)
    if st.project is not None:
        st.project.indicators.append(ind)
    st.last = ind


def _task_row(st: _State, block: Block, i: int, cells: list[_Cell]) -> None:
    name_col = st.task_cols["name"]
    by_col = {c.col: c.text for c in cells}
    fields: dict[str, str] = {}
    if by_col.get(name_col):
        fields = {r: by_col[j] for r, j in st.task_cols.items() if by_col.get(j)}
    else:
        head = cells[0]
        shift = head.col - name_col
        inv = {j: r for r, j in st.task_cols.items()}
        roles = [inv.get(c.col - shift) for c in cells]
        if all(roles) and len(set(roles)) == len(roles):
            fields = {r: c.text for r, c in zip(roles, cells) if r}
        else:
            order = [r for r, _ in sorted(st.task_cols.items(), key=lambda kv: kv[1])]
            fields = {r: c.text for r, c in zip(order, cells)}
    if not fields.get("name"):
        return
    if len({c.text for c in cells}) == 1 and _is_section_cell(st, cells[0]):
        st.mode = None  # a heading row spanning the table (年度绩效指标): the task table has ended
        return
    st.filing.tasks.append(
        Task(
            name=fields["name"],
            content=fields.get("content"),
            funds=fields.get("funds"),
            goal=fields.get("goal"),
            table=block.index,
            row=_row_number(block, i),
        )
    )


# --- metadata -----------------------------------------------------------------------------


def _meta_row(st: _State, cells: list[_Cell], block: Block) -> None:
    if block.merged_fill:
        dedup: list[_Cell] = []
        for c in cells:
            if not dedup or dedup[-1].text != c.text:
                dedup.append(c)
        cells = dedup
    texts = [c.text for c in cells]
    numeric = [bool(_NUMBER.match(t)) for t in texts]
    # A values row under a row of labels (资金支出计划: 3月底 | 6月底 … then 25% | 50% …),
    # paired by column.
    under = [c for c in cells if st.pending_pairs and c.col in st.pending_pairs]
    beside = [c for c in cells if not (st.pending_pairs and c.col in st.pending_pairs)]
    if (
        st.pending_pairs is not None
        and under
        and all(_NUMBER.match(c.text) for c in under)
        # other cells: a merged cell repeated from the label row, or a row label (年度资金总额),
        # never a key of its own (项目名称 | 甲 … then 预算数 | 10.5 are two key rows)
        and all(c.text == st.pending_row.get(c.col) or not vocab.meta_key(c.text) for c in beside)
    ):
        labels, key = st.pending_pairs, st.pending_pairs_key
        st.pending_pairs = st.pending_pairs_key = None
        pairs = list(dict.fromkeys((labels[c.col], c.text) for c in under))
        if pairs:
            if key == "资金支出计划":
                _assign(st, key, "；".join(f"{a} {b}" for a, b in pairs))
            else:
                for a, b in pairs:
                    # a number under a label beats what the label row seemed to pair it with
                    _assign(st, vocab.meta_key(a, loose=True) or _clean_key(a), b, override=True)
            return
    st.pending_pairs = st.pending_pairs_key = None
    # The value of a key left without one on the previous row (绩效目标 | … on two lines): the
    # cell under the key, or the nearest key to its left.
    if (st.pending_key or st.pending_cols) and not any(
        vocab.meta_key(t) or vocab.is_section(t) for t in texts
    ):
        done: set[str] = set()
        for c in cells:
            left = [j for j in st.pending_cols if j <= c.col]
            key = st.pending_cols[max(left)] if left else st.pending_key
            if key and key not in done:
                _assign(st, key, c.text)
                done.add(key)
        if not done and st.pending_key:
            _assign(st, st.pending_key, "\n".join(texts))
        st.pending_key = None
        st.pending_cols = {}
        return
    st.pending_key = None
    st.pending_cols = {}
    if _is_toc_row(texts):
        return
    if len(texts) <= 2 and all(_unit_line(st, t) for t in texts):
        return
    first_key = vocab.meta_key(texts[0])
    if first_key == "资金支出计划" or (not any(numeric) and len(cells) >= 3):
        # A row without numbers: its values may come on the next row, column under column.
        labels = cells[1:] if (first_key or vocab.is_section(texts[0])) else cells
        if len(labels) >= 2:
            st.pending_pairs = {c.col: c.text for c in labels}
            st.pending_pairs_key = first_key
            st.pending_row = {c.col: c.text for c in cells}
        if first_key == "资金支出计划":
            return
    k = 0
    while k < len(cells):
        t = texts[k]
        key = vocab.meta_key(t)
        nxt = texts[k + 1] if k + 1 < len(texts) else None
        if key:
            if nxt is not None and not vocab.meta_key(nxt) and not vocab.is_section(nxt):
                _assign(st, key, nxt)
                k += 2
                continue
            if key in vocab.TEXT_KEYS:
                st.pending_key = key
                st.pending_cols[cells[k].col] = key
            k += 1
            continue
        if "资金用途" in t:
            st.pending_key = "资金用途"  # its text is on the next row (预算规模及资金用途)
        if nxt is not None and not numeric[k] and numeric[k + 1]:
            _assign(st, _clean_key(t), nxt)  # the budget block: 基本支出 | 350.76
            k += 2
            continue
        k += 1


# "712001 共青团张家口市委员会本级" (budget unit code and name), "单位：万元" (the money unit).
_UNIT_CODE = re.compile(r"^(?P<code>[0-9]{6})\s*(?P<name>[^\s0-9].{1,40})$")
_MONEY_UNIT = re.compile(r"^(?:金额)?单位\s*[:：]\s*(?P<unit>万元|元|千元|亿元)$")


def _unit_line(st: _State, text: str) -> bool:
    """Record a budget-unit line or a money-unit line in Filing.meta; False for other text."""
    t = text.strip()
    if m := _UNIT_CODE.match(t):
        st.filing.meta.setdefault("单位编码", m.group("code"))
        st.filing.meta.setdefault("单位名称", m.group("name").strip())
        return True
    if m := _MONEY_UNIT.match(t):
        st.filing.meta.setdefault("金额单位", m.group("unit"))
        return True
    return False


def _is_toc_row(texts: list[str]) -> bool:
    """A table-of-contents line: a heading and its page number (一、总体绩效目标 | 1)."""
    return (
        len(texts) == 2
        and texts[1].isdigit()
        and int(texts[1]) < 1000
        and bool(re.match(r"^(?:[一二三四五六七八九十]+、|[0-9]+[.、．]|第.部分)", texts[0]))
    )


def _assign(st: _State, key: str, value: str, override: bool = False) -> None:
    value = value.strip()
    if not value:
        return
    if key in vocab.PROJECT_KEYS:
        st.title_project = None  # the form names its project itself
        field_name = "name" if key == "项目名称" else "code"
        p = st.project
        if p is None or getattr(p, field_name) is not None or p.indicators:
            p = Project()
            st.project = p
            st.filing.projects.append(p)
            st.carry1 = st.carry2 = None
        setattr(p, field_name, value)
        p.meta[key] = value
        return
    if key == "总体绩效目标":
        if st.project is not None and st.project.goal is None:
            st.project.goal = value  # 年度总体目标 of a project form
        else:
            st.filing.goals.extend(_lines(value))
        return
    target = st.project.meta if st.project is not None else st.filing.meta
    if st.project is not None:
        if key == "预算数" and (st.project.budget is None or override):
            st.project.budget = value
        elif key == "资金支出计划":
            st.project.schedule = value
        elif key == "绩效目标":
            st.project.goal = value
    elif key == "绩效目标":
        st.filing.goals.extend(_lines(value))
        return
    if override:
        target[key] = value
    else:
        target.setdefault(key, value)


# --- helpers ------------------------------------------------------------------------------


def _kind(st: _State) -> str:
    f = st.filing
    if st.self_evaluation:
        return "self_evaluation"
    in_projects = sum(len(p.indicators) for p in f.projects)
    if f.projects and in_projects >= len(f.indicators):
        return "project"
    if f.indicators or "部门名称" in f.meta or f.goals or f.tasks:
        return "department"
    return "unknown"


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    t = text.strip()
    return t or None


def _clean_key(text: str) -> str:
    """A metadata key as filed, without spaces and without an English gloss (贷款资金 Loan)."""
    return re.sub(r"\s+", "", vocab.gloss_free(text)).rstrip(":：")


def _float(text: str | None) -> float | None:
    if not text:
        return None
    t = text.strip().rstrip("%分").replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def _row_number(block: Block, i: int) -> int:
    if block.kind == "paragraph":
        i = 0 if block.row_numbers else block.index  # a paragraph: its line, or its number
    if block.row_numbers and i < len(block.row_numbers) and block.row_numbers[i] is not None:
        return int(block.row_numbers[i])  # type: ignore[arg-type]
    return i + 1


def _page(block: Block, i: int) -> int | None:
    if block.row_pages and i < len(block.row_pages) and block.row_pages[i] is not None:
        return block.row_pages[i]
    return block.page
