"""The page of `indicator-nlp serve` in headless Chromium (Debian's chromium, driven by Playwright).

One server for the module (uvicorn in a thread, loopback, a fresh feedback database). Screenshots
of the three views go to $INDICATOR_NLP_SCREENSHOTS when set (docs/ uses them), else to a temp
folder. Locally the tests skip when Chromium or Playwright is missing; in CI (CI=true) they fail.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_001 = ROOT / "examples" / "seed_001.txt"
HOSTILE = ROOT / "tests" / "fixtures" / "web" / "hostile.xlsx"
GOALS = "开展青少年法治宣传教育活动不少于20场；受益群众满意度达90%以上；2024年12月前完成青年人才驿站建设；建立乡村振兴青年人才库。"


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    missing = []
    for module, how in (
        ("fastapi", "pip install '.[web]'"),
        ("uvicorn", "pip install '.[web]'"),
        ("playwright", "pip install '.[dev]'"),
    ):
        if importlib.util.find_spec(module) is None:
            missing.append(f"the {module} package ({how})")
    if _chromium() is None:
        missing.append("Debian's chromium (apt-get install chromium chromium-driver)")
    return "browser tests need " + ", ".join(missing) if missing else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
        pytest.skip(reason)
    import uvicorn

    from indicator_nlp.web import create_app

    app = create_app(tmp_path_factory.mktemp("web") / "feedback.sqlite3")
    app.state.indicator_nlp.model()  # loaded before the first page asks
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    app.state.indicator_nlp.store.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=_chromium(), headless=True, args=["--no-sandbox", "--lang=zh-CN"]
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("INDICATOR_NLP_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser, server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 800}, accept_downloads=True
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    hosts: set[str] = set()
    pg.on("request", lambda r: hosts.add(r.url.split("/")[2]) if r.url.startswith("http") else None)
    pg.set_default_timeout(60_000)  # a loaded 2-core machine
    yield pg
    context.close()
    assert errors == []
    assert hosts <= {server.split("/")[2]}  # everything the page loads comes from the server


def open_view(page, server: str, view: str) -> None:
    page.goto(f"{server}/#{view}")
    page.wait_for_selector("body[data-ready='1']")


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as res:
        return json.loads(res.read())


def post_json(url: str, body: dict):
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as res:
        return json.loads(res.read())


def draft(page, server: str) -> list[dict]:
    open_view(page, server, "draft")
    page.fill("#draft-text", GOALS)
    page.click("#draft-run")
    page.wait_for_selector("#draft-table tbody tr")
    return post_json(f"{server}/api/draft", {"text": GOALS, "rows_only": True})["rows"]


def upload(page, server: str, path: Path) -> None:
    open_view(page, server, "review")
    page.set_input_files("#review-file", str(path))
    page.click("#review-run")
    page.wait_for_selector("#review-table tbody tr")


# --- 起草 -----------------------------------------------------------------------------------------


def test_pasted_goals_become_drafted_rows(page, server, shots):
    expected = draft(page, server)
    rows = page.locator("#draft-table tbody tr")
    assert rows.count() == len(expected) >= 4
    for i, row in enumerate(expected):
        tr = rows.nth(i)
        assert tr.locator("td").nth(0).locator("input").input_value() == row["name"]
        assert tr.locator("td").nth(1).locator("input").input_value() == (row["value"] or "")
        assert tr.locator("select").input_value() == row["level2"]
        assert tr.locator("td").nth(3).inner_text() == row["level1"]
    assert "满意度" in rows.nth(1).locator("td").nth(0).locator("input").input_value()
    page.screenshot(path=str(shots / "web-draft.png"), full_page=True)


def test_why_toggle_shows_the_classifiers_evidence(page, server):
    expected = draft(page, server)
    items = [{"name": r["name"], "value": r["value"]} for r in expected]
    preds = post_json(f"{server}/api/classify", {"items": items, "top": 3, "explain": True})["predictions"]
    toggles = page.locator("#draft-table tbody tr details.why")
    assert toggles.count() == len(expected)
    assert not toggles.nth(1).locator(".why-text").is_visible()  # folded until asked
    for i in range(len(expected)):
        toggles.nth(i).locator("summary", has_text="为什么").click()
    # the classifier's own words; prefixed with whose they are where the drafter chose otherwise
    assert toggles.locator(".why-text").all_inner_texts() == [
        (f"分类器判为{p['level2']}（拟定规则另选{shown}）：" if p["level2"] != shown else "")
        + p["explanation"]["text"]
        for shown, p in ((r["level2"] or p["level2"], p) for r, p in zip(expected, preds))
    ]
    assert all("→" in p["explanation"]["text"] for p in preds)


def test_changed_category_is_stored_as_feedback(page, server):
    expected = draft(page, server)
    tr = page.locator("#draft-table tbody tr").nth(0)
    before = expected[0]["level2"]
    after = "社会效益指标" if before != "社会效益指标" else "数量指标"
    tr.locator("select").select_option(after)
    page.wait_for_function(
        "() => document.querySelector('#draft-table tbody tr .done').textContent.includes('已保存修改')"
    )
    assert tr.locator("td").nth(3).inner_text() == ("效益指标" if after == "社会效益指标" else "产出指标")
    stored = get_json(f"{server}/api/feedback")["feedback"]
    match = [r for r in stored if r["name"] == expected[0]["name"] and r["level2"] == after]
    assert len(match) == 1
    assert match[0]["suggested"]["level2"] == before and match[0]["source"].startswith("起草 ")
    rows = get_json_lines(f"{server}/api/feedback?format=jsonl")
    assert any(
        r["name"] == expected[0]["name"] and r["class"] == after and "corrected" in r["flags"] for r in rows
    )
    # the edited table downloads as XLSX with the choice in it
    from openpyxl import load_workbook

    with page.expect_download() as info:
        page.click("#draft-export")
    ws = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert [c.value for c in ws[1]][:5] == ["三级指标", "指标值", "类型", "一级指标", "二级指标"]
    assert ws.cell(2, 1).value == expected[0]["name"] and ws.cell(2, 5).value == after


def get_json_lines(url: str) -> list[dict]:
    with urllib.request.urlopen(url, timeout=30) as res:
        return [json.loads(line) for line in res.read().decode("utf-8").splitlines()]


# --- 审核 -----------------------------------------------------------------------------------------


def test_seed_001_shows_24_rows_and_the_finding_on_its_misfiled_row(page, server, shots):
    upload(page, server, SEED_001)
    rows = page.locator("#review-table tbody tr")
    assert rows.count() == 24
    assert "24 个指标" in page.inner_text("#review-summary")
    station = rows.filter(has_text="驿站建设完成时间")
    assert station.count() == 1
    assert "sev-warning" in station.get_attribute("class")
    finding = station.locator("li.finding", has_text="R09-category-mismatch")
    assert "建议：产出指标/时效指标" in finding.inner_text()
    page.screenshot(path=str(shots / "web-review.png"), full_page=True)
    # adopting the suggestion stores it as a reviewed label of this filing
    finding.locator("button", has_text="采纳").click()
    page.wait_for_selector("#review-table li.finding .done")
    assert station.locator("td.category select").input_value() == "时效指标"  # the row shows it
    assert station.locator("td.level1").inner_text() == "产出指标"
    stored = get_json(f"{server}/api/feedback")["feedback"]
    assert any(
        r["name"] == "东莞市青年人才驿站建设完成时间"
        and r["level2"] == "时效指标"
        and r["source"] == "seed_001.txt"
        for r in stored
    )


def test_review_row_category_correction_is_stored(page, server, shots):
    upload(page, server, SEED_001)
    rows = page.locator("#review-table tbody tr")
    # the misfiled row: the checked category beside the dropdown, and the evidence R09 quotes
    station = rows.filter(has_text="驿站建设完成时间").locator("td.category")
    assert station.locator(".checked").inner_text().startswith("核对：产出指标/时效指标（")
    why = station.locator(".why-text").inner_text().removeprefix("依据：")
    assert "→ 时效指标" in why
    assert why in rows.filter(has_text="驿站建设完成时间").locator("li.finding", has_text="R09").inner_text()
    # a clean row: the filed level 2 preselected, no checked category shown
    media = rows.filter(has_text="市级以上媒体报道")
    select = media.locator("td.category select")
    assert select.input_value() == "社会效益指标" and media.locator(".checked").count() == 0
    status = media.locator("td.category .done")
    # a refused post shows its one-line error ...
    page.route(
        "**/api/feedback",
        lambda route: route.fulfill(
            status=422, content_type="application/json", body='{"error": "level2: refused by the test"}'
        ),
    )
    select.select_option("数量指标")
    page.wait_for_function("(el) => el.textContent.includes('保存失败')", arg=status.element_handle())
    assert status.inner_text() == "保存失败：level2: refused by the test"
    assert "error" in status.get_attribute("class")
    assert select.input_value() == "社会效益指标"  # back to the last stored choice: choosing again retries
    page.unroute("**/api/feedback")
    # ... and a stored one its confirmation, the correction kept with the checked category shown
    select.select_option("可持续影响指标")
    page.wait_for_function("(el) => el.textContent.includes('已记录')", arg=status.element_handle())
    assert "error" not in status.get_attribute("class")
    stored = [r for r in get_json(f"{server}/api/feedback")["feedback"] if r["name"] == "市级以上媒体报道"]
    assert [(r["level1"], r["level2"], r["source"], r["suggested"]["level2"]) for r in stored] == [
        ("效益指标", "可持续影响指标", "seed_001.txt", "社会效益指标")
    ]
    page.screenshot(path=str(shots / "web-review-correction.png"), full_page=True)
    # the downloaded table keeps the checked category and the reviewer's choice of each row
    from openpyxl import load_workbook

    with page.expect_download() as info:
        page.click("#review-export")
    ws = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    header = [c.value for c in ws[1]]
    assert header[-3:] == ["核对分类", "核对置信度", "审核选定二级指标"]
    by_name = {r[4]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert by_name["市级以上媒体报道"]["审核选定二级指标"] == "可持续影响指标"
    assert by_name["市级以上媒体报道"]["核对分类"] == "效益指标/社会效益指标"
    assert by_name["东莞市青年人才驿站建设完成时间"]["核对分类"] == "产出指标/时效指标"
    assert by_name["东莞市青年人才驿站建设完成时间"]["审核选定二级指标"] in (None, "")  # left blank as filed


def _hostile():
    spec = importlib.util.spec_from_file_location(
        "make_web_fixtures", ROOT / "scripts" / "make_web_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_markup_in_cells_renders_as_text(page, server):
    hostile = _hostile()
    upload(page, server, HOSTILE)
    names = page.locator("#review-table td.name").all_inner_texts()
    assert hostile.IMG in names and hostile.SCRIPT in names
    assert page.locator("#review-table img, #review-table script").count() == 0
    assert page.evaluate("document.body.dataset.xss") is None
    # the review table downloads with formula-like cells neutralised
    from openpyxl import load_workbook

    with page.expect_download() as info:
        page.click("#review-export")
    ws = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    cells = {c.value for row in ws.iter_rows() for c in row}
    assert {"'@SUM(A1:A2)", "'+95%", "'-2024年12月前", hostile.IMG} <= cells
    assert not {"@SUM(A1:A2)", "+95%"} & cells


# --- 指标库 ---------------------------------------------------------------------------------------


def test_library_shows_category_similar_and_usual_values(page, server, shots):
    open_view(page, server, "library")
    page.fill("#lib-name", "参加培训的农民人数")
    page.wait_for_selector("#lib-result table tbody tr")
    expected = post_json(f"{server}/api/suggest", {"name": "参加培训的农民人数", "k": 8})
    p = expected["prediction"]
    assert page.inner_text("#lib-result .category").startswith(f"{p['level1']} / {p['level2']}")
    assert page.locator("#lib-result table tbody tr").count() == len(expected["similar"])
    assert page.locator("#lib-result td").first.inner_text() == expected["similar"][0]["name"]
    page.screenshot(path=str(shots / "web-library.png"), full_page=True)


def test_api_docs_render_from_the_server(page, server):
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock")
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/classify", "/api/structure", "/api/feedback"} <= {p.replace("\u200b", "") for p in paths}
