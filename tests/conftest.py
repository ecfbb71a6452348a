"""Fixtures shared by several test files, and the guard on ../shared.

Some cases read material kept beside the repository in ``../shared`` (peer test suites, the
corpus's page tables). Without it those cases cannot run: under CI (``CI=true``) that is an
error, so a CI run never passes with them silently missing; a local run goes on and ends with one
line saying how many tests were skipped and why.
"""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: Skip reasons of tests that need ../shared mention it by this name.
SHARED_MARK = "../shared"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") and not SHARED.is_dir():
        raise pytest.UsageError(
            f"CI=true but {SHARED} is missing: the peer suites and corpus cases under it would be "
            "skipped; check it out beside the repository (or unset CI for a local run)"
        )


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if SHARED.is_dir():
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SHARED_MARK in _skip_reason(r)]
    terminalreporter.write_line(
        f"{len(skipped)} tests skipped, and the peer suites' cases (about 1,100) not collected, because "
        f"{SHARED} is missing; CI=true makes this an error"
    )


@pytest.fixture(scope="session")
def make_fixtures():
    """scripts/make_fixtures.py as a module: its DEMO filing spec and the renderers."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
