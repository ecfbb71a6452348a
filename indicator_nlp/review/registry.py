"""The rule registry: a rule is one function registered with :func:`rule`, run in id order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indicator_nlp.types import Finding

if TYPE_CHECKING:
    from indicator_nlp.review.context import Context

SEVERITIES = ("info", "warning", "error")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, severity, the settings it reads and its check function."""

    id: str
    severity: str
    func: Callable[[Context], Iterable[Finding]]
    settings: tuple[str, ...] = ()
    summary: str = ""


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, severity: str, settings: tuple[str, ...] = ()) -> Callable:
    """Register a rule function ``f(ctx) -> Iterable[Finding]`` under ``rule_id``.

    The first line of the function's docstring is the rule's summary (shown in docs/rules.md).
    """
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, got {severity!r}")

    def register(func: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        summary = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        RULES[rule_id] = Rule(rule_id, severity, func, tuple(settings), summary)
        return func

    return register


def _order(rule_id: str) -> str:
    return rule_id.split("-", 1)[0]  # R01 < R02 < ... < R10 < S01


def rules() -> list[Rule]:
    """The registered rules in the order they run: by number (R01 … R10, S01 …), then as registered."""
    return sorted(RULES.values(), key=lambda r: _order(r.id))
