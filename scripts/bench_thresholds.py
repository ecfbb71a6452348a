"""Speed of extract_thresholds on 100k distinct values built from the corpus, beside the bare patterns.

    python scripts/bench_thresholds.py [CORPUS_DIR] [--n 100000] [--repeat 3] [--mb 1]

The set: every value cell of CORPUS_DIR/**/*.tsv (the ``value`` column; default ../shared/corpus)
plus the case texts of tests/cases/thresholds/*.tsv, made into N **distinct** strings (no two
alike, so no cache can help): the numbers of each source are changed (``≥90%`` → ``≥91%``, …),
and sources without a number are joined to a counter-free variation of words. Measured on one
core (this process), best of ``--repeat`` runs:

* extract_thresholds(value, cell=True): the full extractor (normalise, match, read, map spans)
  reading value cells, as structure and the thresholds command do;
* the bare compiled patterns: ``pattern.finditer`` of the values and qualitative patterns over
  the same strings, doing nothing with the matches (the ratio is the cost of reading matches);
* jionlp (``jio.ner.extract_money``) and cn2an (``cn2an.transform``) on the same strings, when
  installed (they are not dependencies: install them to compare);
* ``indicator-nlp --help`` wall time (subprocess, best of 5);
* pathological inputs (issue 11: quadratic time on long repetitive strings): ``--mb`` MB each of
  ``1-1-…``, ``5万5万…``, digits, ``每人每人…`` and ``年底前…``, one run each (the time grows
  linearly with ``--mb``).

Prints Markdown tables. Target: at least 20,000 values/s for extract_thresholds.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
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


_NUMBER = re.compile(r"[0-9]+")
# Words that vary the sources without a number, each pair giving a different cell.
_LEADS = ("", "全面", "持续", "基本", "总体", "逐步", "进一步", "确保", "力争", "保持")
_TAILS = ("", "。", "，按期推进", "，群众认可", "（定性）", "，成效明显", "，符合要求", "，达到预期")


def distinct_values(base: list[str], n: int) -> list[str]:
    """``n`` strings, no two alike, varied from ``base``: numbers changed, or words around."""
    out: list[str] = []
    seen: set[str] = set()
    round_ = 0
    while len(out) < n and round_ < 100_000:
        for k, v in enumerate(base):
            if _NUMBER.search(v):
                step = round_ + k % 7
                w = _NUMBER.sub(lambda m, step=step: str(int(m.group()) + step), v, count=2)
            else:
                lead = _LEADS[(round_ + k) % len(_LEADS)]
                tail = _TAILS[(round_ // len(_LEADS)) % len(_TAILS)]
                w = f"{lead}{v}{tail}"
            if w not in seen:
                seen.add(w)
                out.append(w)
                if len(out) == n:
                    break
        round_ += 1
    return out


PATHOLOGICAL = {
    "`1-1-…`": "1-",
    "`5万5万…`": "5万",
    "digits": "1234567890",
    "`每人每人…`": "每人",
    "`年底前…`": "年底前",
}


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
    parser.add_argument("--mb", type=float, default=1.0, help="size of each pathological input in MB (default 1)")
    args = parser.parse_args(argv)

    base = list(dict.fromkeys(corpus_values(Path(args.corpus)) + case_values()))
    if not base:
        print(f"no values found under {args.corpus}", file=sys.stderr)
        return 2
    values = distinct_values(base, args.n)
    assert len(set(values)) == len(values)
    values_re, qual_re = patterns()
    extract_thresholds(values[0])  # load the lexicon and compile before timing

    def extract_cell(v: str) -> object:
        return extract_thresholds(v, cell=True)

    def bare(v: str) -> None:
        for _ in values_re.finditer(v):
            pass
        for _ in qual_re.finditer(v):
            pass

    rows = []
    t_ex = timed(extract_cell, values, args.repeat)
    t_bare = timed(bare, values, args.repeat)
    rows.append(("extract_thresholds (cell=True)", t_ex, ""))
    rows.append(
        ("bare compiled patterns (finditer)", t_bare, f"extractor / patterns = {t_ex[0] / t_bare[0]:.1f}×")
    )
    found = sum(1 for v in base if extract_thresholds(v))
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
        f"{len(values):,} distinct values (no two alike) varied from {len(base):,} sources (corpus value cells + "
        f"case texts); {found:,} of the sources give a threshold as running text. One core, best of {args.repeat}.\n"
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
    print(f"\nPathological inputs, {args.mb:g} MB each, one run (linear time: compare --mb 0.5):\n")
    print("| input | characters | CPU s | wall s | thresholds |")
    print("|---|---|---|---|---|")
    for label, unit in PATHOLOGICAL.items():
        text = unit * int(args.mb * (1 << 20) / len(unit))
        c0, w0 = time.process_time(), time.perf_counter()
        got = extract_thresholds(text)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(f"| {label} | {len(text):,} | {cpu:.2f} | {wall:.2f} | {len(got):,} |")
    rate = len(values) / t_ex[0]
    print(
        f"\nextract_thresholds: {rate:,.0f} values/s of CPU time on one core "
        f"({'meets' if rate >= 20_000 else 'BELOW'} the 20,000 values/s target)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
