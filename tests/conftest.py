"""Fixtures shared by several test files."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def make_fixtures():
    """scripts/make_fixtures.py as a module: its DEMO filing spec and the renderers."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
