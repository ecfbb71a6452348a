"""What keeps the server safe by default: body size limit, security headers, content sniffing.

Kept apart from the routes so that each guard can be read (and tested) on its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

# The page loads nothing from elsewhere and runs no inline script; cells are text, never markup.
CSP_PAGE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles and draws data: images; still nothing from elsewhere.
CSP_DOCS = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


async def send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": data})


class Guard:
    """ASGI middleware: refuse bodies over ``max_bytes`` with 413, add security headers, and
    (when ``allowed_hosts`` is given) refuse other Host headers with 400.

    A declared Content-Length over the limit is refused before anything is read; a chunked body is
    counted as it arrives and refused when it passes the limit (the route sees an HTTPException).
    """

    def __init__(self, app: Any, max_bytes: int, allowed_hosts: list[str] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    def too_large(self) -> str:
        return f"request body larger than the limit of {self.max_bytes / 2**20:g} MB (--max-upload-mb)"

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.allowed_hosts is not None:
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                await send_json(send, 400, {"error": f"Host header {host!r} not served here"})
                return
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await send_json(send, 400, {"error": "bad Content-Length header"})
                return
            if size > self.max_bytes:
                await send_json(send, 413, {"error": self.too_large()})
                return
        received = 0
        csp = (CSP_DOCS if scope.get("path", "").startswith("/docs") else CSP_PAGE).encode()

        async def counted_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    from starlette.exceptions import HTTPException

                    raise HTTPException(413, self.too_large())
            return message

        async def secured_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [
                    *message.get("headers", []),
                    *HEADERS,
                    (b"content-security-policy", csp),
                ]
            await send(message)

        await self.app(scope, counted_receive, secured_send)


# --- uploads ----------------------------------------------------------------------------------

_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"BM": None,  # too short a magic to call a bitmap: left to the text reader
    b"\x1f\x8b": "gzip archive",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7z archive",
    b"\x7fELF": "executable",
    b"MZ": "executable",
}


OLE_SUFFIXES = (".xls", ".doc", ".wps", ".et")
# The start of an HTML page: optional XML declaration and comments, then a document element.
_HTML = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b", re.I | re.S)


class UnsupportedUpload(ValueError):
    """The upload is of a type no reader takes (HTTP 415)."""


def sniff_suffix(path: Path, name: str = "") -> str:
    """The suffix the upload's *content* asks for: .pdf, .docx, .xlsx, .zip (broken), an OLE
    suffix (.xls, .doc ...), .html or .txt.

    The uploaded ``name`` is never trusted (a PDF named ``x.xlsx`` is read as a PDF); it only
    words the error of a broken ZIP (a truncated "DOCX" rather than "ZIP-based" file). Content no reader
    takes (images, archives, executables) raises :class:`UnsupportedUpload`; a legacy or encrypted
    Office file and a broken ZIP get a suffix that lets the readers name the problem.
    """
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            hint = Path(name).suffix.lower()
            return hint if hint in (".docx", ".xlsx") else ".zip"  # the reader reports the damage
        if "word/document.xml" in names:
            return ".docx"
        if "xl/workbook.xml" in names:
            return ".xlsx"
        raise UnsupportedUpload("a ZIP archive that is neither a Word (.docx) nor an Excel (.xlsx) file")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container: the reader tells a password-protected .docx/.xlsx, an old .xls and an
        # old .doc apart by the streams inside; the name may only choose among those readers.
        hint = Path(name).suffix.lower()
        return hint if hint in OLE_SUFFIXES else ".ole"
    for magic, what in _IMAGES.items():
        if what and head.startswith(magic):
            raise UnsupportedUpload(f"{what}, not a filing: upload a PDF, DOCX, XLSX or text export")
    with path.open("rb") as fh:
        start = fh.read(4096)
    for encoding in ("utf-8", "gb18030", "utf-16"):
        text = start.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
        if _HTML.match(text):
            return ".html"  # a page saved from a government site: the HTML reader
    return ".txt"  # the text reader detects the encoding and refuses binary content


_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.()（）\-]+")


def display_name(filename: str | None) -> str:
    """A safe name to show for an uploaded file: its last path part, printable, at most 100 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE.sub("_", name).strip("._ ")
    return name[:100] or "upload"
