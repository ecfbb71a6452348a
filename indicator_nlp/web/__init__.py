"""The web page and JSON API of ``indicator-nlp serve`` (extra ``[web]``: FastAPI, uvicorn).

``create_app(db=..., max_upload_mb=...)`` returns the ASGI application: a Chinese page with three
views (起草 drafting, 审核 review, 指标库 indicator library) served at ``/`` with all its assets,
a JSON API under ``/api/`` whose records are the library's ``to_dict()`` shapes, and the OpenAPI
document at ``/docs``. Corrections made on the page are stored by :mod:`indicator_nlp.feedback`.
See docs/web.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Build the FastAPI application (see :func:`indicator_nlp.web.app.create_app`)."""
    from indicator_nlp.errors import MissingDependencyError

    try:
        from indicator_nlp.web.app import create_app as build
    except ModuleNotFoundError as exc:
        if exc.name in {"fastapi", "starlette", "pydantic", "multipart", "python_multipart"}:
            raise MissingDependencyError(exc.name, "web", "the web page") from exc
        raise
    return build(*args, **kwargs)
