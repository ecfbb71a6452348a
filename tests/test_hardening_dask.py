"""--scheduler: the batch commands on a Dask distributed cluster (a LocalCluster of 2 worker
processes here) give the output of a local run, in the same order, even when a worker dies
mid-batch."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from indicator_nlp.cli import main

# CI installs the [dev] extra (dask + distributed): there a missing package fails, never skips.
distributed = (
    importlib.import_module("distributed") if os.environ.get("CI") else pytest.importorskip("distributed")
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.fixture(scope="module")
def cluster():
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as c:
        yield c


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Seed filings, a workbook and one bad file: order and failures must survive the cluster."""
    folder = tmp_path_factory.mktemp("batch")
    for i, seed in enumerate(sorted(EXAMPLES.glob("seed_*.txt"))):
        shutil.copy(seed, folder / f"{i:02d}_{seed.name}")
    shutil.copy(next((EXAMPLES / "xlsx").glob("*.xlsx")), folder / "10_book.xlsx")
    shutil.copy(BAD / "truncated_sheet.xlsx", folder / "11_bad.xlsx")
    return folder


COMMANDS = [
    pytest.param(["structure", "{batch}", "-o", "{out}.jsonl", "--no-progress"], 1, id="structure"),
    pytest.param(["review", "{batch}", "-f", "jsonl", "-o", "{out}.jsonl", "--no-progress"], 1, id="review"),
    pytest.param(
        ["corpus", "from-filings", "{batch}", "-o", "{out}.jsonl", "--quiet"], 1, id="corpus-from-filings"
    ),
]


@pytest.mark.parametrize(("argv", "code"), COMMANDS)
def test_scheduler_output_is_the_local_output_in_order(argv, code, cluster, batch, tmp_path, capsys):
    def run(out: Path, *extra: str) -> str:
        args = [a.replace("{batch}", str(batch)).replace("{out}", str(out)) for a in argv]
        assert main([*args, *extra]) == code
        return Path(f"{out}.jsonl").read_text("utf-8")

    local = run(tmp_path / "local")
    local_err = capsys.readouterr().err
    remote = run(tmp_path / "remote", "--scheduler", cluster.scheduler_address)
    remote_err = capsys.readouterr().err
    assert remote == local and local.strip()
    assert remote_err == local_err and "11_bad.xlsx" in remote_err


def test_scheduler_unreachable_is_one_line(capsys, monkeypatch):
    monkeypatch.setattr("indicator_nlp._batch.CONNECT_TIMEOUT", "1s")
    code = main(["structure", str(EXAMPLES / "seed_000.txt"), str(EXAMPLES / "seed_001.txt"),
                 "--scheduler", "tcp://127.0.0.1:9", "--no-progress"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert len(err.strip().splitlines()) == 1


def test_a_worker_killed_mid_batch_loses_no_row(cluster, tmp_path):
    from indicator_nlp.structure import structure_many

    seeds = sorted(EXAMPLES.glob("seed_*.txt"))
    paths = []
    for i in range(150):
        p = tmp_path / f"f{i:03d}.txt"
        shutil.copy(seeds[i % len(seeds)], p)
        paths.append(p)
    expected = [(str(p), len(f.indicators)) for p, f in structure_many(paths)]
    got = []
    killed = None
    for path, filing in structure_many(paths, scheduler=cluster.scheduler_address):
        got.append((str(path), len(filing.indicators)))
        if killed is None:
            nanny = next(iter(cluster.workers.values()))
            killed = nanny.process.process.pid
            os.kill(killed, signal.SIGKILL)  # a worker dies with tasks in flight
    assert killed is not None and got == expected
    assert json.dumps(got)  # every row, in input order
