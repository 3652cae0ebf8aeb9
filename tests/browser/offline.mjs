// The map offline at a home visit (issue 21, part 5; README, "Offline"):
// the service worker sw.js keeps a region once its map was opened.
//
//   area("offline"); await offlineChecks({ test, note, browser, binary });
//
// Works on a copy of the example's content/ in a folder of its own, built
// with --base-url /kaart/ and served by site.mjs's server (its CSP), in a
// browser context that allows service workers (run.mjs's own block them).
// The steps: (1) visit the map and wait until the region is kept;
// (2) context.setOffline(true), and the server must see no request from then
// on; (3) the map, a filter, search, a route (also from a link with a
// query), a provision page and a guidance page (regional and national) work,
// a page never visited shows offline.html listing the region kept; (4)
// online again, rebuild with a changed provision: one reload shows it, the
// new build's worker keeps the region anew (offline, the changed page is
// the new one) and the old build's cache is gone. The map in a frame does
// not register the worker: embed.html, the page other sites may frame.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SOURCE_DIR, BASE, DESKTOP, serve } from "./site.mjs";
import { Region } from "./expect.mjs";

const REGION = "utrecht-west";
const OTHER = "zeeuws-vlaanderen";
const CHANGED = "knooppunt"; // gets a title of its own in step 4
const REFERRAL = "Het overleg is elke twee weken op donderdag."; // on its page
const NEW_TITLE = "Knooppunt Kansrijke Start Utrecht West";

function build(binary, root) {
  const r = spawnSync(resolve(binary), ["build", root, "-o", join(root, "public"), "--base-url", BASE], { encoding: "utf8" });
  assert.equal(r.status, 0, `build: ${r.stdout}${r.stderr}`);
  return readFileSync(join(root, "public", "sw.js"), "utf8").match(/^var BUILD = "([0-9a-f]{16})";/)[1];
}

// What the page sees of the worker's caches: the names, and for each the
// region lists it holds and how many entries.
function cacheState(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      out[name] = { count: keys.length, lists: keys.map((k) => k.url).filter((u) => u.endsWith("/offline.json")) };
    }
    return out;
  });
}

// Waits until the cache of build `key` is the only one and keeps the region.
async function waitKept(page, key, list) {
  const want = `routekaart-${key}`;
  let state;
  for (let i = 0; i < 300; i++) {
    state = await cacheState(page).catch(() => ({}));
    if (Object.keys(state).join() === want && state[want].lists.includes(list)) return state[want];
    await page.waitForTimeout(100);
  }
  throw new Error(`after 30 s the caches are ${JSON.stringify(state)}, want only ${want} with ${list}`);
}

// The provision ids the map shows (bars without [hidden]), sorted.
const shownBars = (page) => page.evaluate(() =>
  [...document.querySelectorAll(".map [data-provision]")].filter((b) => !b.hidden).map((b) => b.dataset.provision).sort());

export async function offlineChecks({ test, note, browser, binary }) {
  const s = {}; // what the steps share; filled by the first
  const errors = [];
  const setup = () => assert.ok(s.page, "the first offline check did not get far enough to set up the site");

  await test("offline (1): after one visit to the map, the worker keeps the region: every address in offline.json is in the build's cache", async () => {
    s.root = mkdtempSync(join(tmpdir(), "routekaart-offline-"));
    process.on("exit", () => rmSync(s.root, { recursive: true, force: true }));
    cpSync(join(SOURCE_DIR, "content"), join(s.root, "content"), { recursive: true });
    s.key = build(binary, s.root);
    s.list = JSON.parse(readFileSync(join(s.root, "public", REGION, "offline.json"), "utf8"));
    s.region = new Region(JSON.parse(readFileSync(join(s.root, "public", REGION, "data.json"), "utf8")));
    s.server = await serve(join(s.root, "public"));
    s.context = await browser.newContext({ ...DESKTOP, locale: "nl-NL", serviceWorkers: "allow" });
    await s.context.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`)));
    const page = await s.context.newPage();
    page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(`${page.url()}: page error: ${e.message}`));
    await page.goto(s.server.base + `${REGION}/`);
    const kept = await waitKept(page, s.key, s.server.base + `${REGION}/offline.json`);
    const cached = await page.evaluate(async (urls) => {
      const missing = [];
      for (const u of urls) if (!(await caches.match(new URL(u, location.href).href))) missing.push(u);
      return missing;
    }, s.list.urls);
    assert.deepEqual(cached, [], "addresses of offline.json not in the cache");
    // Every link of the map (as served: the script parks parts of it) into
    // its region's folder or to guidance.
    s.links = await page.evaluate(async ({ base, region }) => {
      const html = new DOMParser().parseFromString(await (await fetch(location.href)).text(), "text/html");
      const links = [...new Set([...html.querySelectorAll("a[href]")].map((a) => new URL(a.getAttribute("href"), location.href).href.split("#")[0]))]
        .filter((u) => u.startsWith(base + region + "/") || u.startsWith(base + "guidance/"));
      const missing = [];
      for (const u of links) if (!(await caches.match(u))) missing.push(u);
      return { links, missing };
    }, { base: s.server.base, region: REGION });
    assert.deepEqual(s.links.missing, [], "links of the map that are not kept");
    note(`${s.list.urls.length} addresses in ${REGION}/offline.json, ${kept.count} entries in routekaart-${s.key}`);
    s.page = page;
  }, { timeoutMs: 90_000 });

  await test("offline (2, 3): without a network the map, a filter, search, a route, a provision page and guidance pages work; a page never visited shows the offline page with the region kept", async () => {
    setup();
    const page = s.page;
    await s.context.setOffline(true);
    const seen = s.server.log.length;
    await page.goto(s.server.base + `${REGION}/`);
    assert.match(await page.locator("h1").innerText(), /Routekaart/);
    assert.deepEqual(await shownBars(page), s.region.visible({}), "the map offline");
    const lane = s.region.lanes[0];
    await page.locator(`#filters input[name=lane][value="${lane}"]`).check();
    assert.deepEqual(await shownBars(page), s.region.visible({ lane: [lane] }), `filter lane=${lane} offline`);
    await page.locator(`#filters input[name=lane][value="${lane}"]`).uncheck();
    await page.locator("#f-q").fill("geld");
    assert.deepEqual(await shownBars(page), s.region.visible({ q: "geld" }), "search 'geld' offline");
    const route = s.region.routes[0].id;
    await page.goto(s.server.base + `${REGION}/?route=${route}`); // a link with a query, from the cache
    const onRoute = s.region.visible({ route: [route] });
    const faded = await page.evaluate(() => [...document.querySelectorAll(".map .out-of-route")].map((b) => b.dataset.provision));
    assert.ok(onRoute.length > 0 && faded.length > 0 && onRoute.every((id) => !faded.includes(id)), `route ${route} offline: faded ${faded}`);
    assert.equal(await page.locator("#f-route").inputValue(), route);
    const provision = s.region.provisions.find((p) => p.id === CHANGED);
    await page.goto(s.server.base + `${REGION}/${CHANGED}.html`);
    assert.equal(await page.locator("h1").innerText(), provision.title);
    assert.ok((await page.locator("main").innerText()).includes(REFERRAL), "the provision page offline");
    const guidance = s.links.links.filter((u) => u.includes("/guidance/"));
    const regional = guidance.filter((u) => u.startsWith(`${s.server.base}${REGION}/`));
    const national = guidance.filter((u) => u.startsWith(`${s.server.base}guidance/`));
    assert.ok(regional.length && national.length, `the map links to regional and national guidance: ${guidance}`);
    for (const url of [regional[0], national[0]]) {
      await page.goto(url);
      assert.ok(await page.locator("main.prose h1").count(), `guidance ${url} offline`);
    }
    for (const never of [`${OTHER}/`, "vergelijking.html"]) {
      await page.goto(s.server.base + never);
      assert.equal(await page.locator("h1").innerText(), "Geen verbinding", `${never} offline`);
      await page.waitForFunction(() => !document.querySelector(".offline-kept").hidden);
      const listed = await page.evaluate(() => [...document.querySelectorAll(".offline-regions [data-region]")].filter((li) => !li.hidden).map((li) => li.dataset.region));
      assert.deepEqual(listed, [REGION], `${never}: the offline page lists the regions kept`);
    }
    // The browser's own check for a new sw.js is not held back by
    // setOffline (at a home visit it fails, as there is no network).
    const asked = s.server.log.slice(seen).map((r) => r.path).filter((p) => p !== `${BASE}sw.js`);
    assert.deepEqual(asked, [], "the server was asked while offline");
    assert.deepEqual(errors, [], "console errors");
  }, { timeoutMs: 90_000 });

  await test("offline (4): online again after a rebuild with a changed provision, one reload shows it, the new build's worker keeps the region anew and the old cache is gone", async () => {
    setup();
    const page = s.page;
    await s.context.setOffline(false);
    await page.goto(s.server.base + `${REGION}/`);
    const yaml = join(s.root, "content", "regions", REGION, "region.yaml");
    const text = readFileSync(yaml, "utf8");
    assert.ok(text.includes(`  - use: ${CHANGED}\n`), `the example's region no longer uses ${CHANGED}: update this test`);
    writeFileSync(yaml, text.replace(`  - use: ${CHANGED}\n`, `  - use: ${CHANGED}\n    title: ${NEW_TITLE}\n`));
    const key = build(binary, s.root);
    assert.notEqual(key, s.key, "the build key did not change with the content");
    await page.reload();
    const bar = page.locator(`.map [data-provision="${CHANGED}"]`);
    assert.ok((await bar.innerText()).includes(NEW_TITLE), `one reload of the map does not show the new title: ${await bar.innerText()}`);
    await waitKept(page, key, s.server.base + `${REGION}/offline.json`);
    // The provision page was not opened since the rebuild: only a worker
    // that kept the region anew has the new one.
    await s.context.setOffline(true);
    await page.goto(s.server.base + `${REGION}/${CHANGED}.html`);
    assert.equal(await page.locator("h1").innerText(), NEW_TITLE, "offline, the provision page is the old build's");
    assert.deepEqual(errors, [], "console errors");
  }, { timeoutMs: 120_000 });

  await test("offline: the map framed by another site (embed.html) does not register the worker", async () => {
    setup();
    await s.context.setOffline(false);
    const context = await browser.newContext({ ...DESKTOP, locale: "nl-NL", serviceWorkers: "allow" });
    let hostServer = null;
    try {
      const page = await context.newPage();
      // A municipality's page on another origin (another port).
      const body = `<!DOCTYPE html><title>Gemeente</title><iframe src="${s.server.base}${REGION}/embed.html" width="800" height="600"></iframe>`;
      hostServer = createServer((req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(body));
      await new Promise((ok) => hostServer.listen(0, "127.0.0.1", ok));
      await page.goto(`http://127.0.0.1:${hostServer.address().port}/gemeente.html`);
      const frame = page.frames().find((f) => f.url().endsWith(`/${REGION}/embed.html`));
      assert.ok(frame, `no frame of the map: ${page.frames().map((f) => f.url())}`);
      await frame.waitForFunction(() => document.documentElement.classList.contains("js"));
      await page.waitForTimeout(1000);
      assert.deepEqual(await frame.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    } finally {
      await context.close();
      if (hostServer) await new Promise((ok) => hostServer.close(ok));
      await s.context.close();
      await s.server.close();
    }
  });
}
