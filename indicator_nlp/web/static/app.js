// The page of `indicator-nlp serve`: three views over the JSON API (/docs).
// Every text that comes from a filing or a user is put in the page as a text node (textContent,
// input.value): never as markup, so a cell holding <script> or <img onerror> shows as text.
"use strict";

const $ = (id) => document.getElementById(id);

/** An element with properties (never markup) and children (strings become text nodes). */
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") e.className = v;
    else if (k === "data") Object.assign(e.dataset, v);
    else if (k.startsWith("aria-")) e.setAttribute(k, v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(path, body, options) {
  const init = options || {};
  if (body !== undefined && !(body instanceof FormData)) {
    init.method = "POST";
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  } else if (body instanceof FormData) {
    init.method = "POST";
    init.body = body;
  }
  const res = await fetch(path, init);
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try { message = (await res.json()).error || message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return init.raw ? res : res.json();
}

function say(id, text, isError) {
  const m = $(id);
  m.textContent = text || "";
  m.classList.toggle("error", Boolean(isError));
}

const pct = (p) => `${Math.round((p || 0) * 100)}%`;

function bar(p) {
  const fill = el("span");
  fill.style.width = pct(p);  // CSSOM, allowed by the page's style-src 'self'
  return el("span", { class: "bar", title: pct(p) }, fill);
}

// --- categories (from /api/taxonomy, so the page and the library never disagree) --------------

let CATEGORIES = [];  // [{level1, level2: [...]}] in the 2021 layout (成本指标 a level 1)
const LAYOUTS = {};  // layout -> its categories; "legacy" files 成本指标 under 产出指标

function parentOf(level2, layout) {
  const c = (LAYOUTS[layout] || CATEGORIES).find((x) => x.level2.includes(level2));
  return c ? c.level1 : "";
}

/** The level-2 dropdown; ``placeholder`` names the empty choice shown when ``preset`` is not a
 * category of the layout (a level 2 left blank, or filed outside the framework). */
function categorySelect(preset, onChange, layout, placeholder) {
  const groups = LAYOUTS[layout] || CATEGORIES;
  const s = el("select", { "aria-label": "二级指标", onchange: onChange });
  if (!preset || !groups.some((c) => c.level2.includes(preset))) {
    s.append(el("option", { value: "" }, placeholder || "（请选择）"));
  }
  for (const c of groups) {
    const g = el("optgroup", { label: c.level1 });
    for (const l2 of c.level2) g.append(el("option", { value: l2, selected: l2 === preset }, l2));
    s.append(g);
  }
  return s;
}

async function sendFeedback(record) {
  const saved = await api("/api/feedback", record);
  refreshStatus();
  return saved;
}

/** Store a chosen category and say so in ``status``: ``done`` on success, the server's one-line
 * error otherwise. Resolves to whether it was stored. (Both the 起草 and 审核 views use it.) */
async function saveChoice(record, status, done) {
  status.textContent = "保存中…";
  status.classList.remove("error");
  try {
    await sendFeedback(record);
    status.textContent = done;
    return true;
  } catch (err) {
    status.textContent = `保存失败：${err.message}`;
    status.classList.add("error");
    return false;
  }
}

function downloadBlob(blob, filename) {
  const a = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function exportTable(title, header, rows, msgId) {
  try {
    const res = await api("/api/export?format=xlsx", { title, header, rows }, { raw: true });
    downloadBlob(await res.blob(), `${title}.xlsx`);
    say(msgId, `已导出 ${rows.length} 行`);
  } catch (err) {
    say(msgId, `导出失败：${err.message}`, true);
  }
}

// --- 起草 -----------------------------------------------------------------------------------------

const KIND = { number: "数值", deadline: "时限", event: "事件", activity: "活动", improvement: "提升" };
let draftSource = "";

async function runDraft() {
  const text = $("draft-text").value.trim();
  if (!text) { say("draft-msg", "请先粘贴绩效目标文字", true); return; }
  say("draft-msg", "拟定中…");
  $("draft-run").disabled = true;
  try {
    const { rows } = await api("/api/draft", {
      text, rows_only: true, measurable_only: $("draft-measurable").checked,
    });
    let preds = [];
    if (rows.length) {
      const items = rows.map((r) => ({ name: r.name.slice(0, 500), value: r.value ? r.value.slice(0, 500) : null }));
      try {
        preds = (await api("/api/classify", { items, top: 3, explain: true })).predictions;
      } catch (_) { preds = []; }
    }
    draftSource = `起草 ${new Date().toISOString().slice(0, 19)}`;
    renderDraft(rows, preds);
    say("draft-msg", rows.length ? `拟定 ${rows.length} 行：请核对分类` : "没有找到可拟定的目标");
  } catch (err) {
    say("draft-msg", err.message, true);
  } finally {
    $("draft-run").disabled = false;
  }
}

function renderDraft(rows, preds) {
  const body = $("draft-table").tBodies[0];
  body.replaceChildren();
  rows.forEach((r, i) => {
    const pred = preds[i] || null;
    // The drafter's own category when it gave one (it may overrule the classifier on kinds of
    // target it knows), else the classifier's; the classifier's other answers are the alternatives.
    const level2 = r.level2 || (pred && pred.level2) || null;
    const suggested = {
      level1: r.level1 || (pred && pred.level1) || null,
      level2,
      confidence: typeof r.confidence === "number" && r.level2 ? r.confidence
        : pred && pred.level2 === level2 ? pred.confidence : 0,
    };
    const tr = el("tr");
    const name = el("input", { value: r.name || "", "aria-label": "三级指标" });
    const value = el("input", { value: r.value || "", "aria-label": "指标值" });
    const level1 = el("td", { class: "level1" }, suggested.level1 || "");
    const status = el("span", { class: "done" });
    const send = async (action) => {
      const level2 = select.value;
      if (!level2) { status.textContent = "请选择二级指标"; return; }
      const stored = await saveChoice({
        name: name.value, value: value.value, level1: parentOf(level2), level2,
        source: draftSource, suggested,
      }, status, action === "change" ? "✓ 已保存修改" : "✓ 已确认");
      if (stored) tr.classList.add("sent");
    };
    const select = categorySelect(suggested.level2, () => {
      level1.textContent = parentOf(select.value);
      send("change");
    });
    const alts = pred
      ? pred.top.filter((t) => t.level2 !== suggested.level2).slice(0, 2).map((t) => `${t.level2} ${pct(t.p)}`).join("；")
      : "";
    tr.append(
      el("td", {}, name),
      el("td", {}, value),
      el("td", { title: r.note || "" }, KIND[r.kind] || r.kind || "", r.note ? el("div", { class: "alts" }, r.note) : null),
      level1,
      el("td", {}, select, why(pred, suggested.level2)),
      el("td", {}, bar(suggested.confidence), pct(suggested.confidence)),
      el("td", { class: "alts" }, alts),
      el("td", {}, el("button", { type: "button", onclick: () => send("accept") }, "确认"), " ", status),
    );
    tr.dataset.suggested = suggested.level2 || "";
    body.append(tr);
  });
  $("draft-table").hidden = rows.length === 0;
  $("draft-export").disabled = rows.length === 0;
}

/** A "为什么" toggle with the classifier's evidence for its category (text only), or null. When
 * the drafter chose another category than the classifier's, the text says whose it is. */
function why(pred, shown) {
  const text = pred && pred.explanation && pred.explanation.text;
  if (!text) return null;
  const whose = pred.level2 && pred.level2 !== shown ? `分类器判为${pred.level2}（拟定规则另选${shown}）：` : "";
  return el("details", { class: "why" }, el("summary", {}, "为什么"), el("div", { class: "why-text" }, whose, text));
}

function exportDraft() {
  const header = ["三级指标", "指标值", "类型", "一级指标", "二级指标", "置信度", "建议二级指标", "反馈"];
  const rows = [...$("draft-table").tBodies[0].rows].map((tr) => {
    const cells = tr.cells;
    return [
      cells[0].querySelector("input").value,
      cells[1].querySelector("input").value,
      cells[2].firstChild ? cells[2].firstChild.textContent : "",
      cells[3].textContent,
      cells[4].querySelector("select").value,
      cells[5].textContent,
      tr.dataset.suggested,
      cells[7].querySelector(".done").textContent,
    ];
  });
  exportTable("起草指标", header, rows, "draft-msg");
}

// --- 审核 -----------------------------------------------------------------------------------------

const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const RANK = { error: 3, warning: 2, info: 1 };
let reviewed = null;  // {name, indicators, findings, general}

const rowKey = (x) => `${x.file || ""}|${x.table ?? ""}|${x.row ?? ""}`;

async function runReview() {
  const file = $("review-file").files[0];
  if (!file) { say("review-msg", "请先选择文件", true); return; }
  say("review-msg", `正在读取 ${file.name}…`);
  $("review-run").disabled = true;
  try {
    const form = new FormData();
    form.append("file", file);
    const res = await api("/api/structure?review=true", form);
    renderReview(file.name, res);
    say("review-msg", "");
  } catch (err) {
    say("review-msg", err.message, true);
  } finally {
    $("review-run").disabled = false;
  }
}

function findingItem(f, ind, source, category) {
  const li = el("li", { class: `finding ${f.severity}` },
    el("span", { class: "rule" }, f.rule), `【${SEVERITY[f.severity] || f.severity}】`, f.message);
  const s = f.suggestion;
  if (s && s.level2) {
    li.append(el("span", { class: "suggest" }, ` 建议：${s.level1 || ""}/${s.level2}`,
      s.confidence !== undefined ? `（${pct(s.confidence)}）` : ""));
    if (ind) {
      const adopt = el("button", {
        type: "button",
        onclick: async () => {
          // The status joins the page once the answer is in (the button stays for a retry on error).
          const status = el("span", { class: "done" });
          const record = {
            name: ind.name, value: ind.value || "", level1: s.level1, level2: s.level2, source, suggested: s,
          };
          adopt.disabled = true;
          const stored = await saveChoice(record, status, "✓ 已采纳");
          adopt.disabled = false;
          if (li.querySelector(".done")) li.querySelector(".done").remove();
          if (stored) {
            adopt.replaceWith(status);
            if (category) category.show(s.level2);
          } else {
            adopt.after(status);
          }
        },
      }, "采纳");
      li.append(adopt);
    }
  }
  return li;
}

function renderReview(name, res) {
  const byRow = new Map();
  for (const ind of res.indicators) byRow.set(rowKey(ind), []);
  const general = [];
  for (const f of res.findings || []) {
    const list = byRow.get(rowKey(f));
    if (list) list.push(f); else general.push(f);
  }
  reviewed = { name, indicators: res.indicators, byRow, general, selects: new Map() };
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of res.findings || []) counts[f.severity] = (counts[f.severity] || 0) + 1;
  $("review-summary").textContent =
    `${name}：${res.indicators.length} 个指标，审核意见 ${(res.findings || []).length} 条` +
    `（错误 ${counts.error}，警告 ${counts.warning}，提示 ${counts.info}）`;
  $("review-general").replaceChildren(...general.map((f) => findingItem(f, null, name)));
  const body = $("review-table").tBodies[0];
  body.replaceChildren();
  // The filing's cost layout (成本指标 as a level 1, or under 产出指标) sets the dropdown's groups.
  const layout = (res.indicators.find((i) => i.layout) || {}).layout || "2021";
  for (const ind of res.indicators) {
    const fs = byRow.get(rowKey(ind));
    const worst = fs.reduce((w, f) => (RANK[f.severity] > (RANK[w] || 0) ? f.severity : w), "");
    const level1 = el("td", { class: "level1" }, ind.level1 || "");
    const category = reviewCategory(ind, fs, name, ind.layout || layout, level1);
    reviewed.selects.set(rowKey(ind), category.select);
    const tr = el("tr", { class: worst ? `sev-${worst}` : "" },
      el("td", {}, ind.row ?? ""),
      el("td", {}, ind.project || ""),
      level1,
      category.cell,
      el("td", { class: "name" }, ind.name),
      el("td", {}, ind.value || ""),
      el("td", {}, el("ul", { class: "findings" }, fs.map((f) => findingItem(f, ind, name, category)))),
    );
    body.append(tr);
  }
  // The 项目 column only when the filing has projects.
  $("review-table").classList.toggle("no-project", !res.indicators.some((i) => i.project));
  $("review-table").hidden = res.indicators.length === 0;
  $("review-export").disabled = false;
}

/** The 二级指标 cell of a reviewed row: a dropdown preset to the filed level 2 (changing it stores
 * the correction), the checked category and its confidence when they differ from the filed ones,
 * and the evidence R09 quotes. */
function reviewCategory(ind, fs, source, layout, level1) {
  const status = el("span", { class: "done", "aria-live": "polite" });
  const filed = ind.level2 || "";
  const placeholder = ind.level2_raw || ind.level2 ? `（原填：${ind.level2_raw || ind.level2}）` : "（未填）";
  let kept = { level2: filed, level1: ind.level1 || "" };  // what the row shows when a post fails
  const select = categorySelect(filed, async () => {
    const level2 = select.value;
    if (!level2) return;
    level1.textContent = parentOf(level2, layout);
    const suggested = ind.level2_checked
      ? { level1: ind.level1_checked, level2: ind.level2_checked, confidence: ind.check_confidence }
      : null;
    const stored = await saveChoice({
      name: ind.name, value: ind.value || "", level1: parentOf(level2, layout), level2, source, suggested,
    }, status, `✓ 已记录：${level2}`);
    if (stored) {
      kept = { level2, level1: level1.textContent };
    } else {  // back to the last stored choice, so that choosing it again retries
      select.value = kept.level2;
      level1.textContent = kept.level1;
    }
  }, layout, placeholder);
  const cell = el("td", { class: "category" }, select, " ", status);
  // The checked category differs when it is another level 2, or (a level 2 left blank) another level 1.
  const differs = ind.level2_checked && (
    ind.level2 ? ind.level2_checked !== ind.level2 : ind.level1_checked !== ind.level1);
  if (differs) {
    const conf = typeof ind.check_confidence === "number" ? `（${pct(ind.check_confidence)}）` : "";
    cell.append(el("div", { class: "checked" }, `核对：${ind.level1_checked || ""}/${ind.level2_checked}${conf}`));
  }
  const r09 = fs.find((f) => f.rule === "R09-category-mismatch" && f.explanation);
  if (r09) cell.append(el("div", { class: "why-text" }, `依据：${r09.explanation}`));
  // An adopted suggestion shows in the dropdown and the 一级指标 cell (it is stored already).
  const show = (level2) => {
    if (![...select.options].some((o) => o.value === level2)) return;
    select.value = level2;
    level1.textContent = parentOf(level2, layout);
    kept = { level2, level1: level1.textContent };
  };
  return { cell, select, show };
}

function exportReview() {
  if (!reviewed) return;
  const header = ["项目", "行", "一级指标", "二级指标", "三级指标", "指标值", "严重程度", "规则", "审核意见", "建议分类",
    "核对分类", "核对置信度", "审核选定二级指标"];
  const join = (fs, f) => fs.map(f).join("\n");
  const cells = (fs) => [
    join(fs, (f) => SEVERITY[f.severity] || f.severity),
    join(fs, (f) => f.rule),
    join(fs, (f) => f.message),
    join(fs, (f) => (f.suggestion && f.suggestion.level2 ? `${f.suggestion.level1}/${f.suggestion.level2}` : "")),
  ];
  const rows = reviewed.general.map((f) => [f.project || "", f.row ?? "", "", "", "", "", ...cells([f])]);
  for (const ind of reviewed.indicators) {
    const select = reviewed.selects.get(rowKey(ind));
    rows.push([ind.project || "", ind.row ?? "", ind.level1 || "", ind.level2 || "", ind.name, ind.value || "",
      ...cells(reviewed.byRow.get(rowKey(ind))),
      ind.level2_checked ? `${ind.level1_checked || ""}/${ind.level2_checked}` : "",
      typeof ind.check_confidence === "number" ? pct(ind.check_confidence) : "",
      select ? select.value : ""]);
  }
  exportTable("审核意见", header, rows, "review-msg");
}

// --- 指标库 ---------------------------------------------------------------------------------------

const OPERATOR = {
  ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", range: "区间", deadline: "时限", qualitative: "定性",
};
let libSeq = 0;
let libTimer = null;

function onLibraryInput() {
  clearTimeout(libTimer);
  libTimer = setTimeout(lookUp, 200);
}

async function lookUp() {
  const name = $("lib-name").value.trim().slice(0, 500);
  const seq = ++libSeq;
  if (!name) { $("lib-result").replaceChildren(); return; }
  try {
    const res = await api("/api/suggest", { name, k: 8 });
    if (seq === libSeq) renderLibrary(res);  // a newer keystroke's answer wins
  } catch (err) {
    if (seq === libSeq) $("lib-result").replaceChildren(el("p", { class: "msg error" }, err.message));
  }
}

function renderLibrary(res) {
  const p = res.prediction;
  const usual = res.usual || {};
  const list = (xs) => (xs && xs.length ? xs.join("、") : "—");
  const table = el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, ["相似指标", "指标值", "一级指标", "二级指标", "相似度"].map((h) => el("th", {}, h)))),
    el("tbody", {}, res.similar.map((s) => el("tr", {},
      el("td", {}, s.name), el("td", {}, s.value || ""), el("td", {}, s.level1 || ""),
      el("td", {}, s.level2 || ""), el("td", {}, s.similarity.toFixed(2))))));
  $("lib-result").replaceChildren(
    el("div", { class: "category" }, el("strong", {}, `${p.level1} / ${p.level2}`), "  ", bar(p.confidence), `置信度 ${pct(p.confidence)}`),
    el("div", { class: "alts" }, "备选：", p.top.slice(1).map((t) => `${t.level1}/${t.level2} ${pct(t.p)}`).join("；") || "—"),
    el("dl", {},
      el("dt", {}, "常见指标值"), el("dd", {}, list(usual.values)),
      el("dt", {}, "常用单位"), el("dd", {}, list(usual.units)),
      el("dt", {}, "常用运算符"), el("dd", {}, list((usual.operators || []).map((o) => OPERATOR[o] || o)))),
    res.similar.length ? table : el("p", { class: "hint" }, "语料中没有相似指标"),
  );
}

// --- shell ----------------------------------------------------------------------------------------

function show(view) {
  for (const b of document.querySelectorAll("nav button")) {
    const on = b.dataset.view === view;
    b.setAttribute("aria-selected", String(on));
    $(`view-${b.dataset.view}`).hidden = !on;
  }
  if (location.hash !== `#${view}`) history.replaceState(null, "", `#${view}`);
}

async function refreshStatus() {
  try {
    const h = await api("/api/health");
    $("status").textContent = `模型 ${(h.model || "").slice(0, 8)}… · 已保存反馈 ${h.feedback} 条`;
  } catch (err) {
    $("status").textContent = `服务不可用：${err.message}`;
  }
}

async function init() {
  for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => show(b.dataset.view));
  $("draft-run").addEventListener("click", runDraft);
  $("draft-export").addEventListener("click", exportDraft);
  $("review-run").addEventListener("click", runReview);
  $("review-file").addEventListener("change", () => {
    const f = $("review-file").files[0];
    $("review-file-name").textContent = f ? f.name : "未选择文件";
  });
  $("review-export").addEventListener("click", exportReview);
  $("lib-name").addEventListener("input", onLibraryInput);
  const view = location.hash.slice(1);
  show(["draft", "review", "library"].includes(view) ? view : "draft");
  refreshStatus();
  try {
    const [modern, legacy] = await Promise.all([api("/api/taxonomy"), api("/api/taxonomy?layout=legacy")]);
    CATEGORIES = LAYOUTS["2021"] = modern.categories;
    LAYOUTS.legacy = legacy.categories;
    document.body.dataset.ready = "1";
  } catch (err) {
    say("draft-msg", `无法读取分类：${err.message}`, true);
  }
}

document.addEventListener("DOMContentLoaded", init);
