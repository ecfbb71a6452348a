"""SIGTERM/SIGINT with --jobs 2: the workers stop with the command (no orphan holds stderr open),
the exit code says which signal, and the previous output is left as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads /proc for child processes"
)


def _descendants(pid: int) -> set[int]:
    out: set[int] = set()
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for k in map(int, kids):
        out |= {k} | _descendants(k)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    seeds = sorted(EXAMPLES.glob("seed_*.txt"))
    for i in range(400):
        shutil.copy(seeds[i % len(seeds)], folder / f"f{i:04d}.txt")
    return folder


@pytest.mark.parametrize("command", ["structure", "review"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_with_jobs_2_leaves_workers_alive(sig, command, big_batch, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday\n", encoding="utf-8")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "indicator_nlp", command, str(big_batch), "--jobs", "2", "-o", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _descendants(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert proc.poll() is None and len(workers) >= 2, "the batch ended before its workers were seen"
        time.sleep(1.0)  # the workers are busy with the batch
        workers |= _descendants(proc.pid)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)  # stderr closes only when no worker holds it open
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig
    assert "interrupted" in err.decode("utf-8", "replace") and b"Traceback" not in err
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not [p for p in workers if _alive(p)]
    assert out.read_text("utf-8") == "yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
