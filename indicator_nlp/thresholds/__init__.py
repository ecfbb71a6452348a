"""Read target values (指标值) into :class:`~indicator_nlp.types.Threshold` objects.

``extract_thresholds(text, name=None, *, cell=False)`` finds every threshold in a value cell or a
sentence:

* comparisons by symbol or word (``≥90%``, ``不少于5万人``, ``90%以上``: 以上/以下/以内 include the
  bound), a bare number is ``=``;
* ranges (``1-2个``, ``85%-90%``), compound values (``≥66个388节次`` gives two thresholds);
* 万/亿 multiplied out on counting units (``5万人`` → 50000 人) while money keeps ``万元``/``亿元``
  as written (``≤33.57万元`` → 33.57 万元); rates (``11.92万元/年``, ``190元每人每月`` → ``元/人/月``,
  ``650元/平米``, ``≤12.5/株``);
* units as an open vocabulary: any measure word after a number (``5000床日``, ``1200剂次``), Latin
  units (``100Mbps``, ``20kW``), each with its kind (``Threshold.kind``: count, percent, money,
  rate, length, area …);
* Chinese numerals (``百分之九十五``, ``三千元``, ``两万``), but not inside place names and set
  phrases (``三亚``, ``十四五``: ``data/numeral_terms.tsv``);
* deadlines at the precision written (``2024年12月前`` → ``2024-12``, ``12月31日前完成`` →
  ``--12-31``, ``2024年底`` → ``2024-12``), periods at their end (``2022.09-2023.06`` →
  ``2023-06``), recurring (``每年11月底前`` → ``--11``) and relative ones (``项目批复后6个月内``);
* qualitative targets (``合格以上`` → label 合格, ``进一步提升``, ``按合同服务周期完成``), read only
  when the text has no number or date; with ``cell=True`` a value cell is never empty (its own
  text is the label);
* a value without a unit takes it from the text before the operator (``参与志愿服务人次≥20000``
  → 人次) or from the indicator's ``name`` (``培训人数``, ``满意度`` → %, ``(万元)``);
* one threshold of each result is ``primary`` (an explicit operator first).

Spans are offsets into the original text (see :func:`indicator_nlp.text.normalize`). Nothing
found gives ``[]``; no input raises; the time is linear in the length of the text. The words,
units and labels live in ``data/thresholds.json``.

The package, by concern: ``words`` (the data files, loaded once), ``numerals`` (三千 → 3000),
``grammar`` (the regular expressions, assembled from the words), ``units`` (what a unit measures;
the unit a name implies), ``deadlines`` (dates at the precision written), ``quantities`` (one
number with its multiplier and unit) and ``extract`` (windows, matches, labels, the primary one).
Everything public is importable from ``indicator_nlp.thresholds``.
"""

from __future__ import annotations

from indicator_nlp.thresholds.deadlines import _deadline
from indicator_nlp.thresholds.extract import (
    LOOKBACK,
    QUALITATIVE_MAX_LEN,
    WINDOW,
    _extract,
    _scan,
    _windows,
    extract_thresholds,
)
from indicator_nlp.thresholds.grammar import NUM_AR, NUM_CN, PER_AFTER_MEI, patterns
from indicator_nlp.thresholds.numerals import CN_BIG, CN_DIGITS, CN_SMALL, cn_to_number, plain_number
from indicator_nlp.thresholds.quantities import MAX_DIGITS
from indicator_nlp.thresholds.units import measure_kind, threshold_kind, unit_from_name, unit_kind
from indicator_nlp.thresholds.words import DATA_FILE, TERMS_FILE, Lexicon, lexicon

__all__ = [
    "CN_BIG",
    "CN_DIGITS",
    "CN_SMALL",
    "DATA_FILE",
    "LOOKBACK",
    "MAX_DIGITS",
    "NUM_AR",
    "NUM_CN",
    "PER_AFTER_MEI",
    "QUALITATIVE_MAX_LEN",
    "TERMS_FILE",
    "WINDOW",
    "Lexicon",
    "_deadline",
    "_extract",
    "_scan",
    "_windows",
    "cn_to_number",
    "extract_thresholds",
    "lexicon",
    "measure_kind",
    "patterns",
    "plain_number",
    "threshold_kind",
    "unit_from_name",
    "unit_kind",
]
