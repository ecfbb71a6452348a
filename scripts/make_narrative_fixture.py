"""Write the narrative filing fixture: a 部门整体支出绩效目标 in prose, no indicator table.

    python scripts/make_narrative_fixture.py

Writes ``tests/fixtures/narrative/transport_2025.txt`` and its Word rendering
``transport_2025.docx`` (headings as Word heading paragraphs, goals as numbered body
paragraphs). The text was written for the tests (a county transport bureau's annual goals, of
the kind published as prose); no line is copied from a filing. Regenerate after editing TEXT;
the DOCX is deterministic (fixed core properties), so an unchanged text gives an unchanged file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "narrative"

TITLE = "某县交通运输局2025年度部门整体支出绩效目标"
# (heading, paragraphs); the goal paragraphs are numbered as filings number them.
PARTS = [
    (
        "一、部门职责",
        [
            "负责全县公路、水路交通基础设施建设和养护管理。",
            "负责道路运输市场监管，组织实施城乡客运一体化。",
            "承担全县交通运输安全生产监督管理工作。",
        ],
    ),
    (
        "二、年度绩效目标",
        [
            "1. 农村公路建设。新改建农村公路45公里，危桥改造8座，工程交工验收合格率100%，"
            "11月底前全部完工，有效提升群众通行安全。",
            "2. 公路养护。完成国省干线公路养护里程320公里，路面修复合格率达到98%，"
            "养护作业人员每人每月补助不超过3000元。",
            "3. 城乡客运。新增和更新新能源公交车50辆，城乡公交线路通达率100%，乘客满意度达到90%以上。",
            "4. 长效管护。建立健全农村公路长效管护机制，桥梁设施设计使用年限不少于30年。",
        ],
    ),
    ("三、保障措施", ["加强资金监管，严格执行预算。"]),
]


def text() -> str:
    lines = [TITLE, ""]
    for heading, paragraphs in PARTS:
        lines += [heading, *paragraphs, ""]
    return "\n".join(lines)


def write_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.author = "indicator-nlp tests"
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.last_modified_by = "indicator-nlp tests"
    props.revision = 1
    doc.add_heading(TITLE, level=1)
    for heading, paragraphs in PARTS:
        doc.add_heading(heading, level=2)
        for p in paragraphs:
            doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    # Zip entries carry the time they were written: fix it so the file depends on TEXT only.
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0)), src.read(info))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "transport_2025.txt").write_text(text(), encoding="utf-8")
    write_docx(OUT / "transport_2025.docx")
    print(f"wrote {OUT / 'transport_2025.txt'} and .docx")


if __name__ == "__main__":
    main()
