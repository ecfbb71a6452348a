"""The regular expressions of values, deadlines and qualitative labels, assembled from the vocabulary."""

from __future__ import annotations

import re
from functools import cache

from indicator_nlp.thresholds.numerals import CN_BIG, CN_DIGITS, CN_SMALL
from indicator_nlp.thresholds.words import Lexicon, _alt, _unit_alt, lexicon

NUM_AR = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"  # 1,430,400.00 (spaces already removed by normalize)
NUM_CN = (
    rf"[{CN_DIGITS}十拾廿卅][{CN_DIGITS}{CN_SMALL}{CN_BIG}]*(?:点[{CN_DIGITS}]+)?"  # 三千, 十二, 两万, 一点五
)


# Units that may follow 每 in a rate (元每人每月, 每生每年, 每村1名); 每名社工 or 每个村 are not rates
# of the unit.
PER_AFTER_MEI = (
    "人", "人次", "年", "月", "日", "天", "次", "户", "学年", "学期", "小时", "课时", "平方米", "亩", "季度", "周",
    "生", "村", "校", "乡镇", "社区", "床", "公里", "吨", "场",
)  # fmt: skip

# The denominator of a rate may carry a number (人/10万人, 批次/千人), or be one (≤12/10万: per
# 100,000 people, the ‰ of public health).
DENOMINATOR = r"(?:[0-9]+[千万]?|[十百千万])"


def _unit_pattern(lx: Lexicon) -> tuple[str, str]:
    """(unit, per-part) patterns: listed units, then the open vocabulary of measure words.

    Listed units of two or more characters come first (longest first: 个百分点 before 个), then
    a measure-word head with its tail (床日, 剂次), then single listed characters, then a lone head.
    """
    multi = [u for u in lx.unit_kinds if len(u) > 1]
    single = [u for u in lx.unit_kinds if len(u) == 1]
    heads, tails = re.escape(lx.measure_heads), re.escape(lx.measure_tails)
    unit = f"(?:{_unit_alt(multi)}|[{heads}][{tails}]|{_unit_alt(single)}|[{heads}])"
    # After a slash any listed unit may stand (个/村, 次/季度), besides the per-units proper.
    per_words = set(lx.per_units) | {u for u in lx.unit_kinds if not u.isascii()}
    per = f"(?:{_alt(per_words)}|[{heads}][{tails}]?)"
    return unit, per


def _multiplier(lx: Lexicon) -> str:
    """万, 亿, 千 …; 千 before 瓦/米/克/伏/伏安 is the prefix kilo of a listed unit (500千瓦), not 1000×."""
    kilo = [u[1:] for u, k in lx.unit_kinds.items() if u.startswith("千") and k not in ("count", "money", "percent")]
    return "|".join(
        re.escape(w) + (f"(?!{_alt(kilo)})" if w.endswith("千") and kilo else "")
        for w in sorted(lx.multipliers, key=lambda w: (-len(w), w))
    )


def _quantity(i: int, lx: Lexicon) -> str:
    """One number with its multiplier and unit; groups suffixed with ``i`` (1, 2 in a range)."""
    unit, per = _unit_pattern(lx)
    per_mei = _alt(u for u in lx.per_units if u in PER_AFTER_MEI)
    mult = _multiplier(lx)
    # Repetitions are bounded ({0,3}): a rate has at most three parts (元/人/月), and a bounded
    # pattern keeps the work per starting position constant (extract_thresholds is linear).
    rate = rf"(?:/(?:{DENOMINATOR}?{per}|[0-9]+[千万])(?:[.·*×]{per}){{0,2}}|每(?:{per_mei}))"
    return rf"""
        (?P<sign{i}>负|(?<![^\s(（:：,，;；=])-)?                        # 负三, -83.61 (leading minus only)
        (?:
            百分之?(?P<psign{i}>负)?(?P<pct{i}>{NUM_CN}|{NUM_AR}|百)       # 百分之九十五, 百分百
          | (?<![0-9.,A-Za-z第])(?P<num{i}>{NUM_AR})[ ]?(?P<mult{i}>{mult})?   # 33.57 万
          | (?<![{CN_DIGITS}{CN_SMALL}{CN_BIG}第])(?P<cn{i}>{NUM_CN})        # 三千, 五万
        )
        (?!\.?[0-9])                                                # not half a number
        (?P<approx{i}>余|多)?                                        # 80余场: more than 80
        (?P<amult{i}>{mult})?                                        # 500余万, 二十点一万
        [ ]?(?P<unit{i}>{unit}(?!之(?!间))                           # 个, %, 床日 (一百分之二 is a fraction)
            {rate}{{0,3}}                                            # 万元/年, 元每人每月, 户/人.月, 人/10万人
          | /(?:{DENOMINATOR}?{per}|[0-9]+[千万])(?:[.·*×]{per}){{0,2}}  # ≤12.5/株 (元/株 when money), ≤12/10万
        )?
        (?:(?P<jiao{i}>[0-9{CN_DIGITS}])[角毛]                       # 12元5角8分, 十二块五毛
           (?:(?P<fen{i}>[0-9{CN_DIGITS}])分)?)?
    """


def _date(i: int) -> str:
    """A calendar date, full or partial; groups suffixed with ``i``.

    The end of a period (``i`` = 2) may leave out its year: ``2023.3.1-11.30``.
    """
    cn = "〇零一二三四五六七八九"
    short = (
        rf"""| (?<=[-~至到—])(?P<sm{i}>1[0-2]|0?[1-9])\.(?P<sd{i}>3[01]|[12][0-9]|0?[1-9])(?![0-9.])  # -11.30"""
        if i == 2
        else ""
    )
    return rf"""
        (?:
            (?:(?P<y{i}>(?:19|20)[0-9]{{2}})|(?P<ycn{i}>[{cn}]{{4}}))[ ]?年度?     # 2024年, 二〇二四年
            (?:[ ]?第?(?P<q{i}>[一二三四1-4])季度|[ ]?(?P<h{i}>上|下)半年)?        # 2024年第三季度, 上半年
            (?:[ ]?(?P<m{i}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月份?  # 12月
               (?:[ ]?(?P<d{i}>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[ ]?[日号])?)?
          | (?<![0-9])(?<![0-9{cn}]年)(?P<mo{i}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?月份?  # 12月31日 (no year)
            (?:[ ]?(?P<do{i}>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[ ]?[日号])?
          | (?P<iy{i}>(?:19|20)[0-9]{{2}})(?P<isep{i}>[-./])(?P<im{i}>1[0-2]|0?[1-9])   # 2024-12-31
            (?:(?P=isep{i})(?P<id{i}>3[01]|[12][0-9]|0?[1-9]))?(?![0-9])
          {short}
        )
        (?P<end{i}>年?底|年?末|年终|全年|上旬|中旬|下旬)?             # 年底, 12月底, 2024年年底, 2023年全年
    """


@cache
def patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The compiled (values, qualitative) patterns, built once from the lexicon."""
    lx = lexicon()
    pre = _alt(lx.prefix_ops)
    suf = _alt(lx.suffix_ops)
    per_mei = _alt(u for u in lx.per_units if u in PER_AFTER_MEI)
    rsep = _alt(lx.range_separators)
    gap = _alt(lx.gap_ops)
    events = _alt(lx.event_deadlines)
    ev_chars = "".join(sorted({re.escape(w[0]) for w in lx.event_deadlines}))
    pre_firsts = "".join(sorted(re.escape(c) for c in {w[0] for w in lx.prefix_ops}))
    values = rf"""
        (?P<deadline>
            (?P<dpre>于|在|截至|截止|截止到|截至到|为|定为)?
            (?P<recur>每年度?|每个?季度|每个?月|每半年)?                  # 每年11月底前, 每季度末
            (?: (?=(?:(?:19|20)[0-9]{{2}}年度?)?[{ev_chars}])             # (a cheap check before the words)
                (?:(?P<evy>(?:19|20)[0-9]{{2}})年度?)?(?P<event>{events})  # 春节前, 汛前, 秋季开学前: a time
                (?=(?:之前|以前|前)(?!后))                                # of the year named, no date
              | {_date(1)}
                (?:[ ]?(?:{rsep})[ ]?{_date(2)})?                     # 2024年1月-12月: the end counts
              | (?<![0-9])(?P<yend>年底|年末|年终)                     # 年底前 (year from context)
              | (?<![0-9年])(?P<fullyear>全年)                         # 全年 (a cell, or 全年内/全年完成)
                (?=内|以内|之内|完成|完工|$|[ ，。；,;])
              | (?<=季度|个月|每月|半年)(?P<pend>末|底)(?!月)             # 每季度末 (after a recurrence)
              | (?P<mrel>次月|下个?月|当月|首月|末月)?(?<=月)                # 次月15日前, 每月10日前: a day of
                (?P<dom>3[01]|[12][0-9]|0?[1-9])[ ]?[日号]                  # a month named by its relation
              | (?<![0-9年每])(?:第?(?P<qn>[一二三四1-4])季度|(?P<hn>上|下)半年)    # 第四季度, 上半年 (no year)
                (?P<qend>末|底)?
            )
            (?P<before>之前|以前|前|为止|止|以内|之内|内)?                  # 前 / 内
            (?P<done>完成|完工|竣工|结束|办结|实施完毕|全部完成)?
        )
      | (?P<value>
            (?P<preper>(?:每(?:{per_mei})){{1,3}})?                    # 每人每月 750元
            (?(preper)(?P<pgap>[\u4e00-\u6bce\u6bd0-\u9fff]{{1,4}}?(?<!不)       # 每周开放 不少于56小时 (no 每:
                (?=[{pre_firsts}])(?={pre}))??)                             # a cheap first-character check)
            (?:(?P<pre>{pre})了?[ :：]?                                 # 不少于, ≥, 超过了
              | (?P<gpre>{gap})(?P<gap>[\u4e00-\u9fff]{{1,4}}?)           # 至少获得 2方面
            )?
            {_quantity(1, lx)}
            (?:[ ]?(?:[(（]含[)）])?                                    # 1万(含)-5万元
               (?:{rsep}|(?:和|与)(?=[^间]{{1,12}}间))                     # 1-2个, 20和30之间
               [ ]?{_quantity(2, lx)}(?:之间|间)?)?
            (?:[ ]?[(（]含[)）])?
            (?P<snoun>(?!或|及)[\u4e00-\u9fff]{{1,2}}(?=(?:及|或)?以[上下内]))?   # 2个程度及以上, 10家企业以上
            (?P<suf>{suf})?                                            # 以上, 以内
        )
    """
    qual = rf"""
        (?P<label>{_alt(lx.labels)})
        (?![率度性数量值]|情况|时间|时限|进度|标准)                      # 合格率, 完成情况 are names
        (?P<qsuf>及以上|或以上|以上)?
    """
    # Every match starts with one of these characters; checking it first skips most positions of
    # running text cheaply (about twice as fast). Keep in sync with the alternatives above.
    firsts = set("0123456789-负百每于在截年十拾廿卅〇为定全第上下次当") | set(CN_DIGITS)
    firsts |= {w[0] for w in lx.prefix_ops} | {w[0] for w in lx.gap_ops}
    starts = "".join(sorted(re.escape(c) for c in firsts))
    # A time of the year (春节前) or a quarter's first or last month (首月15日前) opens a deadline only
    # with a 前 a few characters on: common characters (中, 国, 开) are not tried further without one.
    ev_firsts = ({w[0] for w in lx.event_deadlines} | set("首末")) - firsts
    ev_starts = "".join(sorted(re.escape(c) for c in ev_firsts))
    values = f"(?=[{starts}]|[{ev_starts}][^，。；,;]{{0,8}}前)(?:{values})"
    return re.compile(values, re.VERBOSE), re.compile(qual, re.VERBOSE)


@cache
def _value_only() -> re.Pattern[str]:
    """The value alternative alone: read where a date-like start was no deadline (2024.12平方米)."""
    values_re, _ = patterns()
    src = values_re.pattern
    return re.compile(src[src.index("| (?P<value>") + 1 :].rstrip().removesuffix(")"), re.VERBOSE)
