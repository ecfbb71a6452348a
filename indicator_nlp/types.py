"""The typed results that flow from reader to structurer to classifier to report.

One dataclass per kind of thing; each knows its evidence (text, span, file, page, table, row).
``to_dict()`` gives the JSON form used by every ``--format json|jsonl`` output, so field names
are defined once, here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# Keep in sync with the Threshold.op docstring and docs (issue 2: the operator vocabulary).
OPERATORS = (">=", ">", "<=", "<", "=", "range", "deadline", "qualitative")


@dataclass(frozen=True, slots=True)
class Threshold:
    """One target value read from text.

    ``start``/``end`` are offsets into the *original* text (before normalisation).
    ``op`` is one of :data:`OPERATORS`. ``value`` is the number for comparisons and ``=``;
    ``low``/``high`` bound a ``range``; ``date`` is ``YYYY-MM-DD``, ``YYYY-MM``, ``--MM-DD`` or ``--MM``
    for a ``deadline`` (None for a deadline relative to an event, whose ``label`` is the relative
    text; a recurring deadline's ``label`` is its recurrence, 每年 or 全年); ``label`` names a
    ``qualitative`` target (合格, 良好, 提升 ...).
    ``unit`` is the unit as written after normalisation (``%``, ``个``, ``万元``, ``元/人/月`` ...).
    ``kind`` says what the value measures (``count``, ``percent``, ``money``, ``rate``, ``length``,
    ``area``, ``duration`` ..., ``number`` without a unit, ``date``, ``qualitative``, ``text`` for a
    value cell read as its own label; see :func:`indicator_nlp.thresholds.measure_kind`).
    ``primary`` marks the one threshold of a text that states the target (an explicit operator
    first); exactly one threshold of each non-empty result has it.
    """

    text: str
    start: int
    end: int
    op: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    date: str | None = None
    label: str | None = None
    kind: str | None = None
    primary: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


BlockKind = Literal["paragraph", "table"]


@dataclass(slots=True)
class Block:
    """A paragraph or a table of a document, with where it came from.

    For a table, ``rows`` holds the cell texts (merged cells already resolved by the reader: the
    value of a merged cell is repeated in every cell it covers when ``merged_fill`` is true, or
    kept in the first cell only with the others empty). ``row_pages`` gives the page of each row
    (PDF) and ``row_numbers`` the row number in the source (sheet row, text line) where known.
    """

    kind: BlockKind
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    page: int | None = None
    index: int = 0  # position among the blocks of the same kind (table 0, 1, ...)
    sheet: str | None = None
    row_pages: list[int | None] | None = None
    row_numbers: list[int | None] | None = None
    merged_fill: bool = False


@dataclass(slots=True)
class Document:
    """What every reader returns: the blocks of one file, in reading order."""

    path: str
    format: str  # "txt", "md", "xlsx", "docx", "pdf"
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # encoding, pages, sheets ...

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]


@dataclass(slots=True)
class Indicator:
    """One indicator row of a filing, with its provenance and parsed target value.

    ``level1``/``level2`` are canonical taxonomy names (or None); ``*_raw`` are as written.
    ``value`` is the annual value where a table has both annual and period values.
    """

    file: str
    name: str
    level1: str | None = None
    level2: str | None = None
    level1_raw: str | None = None
    level2_raw: str | None = None
    description: str | None = None
    value: str | None = None
    period_value: str | None = None
    basis: str | None = None
    actual: str | None = None
    weight: float | None = None
    score: float | None = None
    deviation: str | None = None  # 偏差原因分析及改进措施 (self-evaluations)
    unit: str | None = None  # 计量单位 column, when the table has one
    project: str | None = None
    table: int | None = None
    row: int | None = None
    page: int | None = None
    layout: str | None = None  # "2021" (成本 is level 1) or "legacy" (成本 under 产出)
    threshold: list[Threshold] = field(default_factory=list)
    # Where the row came from: None when read from an indicator table, "drafted" when drafted
    # from narrative goals (indicator_nlp.draft; a DraftRow carries the sentence and span).
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["threshold"] = [t.to_dict() for t in self.threshold]
        return d


@dataclass(slots=True)
class Task:
    """A 年度重点工作任务 row: name, content, funds and the expected goal (期望达到的目标)."""

    name: str
    content: str | None = None
    funds: str | None = None
    goal: str | None = None
    table: int | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Project:
    """A project table of a filing with its metadata (项目名称, 项目编码, 预算数 ...)."""

    name: str | None = None
    code: str | None = None
    budget: str | None = None
    schedule: str | None = None  # 资金支出计划
    goal: str | None = None  # 绩效目标 / 分项绩效目标
    meta: dict[str, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["indicators"] = [i.to_dict() for i in self.indicators]
        return d


@dataclass(slots=True)
class Filing:
    """A structured filing: department metadata, narrative goals, tasks, projects, indicators.

    ``kind`` is "department", "project", "self_evaluation", "narrative" (goals in prose, no
    indicator table: its indicators were drafted, ``source="drafted"``) or "unknown". ``indicators``
    lists every indicator of the filing (those of all projects included), in reading order.
    """

    file: str
    kind: str = "unknown"
    meta: dict[str, str] = field(default_factory=dict)
    goals: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "meta": dict(self.meta),
            "goals": list(self.goals),
            "tasks": [t.to_dict() for t in self.tasks],
            "projects": [
                {k: v for k, v in p.to_dict().items() if k != "indicators"}
                | {"indicators": len(p.indicators)}
                for p in self.projects
            ],
            "indicators": [i.to_dict() for i in self.indicators],
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """One class the classifier considered, with its probability.

    ``cls`` is the classifier's class (one of :func:`indicator_nlp.taxonomy.classes`);
    ``level1``/``level2`` are its labels in the layout asked for (cost differs between layouts).
    """

    cls: str
    level1: str | None
    level2: str | None
    p: float

    def to_dict(self) -> dict[str, Any]:
        return {"class": self.cls, "level1": self.level1, "level2": self.level2, "p": self.p}


@dataclass(slots=True)
class Prediction:
    """A classifier's answer for one indicator or text.

    ``cls`` is the predicted class and ``level1``/``level2`` its labels; all three are None when
    the classifier abstained (its confidence below the threshold asked for). ``top`` lists the
    best classes, most probable first, abstained or not.
    """

    name: str
    level1: str | None
    level2: str | None
    confidence: float
    top: list[Alternative] = field(default_factory=list)
    abstained: bool = False
    cls: str | None = None
    #: why (``explain=True``): {"class", "p", "versus", "p_versus", "for", "but", "similar", "text"}
    explanation: dict[str, Any] | None = None

    def p(self, cls: str | None) -> float:
        """The probability given to ``cls`` (0.0 when it is not among :attr:`top`)."""
        return next((a.p for a in self.top if a.cls == cls), 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of every output that shows a prediction (classify, review, draft)."""
        d = {
            "name": self.name,
            "class": self.cls,
            "level1": self.level1,
            "level2": self.level2,
            "confidence": self.confidence,
            "top": [a.to_dict() for a in self.top],
            "abstained": self.abstained,
        }
        if self.explanation is not None:
            d["explanation"] = self.explanation
        return d


@dataclass(slots=True)
class Finding:
    """One review finding: rule, severity, location, offending text, message (Chinese)."""

    rule: str
    severity: Literal["error", "warning", "info"]
    message: str
    file: str | None = None
    project: str | None = None
    table: int | None = None
    row: int | None = None
    text: str | None = None
    suggestion: dict[str, Any] | None = None  # e.g. {level1, level2, confidence}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
