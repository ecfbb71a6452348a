"""Write the hostile and legacy fixtures of tests/fixtures/bad/ and tests/fixtures/legacy/.

    python scripts/make_bad_fixtures.py

Each file is a real archive or document built here, small on disk:
- malformed_sheet.xlsx   a valid ZIP whose sheet1.xml is not well-formed XML
- truncated_sheet.xlsx   sheet1.xml cut off in the middle
- broken_styles.xlsx     styles.xml that is not XML
- billion_laughs.xlsx    sheet1.xml with nested entities (the "billion laughs" attack)
- billion_laughs.docx    the same in word/document.xml
- malformed_document.docx  document.xml cut off in the middle
- zip_bomb.xlsx          sheet1.xml inflating to 600 MiB (bzip2: about 30 KB on disk)
- zip_bomb.docx          document.xml inflating to 600 MiB
- ../hostile/many_entries.xlsx  a good workbook with 300 extra ZIP entries (tests lower the entry limit)
- legacy.doc             an OLE container named .doc (read only through LibreOffice)
- ../hostile/formula_cells.xlsx  a good filing whose cells start with = + - @ (spreadsheet injection)
- ../legacy/indicators.xls  an old-format workbook (xlwt) with a merged level-1 column
- ../encodings/seed_000_stray_byte.txt  a UTF-8 export with two stray bytes
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"
LEGACY = ROOT / "tests" / "fixtures" / "legacy"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"  # good filings that attack the outputs or the limits
ENCODINGS = ROOT / "tests" / "fixtures" / "encodings"

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
ROWS = [
    ["产出指标", "数量指标", "开展培训场次", "≥20场"],
    ["产出指标", "质量指标", "培训合格率", "≥95%"],
    ["效益指标", "社会效益指标", "受益群众人数", "不少于5万人"],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"],
]
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # fixed ZIP timestamps: the files are the same on every run


def _workbook(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效目标表"
    ws.append(["项目名称", "社区服务能力提升项目"])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a filer typed it
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("项目名称：社区服务能力提升项目")
    t = d.add_table(rows=1 + len(ROWS), cols=4)
    for i, row in enumerate([HEADER, *ROWS]):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None,
           method: dict[str, int] | None = None) -> bytes:  # fmt: skip
    """The ZIP ``data`` with some entries replaced (and some added), timestamps fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            zi = zipfile.ZipInfo(info.filename, FIXED_TIME)
            zi.compress_type = (method or {}).get(info.filename, zipfile.ZIP_DEFLATED)
            dst.writestr(zi, body, compresslevel=9)
        for name, body in (extra or {}).items():
            zi = zipfile.ZipInfo(name, FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


def _bomb_zip(data: bytes, part: str, head: bytes, filler: bytes, tail: bytes, size: int) -> bytes:
    """``data`` with ``part`` replaced by a well-formed XML document of ``size`` bytes, written
    with bzip2 streamed in chunks (a 600 MiB part in about 30 KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_TIME)
            if info.filename != part:
                zi.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(zi, src.read(info.filename))
                continue
            zi.compress_type = zipfile.ZIP_BZIP2
            chunk = filler * (2**20 // len(filler))
            with dst.open(zi, "w", force_zip64=True) as fh:
                fh.write(head)
                written = len(head)
                while written + len(chunk) + len(tail) <= size:
                    fh.write(chunk)
                    written += len(chunk)
                fh.write(tail)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def main() -> None:
    BAD.mkdir(parents=True, exist_ok=True)
    LEGACY.mkdir(parents=True, exist_ok=True)
    HOSTILE.mkdir(parents=True, exist_ok=True)
    good = _workbook(ROWS)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    files: dict[Path, bytes] = {}
    files[BAD / "malformed_sheet.xlsx"] = _rezip(
        good,
        {
            "xl/worksheets/sheet1.xml": b"<worksheet "
            + ns
            + b"><sheetData><row r='1'><c r='A1'><v>1</c></row>"
        },
    )
    files[BAD / "truncated_sheet.xlsx"] = _rezip(good, {"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})
    files[BAD / "broken_styles.xlsx"] = _rezip(
        good, {"xl/styles.xml": b"<styleSheet><numFmts count='1'><numFmt"}
    )
    files[BAD / "billion_laughs.xlsx"] = _rezip(
        good,
        {"xl/worksheets/sheet1.xml": LAUGHS + b"<worksheet " + ns
         + b"><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"},
    )  # fmt: skip
    doc = _docx()
    with zipfile.ZipFile(io.BytesIO(doc)) as zf:
        body = zf.read("word/document.xml")
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    files[BAD / "billion_laughs.docx"] = _rezip(
        doc, {"word/document.xml": LAUGHS + b"<w:document " + w + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"}
    )  # fmt: skip
    files[BAD / "malformed_document.docx"] = _rezip(doc, {"word/document.xml": body[: len(body) // 2]})
    size = 600 * 2**20
    files[BAD / "zip_bomb.xlsx"] = _bomb_zip(
        good, "xl/worksheets/sheet1.xml",
        b'<?xml version="1.0"?><worksheet ' + ns + b"><sheetData>", b"<!-- AAAAAAAAAAAAAAAAAAAAAAAAAA -->",
        b"</sheetData></worksheet>", size,
    )  # fmt: skip
    files[BAD / "zip_bomb.docx"] = _bomb_zip(
        doc, "word/document.xml",
        b'<?xml version="1.0"?><w:document ' + w + b"><w:body>", b"<!-- AAAAAAAAAAAAAAAAAAAAAAAAAA -->",
        b"</w:body></w:document>", size,
    )  # fmt: skip
    files[HOSTILE / "many_entries.xlsx"] = _rezip(
        good, {}, extra={f"customXml/item{i}.bin": b"x" for i in range(300)}
    )
    # An OLE compound file header (magic, then a WordDocument stream name in UTF-16): what a .doc
    # looks like to the sniffer; only LibreOffice could read a real one.
    files[BAD / "legacy.doc"] = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
    )
    files[HOSTILE / "formula_cells.xlsx"] = _rezip(
        _workbook(
            [
                *ROWS,
                ["产出指标", "数量指标", '=HYPERLINK("http://example.invalid","点击")', "=2次"],
                ["产出指标", "数量指标", "=cmd|' /C calc'!A0", "+100%"],
                ["产出指标", "质量指标", "@SUM(1+1)", "-1"],
                ["效益指标", "社会效益指标", "\t=1+1", "\r=1+1"],
            ]
        ),
        {},
    )
    files[LEGACY / "indicators.xls"] = _xls()
    raw = (ROOT / "examples" / "seed_000.txt").read_bytes()
    files[ENCODINGS / "seed_000_stray_byte.txt"] = raw[:300] + b"\xff" + raw[300:900] + b"\xfe" + raw[900:]
    for path, data in files.items():
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data):,} bytes")


def _xls() -> bytes:
    """An .xls (BIFF8) filing: the level-1 column merged over its rows, a percent-formatted number."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("绩效目标")
    ws.write(0, 0, "项目名称")
    ws.write(0, 1, "社区服务能力提升项目")
    for j, h in enumerate(HEADER):
        ws.write(1, j, h)
    ws.write_merge(2, 3, 0, 0, "产出指标")
    ws.write(2, 1, "数量指标")
    ws.write(2, 2, "开展培训场次")
    ws.write(2, 3, "≥20场")
    ws.write(3, 1, "质量指标")
    ws.write(3, 2, "培训合格率")
    ws.write(3, 3, 0.95, xlwt.easyxf(num_format_str="0%"))
    ws.write(4, 0, "满意度指标")
    ws.write(4, 1, "服务对象满意度指标")
    ws.write(4, 2, "受益群众满意度")
    ws.write(4, 3, "≥90%")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    main()
