"""Old binary Word and WPS files (.doc, .wps, .et) → Document, converted by LibreOffice.

When ``soffice`` (LibreOffice) is on the PATH the file is converted in a temporary folder —
.doc/.wps to .docx, .et to .xlsx — and read by that reader; the Document keeps the original path.
Without LibreOffice the file is refused with one line naming what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from indicator_nlp.errors import FilingError, UnsupportedFormatError
from indicator_nlp.types import Document

TARGET = {".doc": "docx", ".wps": "docx", ".et": "xlsx"}
TIMEOUT = 180  # seconds for one conversion


def soffice() -> str | None:
    """The LibreOffice command, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: str | Path) -> Document:
    path = Path(path)
    suffix = path.suffix.lower()
    target = TARGET.get(suffix, "docx")
    exe = soffice()
    if exe is None:
        raise UnsupportedFormatError(
            path,
            f"legacy Office format ({suffix or 'OLE'}): install LibreOffice to convert it "
            f"(apt-get install libreoffice-writer libreoffice-calc), or save it as .{target}",
        )
    with tempfile.TemporaryDirectory(prefix="indicator-nlp-convert-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # a private profile: parallel conversions do not clash
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
               "--outdir", tmp, str(path)]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise FilingError(path, f"LibreOffice did not convert it within {TIMEOUT} s") from exc
        except OSError as exc:
            raise FilingError(path, f"LibreOffice could not be run ({exc.strerror or exc})") from exc
        out = Path(tmp, f"{path.stem}.{target}")
        if done.returncode != 0 or not out.is_file():
            why = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise FilingError(path, f"LibreOffice could not convert it ({why[-1] if why else 'no output'})")
        from indicator_nlp.readers import docx, xlsx

        reader = xlsx if target == "xlsx" else docx
        try:
            doc = reader.read(out)
        except FilingError as exc:
            raise type(exc)(path, f"after conversion to .{target}: {exc.cause}") from exc
    doc.path = str(path)
    doc.meta["converted_from"] = suffix.lstrip(".") or "ole"
    return doc
