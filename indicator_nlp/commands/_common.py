"""Helpers shared by the subcommands: error reporting. The writers live in :mod:`indicator_nlp._io`
(re-exported here for the modules that import them from this one)."""

from __future__ import annotations

import sys
from typing import Any

from indicator_nlp._io import (  # noqa: F401  (re-exported)
    csv_text,
    dumps_json,
    dumps_jsonl,
    emit,
    format_table,
    write_atomic,
    xlsx_bytes,
)


def error(message: str) -> None:
    print(f"indicator-nlp: error: {message}", file=sys.stderr)


def add_batch_options(p: Any, jobs: bool = True) -> None:
    """--jobs, --scheduler and --no-progress, the same on every batch command."""
    if jobs:
        p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the batch on a Dask cluster, e.g. tcp://10.0.0.5:8786 (extra [dask]; docs/scale.md)",
    )
    p.add_argument(
        "--no-progress", action="store_true", help="no progress bar (none either when stderr is piped)"
    )


def load_model_checked(path: str | None, trust: bool) -> Any:
    """The classifier model a command needs: the shipped one (or $INDICATOR_NLP_MODEL) when ``path``
    is None. A model that fails its check raises ModelError: the commands report it and stop."""
    from indicator_nlp.classifier import load_model

    return load_model(path, trust=trust)
