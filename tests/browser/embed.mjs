// The map framed by a municipality's site (issue 21, part 6) and the filter
// form without JavaScript (part 7); the checks of run.mjs's area "embed".
//
// A host page on another port (another origin, as a municipality's site is)
// holds the README's snippet, taken from the README itself, with its
// address put in. Each check opens its own browser context: the host is
// another origin, which run.mjs's final checks ("no request to any other
// host") would count against the site, and a refused frame is a console
// error on purpose. What the frame and the host report (console errors,
// page errors, CSP violations, from every frame) is checked here instead.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SOURCE_DIR, DESKTOP } from "./site.mjs";

// The README's snippet: the first ```html block of its section on embedding.
export function readmeSnippet() {
  const readme = readFileSync(join(SOURCE_DIR, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Embedding the map"));
  assert.ok(section, "README.md has a section '## Embedding the map ...'");
  const block = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(block, "the README's embedding section has an ```html block");
  return block[1];
}

export const SNIPPET_SRC = "https://kaart.example.nl/utrecht-west/embed.html";

// A municipality's page with `body` in it, served from 127.0.0.1 on a port
// of its own. Returns { url, close() }.
export function hostPage(body) {
  const html = `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Gemeente Woerden</title></head>
<body><h1>Gemeente Woerden</h1><p>Hulp rond zwangerschap en de eerste jaren.</p>
${body}
<p id="na-de-kaart">Onder de kaart.</p></body></html>`;
  const server = createServer((req, res) => {
    // Nothing else (the browser asks for /favicon.ico), and no error for it.
    res.writeHead(req.url === "/" ? 200 : 204, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(req.url === "/" ? html : undefined);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
  })));
}

// A context of its own whose every frame reports CSP violations to the
// console; page.problems collects console errors and page errors.
async function openHost(browser, url, viewport = DESKTOP.viewport) {
  const context = await browser.newContext({ ...DESKTOP, viewport, locale: "nl-NL", serviceWorkers: "block" });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile || ""}:${e.lineNumber || ""}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.problems = [];
  page.on("console", (m) => { if (m.type() === "error") page.problems.push(m.text()); });
  page.on("pageerror", (e) => page.problems.push("page error: " + e.message));
  await page.goto(url, { waitUntil: "load" });
  return page;
}

// The iframe's height and its content's, once the script in it has run.
async function heights(page) {
  const frame = page.frameLocator("iframe");
  await frame.locator("html.js").waitFor({ state: "attached" });
  const content = await frame.locator("html").evaluate((html) => html.getBoundingClientRect().height);
  const box = await page.locator("iframe").evaluate((f) => f.getBoundingClientRect().height);
  return { content, box };
}

// Waits until the iframe is as tall as its content (within 2 px). It
// returns as soon as it is; the bound (600 looks, 30 s and more) only stops
// a frame that never fits, and leaves a busy machine room.
export async function fitted(page, label) {
  let h;
  for (let i = 0; i < 600; i++) {
    h = await heights(page);
    if (Math.abs(h.box - h.content) <= 2) return h;
    await page.waitForTimeout(50);
  }
  assert.fail(`${label}: the iframe is ${h.box} px high, its content ${h.content} px`);
}

export async function embedChecks({ browser, test, note, U, region, open, axe, axeReport }) {
  await test("embed: axe (WCAG 2.1 AA and best practice) finds nothing in embed.html", async () => {
    const page = await open(`${region}/embed.html`);
    await page.locator("html.js").waitFor({ state: "attached" });
    const violations = await axe(page);
    assert.equal(violations.length, 0, axeReport(violations));
  });

  const embedUrl = U(`${region}/embed.html`);
  const snippet = readmeSnippet();
  assert.ok(snippet.includes(SNIPPET_SRC), `the README's snippet frames ${SNIPPET_SRC}`);
  const host = await hostPage(snippet.replaceAll(SNIPPET_SRC, embedUrl));
  try {
    await test("embed: the README's snippet on another origin sizes the frame to its content, on load, after a filter and at another width", async () => {
      const page = await openHost(browser, host.url);
      const first = await fitted(page, "after load");
      assert.ok(first.box > 1000, `the frame is only ${first.box} px high`);
      const frame = page.frameLocator("iframe");
      await frame.locator("#filters input[name=lane][value=steuntje]").check();
      const filtered = await fitted(page, "after a filter");
      await page.setViewportSize({ width: 390, height: 844 });
      const narrow = await fitted(page, "at 390 px");
      note(`frame height ${first.box} px after load, ${filtered.box} px with one lane, ${narrow.box} px at 390 px wide`);
      assert.notEqual(narrow.box, filtered.box, "the width changed, the height did not: no new message");
      // A section below what the host page shows of the frame is never near
      // the viewport: drawn lazily, it would count at its estimated height.
      const whole = await frame.locator("html").evaluate((html) => {
        for (const e of document.querySelectorAll("*")) e.style.contentVisibility = "visible";
        return html.getBoundingClientRect().height;
      });
      assert.ok(Math.abs(narrow.box - whole) <= 2,
        `at 390 px the frame is ${narrow.box} px high, its content drawn whole ${whole} px: parts not drawn yet counted at their estimated height`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    await test("embed: in the frame, filters, search and a route work; the site's header, breadcrumb and footer are not there", async () => {
      const page = await openHost(browser, host.url);
      const frame = page.frameLocator("iframe");
      await frame.locator("html.js").waitFor({ state: "attached" });
      for (const part of [".site-header", ".breadcrumb", ".site-footer"]) {
        assert.equal(await frame.locator(part).count(), 0, `${part} in embed.html`);
      }
      const bars = frame.locator(".map [data-provision]");
      const all = await bars.count();
      const shown = () => frame.locator(".map [data-provision]:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.lane));
      await frame.locator("#filters input[name=lane][value=steuntje]").check();
      const lanes = await shown();
      assert.ok(lanes.length > 0 && lanes.length < all && lanes.every((l) => l === "steuntje"), `lanes shown with steuntje: ${lanes}`);
      await frame.locator("#filters input[name=lane][value=steuntje]").uncheck();
      assert.equal((await shown()).length, all, "unchecked: every bar back");
      await frame.locator("#f-q").fill("zzzz-niets");
      await frame.locator("#f-count").filter({ hasText: /^0 van / }).waitFor();
      await frame.locator("#f-q").fill("");
      const route = await frame.locator("#f-route option").nth(1).getAttribute("value");
      await frame.locator("#f-route").selectOption(route);
      await frame.locator("#route-aside .route-path").waitFor();
      assert.ok(await frame.locator(".map .out-of-route").count() > 0, "a route fades the bars not on it");
      assert.equal(page.url(), host.url, "the host page stayed");
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    await test("embed: a link in the frame opens outside it (the whole window); a link to a part of the map stays in the frame and the host page scrolls there", async () => {
      const page = await openHost(browser, host.url);
      const frame = page.frameLocator("iframe");
      await frame.locator("html.js").waitFor({ state: "attached" });
      await fitted(page, "after load");
      await frame.locator('a[href="#routes"]').click();
      await page.waitForTimeout(200);
      assert.equal(page.url(), host.url, "an in-page link took the host page away");
      assert.match(page.frames()[1].url(), /embed\.html#routes$/, "the in-page link moved the frame");
      // The frame has no scrolling of its own: the host page scrolls there.
      const top = await frame.locator("#routes").evaluate((el) => el.getBoundingClientRect().top) +
        await page.locator("iframe").evaluate((f) => f.getBoundingClientRect().top);
      assert.ok(top >= -1 && top < 100, `#routes is at ${top} px in the window after its link`);
      const link = frame.locator(".map [data-provision] a").first();
      const href = await link.getAttribute("href");
      const want = new URL(href, embedUrl).pathname;
      await link.click();
      await page.waitForURL((u) => u.pathname === want, { timeout: 60_000 }).catch(() =>
        assert.fail(`the window is still at ${page.url()}, the frame at ${page.frames()[1]?.url()}; want ${want}`));
      assert.equal(page.frames().length, 1, "the provision page opened in a frame");
      assert.ok(await page.locator("body.page-provision").count(), "the window shows the provision page");
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });

    await test("embed: the map, a provision page and the home page refuse to be framed (CSP frame-ancestors 'none', X-Frame-Options DENY)", async () => {
      const pages = [`${region}/`, `${region}/${await firstProvision(U, region)}`, ""];
      for (const path of pages) {
        const r = await fetch(U(path));
        assert.match(r.headers.get("content-security-policy"), /frame-ancestors 'none'/, `${path}: CSP`);
        assert.equal(r.headers.get("x-frame-options"), "DENY", `${path}: X-Frame-Options`);
        const refused = await hostPage(`<iframe src="${U(path)}" title="kaart"></iframe>`);
        const page = await openHost(browser, refused.url);
        await page.waitForTimeout(300);
        const framed = page.frames()[1];
        // Chromium shows its own error page in the frame (body.neterror).
        const shown = framed && await framed.evaluate(() => document.body && document.body.className).catch(() => "");
        assert.ok(framed && !/page-/.test(shown), `${U(path)} was shown in a frame (body class "${shown}")`);
        assert.ok(page.problems.some((p) => /frame-ancestors/.test(p)), `${U(path)}: no refusal reported: ${page.problems}`);
        await page.context().close();
        await refused.close();
      }
    });
  } finally {
    await host.close();
  }

  await test("no JavaScript (H32): no form is shown without a submit button, on the map and in embed.html; with it the filter form is", async () => {
    for (const path of [`${region}/`, `${region}/embed.html`]) {
      for (const js of [false, true]) {
        const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: js, serviceWorkers: "block" });
        const page = await context.newPage();
        await page.goto(U(path), { waitUntil: "load" });
        if (js) await page.locator("html.js").waitFor({ state: "attached" });
        const forms = await page.evaluate(() => [...document.forms].map((f) => ({
          id: f.id, shown: f.checkVisibility(),
          submit: !!f.querySelector("button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]"),
        })));
        await context.close();
        assert.ok(forms.some((f) => f.id === "filters"), `${path}: no #filters`);
        if (js) assert.ok(forms.find((f) => f.id === "filters").shown, `${path}: #filters hidden with JavaScript`);
        else assert.deepEqual(forms.filter((f) => f.shown && !f.submit).map((f) => f.id), [], `${path} without JavaScript: forms shown that cannot be submitted`);
      }
    }
  });
}

async function firstProvision(U, region) {
  const data = await (await fetch(U(`${region}/data.json`))).json();
  return `${data.provisions[0].id}.html`;
}
