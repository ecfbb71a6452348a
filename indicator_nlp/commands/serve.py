"""``indicator-nlp serve``: the web page for drafters and reviewers, and its JSON API (extra ``[web]``)."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  indicator-nlp serve                              # http://127.0.0.1:8000, API docs at /docs
  indicator-nlp serve --port 8080 --db feedback.sqlite3
  indicator-nlp serve --host 0.0.0.0 --max-upload-mb 50   # reachable from other machines (no login!)
  indicator-nlp corpus from-feedback feedback.sqlite3 -o rows.jsonl   # the corrections as training rows

The server binds to the loopback address unless --host says otherwise. Feedback (each category a
user accepts or changes on the page) goes to --db, by default feedback.sqlite3 in the user's data
directory. docs/web.md describes the page and the API.
"""

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the web page (起草/审核/指标库) and the JSON API",
        description="Serve the drafting, review and indicator-library page and its JSON API with uvicorn. "
        "Needs the web extra: pip install 'indicator-nlp[web]'.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--db", default=None, metavar="PATH", help="feedback database (default: user data directory)"
    )
    p.add_argument(
        "--max-upload-mb",
        type=float,
        default=20.0,
        metavar="MB",
        help="largest request body (default 20; 413 beyond)",
    )
    p.add_argument(
        "--model", default=None, metavar="PATH", help="classifier model (default: the shipped model)"
    )
    p.add_argument("--trust", action="store_true", help="load --model even if its model card does not match")


def run(args: argparse.Namespace) -> int:
    import sys

    from indicator_nlp.commands._common import error
    from indicator_nlp.errors import IndicatorNLPError

    if not 0 < args.port < 65536:
        error(f"--port must be between 1 and 65535, got {args.port}")
        return 2
    if args.max_upload_mb <= 0:
        error(f"--max-upload-mb must be positive, got {args.max_upload_mb:g}")
        return 2
    try:
        import uvicorn

        from indicator_nlp.web import create_app
    except ImportError as exc:
        error(f"{exc.name or exc} is needed for the web page: run `pip install 'indicator-nlp[web]'`")
        return 2
    loopback = args.host in LOOPBACK or args.host.startswith("127.")
    if not loopback:
        print(
            f"warning: serving on {args.host}: anyone who can reach this machine can use the page and "
            "write feedback (there is no login); use the default 127.0.0.1 unless you mean it",
            file=sys.stderr,
        )
    try:
        app = create_app(
            args.db,
            max_upload_mb=args.max_upload_mb,
            model=args.model,
            trust=args.trust,
            # A loopback server answers only to loopback names: a web page elsewhere cannot reach
            # it by pointing its own domain at 127.0.0.1 (DNS rebinding).
            allowed_hosts=[*LOOPBACK, "[::1]", args.host] if loopback else None,
        )
        state = app.state.indicator_nlp
        state.model()  # load now, so the first request does not wait for it
    except IndicatorNLPError as exc:
        error(str(exc))
        return 1
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"indicator-nlp: serving on http://{shown}:{args.port}/ (API docs /docs; feedback in {state.store.path})",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
