"""The FastAPI application: JSON API over the library's public verbs, the page, the feedback store.

Every route answers with the records the CLI writes (each a ``to_dict()``); every error is one
line of JSON, ``{"error": "..."}``, with a 4xx status (5xx only for a bug, still one line and
never a traceback). Routes that compute are plain ``def``: FastAPI runs them in its thread pool,
so a slow upload does not stall the page's live classification.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

import indicator_nlp
from indicator_nlp._io import dumps_jsonl, safe_cell, xlsx_bytes
from indicator_nlp.errors import (
    EncryptedFileError,
    FeedbackError,
    FilingError,
    ModelError,
    UnsupportedFormatError,
)
from indicator_nlp.feedback import FeedbackStore, default_db_path, training_rows
from indicator_nlp.web._guard import Guard, UnsupportedUpload, display_name, sniff_suffix

log = logging.getLogger("indicator_nlp.web")

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_UPLOAD_MB = 20.0
MAX_ITEMS = 2000  # rows of one classify/thresholds/export request
MAX_TEXT = 500  # characters of a name or value
MAX_DRAFT = 100_000  # characters of a pasted goal text
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Layout = Literal["2021", "legacy"]


# --- request bodies (their fields are documented in /docs) ----------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Item(_Body):
    name: str = Field(min_length=1, max_length=MAX_TEXT, examples=["受益群众满意度"])
    value: str | None = Field(None, max_length=MAX_TEXT, examples=["≥90%"])
    description: str | None = Field(None, max_length=2000)
    unit: str | None = Field(None, max_length=20, description="计量单位 column, when the value lacks it")
    level1: str | None = Field(None, max_length=40, description="the filed 一级指标, if any (classify checks it)")
    level2: str | None = Field(None, max_length=40, description="the filed 二级指标, if any (classify checks it)")


class ClassifyRequest(_Body):
    items: list[Item] = Field(min_length=1, max_length=MAX_ITEMS)
    top: int = Field(3, ge=1, le=12, description="alternatives per prediction")
    layout: Layout = "2021"
    explain: bool = Field(
        False,
        description="add each prediction's explanation: the evidence for its class and against the "
        "runner-up ({class, p, versus, p_versus, for, but, similar, text}, as classify --explain)",
    )


class SuggestRequest(_Body):
    name: str = Field(min_length=1, max_length=MAX_TEXT, examples=["参加培训的农民人数"])
    k: int = Field(8, ge=1, le=50, description="similar indicators to list")
    layout: Layout = "2021"


class ThresholdsRequest(_Body):
    texts: list[Annotated[str, Field(max_length=2000)]] = Field(min_length=1, max_length=MAX_ITEMS)
    name: str | None = Field(None, max_length=MAX_TEXT, description="indicator name: unit of bare numbers")
    cell: bool = Field(
        True,
        description="each text is a value cell (as the CLI reads them): a value with no number and no date "
        "gives one qualitative threshold; false reads running text (only recognised qualitative words)",
    )


class DraftRequest(_Body):
    text: str = Field(min_length=1, max_length=MAX_DRAFT, description="年度绩效目标 narrative")
    layout: Layout = "2021"
    measurable_only: bool = False
    rows_only: bool = Field(False, description="leave out the sentences with nothing to draft")


class FeedbackRequest(_Body):
    name: str = Field(max_length=MAX_TEXT)
    value: str | None = Field(None, max_length=MAX_TEXT)
    level1: str | None = Field(None, max_length=50)
    level2: str = Field(max_length=50)
    source: str | None = Field(None, max_length=200, description="the filing or page the row came from")
    suggested: dict[str, Any] | str | None = Field(
        None, description="the suggestion shown: {level1, level2, confidence}"
    )


Cell = str | int | float | bool | None


class ExportRequest(_Body):
    title: str = Field("indicators", min_length=1, max_length=31, description="sheet and file name")
    header: list[Annotated[str, Field(max_length=200)]] = Field(min_length=1, max_length=60)
    rows: list[list[Cell]] = Field(max_length=20_000)


# --- state ----------------------------------------------------------------------------------------


class _State:
    """The model (loaded once, on first use or at start) and the feedback store."""

    def __init__(self, db: str | os.PathLike[str] | None, model_path: str | None, trust: bool) -> None:
        self.store = FeedbackStore(db or default_db_path())
        self.model_path = model_path
        self.trust = trust
        self._model: Any = None
        self._sha: str | None = None
        self._lock = threading.Lock()

    def model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = indicator_nlp.load_model(self.model_path, trust=self.trust)
        return self._model

    def sha256(self) -> str | None:
        if self._sha is None:
            from indicator_nlp.classifier import default_model_path

            path = Path(self.model_path) if self.model_path else default_model_path()
            if path.is_file():
                with path.open("rb") as fh:
                    self._sha = hashlib.file_digest(fh, "sha256").hexdigest()
        return self._sha


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": " ".join(str(message).split())}, status_code=status)


def _validation_error(exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    first = errors[0] if errors else {"type": "", "loc": (), "msg": "invalid request"}
    loc = [str(x) for x in first.get("loc", ()) if x != "body"]
    if first.get("type") == "json_invalid":
        cause = (first.get("ctx") or {}).get("error", "")
        return _error(400, f"malformed JSON: {cause} at position {loc[0] if loc else '?'}")
    if first.get("type") == "missing" and not loc:
        return _error(400, "empty body: send a JSON object (see /docs for its fields)")
    if first.get("type") == "model_attributes_type" and not loc:
        return _error(400, "the body must be a JSON object (Content-Type: application/json)")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return _error(422, f"{'.'.join(loc) or 'body'}: {first.get('msg', 'invalid')}{more}")


def _relabel(obj: Any, temp: str, name: str) -> Any:
    """The records with the temporary upload path replaced by the uploaded file's name."""
    if isinstance(obj, str):
        return obj.replace(temp, name) if temp in obj else obj
    if isinstance(obj, list):
        return [_relabel(x, temp, name) for x in obj]
    if isinstance(obj, dict):
        return {k: _relabel(v, temp, name) for k, v in obj.items()}
    return obj


def _checked(filing: Any, model: Any) -> list[dict[str, Any]]:
    """Each indicator's checked labels, as ``structure --check`` gives them."""
    from indicator_nlp.check import check_indicators

    return check_indicators(filing.indicators, model)


def _with_explanations(findings: list[Any], filing: Any, model: Any) -> list[dict[str, Any]]:
    """The findings' records; an R09 finding also carries ``explanation``, the classifier's
    evidence for the suggested category over the filed one in plain terms (the text its message
    quotes), so that the page can show it on its own."""
    from indicator_nlp import taxonomy
    from indicator_nlp.classifier import explain
    from indicator_nlp.review.context import filed_class  # the filed class R09 weighs

    rows = {(i.project, i.table, i.row): i for i in filing.indicators}
    out = []
    for f in findings:
        d = f.to_dict()
        ind = rows.get((f.project, f.table, f.row))
        toward = taxonomy.class_of((f.suggestion or {}).get("level2"))
        if f.rule == "R09-category-mismatch" and ind is not None and toward and hasattr(model, "vectorizer_"):
            try:
                why = explain(model, [ind], toward=[toward], against=[filed_class(ind)])
                d["explanation"] = why[0]["text"]
            except (KeyError, ValueError, AttributeError):
                pass  # as R09 itself: no quoted evidence when the model cannot give it
        out.append(d)
    return out


def create_app(
    db: str | os.PathLike[str] | None = None,
    *,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    model: str | None = None,
    trust: bool = False,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The application. ``db``: feedback database (default: the user's data directory);
    ``max_upload_mb``: request body limit (413 beyond); ``model``/``trust``: as ``classify --model``;
    ``allowed_hosts``: Host headers accepted (guards a loopback server against DNS rebinding)."""
    state = _State(db, model, trust)
    app = FastAPI(
        title="indicator-nlp",
        version=indicator_nlp.__version__,
        description="Classify, draft and review budget-performance indicators; corrections become training data.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.indicator_nlp = state
    app.add_middleware(Guard, max_bytes=int(max_upload_mb * 2**20), allowed_hosts=allowed_hosts)

    @app.exception_handler(RequestValidationError)
    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_error(exc)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (404, 405):
            return _error(exc.status_code, f"{exc.detail}: {request.method} {request.url.path}")
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(ModelError)
    async def on_model(_: Request, exc: ModelError) -> JSONResponse:
        return _error(503, f"no classifier model: {exc}")

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the details")

    # --- API ---------------------------------------------------------------------------------

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Status, the model's sha256 and the number of stored feedback rows."""
        return {
            "status": "ok",
            "version": indicator_nlp.__version__,
            "model": state.sha256(),
            "feedback": state.store.count(),
            "max_upload_mb": max_upload_mb,
        }

    @app.get("/api/taxonomy", tags=["classify"])
    def categories(layout: Annotated[Layout, Query()] = "2021") -> dict[str, Any]:
        """The level-1 categories and their level 2s in a cost layout (the page's dropdowns)."""
        from indicator_nlp import taxonomy

        groups: dict[str, list[str]] = {}
        for level2 in taxonomy.level2_labels():
            # Each layout writes cost its own way: 成本指标 under 产出 (legacy), or 成本指标 as a
            # level 1 over 经济/社会/生态环境成本指标 (2021).
            if (level2 == "成本指标") != (layout == "legacy") and taxonomy.class_of(level2) == "成本指标":
                continue
            groups.setdefault(taxonomy.parent(level2, layout) or "", []).append(level2)
        return {"layout": layout, "categories": [{"level1": k, "level2": v} for k, v in groups.items()]}

    @app.post("/api/classify", tags=["classify"])
    def classify(req: ClassifyRequest) -> dict[str, Any]:
        """Level 1, level 2, calibrated confidence and the top alternatives of each item."""
        items = [
            indicator_nlp.Indicator(
                file="web", name=it.name, value=it.value, description=it.description, unit=it.unit
            )
            for it in req.items
        ]
        model = state.model()
        preds = indicator_nlp.classify(items, model=model, top=req.top, layout=req.layout, explain=req.explain)
        out = [p.to_dict() for p in preds]
        if any(it.level1 or it.level2 for it in req.items):
            from indicator_nlp.check import check_filed

            # a row filed under a category: the check of `structure --check` beside the prediction
            for d, chk in zip(out, check_filed([it.model_dump() for it in req.items], model=model)):
                if chk:
                    d.update(chk)
        return {"predictions": out}

    @app.post("/api/suggest", tags=["classify"])
    def suggest(req: SuggestRequest) -> dict[str, Any]:
        """The drafter's view: category, alternatives, similar corpus indicators and their usual values."""
        from indicator_nlp.classifier import suggest as suggest_

        res = suggest_(req.name, model=state.model(), k=req.k, layout=req.layout)
        return {"prediction": res["prediction"].to_dict(), "similar": res["similar"], "usual": res["usual"]}

    @app.post("/api/thresholds", tags=["values"])
    def thresholds(req: ThresholdsRequest) -> dict[str, Any]:
        """Operator, number, unit, range, deadline or qualitative label of each target value."""
        return {
            "results": [
                {
                    "text": t,
                    "thresholds": [x.to_dict() for x in indicator_nlp.extract_thresholds(t, name=req.name, cell=req.cell)],
                }
                for t in req.texts
            ]
        }

    @app.post("/api/draft", tags=["draft"])
    def draft(req: DraftRequest) -> dict[str, Any]:
        """Indicator rows proposed from a narrative goal text (one sentence may give several rows)."""
        # The text goes in as a filing's goals, never as a path: a pasted line that happens to
        # name a file on the server must not be read.
        filing = indicator_nlp.Filing(file="text", goals=[req.text])
        rows = indicator_nlp.draft_indicators(
            filing,
            model=state.model(),
            layout=req.layout,
            measurable_only=req.measurable_only,
            rows_only=req.rows_only,
        )
        return {"rows": [r.to_dict() for r in rows]}

    @app.post("/api/structure", tags=["review"])
    def structure(
        file: Annotated[UploadFile, File(description="a filing: PDF, DOCX, XLSX or a text export")],
        review: Annotated[bool, Query(description="add the review findings")] = False,
        check: Annotated[
            bool | None,
            Query(
                description="add level1_checked, level2_checked, check_confidence to each indicator "
                "(as structure --check); default: with review"
            ),
        ] = None,
    ) -> dict[str, Any]:
        """A filing's metadata, goals and indicator table; with ``review=true`` its findings and
        each indicator's checked labels (``check=false`` leaves those out)."""
        name = display_name(file.filename)
        with tempfile.TemporaryDirectory(prefix="indicator-nlp-upload-") as tmp:
            raw = Path(tmp) / "upload"
            with raw.open("wb") as out:
                shutil.copyfileobj(file.file, out, 1 << 20)
            if raw.stat().st_size == 0:
                return _error(400, f"{name}: empty file (0 bytes)")
            try:
                suffix = sniff_suffix(raw, name)
            except UnsupportedUpload as exc:
                return _error(415, f"{name}: {exc}")
            path = raw.rename(raw.with_name(Path(name).stem[:80] + suffix))
            try:
                filing = indicator_nlp.structure_filing(path)
                found = indicator_nlp.review_filing(filing, model=state.model()) if review else None
                checked = _checked(filing, state.model()) if (review if check is None else check) else None
            except UnsupportedFormatError as exc:
                return _error(415, f"{name}: {exc.cause}")
            except EncryptedFileError as exc:
                return _error(422, f"{name}: {exc.cause}")
            except FilingError as exc:
                return _error(422, f"{name}: {exc.cause}")
            record = filing.to_dict()
            indicators = record.pop("indicators")
            if checked is not None:
                for ind, c in zip(indicators, checked):
                    ind.update(c)
            findings = None if found is None else _with_explanations(found, filing, state.model())
            return _relabel(
                {"filing": record, "indicators": indicators, "findings": findings}, str(path), name
            )

    @app.post("/api/feedback", status_code=201, tags=["feedback"])
    def add_feedback(req: FeedbackRequest) -> dict[str, Any]:
        """Store one accepted or corrected category (a reviewed training label)."""
        try:
            return state.store.add(req.model_dump())
        except FeedbackError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.get("/api/feedback", tags=["feedback"], response_model=None)
    def list_feedback(
        format: Annotated[Literal["json", "jsonl"], Query(description="jsonl: training rows")] = "json",
    ) -> dict[str, Any] | PlainTextResponse:
        """Every stored choice; ``format=jsonl`` gives the training rows of ``corpus from-feedback``."""
        if format == "jsonl":
            text = dumps_jsonl(r.to_dict() for r in training_rows(state.store))
            return PlainTextResponse(text, media_type="application/x-ndjson; charset=utf-8")
        return {"feedback": state.store.all()}

    @app.post("/api/export", tags=["export"], response_class=Response)
    def export(
        req: ExportRequest,
        format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ) -> Response:
        """The page's table as a spreadsheet; cells that a spreadsheet would run are neutralised."""
        width = len(req.header)
        if any(len(r) > width for r in req.rows):
            raise HTTPException(422, f"rows: a row has more cells than the header's {width}")
        title = display_name(req.title)[:31]
        # The project's writers make every cell a text cell and neutralise the ones a spreadsheet
        # would run (= + - @ tab CR get a leading ').
        if format == "csv":
            # RFC 4180 line ends (CRLF), so that a cell holding a bare CR is quoted rather than
            # split; a byte-order mark, so that Excel opens the Chinese text as UTF-8.
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows(
                [safe_cell(c) for c in r] for r in [req.header, *req.rows]
            )
            data, media = ("\ufeff" + buf.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
        else:
            data, media = xlsx_bytes([(title, req.header, req.rows)]), XLSX_TYPE
        # RFC 6266: an ASCII fallback name, and the real (Chinese) one percent-encoded.
        disposition = f"attachment; filename=\"export.{format}\"; filename*=UTF-8''{quote(title)}.{format}"
        return Response(data, media_type=media, headers={"content-disposition": disposition})

    # --- page and docs -------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        if not _swagger_dir():
            return _error(
                404,
                "API docs need swagger-ui-py: pip install 'indicator-nlp[web]' (the schema is at /openapi.json)",
            )
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    swagger = _swagger_dir()
    if swagger:
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _swagger_dir() -> Path | None:
    """Swagger UI's files as shipped by the swagger-ui-py package (no CDN)."""
    try:
        import swagger_ui
    except ImportError:
        return None
    path = Path(swagger_ui.__file__).resolve().parent / "static"
    return path if (path / "swagger-ui-bundle.js").is_file() else None


__all__ = ["create_app"]
