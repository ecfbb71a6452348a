"""Latency of `indicator-nlp serve` over HTTP on the loopback, and concurrent feedback writes.

    python scripts/bench_serve.py                 # 300 classify calls, 20 uploads, 8x50 + 2x50 writers
    python scripts/bench_serve.py --classify 1000 --uploads 50

Starts the real server (`python -m indicator_nlp serve`, uvicorn) on 127.0.0.1 with a fresh
feedback database, then measures, one request at a time over one keep-alive connection (as the
page does):

- ``POST /api/classify`` with one name: p50/p95/max (target p95 < 50 ms), beside the same
  ``classify()`` call in-process (the difference is what HTTP and the framework add);
- ``POST /api/structure`` of a seed PDF (tests/fixtures/rendered/seed_001.pdf, 24 indicators),
  without and with the review;
- concurrent feedback writers: threads posting ``/api/feedback`` over HTTP while separate processes
  write to the same database directly; then every row must be there, once.

Traffic goes to 127.0.0.1 only, every loop is bounded, and the server is stopped at the end.
Figures are recorded in docs/web.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_PDF = ROOT / "tests" / "fixtures" / "rendered" / "seed_001.pdf"
HOST = "127.0.0.1"
sys.path.insert(0, str(ROOT))  # this checkout's package, also in the spawned writer processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    ctype: str = "application/json",
) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers={"Content-Type": ctype} if body is not None else {})
    res = conn.getresponse()
    return res.status, res.read()


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return (
        head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


def timed(
    conn, n: int, method: str, path: str, body: bytes | None, ctype: str = "application/json"
) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        status, data = request(conn, method, path, body, ctype)
        out.append((time.perf_counter() - t) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}: {data[:200]!r}")
    return out


def summary(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f} ms   p95 {q[94]:7.1f} ms   max {max(ms):7.1f} ms   (n={len(ms)})"


def _direct_writer(db: str, worker: int, n: int) -> None:
    sys.path.insert(0, str(ROOT))
    from indicator_nlp.feedback import FeedbackStore

    with FeedbackStore(db) as store:
        for i in range(n):
            store.add({"name": f"直写{worker}-{i}", "level2": "质量指标", "source": f"process {worker}"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--classify", type=int, default=300, help="classify calls to time (default 300)")
    ap.add_argument("--uploads", type=int, default=20, help="uploads of the seed PDF to time (default 20)")
    ap.add_argument("--threads", type=int, default=8, help="HTTP feedback writers (default 8)")
    ap.add_argument("--processes", type=int, default=2, help="direct database writers (default 2)")
    ap.add_argument("--writes", type=int, default=50, help="rows per writer (default 50)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    db = tmp / "feedback.sqlite3"
    port = free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "indicator_nlp",
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--db",
            str(db),
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                status, body = request(conn, "GET", "/api/health")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        print(f"server up in {time.perf_counter() - t0:.1f} s (model {json.loads(body)['model'][:12]}…)")

        one = json.dumps({"items": [{"name": "受益群众满意度", "value": "≥90%"}], "top": 3}).encode()
        timed(conn, 20, "POST", "/api/classify", one)  # warm-up
        print(
            f"POST /api/classify, one name, keep-alive    {summary(timed(conn, args.classify, 'POST', '/api/classify', one))}"
        )
        # The same call in this process, without HTTP: what the server's layer adds is the difference.
        import indicator_nlp as nlp

        model = nlp.load_model()
        item = [nlp.Indicator(file="bench", name="受益群众满意度", value="≥90%")]
        inproc = []
        for _ in range(20 + min(args.classify, 200)):
            t = time.perf_counter()
            nlp.classify(item, model=model)
            inproc.append((time.perf_counter() - t) * 1000)
        print(f"classify() in-process, no HTTP (baseline)   {summary(inproc[20:])}")
        fresh = []
        for _ in range(min(args.classify, 100)):
            c = http.client.HTTPConnection(HOST, port, timeout=60)
            fresh += timed(c, 1, "POST", "/api/classify", one)
            c.close()
        print(f"POST /api/classify, one name, new connection {summary(fresh)}")

        conn.close()  # the server closes idle keep-alive connections after 5 s: start a new one
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        body, ctype = multipart(SEED_PDF)
        for review in ("false", "true"):
            path = f"/api/structure?review={review}"
            timed(conn, 2, "POST", path, body, ctype)  # warm-up
            ms = timed(conn, args.uploads, "POST", path, body, ctype)
            label = "structure seed_001.pdf" + (" + review" if review == "true" else "")
            print(f"POST {label:<37} {summary(ms)}")

        errors: list[str] = []

        def http_writer(worker: int) -> None:
            c = http.client.HTTPConnection(HOST, port, timeout=60)
            for i in range(args.writes):
                rec = {"name": f"网页{worker}-{i}", "level2": "数量指标", "source": f"thread {worker}"}
                status, data = request(c, "POST", "/api/feedback", json.dumps(rec).encode())
                if status != 201:
                    errors.append(f"{status} {data[:100]!r}")

        t = time.perf_counter()
        threads = [threading.Thread(target=http_writer, args=(w,)) for w in range(args.threads)]
        procs = [
            multiprocessing.get_context("spawn").Process(
                target=_direct_writer, args=(str(db), w, args.writes)
            )
            for w in range(args.processes)
        ]
        for x in [*threads, *procs]:
            x.start()
        for x in [*threads, *procs]:
            x.join(300)
        elapsed = time.perf_counter() - t
        conn.close()
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        status, data = request(conn, "GET", "/api/feedback")
        names = [r["name"] for r in json.loads(data)["feedback"]]
        expected = (args.threads + args.processes) * args.writes
        lost = expected - len(set(names))
        print(
            f"feedback: {args.threads} HTTP threads + {args.processes} processes x {args.writes} rows = {expected} "
            f"writes in {elapsed:.1f} s ({expected / elapsed:.0f}/s); stored {len(names)}, unique {len(set(names))}, "
            f"lost {lost}, errors {len(errors)}"
        )
        return 0 if lost == 0 and not errors and len(names) == expected else 1
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    sys.exit(main())
