"""Deadline matches read into dates at the precision written (2024年底 → 2024-12, 11月底前 → --11)."""

from __future__ import annotations

import calendar
import re

from indicator_nlp.thresholds.numerals import cn_to_number

# What may follow a deadline named by a time of the year (春节前…): the end of the clause or a verb of
# delivery or completion.
_EVENT_ENDS = " ，。；,;）)"  # not 、: 汛前、汛后各1次 lists times, no deadline
_EVENT_VERBS = ("发放", "拨付", "兑付", "到位", "建成", "交付", "投用", "投入", "上报", "报送", "提交")  # 完成, 完工 …: the done group


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or 2001, month)[1]  # 2001: not a leap year when unknown


def _small_int(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    v = cn_to_number(s)
    return int(v) if v is not None else None


_YEAR_ENDS = ("底", "末", "年底", "年末", "年终", "全年")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _deadline(
    m: re.Match[str], whole: bool = False, whole_cell: bool = False
) -> tuple[str | None, str | None] | None:
    """(date, label) of a deadline match, or None when the match is not a deadline after all.

    A period is a deadline at its end (``2022.09-2023.06`` → ``2023-06``); the precision is the
    one written (``2024年底`` → ``2024-12``, ``11月底前`` → ``--11``, ``12月31日前`` → ``--12-31``).
    A recurring deadline (每年…, 全年, 每季度末) has its recurrence as label; 每季度末 has no date.
    """
    g = m.groupdict()
    recur = g["recur"]
    label = recur.removesuffix("度") if recur and recur.startswith("每年") else recur
    if g["pend"]:
        return (None, f"{recur}{g['pend']}") if recur else None
    if g["event"]:
        # 春节前, 2025年汛期前, 每年汛前: a time of the year named, labelled as written (no date); a
        # deadline only where it is stated as one (于春节前, 汛前完成, 春节前发放, a cell of its own),
        # not where it qualifies a noun (汛前检查于每年5月底前完成).
        after = m.string[m.end() : m.end() + 2]
        if not (g["dpre"] or recur or g["done"] or whole or not after or after[0] in _EVENT_ENDS
                or after.startswith(_EVENT_VERBS)):  # fmt: skip
            return None
        start = m.start("recur") if recur else m.start("evy") if g["evy"] else m.start("event")
        return None, m.string[start : m.end("before")]
    if g["dom"]:
        # A day of a month named by its relation to now: no date. 次月15日前 is labelled as written
        # (like 次年3月底前), 每月10日前 by its recurrence and day (like 每月底).
        if g["mrel"]:  # 每季度首月15日前: the recurrence belongs to the label
            start = m.start("recur") if recur else m.start("mrel")
            return None, m.string[start : m.start("done") if g["done"] else m.end()]
        if recur and recur.endswith("月"):
            return None, m.string[m.start("recur") : m.end("dom") + 1]
        return None
    if g["qn"] or g["hn"]:
        # 第四季度 / 上半年 with no year: a deadline at the end of that part of the year.
        month = _QUARTER_END[g["qn"]] if g["qn"] else (6 if g["hn"] == "上" else 12)
        ok = g["before"] or g["done"] or g["qend"] or whole
        return (f"--{month:02d}", label) if ok and not recur else None
    if g["fullyear"]:
        return "--12", "全年"
    if g["yend"]:
        # 年底前 / 年底完成 is a deadline; 年底 alone is a time of year (年底收回).
        return ("--12", label) if g["before"] or g["done"] else None
    ranged = bool(g["y2"] or g["ycn2"] or g["mo2"] or g["iy2"] or g["sm2"])
    i = "2" if ranged else "1"
    y = _small_int(g[f"y{i}"] or g[f"ycn{i}"] or g[f"iy{i}"]) or (
        _small_int(g["y1"] or g["ycn1"] or g["iy1"]) if i == "2" else None
    )
    mo = _small_int(g[f"m{i}"] or g[f"mo{i}"] or g[f"im{i}"] or (g["sm2"] if i == "2" else None))
    if g[f"q{i}"] or g[f"h{i}"]:
        if mo is not None or y is None:
            return None  # 2024年第三季度9月
        mo = _QUARTER_END[g[f"q{i}"]] if g[f"q{i}"] else (6 if g[f"h{i}"] == "上" else 12)
        if g[f"end{i}"] in _YEAR_ENDS or g[f"d{i}"]:
            return None
        return f"{y:04d}-{mo:02d}", None
    d = _small_int(g[f"d{i}"] or g[f"do{i}"] or g[f"id{i}"] or (g["sd2"] if i == "2" else None))
    end = g[f"end{i}"]
    before = g["before"]
    if i == "2" and g["sm2"] and not (g["isep1"] == "." and g["id1"]):
        return None  # 3.1-11.30 needs a full first date (2023.3.1-11.30)
    dot_iso = g[f"isep{i}"] == "." or (i == "2" and g["sm2"] is not None)
    if recur and y is not None:
        return None  # 每年2024年: not a date
    if end == "全年" and (mo is not None or y is None):
        return None
    if mo is None or not 1 <= mo <= 12:
        if y is None or mo is not None:
            return None
        # A year alone is a deadline only as 2024年底 / 2024年内, or as a whole value cell (完成时间:
        # 2024年); in a sentence a bare 2024年 is a year.
        if end in _YEAR_ENDS or before in ("内", "以内", "之内") or whole_cell or (ranged and whole):
            return f"{y:04d}-12", None
        return None
    if end in ("年底", "年末", "年终", "全年"):
        return None  # 2024年12月年底
    if d is None and end in ("上旬", "中旬"):
        d = 10 if end == "上旬" else 20
    elif d is None and end == "下旬":
        d = _last_day(y, mo)
    if d is not None and not 1 <= d <= _last_day(y, mo):
        return None
    if y is None:
        if d is None:
            # 12月前, 11月底: a month without a year is a deadline only with 前 or 底/末.
            return (f"--{mo:02d}", label) if before in ("前", "之前", "以前") or end or recur else None
        return f"--{mo:02d}-{d:02d}", label
    if dot_iso and not ranged and d is None and not (before or end or whole):
        return None  # 2024.12 inside a sentence is a decimal number; a cell of its own is a month
    return (f"{y:04d}-{mo:02d}-{d:02d}" if d is not None else f"{y:04d}-{mo:02d}"), None
