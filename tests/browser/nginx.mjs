// The example site behind nginx with scripts/nginx.conf: Debian's nginx
// (scripts/deps installs it; this test installs nothing) runs in the
// foreground on 127.0.0.1 with a temporary prefix (config, pid, logs and temp
// folders in a temporary folder), serving the example site built into that
// folder. scripts/nginx.conf is used as it is, with only its listen lines,
// root and certificates replaced (plain HTTP on free ports).
//
//   node tests/browser/nginx.mjs /path/to/routekaart
//
// Checks the headers (CSP, HSTS, nosniff, Referrer-Policy, frame-ancestors,
// caching per file type, the redirect to https) and, in chromium, that every
// page type loads and its script works (filters, search, routes, the tool,
// the CSV export) with no CSP violation, console error or page error.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync, chmodSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { SOURCE_DIR, CHROMIUM, CHROMIUM_ARGS, DESKTOP, serve } from "./site.mjs";
import { readmeSnippet, SNIPPET_SRC, hostPage, fitted } from "./embed.mjs";
import { Runner } from "./runner.mjs";

const NGINX = process.env.NGINX || "/usr/sbin/nginx";
const CONF = join(SOURCE_DIR, "scripts", "nginx.conf");
const CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; worker-src 'self'; frame-ancestors 'none'";
const REGION = "utrecht-west";

const runner = new Runner({ timeoutMs: 60_000, after: closeContexts });
const { say, note, test } = runner;

function bail(reason) {
  say(`not ok - ${reason}`);
  say("0 passed, 1 failed");
  process.exit(1);
}

const binary = process.argv[2];
if (!binary) bail("usage: node tests/browser/nginx.mjs /path/to/routekaart");
if (!existsSync(NGINX)) bail(`${NGINX} not found: nginx is needed (bash scripts/deps installs Debian's nginx)`);

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// ---- the site and nginx ---------------------------------------------------------

const root = mkdtempSync(join(tmpdir(), "routekaart-nginx-"));
chmodSync(root, 0o755); // nginx's workers may run as another user
const site = join(root, "public");
const built = spawnSync(resolve(binary), ["build", SOURCE_DIR, "-o", site], { encoding: "utf8" });
if (built.status !== 0) bail(`the example site builds: exit ${built.status}: ${built.stderr}`);
const port = await freePort();
const redirectPort = await freePort();

// scripts/nginx.conf with each deployment line replaced; every replacement
// must match exactly once, so a changed file makes this test say what moved.
let server = readFileSync(CONF, "utf8");
const replacements = [
  [/^\s*listen 443 ssl http2;.*$/m, `    listen 127.0.0.1:${port};`],
  [/^\s*listen \[::\]:443 ssl http2;.*$/m, ""],
  [/^\s*listen 80;.*$/m, `    listen 127.0.0.1:${redirectPort};`],
  [/^\s*listen \[::\]:80;.*$/m, ""],
  [/^\s*ssl_certificate .*$/m, ""],
  [/^\s*ssl_certificate_key .*$/m, ""],
  [/^(\s*root )\/var\/www\/routekaart\/public;/m, `$1${site};`],
];
for (const [pattern, text] of replacements) {
  const hits = server.match(new RegExp(pattern.source, "gm")) || [];
  if (hits.length !== 1) bail(`scripts/nginx.conf: expected one line matching ${pattern}, found ${hits.length}`);
  server = server.replace(pattern, text);
}
for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"]) mkdirSync(join(root, dir));
writeFileSync(join(root, "nginx.conf"), `# written by tests/browser/nginx.mjs
daemon off;
worker_processes 1;
pid ${root}/nginx.pid;
error_log ${root}/logs/error.log warn;
${process.getuid && process.getuid() === 0 ? "user root root;" : ""}
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${root}/logs/access.log;
    client_body_temp_path ${root}/client_body;
    proxy_temp_path ${root}/proxy;
    fastcgi_temp_path ${root}/fastcgi;
    uwsgi_temp_path ${root}/uwsgi;
    scgi_temp_path ${root}/scgi;
    # ---- scripts/nginx.conf ----
${server}
}
`);
const args = ["-p", root, "-c", join(root, "nginx.conf"), "-e", join(root, "logs", "error.log")];
const syntax = spawnSync(NGINX, [...args, "-t"], { encoding: "utf8" });
if (syntax.status !== 0) bail(`nginx -t accepts scripts/nginx.conf: ${syntax.stderr.replace(/\s+/g, " ")}`);

const nginx = spawn(NGINX, args, { stdio: ["ignore", "ignore", "pipe"] });
let nginxErr = "";
nginx.stderr.on("data", (d) => { nginxErr += d; });
const ORIGIN = `http://127.0.0.1:${port}`;
async function stopNginx() {
  if (nginx.exitCode === null) {
    const done = new Promise((ok) => nginx.once("exit", ok));
    nginx.kill("SIGQUIT"); // graceful: the master waits for its worker
    await Promise.race([done, new Promise((ok) => setTimeout(ok, 5000))]);
    if (nginx.exitCode === null) nginx.kill("SIGKILL");
  }
}
process.on("exit", () => { if (nginx.exitCode === null) nginx.kill("SIGKILL"); });
for (let i = 0; ; i++) {
  try { await fetch(ORIGIN + "/"); break; } catch {
    if (i > 100 || nginx.exitCode !== null) { await stopNginx(); bail(`nginx did not start: ${nginxErr}`); }
    await new Promise((ok) => setTimeout(ok, 50));
  }
}
note(`nginx ${spawnSync(NGINX, ["-v"], { encoding: "utf8" }).stderr.trim()} serving ${site} at ${ORIGIN}`);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const contexts = [];
async function closeContexts() { while (contexts.length) await contexts.pop().close().catch(() => {}); }

// A page whose CSP violations (also those Chromium reports only to DevTools),
// console errors and page errors land in page.problems.
async function open(path, { serviceWorkers = "block" } = {}) {
  const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true, locale: "nl-NL", serviceWorkers });
  contexts.push(context);
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile || ""}:${e.lineNumber || ""}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000); // against a hang, not a busy machine
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) page.problems.push(m.text());
  });
  page.on("pageerror", (e) => page.problems.push("page error: " + e.message));
  page.on("response", (r) => { if (r.status() >= 400) page.problems.push(`${r.status()} ${r.url()}`); });
  if (path != null) await page.goto(/^http/.test(path) ? path : ORIGIN + path, { waitUntil: "load" });
  return page;
}

const jsRan = (page) => page.waitForFunction(() => document.documentElement.classList.contains("js"));
const count = (page) => page.locator("#f-count").textContent();

// ---- headers ------------------------------------------------------------------------

const data = JSON.parse(readFileSync(join(site, REGION, "data.json"), "utf8"));
const provision = data.provisions[0];
const provisionPath = new URL(provision.url, ORIGIN).pathname;
const guidancePath = "/" + spawnSync("find", ["guidance", "-name", "*.html"], { cwd: site, encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort()[0];

await test("headers: every answer (pages, assets, data, 404) carries the security headers", async () => {
  for (const path of ["/", `/${REGION}/`, provisionPath, guidancePath, "/vergelijking.html", "/assets/routekaart.js",
    "/assets/routekaart.css", "/assets/favicon.svg", `/${REGION}/data.json`, "/sitemap.xml", "/niet-er.html"]) {
    const r = await fetch(ORIGIN + path);
    const h = (k) => r.headers.get(k);
    assert.equal(r.status, path === "/niet-er.html" ? 404 : 200, `${path}: status`);
    assert.equal(h("content-security-policy"), CSP, `${path}: CSP`);
    assert.equal(h("strict-transport-security"), "max-age=31536000", `${path}: HSTS`);
    assert.equal(h("x-content-type-options"), "nosniff", `${path}: nosniff`);
    assert.equal(h("x-frame-options"), "DENY", `${path}: X-Frame-Options`);
    assert.equal(h("referrer-policy"), "strict-origin-when-cross-origin", `${path}: Referrer-Policy`);
    assert.ok(h("permissions-policy"), `${path}: Permissions-Policy`);
    assert.equal(h("server"), "nginx", `${path}: server_tokens off`);
  }
});

await test("the build's manifest is beside the output, not in it; an old version's copy left on a server is not served", async () => {
  assert.ok(existsSync(join(root, ".public.routekaart-build")), "the build wrote its manifest beside the output");
  assert.ok(!existsSync(join(site, ".routekaart-build")), "the output holds no manifest");
  // Versions before 2026-12 put it in the output: an upload that did not
  // delete it left it on the server.
  writeFileSync(join(site, ".routekaart-build"), "routekaart-build 1\n");
  try {
    const r = await fetch(ORIGIN + "/.routekaart-build");
    assert.equal(r.status, 404, "/.routekaart-build: status");
    assert.equal(r.headers.get("content-security-policy"), CSP, "/.routekaart-build: CSP");
  } finally {
    rmSync(join(site, ".routekaart-build"));
  }
});

await test("headers: pages and data are revalidated (no-cache); assets are cached 5 minutes; types carry utf-8", async () => {
  const expect = [
    ["/", "no-cache", "text/html; charset=utf-8"],
    [`/${REGION}/`, "no-cache", "text/html; charset=utf-8"],
    [provisionPath, "no-cache", "text/html; charset=utf-8"],
    [`/${REGION}/data.json`, "no-cache", "application/json; charset=utf-8"],
    ["/sitemap.xml", "no-cache", "text/xml; charset=utf-8"],
    ["/sw.js", "no-cache", "application/javascript; charset=utf-8"],
    ["/offline.html", "no-cache", "text/html; charset=utf-8"],
    [`/${REGION}/offline.json`, "no-cache", "application/json; charset=utf-8"],
    ["/assets/routekaart.js", "public, max-age=300", "application/javascript; charset=utf-8"],
    ["/assets/routekaart.css", "public, max-age=300", "text/css; charset=utf-8"],
    ["/assets/favicon.svg", "public, max-age=300", "image/svg+xml; charset=utf-8"],
  ];
  for (const [path, cache, type] of expect) {
    const r = await fetch(ORIGIN + path);
    assert.equal(r.headers.get("cache-control"), cache, `${path}: Cache-Control`);
    assert.equal(r.headers.get("content-type"), type, `${path}: Content-Type`);
  }
  // A page revalidates cheaply: its ETag gives 304.
  const first = await fetch(ORIGIN + "/");
  const again = await fetch(ORIGIN + "/", { headers: { "If-None-Match": first.headers.get("etag") } });
  assert.equal(again.status, 304, "If-None-Match on / gives 304");
});

await test("headers: the stylesheet and script pages link to are cached for a year, immutable", async () => {
  const page = await (await fetch(ORIGIN + "/")).text();
  const linked = [...page.matchAll(/(?:href|src)="(\/assets\/routekaart\.[0-9a-f]{8}\.(?:css|js))"/g)].map((m) => m[1]);
  assert.equal(linked.length, 2, `fingerprinted links on /: ${linked}`);
  for (const path of linked) {
    const r = await fetch(ORIGIN + path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable", path);
    assert.equal(r.headers.get("content-security-policy"), CSP, path);
  }
});

await test("headers: only a region's embed.html may be framed, by any site; the browser tests' server (site.mjs) sends what nginx sends", async () => {
  const frameOf = (r) => [/frame-ancestors ([^;]*)/.exec(r.headers.get("content-security-policy") || "")?.[1] ?? null,
    r.headers.get("x-frame-options")];
  const mirror = await serve(site);
  try {
    for (const path of ["/", `/${REGION}/`, `/${REGION}/embed.html`, `/${REGION}/embed.html?lane=steuntje`, provisionPath,
      guidancePath, "/vergelijking.html", "/assets/routekaart.js", `/${REGION}/data.json`, "/niet-er.html", "/embed.html.txt"]) {
      const framing = frameOf(await fetch(ORIGIN + path));
      assert.deepEqual(framing, /\/embed\.html(\?|$)/.test(path) ? ["*", null] : ["'none'", "DENY"], `nginx: ${path}`);
      assert.deepEqual(frameOf(await fetch(mirror.origin + "/kaart" + path)), framing, `tests/browser/site.mjs: ${path}`);
    }
  } finally {
    await mirror.close();
  }
  const embed = await fetch(`${ORIGIN}/${REGION}/embed.html`);
  assert.equal(embed.headers.get("content-security-policy"), CSP.replace("frame-ancestors 'none'", "frame-ancestors *"), "the rest of embed.html's CSP");
});

await test("headers: plain http is sent to https with 301", async () => {
  // node:http, since fetch() does not let a request choose its Host header.
  const r = await new Promise((ok, fail) => {
    get({ host: "127.0.0.1", port: redirectPort, path: `/${REGION}/?lane=steuntje`, headers: { Host: "kaart.example.nl" } }, (res) => {
      res.resume();
      ok(res);
    }).on("error", fail);
  });
  assert.equal(r.statusCode, 301);
  assert.equal(r.headers.location, `https://kaart.example.nl/${REGION}/?lane=steuntje`);
});

// ---- in chromium, under the CSP -------------------------------------------------------

await test("canary: an inline handler added to a page is blocked and reported as a CSP violation", async () => {
  const page = await open("/");
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="/assets/favicon.svg" onload="window.rkInline=1">'));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.rkInline), undefined, "the inline handler ran");
  assert.ok(page.problems.some((p) => /CSP violation|Content Security Policy/.test(p)), `no violation seen: ${page.problems}`);
});

const PAGES = [
  ["home", "/", async (page) => {
    assert.ok(await page.locator(`a[href$="/${REGION}/"]`).count(), "link to the region");
  }],
  ["region map: the script runs and the lane filter narrows the map", `/${REGION}/`, async (page) => {
    await jsRan(page);
    const before = await count(page);
    await page.locator("#filters input[name=lane][value=steuntje]").check();
    await page.waitForFunction((b) => document.querySelector("#f-count").textContent !== b, before);
    const shown = await page.locator(".map [data-provision]:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.lane));
    assert.ok(shown.length > 0 && shown.every((l) => l === "steuntje"), `lanes shown: ${shown}`);
    assert.match(await page.evaluate(() => location.search), /lane=steuntje/);
  }],
  ["region map: search", `/${REGION}/`, async (page) => {
    await jsRan(page);
    const before = await count(page);
    await page.fill("#f-q", "zzzz-niets");
    await page.waitForFunction(() => /^0 van /.test(document.querySelector("#f-count").textContent.trim()));
    assert.notEqual(before, await count(page));
  }],
  ["region map ?route=", `/${REGION}/?route=${data.routes[0].id}`, async (page) => {
    await jsRan(page);
    assert.equal(await page.locator("#f-route").inputValue(), data.routes[0].id);
  }],
  ["interactive tool: next stage, answer, CSV export", `/${REGION}/?mode=tool&step=1`, async (page) => {
    await jsRan(page);
    await page.locator('.tool-nav [data-step="next"]').click();
    assert.match(await page.evaluate(() => location.search), /step=2/);
    await page.locator('.question input[type=radio][value="ja"]:visible').first().check();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#q-export")]);
    assert.match(download.suggestedFilename(), /\.csv$/);
  }],
  ["provision page", provisionPath, async (page) => {
    assert.equal((await page.locator("h1").textContent()).trim().includes(provision.title), true);
  }],
  ["guidance page", guidancePath, async (page) => {
    assert.ok(await page.locator("main h1").count());
  }],
  ["comparison page", "/vergelijking.html", async (page) => {
    assert.ok(await page.locator("table").count());
  }],
];
// The service worker under this CSP: it registers from the shipped script
// and keeps the region (tests/browser/offline.mjs tests it offline).
await test("chromium under the CSP: the service worker (/sw.js) registers and keeps the region, no violation", async () => {
  const page = await open(null, { serviceWorkers: "allow" });
  await page.goto(ORIGIN + `/${REGION}/`, { waitUntil: "load" });
  const list = ORIGIN + `/${REGION}/offline.json`;
  let kept = false;
  for (let i = 0; i < 150 && !kept; i++) kept = await page.evaluate(async (u) => !!(await caches.match(u)), list) || (await page.waitForTimeout(200), false);
  assert.ok(kept, `after 30 s ${list} is not kept; ${page.problems.join(" | ")}`);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL), ORIGIN + "/sw.js");
  assert.deepEqual(page.problems, []);
});

for (const [label, path, check] of PAGES) {
  await test(`chromium under the CSP: ${label} (${path}), no violation`, async () => {
    const page = await open(path);
    await check(page);
    await page.waitForTimeout(100);
    assert.deepEqual(page.problems, []);
  });
}

await test("chromium under the CSP: embed.html framed by another site with the README's snippet fits its content, filters, no violation", async () => {
  const host = await hostPage(readmeSnippet().replaceAll(SNIPPET_SRC, `${ORIGIN}/${REGION}/embed.html`));
  try {
    const page = await open(host.url);
    const first = await fitted(page, "after load");
    const frame = page.frameLocator("iframe");
    await frame.locator("#filters input[name=lane][value=steuntje]").check();
    const lanes = await frame.locator(".map [data-provision]:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.lane));
    assert.ok(lanes.length > 0 && lanes.every((l) => l === "steuntje"), `lanes shown: ${lanes}`);
    const filtered = await fitted(page, "after a filter");
    assert.ok(filtered.box < first.box, `one lane: ${filtered.box} px, all: ${first.box} px`);
    await page.waitForTimeout(100);
    assert.deepEqual(page.problems, []);
  } finally {
    await host.close();
  }
});

await closeContexts();
await browser.close();
await stopNginx();
note(`nginx exited with ${nginx.exitCode ?? nginx.signalCode}`);
const errors = existsSync(join(root, "logs", "error.log")) ? readFileSync(join(root, "logs", "error.log"), "utf8") : "";
await test("nginx logged no error", async () => {
  assert.equal(errors.split("\n").filter((l) => /\[(error|crit|alert|emerg)\]/.test(l)).join(" | "), "");
});
rmSync(root, { recursive: true, force: true });
runner.finish("nginx-tests.log");
