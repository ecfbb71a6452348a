"""Batch scale: N filings structured locally with --jobs 2, then on a Dask cluster of 2 worker
processes (a LocalCluster on this machine), through the same code path as the CLI's --scheduler.

    OMP_NUM_THREADS=1 python scripts/bench_scale.py --files 10000

The files are generated in a temporary folder: the seed filings of examples/ (text exports)
copied round-robin, each with its own project name so no two are the same. Prints the wall time,
files per second and whether both runs gave the same output in the same order. Needs the [dask]
extra. Figures are recorded in docs/scale.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_files(folder: Path, n: int) -> list[Path]:
    seeds = [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("seed_*.txt"))]
    paths = []
    for i in range(n):
        text = seeds[i % len(seeds)].replace("项目", f"项目{i:05d}", 1)
        p = folder / f"county_{i // 100:03d}" / f"filing_{i:05d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def run(paths: list[Path], **kw: object) -> tuple[float, list[tuple[str, int]]]:
    from indicator_nlp.structure import structure_many

    start = time.perf_counter()
    out = [(str(p), len(getattr(f, "indicators", []))) for p, f in structure_many(paths, **kw)]
    return time.perf_counter() - start, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    args = ap.parse_args()
    from distributed import LocalCluster

    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        paths = make_files(Path(tmp), args.files)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} files, {size / 1e6:.1f} MB, in {tmp}")
        local_s, local = run(paths, jobs=2)
        print(f"local --jobs 2:           {local_s:7.1f} s  {len(paths) / local_s:6.1f} files/s")
        start = time.perf_counter()
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            up = time.perf_counter() - start
            dask_s, remote = run(paths, scheduler=cluster.scheduler_address)
        print(
            f"dask, 2 worker processes: {dask_s:7.1f} s  {len(paths) / dask_s:6.1f} files/s  (cluster start {up:.1f} s)"
        )
        print(f"same output, same order: {remote == local}; indicators: {sum(n for _, n in local)}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
