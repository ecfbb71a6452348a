"""Speed of the PDF reader and of the structure command, printed as a Markdown table.

    python scripts/bench_structure.py                # all figures
    python scripts/bench_structure.py --files 100    # a smaller batch
    python scripts/bench_structure.py --skip-batch   # PDF figures only
    python scripts/bench_structure.py --skip-batch --cpu   # PDF figures in CPU time (a busy machine)

Figures:

1. PDF pages/s of ``indicator_nlp.readers.pdf.read`` (tables joined, merges filled, paragraphs),
   of ``structure()`` on the same PDFs, and of pdfplumber's own ``page.extract_tables()`` on the
   same pages (open + extract, nothing else). The ratio reader / pdfplumber is the figure: what
   our work costs beyond pdfplumber's table finder.
2. Files/s for a batch of N files (copies of the rendered fixtures, the seed texts and the real
   workbooks in a temporary folder) through ``indicator-nlp structure --jobs 1`` and ``--jobs 2``,
   run as a subprocess (start-up included), writing jsonl.

Timings are the best of ``--rounds`` runs (the machine is shared; the best run is the least
disturbed one).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "tests" / "fixtures" / "rendered"
EXAMPLES = ROOT / "examples"


CLOCK = time.perf_counter  # --cpu: time.process_time (this process's CPU time; steady on a busy machine)


def best_of(rounds: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return min(times)


def pdf_figures(rounds: int) -> list[tuple[str, str, str]]:
    import pdfplumber

    from indicator_nlp.readers.pdf import read
    from indicator_nlp.structure import structure

    pdfs = sorted(RENDERED.glob("*.pdf"))
    pages = 0
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)

    def plumber() -> None:
        for p in pdfs:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    page.extract_tables()

    def ours() -> None:
        for p in pdfs:
            read(p)

    def structured() -> None:
        for p in pdfs:
            structure(p)

    structured()  # warm up imports (jieba, the threshold extractor) outside the timing
    t_plumber = best_of(rounds, plumber)
    t_ours = best_of(rounds, ours)
    t_struct = best_of(rounds, structured)
    return (
        [
            ("pdfplumber `extract_tables()`", f"{pages / t_plumber:.1f} pages/s", "1.00"),
            (
                "our PDF reader (`readers.pdf.read`)",
                f"{pages / t_ours:.1f} pages/s",
                f"{t_plumber / t_ours:.2f}",
            ),
            ("`structure()` on the PDFs", f"{pages / t_struct:.1f} pages/s", f"{t_plumber / t_struct:.2f}"),
        ],
        len(pdfs),
        pages,
    )


def batch_folder(n: int, folder: Path) -> list[Path]:
    """``n`` files copied round-robin from the good fixtures, seeds and workbooks."""
    sources = (
        sorted(RENDERED.iterdir())
        + sorted(EXAMPLES.glob("seed_*.txt"))
        + sorted((EXAMPLES / "xlsx").glob("*.xlsx"))
    )
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:04d}_{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def batch_figures(n: int, rounds: int, jobs_list: list[int]) -> list[tuple[str, str, str]]:
    exe = shutil.which("indicator-nlp")
    cmd = [exe] if exe else [sys.executable, "-m", "indicator_nlp"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "batch"
        folder.mkdir()
        files = batch_folder(n, folder)
        base = None
        for jobs in jobs_list:
            out = Path(tmp) / f"out{jobs}.jsonl"

            def run(jobs: int = jobs, out: Path = out) -> None:
                subprocess.run(
                    [*cmd, "structure", str(folder), "--jobs", str(jobs), "-o", str(out), "--no-progress"],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )

            t = best_of(rounds, run)
            base = base or t
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            rows.append(
                (
                    f"`indicator-nlp structure --jobs {jobs}` ({len(files)} files, {lines} indicators)",
                    f"{len(files) / t:.1f} files/s",
                    f"{base / t:.2f}",
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500, help="batch size (default 500)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs, best kept (default 3)")
    parser.add_argument("--batch-rounds", type=int, default=1, help="timed batch runs (default 1)")
    parser.add_argument("--skip-batch", action="store_true", help="PDF figures only")
    parser.add_argument(
        "--cpu", action="store_true", help="PDF figures in CPU time of this process, not wall-clock time"
    )
    args = parser.parse_args(argv)
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time

    pdf_rows, n_pdfs, pages = pdf_figures(args.rounds)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"best of {args.rounds} (PDF) / {args.batch_rounds} (batch) runs; "
        f"PDF clock: {'CPU time' if args.cpu else 'wall clock'}\n"
    )
    print(f"PDF: {n_pdfs} rendered fixtures, {pages} pages\n")
    print("| what | speed | ratio |")
    print("|---|---|---|")
    for row in pdf_rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")
    if not args.skip_batch:
        print()
        print("| batch | speed | speed-up |")
        print("|---|---|---|")
        for row in batch_figures(args.files, args.batch_rounds, [1, 2]):
            print(f"| {row[0]} | {row[1]} | {row[2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
