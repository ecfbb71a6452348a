"""``indicator-nlp draft``: propose indicator rows from the narrative goals of a filing or a text."""

from __future__ import annotations

import argparse

HELP_EPILOG = """examples:
  indicator-nlp draft examples/seed_001.txt
  indicator-nlp draft "开展青少年法治宣传教育活动不少于20场；受益群众满意度达90%以上。"
  indicator-nlp draft "路面修复合格率达到98%，11月底前全部完工，有效提升群众通行安全"
  indicator-nlp draft "建立乡村振兴青年人才库；召开全会并成立专委会；不断提升团干部能力"
  indicator-nlp draft examples/seed_004.txt --format jsonl --measurable-only
  indicator-nlp draft examples/seed_004.txt --rows-only

From 总体绩效目标, 年度重点工作任务 (期望达到的目标), 分项绩效目标 and each project's 绩效目标:
one row per target (name, value, kind, predicted level 1/2 with confidence, the source sentence
and its span). Kinds: number and deadline (a numeric target), event (建立/出台/召开…: a
qualitative target that can be checked), activity (开展…活动 without a count) and improvement
(提升…能力); the last two are not measurable as written and carry a note saying what to add.
Goals are read clause by clause: a rate, a deadline (完工时间 11月底前) and a stated effect
(群众通行安全提升情况, 有效提升) in one sentence are three rows. Sentences with nothing to draft
are listed with kind empty and measurable=false. Details: docs/draft.md.
"""

FORMATS = ("table", "json", "jsonl", "csv")
CSV_FIELDS = (
    "name",
    "value",
    "kind",
    "level1",
    "level2",
    "confidence",
    "measurable",
    "note",
    "project",
    "section",
    "sentence",
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "draft",
        help="propose indicator rows (name, target, category) from narrative goals",
        description="Draft indicator rows from the narrative goals of a filing, or from a text.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", metavar="PATH|TEXT", help="a filing, or the goal text itself")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--output", "-o", metavar="OUT", help="write to OUT instead of stdout")
    p.add_argument(
        "--measurable-only",
        action="store_true",
        help="keep only measurable rows (number, deadline, event)",
    )
    p.add_argument("--rows-only", action="store_true", help="leave out the sentences with nothing to draft")
    p.add_argument(
        "--layout",
        choices=("2021", "legacy"),
        default="2021",
        help="cost layout of the proposed rows: 2021 (成本指标 is a level 1) or legacy (under 产出指标)",
    )
    p.add_argument("--model", metavar="PATH", help="classifier model (default: the bundled model)")
    p.add_argument("--trust", action="store_true", help="load --model even if its model card does not match")


def run(args: argparse.Namespace) -> int:
    import sys

    from indicator_nlp.commands._common import (
        csv_text,
        dumps_json,
        dumps_jsonl,
        emit,
        error,
        format_table,
        load_model_checked,
    )
    from indicator_nlp.draft import draft
    from indicator_nlp.errors import FilingError, ModelError

    if not args.source.strip():
        error("nothing to draft: pass a filing, or the goal text itself")
        return 2
    if _is_folder(args.source):
        error(f"{args.source}: is a folder; pass one filing, or the goal text itself")
        return 1
    if _mistyped_path(args.source):
        error(f"{args.source}: no such file (to draft from a text, pass the goal sentences themselves)")
        return 1
    try:
        model = load_model_checked(args.model, args.trust)
    except ModelError as exc:
        error(f"the classifier model: {exc}")
        return 2
    try:
        rows = draft(
            args.source,
            model=model,
            layout=args.layout,
            measurable_only=args.measurable_only,
            rows_only=args.rows_only,
        )
    except FilingError as exc:
        error(str(exc))
        return 1
    if any(r.name for r in rows) and all(r.level2 is None for r in rows if r.name):
        print("note: no classifier model: level 1/2 left empty", file=sys.stderr)
    if args.format == "json":
        out = dumps_json([r.to_dict() for r in rows])
    elif args.format == "jsonl":
        out = dumps_jsonl(r.to_dict() for r in rows)
    elif args.format == "csv":
        dicts = [r.to_dict() for r in rows]
        out = csv_text([list(CSV_FIELDS), *([d.get(k) for k in CSV_FIELDS] for d in dicts)])
    else:
        table = [
            [
                r.name or "（无可衡量目标）",
                r.value or "",
                r.kind or "",
                "/".join(x for x in (r.level1, r.level2) if x),
                f"{r.confidence:.2f}" if r.level2 else "",
                _short(r.note, 14),
                _short(r.project or r.section, 12),
                f"{r.span[0]}-{r.span[1]}",
                _short(r.sentence, 36),
            ]
            for r in rows
        ]
        n = sum(r.measurable for r in rows)
        k = sum(bool(r.kind) and not r.measurable for r in rows)
        header = ["name", "value", "kind", "category", "conf", "needs", "source", "span", "sentence"]
        out = format_table(table, header) if table else ""
        out += f"{n} measurable targets, {k} rows needing a number, in {len(rows)} rows\n"
    try:
        emit(out, args.output)
    except OSError as exc:
        error(f"{args.output}: cannot write ({exc.strerror or exc})")
        return 1
    return 0


def _is_folder(source: str) -> bool:
    """Whether ``source`` names a folder; a text too long to be a file name is none."""
    from pathlib import Path

    try:
        return Path(source).is_dir()
    except (OSError, ValueError):  # ENAMETOOLONG, an embedded NUL: goal text, not a path
        return False


def _mistyped_path(source: str) -> bool:
    """A single word that reads as a file name but is not a file: a mistyped path, not goal text
    to draft from. A file name has a known suffix, or a slash with path-like characters around it
    (data/goals, ./资料/目标); a slash inside Chinese goal text is a rate (1200元/人·年)."""
    import os
    from pathlib import Path

    from indicator_nlp.readers import LEGACY_SUFFIXES, SUPPORTED

    s = source.strip()
    if not s or len(s.encode()) > 255 or any(c.isspace() for c in s):
        return False
    try:
        if Path(s).is_file():
            return False
    except (OSError, ValueError):
        return False
    if Path(s).suffix.lower() in (*SUPPORTED, *LEGACY_SUFFIXES):
        return True
    # A slash in Chinese goal text is a rate (1200元/人·年, 20场/次); a path starts like one
    # (./, ../, /, ~) or is written in file-name characters only.
    if not ("/" in s or os.sep in s):
        return False
    return s.startswith(("./", "../", "/", "~", ".\\", "..\\")) or s.isascii()


def _short(text: object, width: int) -> str:
    s = "" if text is None else " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1] + "…"
