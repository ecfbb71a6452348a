"""The docstring examples of every module run with the suite (a wrong example fails a test)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import indicator_nlp


def _modules() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.walk_packages(indicator_nlp.__path__, "indicator_nlp.")
        if m.name != "indicator_nlp.__main__"
    )


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    out = []
    for name in _modules():
        tests = finder.find(importlib.import_module(name))
        if any(t.examples for t in tests):
            out.append(name)
    return out


MODULES = _with_examples()
# Modules whose examples are all marked +SKIP: they document but do not run. Remove the entry
# when the examples run (strict: the test then passes and the xfail fails).
SKIPPED_EXAMPLES = {"indicator_nlp.nlp": "its spaCy examples are marked +SKIP"}


def test_modules_with_examples_are_found() -> None:
    # The examples below are the documented entry points: losing them silently is a failure.
    assert {"indicator_nlp.text", "indicator_nlp.taxonomy", "indicator_nlp.record"} <= set(MODULES)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=SKIPPED_EXAMPLES[m]))
        if m in SKIPPED_EXAMPLES
        else m
        for m in MODULES
    ],
)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} examples of {name} failed (output above)"
    )
