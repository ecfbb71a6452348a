"""The classifier's view of an indicator: one adapter from whatever the caller holds.

The classifier, the keyword baseline and the features all read a :class:`Record`: the name, the
description, the value (with the 计量单位 column's unit appended when the value lacks it) and,
when the row was structured, the thresholds the structurer read from that value. Callers hand
over what they have — an :class:`~indicator_nlp.types.Indicator` (from ``structure``, ``review``
or ``draft``), a mapping with ``name``/``description``/``value``/``unit`` keys (a TSV row, a
corpus row), a ``(name, description, value)`` tuple or a bare text — and :func:`as_record` turns
it into the same record, so that one row gets one prediction whichever way it arrives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from indicator_nlp.types import Threshold


class Record(NamedTuple):
    """(name, description, value, thresholds) of one indicator.

    ``thresholds`` is None when the value is to be read by the features themselves, and the
    structurer's reading of the value otherwise. A tuple, so that the fitted pipeline's columns
    can index it as ``r[0]``… (the shipped model pickles functions that do).
    """

    name: str
    description: str
    value: str
    thresholds: tuple[Threshold, ...] | None = None


def with_unit(value: str, unit: str) -> str:
    """The value with the 计量单位 column's unit appended when the value lacks it.

    >>> with_unit("95", "%"), with_unit("200", "人次"), with_unit("≥95%", "%"), with_unit("合格", "%")
    ('95%', '200人次', '≥95%', '合格')
    """
    if value and unit and not value.endswith(unit) and re.search(r"\d$", value):
        return value + unit
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _thresholds(found: Any) -> tuple[Threshold, ...] | None:
    """The structurer's thresholds of a row; None when there are none (the value is read again)."""
    if isinstance(found, list | tuple) and found and all(isinstance(t, Threshold) for t in found):
        return tuple(found)
    return None


def as_record(item: Any) -> Record:
    """The :class:`Record` of a str, a (name, description, value) tuple, a mapping or an object
    with ``name``/``description``/``value``/``unit`` (and ``threshold``) attributes.

    >>> as_record({"name": "培训人员", "value": "200", "unit": "人次"})
    Record(name='培训人员', description='', value='200人次', thresholds=None)
    """
    if isinstance(item, Record):
        return item
    if isinstance(item, str):
        return Record(item.strip(), "", "")
    if isinstance(item, tuple) and len(item) == 3:
        name, description, value = ("" if v is None else str(v) for v in item)
        return Record(name, description, value)
    if isinstance(item, Mapping):
        get = item.get
    else:

        def get(key: str, default: Any = None) -> Any:
            return getattr(item, key, default)

    found = get("threshold", None)
    return Record(
        _text(get("name", "")),
        _text(get("description", "")),
        with_unit(_text(get("value", "")), _text(get("unit", ""))),
        _thresholds(found),
    )


def as_records(items: Iterable[Any]) -> list[Record]:
    """:func:`as_record` of each item."""
    return [as_record(it) for it in items]
