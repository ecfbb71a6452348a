"""The JSON API of `indicator-nlp serve` through FastAPI's test client: every endpoint, and each
bad input with its 4xx status and one-line JSON error."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'indicator-nlp[web]'")

from fastapi.testclient import TestClient  # noqa: E402

import indicator_nlp  # noqa: E402
from indicator_nlp.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED_001 = ROOT / "examples" / "seed_001.txt"
RENDERED = ROOT / "tests" / "fixtures" / "rendered"
BAD = ROOT / "tests" / "fixtures" / "bad"
HOSTILE = ROOT / "tests" / "fixtures" / "web" / "hostile.xlsx"
STATIC = ROOT / "indicator_nlp" / "web" / "static"
MAX_MB = 1.0


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "feedback.sqlite3"
    app = create_app(db, max_upload_mb=MAX_MB)
    with TestClient(app) as c:
        yield c
    app.state.indicator_nlp.store.close()


def upload(client, path: Path, name: str | None = None, review: bool = False, data: bytes | None = None):
    content = path.read_bytes() if data is None else data
    return client.post(
        f"/api/structure?review={'true' if review else 'false'}",
        files={"file": (name or path.name, content, "application/octet-stream")},
    )


def one_line_error(response) -> str:
    """The error message, after checking the body is one line of JSON holding only it."""
    text = response.text
    assert "\n" not in text.strip() and "Traceback" not in text
    body = json.loads(text)
    assert set(body) == {"error"} and body["error"]
    return body["error"]


# --- endpoints --------------------------------------------------------------------------------


def test_health_names_the_model(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and re.fullmatch(r"[0-9a-f]{64}", body["model"])
    assert body["version"] == indicator_nlp.__version__ and body["max_upload_mb"] == MAX_MB


def test_classify_returns_prediction_records(client):
    res = client.post(
        "/api/classify",
        json={"items": [{"name": "受益群众满意度", "value": "≥90%"}, {"name": "项目完成时间"}], "top": 2},
    )
    assert res.status_code == 200
    preds = res.json()["predictions"]
    expected = [
        p.to_dict()
        for p in indicator_nlp.classify([{"name": "受益群众满意度", "value": "≥90%"}, "项目完成时间"], top=2)
    ]
    assert preds == expected
    assert preds[0]["level2"] == "服务对象满意度指标" and len(preds[0]["top"]) == 2


# (id, explain field sent or None, explanation expected)
EXPLAIN = [
    ("explain-true", True, True),
    ("explain-false", False, False),
    ("explain-omitted", None, False),
]  # fmt: skip


@pytest.mark.parametrize(("explain", "present"), [c[1:] for c in EXPLAIN], ids=[c[0] for c in EXPLAIN])
def test_classify_explains_only_when_asked(client, explain, present):
    items = [{"name": "苗木成活率", "value": "≥85%"}, {"name": "受益群众满意度"}]
    body = {"items": items, "top": 2} | ({} if explain is None else {"explain": explain})
    preds = client.post("/api/classify", json=body).json()["predictions"]
    assert ["explanation" in p for p in preds] == [present, present]
    if present:  # the JSON of classify --explain --format json, the same records
        expected = indicator_nlp.classify([dict(i) for i in items], top=2, explain=True)
        assert preds == [p.to_dict() for p in expected]
        why = preds[0]["explanation"]
        assert why["class"] == preds[0]["class"] and why["text"].startswith("“苗木成活率”")
        assert {"class", "p", "versus", "p_versus", "for", "but", "similar", "text"} == set(why)


def test_classify_legacy_layout_files_cost_under_output(client):
    pred = client.post(
        "/api/classify", json={"items": [{"name": "人均培训成本", "value": "≤200元/人"}], "layout": "legacy"}
    ).json()["predictions"][0]
    assert (pred["level1"], pred["level2"]) == ("产出指标", "成本指标")


def test_classify_checks_a_filed_category(client):
    """Items that carry their filed level 1/2 get the check of `structure --check`, as the CLI's."""
    items = [
        {"name": "工程总投资", "value": "≤850万元", "level1": "产出指标", "level2": "数量指标"},
        {"name": "培训人次", "value": "500人次", "level1": "产出指标", "level2": "数量指标"},
        {"name": "项目完成时间"},
    ]
    preds = client.post("/api/classify", json={"items": items}).json()["predictions"]
    assert [p.get("misfiled") for p in preds] == [True, False, None]
    assert preds[0]["level2_checked"] == "成本指标" and preds[0]["filed_level2"] == "数量指标"
    from indicator_nlp.check import check_filed

    assert {k: preds[0][k] for k in check_filed(items[:1])[0]} == check_filed(items[:1])[0]


def test_suggest_gives_class_alternatives_similar_and_usual(client):
    body = client.post("/api/suggest", json={"name": "参加培训的农民人数", "k": 5}).json()
    assert set(body) == {"prediction", "similar", "usual"}
    assert body["prediction"]["level2"] == "数量指标" and len(body["prediction"]["top"]) == 3
    assert 0 < len(body["similar"]) <= 5 and all(
        {"name", "value", "level2", "similarity"} <= set(s) for s in body["similar"]
    )
    assert set(body["usual"]) == {"units", "operators", "values"}


def test_thresholds_returns_one_result_per_text(client):
    body = client.post("/api/thresholds", json={"texts": ["不少于5万人", "2024年12月前", "合格以上"]}).json()
    got = [
        (r["text"], [(t["op"], t["value"], t["unit"], t["date"], t["label"]) for t in r["thresholds"]])
        for r in body["results"]
    ]
    assert got == [
        ("不少于5万人", [(">=", 50000.0, "人", None, None)]),
        ("2024年12月前", [("deadline", None, None, "2024-12", None)]),
        ("合格以上", [("qualitative", None, None, None, "合格")]),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(True, [("qualitative", "按进度推进")]), (False, [])],
    ids=["value-cell", "running-text"],
)
def test_thresholds_reads_value_cells_like_the_cli(client, cell, expected):
    body = client.post("/api/thresholds", json={"texts": ["按进度推进"], "cell": cell}).json()
    assert [(t["op"], t["label"]) for t in body["results"][0]["thresholds"]] == expected


def test_draft_returns_rows_with_categories(client):
    text = "开展青少年法治宣传教育活动不少于20场；受益群众满意度达90%以上。"
    rows = client.post("/api/draft", json={"text": text, "rows_only": True}).json()["rows"]
    assert [(r["value"], r["level2"], r["kind"]) for r in rows] == [
        ("≥20场", "数量指标", "number"),
        ("≥90%", "服务对象满意度指标", "number"),
    ]
    assert all(r["sentence"] in text and 0 < r["confidence"] <= 1 for r in rows)


def test_draft_never_reads_a_path_it_is_given(client, tmp_path):
    secret = tmp_path / "goals.txt"
    secret.write_text("开展保密培训活动不少于20场。", encoding="utf-8")
    rows = client.post("/api/draft", json={"text": str(secret)}).json()["rows"]
    assert all("保密" not in json.dumps(r, ensure_ascii=False) for r in rows)
    assert rows[0]["sentence"] == str(secret)


SEED_RENDERINGS = ["seed_001.txt", "seed_001.pdf", "seed_001.docx", "seed_001.xlsx"]


@pytest.mark.parametrize("name", SEED_RENDERINGS)
def test_structure_seed_001_in_every_format(client, name):
    path = SEED_001 if name.endswith(".txt") else RENDERED / name
    body = upload(client, path, review=True).json()
    assert set(body) == {"filing", "indicators", "findings"}
    assert len(body["indicators"]) == 24
    assert "indicators" not in body["filing"] and body["filing"]["file"] == name
    assert all(i["file"] == name for i in body["indicators"])  # the upload's name, not the temp path
    (mismatch,) = [f for f in body["findings"] if f["rule"] == "R09-category-mismatch"]
    assert "驿站建设完成时间" in mismatch["text"] and mismatch["suggestion"]["level2"] == "时效指标"
    assert mismatch["file"] == name


# Other formats the readers take, told by content: (id, fixture, name given, indicators)
OTHER_FORMATS = [
    ("html-page", "layouts/08-gov-html.html", "page.html", None),
    ("html-gb2312-named-txt", "layouts/08-gov-html.gb2312.html", "page.txt", None),
    ("old-xls", "legacy/indicators.xls", "indicators.xls", None),
    ("old-xls-named-bin", "legacy/indicators.xls", "indicators.bin", None),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "name"), [c[1:3] for c in OTHER_FORMATS], ids=[c[0] for c in OTHER_FORMATS])
def test_structure_reads_other_formats_by_content(client, fixture, name):
    path = ROOT / "tests" / "fixtures" / fixture
    expected = indicator_nlp.structure_filing(path)
    body = upload(client, path, name=name).json()
    assert [(i["name"], i["value"], i["level2"]) for i in body["indicators"]] == [
        (i.name, i.value, i.level2) for i in expected.indicators
    ]
    assert body["indicators"] and body["filing"]["file"] == name


# One project; the fourth row is planted: a money target filed under 时效指标.
PLANTED = (
    "项目名称\t社区养老服务项目\n\n"
    "一级指标\t二级指标\t三级指标\t指标值\n"
    "产出指标\t数量指标\t上门服务老人人数\t≥500人\n"
    "产出指标\t质量指标\t服务对象回访合格率\t≥95%\n"
    "产出指标\t时效指标\t服务完成时间\t2024年12月31日前\n"
    "产出指标\t时效指标\t助餐设备购置资金\t50万元\n"
    "满意度指标\t服务对象满意度指标\t服务老人满意度\t≥90%\n"
)
CHECK_KEYS = ("level1_checked", "level2_checked", "check_confidence")


@pytest.fixture(scope="module")
def planted(client):
    files = {"file": ("planted.txt", PLANTED.encode("utf-8"), "text/plain")}
    return client.post("/api/structure?review=true", files=files).json()


def test_structure_gives_the_checked_labels_of_structure_check(planted, tmp_path):
    from indicator_nlp.check import check_indicators

    path = tmp_path / "planted.txt"
    path.write_text(PLANTED, encoding="utf-8")
    expected = check_indicators(indicator_nlp.structure_filing(path).indicators)
    assert [{k: i[k] for k in CHECK_KEYS} for i in planted["indicators"]] == expected
    # added beside the indicator's own fields, which stay as they were
    assert [{k: v for k, v in i.items() if k not in CHECK_KEYS} for i in planted["indicators"]] == [
        {**i.to_dict(), "file": "planted.txt"} for i in indicator_nlp.structure_filing(path).indicators
    ]


# (id, indicator, filed level 2, checked level 2 differs)
PLANTED_ROWS = [
    ("count-kept", "上门服务老人人数", "数量指标", False),
    ("rate-kept", "服务对象回访合格率", "质量指标", False),
    ("deadline-kept", "服务完成时间", "时效指标", False),
    ("money-under-时效-corrected", "助餐设备购置资金", "时效指标", True),
    ("satisfaction-kept", "服务老人满意度", "服务对象满意度指标", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "filed", "differs"), [c[1:] for c in PLANTED_ROWS], ids=[c[0] for c in PLANTED_ROWS]
)
def test_structure_checked_labels_correct_the_planted_row_only(planted, name, filed, differs):
    (ind,) = [i for i in planted["indicators"] if i["name"] == name]
    assert ind["level2"] == filed
    assert (ind["level2_checked"] != filed) == differs
    assert 0 < ind["check_confidence"] <= 1
    if not differs:
        assert ind["level1_checked"] == ind["level1"]


def test_r09_finding_carries_the_evidence_its_message_quotes(planted):
    (r09,) = [f for f in planted["findings"] if f["rule"] == "R09-category-mismatch"]
    assert r09["text"] == "助餐设备购置资金"
    assert r09["explanation"] and f"依据：{r09['explanation']}" in r09["message"]
    (ind,) = [i for i in planted["indicators"] if i["name"] == "助餐设备购置资金"]
    assert r09["suggestion"]["level2"] == ind["level2_checked"]  # the decision check and review share
    assert all("explanation" not in f for f in planted["findings"] if f["rule"] != "R09-category-mismatch")


# (id, query, checked labels expected, findings expected)
CHECK_FLAGS = [
    ("plain", "", False, False),
    ("review", "?review=true", True, True),
    ("check-only", "?check=true", True, False),
    ("review-without-check", "?review=true&check=false", False, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "checked", "reviewed"), [c[1:] for c in CHECK_FLAGS], ids=[c[0] for c in CHECK_FLAGS]
)
def test_structure_checked_labels_follow_review_unless_told(client, query, checked, reviewed):
    files = {"file": ("planted.txt", PLANTED.encode("utf-8"), "text/plain")}
    body = client.post(f"/api/structure{query}", files=files).json()
    assert all((set(CHECK_KEYS) <= set(i)) == checked for i in body["indicators"])
    assert (body["findings"] is not None) == reviewed


def test_structure_without_review_has_no_findings(client):
    body = upload(client, SEED_001).json()
    assert body["findings"] is None and len(body["indicators"]) == 24


def test_structure_trusts_content_not_the_name(client):
    body = upload(client, RENDERED / "seed_001.pdf", name="looks-like.xlsx").json()
    assert len(body["indicators"]) == 24 and body["filing"]["file"] == "looks-like.xlsx"


def test_structure_name_cannot_escape_the_temp_folder(client):
    body = upload(client, SEED_001, name="../../etc/passwd.txt").json()
    assert body["filing"]["file"] == "passwd.txt" and len(body["indicators"]) == 24


DISPLAY_NAMES = [
    ("plain", "seed_001.pdf", "seed_001.pdf"),
    ("chinese", "东莞市（2024）绩效目标.xlsx", "东莞市（2024）绩效目标.xlsx"),
    ("posix-path", "../../etc/passwd", "passwd"),
    ("windows-path", "C:\\Users\\a\\表.docx", "表.docx"),
    ("control-chars", "a\x00b\r\n.txt", "ab.txt"),
    ("markup", "<img src=x>.txt", "img_src_x_.txt"),
    ("dots-only", "..", "upload"),
    ("empty", "", "upload"),
    ("too-long", "长" * 300 + ".pdf", "长" * 100),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "shown"), [c[1:] for c in DISPLAY_NAMES], ids=[c[0] for c in DISPLAY_NAMES])
def test_display_name_of_an_upload(raw, shown):
    from indicator_nlp.web._guard import display_name

    assert display_name(raw) == shown


def test_uploads_leave_no_temporary_files(client, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    upload(client, SEED_001, review=True)
    upload(client, BAD / "truncated.pdf")
    upload(client, BAD / "binary.txt")
    assert list(tmp_path.iterdir()) == []


def test_feedback_is_stored_and_listed(client):
    record = {"name": "驿站建设完成时间", "value": "2024年12月前", "level1": "产出指标", "level2": "时效指标",
              "source": "seed_001.txt", "suggested": {"level1": "成本指标", "level2": "经济成本指标", "confidence": 0.4}}  # fmt: skip
    res = client.post("/api/feedback", json=record)
    assert res.status_code == 201
    saved = res.json()
    assert {k: saved[k] for k in record} == record and saved["id"] >= 1
    assert saved in client.get("/api/feedback").json()["feedback"]
    jsonl = client.get("/api/feedback?format=jsonl")
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert {"name": "驿站建设完成时间", "class": "时效指标", "doc": "feedback/seed_001.txt"}.items() <= next(
        r for r in rows if r["name"] == "驿站建设完成时间"
    ).items()


def test_taxonomy_lists_the_categories_of_each_layout(client):
    new = {c["level1"]: c["level2"] for c in client.get("/api/taxonomy").json()["categories"]}
    old = {c["level1"]: c["level2"] for c in client.get("/api/taxonomy?layout=legacy").json()["categories"]}
    assert (
        new["成本指标"] == ["经济成本指标", "社会成本指标", "生态环境成本指标"]
        and "成本指标" not in new["产出指标"]
    )
    assert "成本指标" not in old and old["产出指标"][-1] == "成本指标"
    assert sum(map(len, new.values())) == 11 and sum(map(len, old.values())) == 9


# Cells a spreadsheet would run: (id, cell as sent, cell as written)
NEUTRALISED = [
    ("equals", "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("plus", "+95%", "'+95%"),
    ("minus", "-2024年12月前", "'-2024年12月前"),
    ("at", "@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("tab", "\t=1", "'\t=1"),
    ("carriage-return", "\r=1", "'\r=1"),
    ("plain", "≥90%", "≥90%"),
    ("number", 3, "3"),  # every cell is a text cell
]  # fmt: skip


@pytest.mark.parametrize(("cell", "written"), [c[1:] for c in NEUTRALISED], ids=[c[0] for c in NEUTRALISED])
def test_export_xlsx_neutralises_formula_cells(client, cell, written):
    from openpyxl import load_workbook

    res = client.post(
        "/api/export", json={"title": "审核意见", "header": ["三级指标", "指标值"], "rows": [["名称", cell]]}
    )
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''%E5%AE%A1%E6%A0%B8%E6%84%8F%E8%A7%81.xlsx" in res.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(res.content)).active
    assert ws.title == "审核意见"
    assert [c.value for c in ws[2]] == ["名称", written] and ws[2][1].data_type != "f"


@pytest.mark.parametrize(
    ("cell", "written"),
    [c[1:] for c in NEUTRALISED if isinstance(c[1], str)],
    ids=[c[0] for c in NEUTRALISED if isinstance(c[1], str)],
)
def test_export_csv_neutralises_formula_cells(client, cell, written):
    import csv

    res = client.post("/api/export?format=csv", json={"header": ["a"], "rows": [[cell]]})
    assert res.status_code == 200 and res.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"), newline="")))
    assert rows == [["a"], [written]]


def test_page_and_docs_load_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200 and "起草" in page.text and "审核" in page.text and "指标库" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in sorted(STATIC.iterdir()):
        text = asset.read_text("utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), asset.name
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "document.write" not in text
        assert client.get(f"/static/{asset.name}").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/api/health", "/api/classify", "/api/suggest", "/api/thresholds", "/api/draft", "/api/structure",
            "/api/feedback", "/api/export", "/api/taxonomy"} <= set(schema["paths"])  # fmt: skip


# --- bad input: (id, request, status, message) ---------------------------------------------------

JSON_ENDPOINTS = [
    "/api/classify",
    "/api/suggest",
    "/api/thresholds",
    "/api/draft",
    "/api/feedback",
    "/api/export",
]
BIG = MAX_MB * 2**20


def _chunks(total: int):
    for _ in range(total // 65536 + 1):
        yield b"0" * 65536


BAD_REQUESTS = [
    # uploads
    ("oversized-declared", ("upload", "big.pdf", b"%PDF-1.4\n" + b"0" * int(BIG)), 413, "larger than the limit of 1 MB"),
    ("wrong-type-png", ("upload", "binary.txt", None), 415, "binary.txt: PNG image, not a filing"),
    ("wrong-type-zip", ("upload", "notes.docx", "zip"), 415, "notes.docx: a ZIP archive that is neither"),
    ("wrong-type-ole", ("upload", "old.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), 415, "file that is neither a Word nor an Excel file"),
    ("truncated-pdf", ("upload", "truncated.pdf", None), 422, "truncated.pdf: damaged PDF"),
    ("truncated-docx", ("upload", "truncated.docx", None), 422, "truncated.docx: truncated or corrupt DOCX"),
    ("encrypted-pdf", ("upload", "encrypted.pdf", None), 422, "encrypted.pdf: encrypted PDF"),
    ("image-only-pdf", ("upload", "image_only.pdf", None), 422, "image_only.pdf: no text layer"),
    ("empty-file", ("upload", "empty.txt", None), 400, "empty.txt: empty file (0 bytes)"),
    ("no-file-field", ("post", "/api/structure", {"data": {"x": "1"}}), 422, "file: Field required"),
    ("not-multipart", ("post", "/api/structure", {"json": {"file": "x"}}), 422, "file: Field required"),
    ("bad-check-flag", ("post", "/api/structure?check=maybe", {"files": {"file": ("a.txt", b"x")}}), 422, "check: Input should be a valid boolean"),
    ("bad-review-flag", ("post", "/api/structure?review=maybe", {"files": {"file": ("a.txt", b"x")}}), 422, "review: Input should be a valid boolean"),
    # JSON bodies, on every JSON endpoint
    *[(f"empty-body{p.replace('/', '-')}", ("post", p, {"content": b"", "headers": {"content-type": "application/json"}}), 400, "empty body") for p in JSON_ENDPOINTS],
    *[(f"malformed-json{p.replace('/', '-')}", ("post", p, {"content": b'{"items": [', "headers": {"content-type": "application/json"}}), 400, "malformed JSON") for p in JSON_ENDPOINTS],
    *[(f"json-not-object{p.replace('/', '-')}", ("post", p, {"json": ["a"]}), 400, "must be a JSON object") for p in JSON_ENDPOINTS],
    ("oversized-json", ("post", "/api/thresholds", {"json": {"texts": ["≥90%"] * 200_000}}), 413, "larger than the limit"),
    ("oversized-chunked", ("post", "/api/thresholds", {"content": "chunks", "headers": {"content-type": "application/json"}}), 413, "larger than the limit"),
    ("text-plain-json", ("post", "/api/classify", {"content": b'{"items": [{"name": "x"}]}', "headers": {"content-type": "text/plain"}}), 400, "must be a JSON object"),
    # fields
    ("classify-no-items", ("post", "/api/classify", {"json": {"items": []}}), 422, "items: List should have at least 1 item"),
    ("classify-item-without-name", ("post", "/api/classify", {"json": {"items": [{"value": "≥1个"}]}}), 422, "items.0.name: Field required"),
    ("classify-top-zero", ("post", "/api/classify", {"json": {"items": [{"name": "x"}], "top": 0}}), 422, "top: Input should be greater than or equal to 1"),
    ("classify-unknown-field", ("post", "/api/classify", {"json": {"items": [{"name": "x"}], "topk": 2}}), 422, "topk: Extra inputs are not permitted"),
    ("classify-explain-not-boolean", ("post", "/api/classify", {"json": {"items": [{"name": "x"}], "explain": "maybe"}}), 422, "explain: Input should be a valid boolean"),
    ("classify-explain-a-list", ("post", "/api/classify", {"json": {"items": [{"name": "x"}], "explain": [True]}}), 422, "explain: Input should be a valid boolean"),
    ("classify-bad-layout", ("post", "/api/classify", {"json": {"items": [{"name": "x"}], "layout": "2020"}}), 422, "layout: Input should be '2021' or 'legacy'"),
    ("classify-name-too-long", ("post", "/api/classify", {"json": {"items": [{"name": "长" * 501}]}}), 422, "items.0.name: String should have at most 500 characters"),
    ("suggest-empty-name", ("post", "/api/suggest", {"json": {"name": ""}}), 422, "name: String should have at least 1 character"),
    ("thresholds-not-a-list", ("post", "/api/thresholds", {"json": {"texts": "≥90%"}}), 422, "texts: Input should be a valid list"),
    ("draft-empty-text", ("post", "/api/draft", {"json": {"text": ""}}), 422, "text: String should have at least 1 character"),
    ("feedback-unknown-level2", ("post", "/api/feedback", {"json": {"name": "x", "level2": "成效指标"}}), 422, "level2: '成效指标' is not a level-2 category"),
    ("feedback-wrong-parent", ("post", "/api/feedback", {"json": {"name": "x", "level1": "效益指标", "level2": "数量指标"}}), 422, "level1: '效益指标' is not the level 1 of 数量指标"),
    ("feedback-empty-name", ("post", "/api/feedback", {"json": {"name": " ", "level2": "数量指标"}}), 422, "name: required"),
    ("feedback-bad-format", ("get", "/api/feedback?format=xml", {}), 422, "format: Input should be 'json' or 'jsonl'"),
    ("export-row-too-wide", ("post", "/api/export", {"json": {"header": ["a"], "rows": [["1", "2"]]}}), 422, "more cells than the header's 1"),
    ("export-bad-format", ("post", "/api/export?format=ods", {"json": {"header": ["a"], "rows": []}}), 422, "format: Input should be 'xlsx' or 'csv'"),
    # routes
    ("unknown-path", ("get", "/api/nothing", {}), 404, "Not Found: GET /api/nothing"),
    ("wrong-method", ("get", "/api/classify", {}), 405, "Method Not Allowed: GET /api/classify"),
]  # fmt: skip


def _zip_bytes() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("request_", "status", "message"), [c[1:] for c in BAD_REQUESTS], ids=[c[0] for c in BAD_REQUESTS]
)
def test_bad_input_gets_its_status_and_a_one_line_error(client, request_, status, message):
    kind, target, payload = request_
    if kind == "upload":
        data = _zip_bytes() if payload == "zip" else payload
        res = upload(client, BAD / target if data is None else Path(target), name=target, data=data)
    else:
        kwargs = dict(payload)
        if kwargs.get("content") == "chunks":
            kwargs["content"] = _chunks(int(BIG) + 1)
        res = client.request(kind.upper(), target, **kwargs)
    assert res.status_code == status, res.text
    assert message in one_line_error(res)


def test_internal_error_is_one_line_without_traceback(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(indicator_nlp, "extract_thresholds", boom)
    with TestClient(create_app(tmp_path / "f.sqlite3"), raise_server_exceptions=False) as c:
        res = c.post("/api/thresholds", json={"texts": ["≥90%"]})
    assert res.status_code == 500
    assert one_line_error(res) == "internal error (RuntimeError); the server log has the details"


def test_missing_model_is_503(tmp_path):
    with TestClient(create_app(tmp_path / "f.sqlite3", model=str(tmp_path / "none.joblib"))) as c:
        res = c.post("/api/classify", json={"items": [{"name": "x"}]})
    assert res.status_code == 503 and "model file not found" in one_line_error(res)


HOSTS = [("loopback", "127.0.0.1:8000", 200), ("localhost", "localhost", 200), ("ipv6", "[::1]:8000", 200), ("rebinding", "evil.example:8000", 400)]  # fmt: skip


@pytest.mark.parametrize(("host", "status"), [c[1:] for c in HOSTS], ids=[c[0] for c in HOSTS])
def test_loopback_server_answers_only_loopback_hosts(tmp_path, host, status):
    app = create_app(tmp_path / "f.sqlite3", allowed_hosts=["127.0.0.1", "localhost", "::1", "[::1]"])
    with TestClient(app) as c:
        res = c.get("/api/taxonomy", headers={"host": host})
    assert res.status_code == status
    if status == 400:
        assert "not served here" in one_line_error(res)


# --- the serve command ----------------------------------------------------------------------

SERVE = [
    ("loopback-default", [], False, "127.0.0.1"),
    ("all-interfaces-warns", ["--host", "0.0.0.0"], True, "0.0.0.0"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "warns", "host"), [c[1:] for c in SERVE], ids=[c[0] for c in SERVE])
def test_serve_binds_loopback_unless_told(tmp_path, monkeypatch, capsys, args, warns, host):
    import uvicorn

    from indicator_nlp.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert main(["serve", "--db", str(tmp_path / "f.sqlite3"), "--port", "8123", *args]) == 0
    err = capsys.readouterr().err
    assert seen["host"] == host and seen["port"] == 8123
    assert ("warning: serving on 0.0.0.0" in err) == warns
    assert f"feedback in {tmp_path / 'f.sqlite3'}" in err
    seen["app"].state.indicator_nlp.store.close()


SERVE_ERRORS = [
    ("bad-port", ["--port", "0"], 2, "--port must be between 1 and 65535"),
    ("bad-limit", ["--max-upload-mb", "0"], 2, "--max-upload-mb must be positive"),
    ("bad-model", ["--model", "none.joblib"], 1, "none.joblib: model file not found"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"), [c[1:] for c in SERVE_ERRORS], ids=[c[0] for c in SERVE_ERRORS]
)
def test_serve_refuses_bad_options(tmp_path, capsys, args, code, message):
    from indicator_nlp.cli import main

    assert main(["serve", "--db", str(tmp_path / "f.sqlite3"), *args]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
