"""Running one function over a batch of files: in this process, in ``jobs`` local worker
processes, or on a Dask distributed cluster, always yielding the results in input order.

- ``scheduler="tcp://host:8786"`` sends the batch through joblib's dask backend to that cluster
  (extra ``[dask]``); the workers must be able to import indicator_nlp and read the paths.
  A worker lost mid-batch has its tasks re-run elsewhere by the scheduler.
- On an exception in the consumer — SIGINT, or SIGTERM once the CLI turned it into
  :class:`Interrupted` — the local workers are killed before the exception goes on, so no worker
  outlives the command (and the output, written only at the end, is never half written).
- ``progress`` shows a tqdm bar on stderr that reaches N/N; :func:`say` prints a line (a bad
  file's error) above the bar instead of through it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from indicator_nlp.errors import IndicatorNLPError, MissingDependencyError

T = TypeVar("T")
R = TypeVar("R")

_BAR: Any = None  # the active progress bar, for say()
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or SIGINT) received: stop the batch and its workers. ``signum`` gives the exit code."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class SchedulerError(IndicatorNLPError):
    """The Dask scheduler given with --scheduler cannot be reached."""


def raise_on_signal(signum: int, _frame: Any) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM (and SIGINT) raise :class:`Interrupted` in the main thread, so the
    batch unwinds: workers are killed, no output is written, the previous output stays."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, raise_on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def say(message: str) -> None:
    """Print one line on stderr, above the progress bar when one is showing."""
    if _BAR is not None:
        _BAR.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr)


def show_progress(flag: bool | None, n: int) -> bool:
    """Whether to draw a bar: never for one file or with --no-progress; else when stderr is a terminal."""
    if flag is False or n < 2:
        return False
    return sys.stderr.isatty()


def run_batch(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    desc: str = "files",
) -> Iterator[R]:
    """``func(item)`` for every item, yielded in input order (see the module docstring).

    ``func`` must be a module-level function (it is pickled to the workers) that returns rather
    than raises for a bad item, so that one bad file never stops the batch.
    """
    global _BAR
    items = list(items)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), unit="file", desc=desc, file=sys.stderr, dynamic_ncols=True)
        _BAR = bar
    try:
        if scheduler:
            results: Iterable[R] = _on_dask(func, items, scheduler)
        elif jobs != 1 and len(items) > 1:
            from joblib import Parallel, delayed

            results = Parallel(n_jobs=jobs, return_as="generator")(delayed(func)(x) for x in items)
        else:
            results = (func(x) for x in items)
        for result in results:
            if bar is not None:
                bar.update(1)  # before the yield: the last file brings the bar to N/N
            yield result
    except BaseException:
        if jobs != 1 and not scheduler:
            kill_workers()
        raise
    finally:
        if bar is not None:
            bar.close()
            _BAR = None


def _on_dask(func: Callable[[T], R], items: list[T], address: str) -> Iterator[R]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise MissingDependencyError("dask[distributed]", "dask", "--scheduler") from exc
    from joblib import Parallel, delayed, parallel_config

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address} ({exc})") from exc
    with client, parallel_config(backend="dask", client=client):
        yield from Parallel(return_as="generator")(delayed(func)(x) for x in items)


def kill_workers() -> None:
    """Kill the local worker processes joblib keeps (loky's reusable pool), if any."""
    try:
        from joblib.externals.loky import reusable_executor
    except ImportError:
        return
    executor = getattr(reusable_executor, "_executor", None)  # the pool joblib reuses between calls
    if executor is not None:
        with contextlib.suppress(OSError, RuntimeError):
            executor.shutdown(wait=False, kill_workers=True)
