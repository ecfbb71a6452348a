"""Speed of extract_thresholds on a 100k-value set built from the corpus, beside the bare patterns.

    python scripts/bench_thresholds.py [CORPUS_DIR] [--n 100000] [--repeat 3]

The set: every value cell of CORPUS_DIR/**/*.tsv (the ``value`` column; default ../shared/corpus)
plus the seed and workbook values of tests/cases/thresholds/*.tsv, cycled to N strings. Measured
on one core (this process), best of ``--repeat`` runs:

* extract_thresholds(value): the full extractor (normalise, match, read, map spans);
* the bare compiled patterns: ``pattern.finditer`` of the values and qualitative patterns over
  the same strings, doing nothing with the matches (the ratio is the cost of reading matches);
* jionlp (``jio.ner.extract_money``) and cn2an (``cn2an.transform``) on the same strings, when
  installed (they are not dependencies: install them to compare);
* ``indicator-nlp --help`` wall time (subprocess, best of 5).

Prints a Markdown table. Target: at least 20,000 values/s for extract_thresholds.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp.thresholds import extract_thresholds, patterns  # noqa: E402


def corpus_values(corpus: Path) -> list[str]:
    values = []
    for path in sorted(corpus.glob("**/*.tsv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                value = (row.get("value") or "").strip()
                if value:
                    values.append(value)
    return values


def case_values() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "cases" / "thresholds").glob("*.tsv")):
        if path.name.startswith("peers"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                out.append(line.split("\t")[1].replace("\\n", "\n"))
    return out


def timed(fn: Callable[[str], object], values: list[str], repeat: int) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds), best of ``repeat`` runs.

    CPU time is the one-core figure: the wall clock also counts time the process waited for a
    core on a shared machine.
    """
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for v in values:
            fn(v)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall


def help_time(runs: int = 5) -> tuple[float, str]:
    """Best wall time of ``indicator-nlp --help``: the console script beside this interpreter
    (not a pyenv shim, which adds its own start-up), else ``python -m indicator_nlp``."""
    script = Path(sys.executable).parent / "indicator-nlp"
    exe = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "indicator_nlp", "--help"]
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(exe, cwd=ROOT, capture_output=True, check=True)
        best = min(best, time.perf_counter() - t0)
    return best, "console script" if script.exists() else "python -m"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--n", type=int, default=100_000, help="number of values (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept (default 3)")
    args = parser.parse_args(argv)

    base = corpus_values(Path(args.corpus)) + case_values()
    if not base:
        print(f"no values found under {args.corpus}", file=sys.stderr)
        return 2
    values = list(itertools.islice(itertools.cycle(base), args.n))
    values_re, qual_re = patterns()
    extract_thresholds(values[0])  # load the lexicon and compile before timing

    def bare(v: str) -> None:
        for _ in values_re.finditer(v):
            pass
        for _ in qual_re.finditer(v):
            pass

    rows = []
    t_ex = timed(extract_thresholds, values, args.repeat)
    t_bare = timed(bare, values, args.repeat)
    rows.append(("extract_thresholds", t_ex, ""))
    rows.append(
        ("bare compiled patterns (finditer)", t_bare, f"extractor / patterns = {t_ex[0] / t_bare[0]:.1f}×")
    )
    found = sum(1 for v in values[: len(base)] if extract_thresholds(v))
    if importlib.util.find_spec("jionlp"):
        import jionlp as jio

        def jio_money(v: str) -> object:
            try:
                return jio.ner.extract_money(v)
            except ValueError:  # jionlp raises on some inputs; count the call, not the answer
                return None

        rows.append(
            ("jionlp ner.extract_money", timed(jio_money, values, 1), "money only; installed for comparison")
        )
    else:
        rows.append(("jionlp", None, "not installed: skipped"))
    if importlib.util.find_spec("cn2an"):
        import cn2an

        warnings.simplefilter("ignore", UserWarning)  # cn2an warns on every numeral it cannot read

        def cn2an_transform(v: str) -> object:
            try:
                return cn2an.transform(v, "cn2an")
            except ValueError:
                return None

        rows.append(
            (
                "cn2an transform",
                timed(cn2an_transform, values, 1),
                "numeral rewrite only; installed for comparison",
            )
        )
    else:
        rows.append(("cn2an", None, "not installed: skipped"))

    print(
        f"{len(values):,} values ({len(base):,} distinct sources: corpus value cells + seed/workbook case texts); "
        f"{found:,} of the {len(base):,} sources give at least one threshold. One core, best of {args.repeat}.\n"
    )
    print("| what | CPU s | values/s (CPU) | wall s | values/s (wall) | note |")
    print("|---|---|---|---|---|---|")
    for what, secs, note in rows:
        if secs is None:
            print(f"| {what} | – | – | – | – | {note} |")
        else:
            cpu, wall = secs
            n = len(values)
            print(f"| {what} | {cpu:.2f} | {n / cpu:,.0f} | {wall:.2f} | {n / wall:,.0f} | {note} |")
    ht, how = help_time()
    print(f"| `indicator-nlp --help` ({how}, wall, best of 5) | – | – | {ht:.3f} | – | target < 0.5 s |")
    rate = len(values) / t_ex[0]
    print(
        f"\nextract_thresholds: {rate:,.0f} values/s of CPU time on one core "
        f"({'meets' if rate >= 20_000 else 'BELOW'} the 20,000 values/s target)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
