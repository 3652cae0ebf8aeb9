// How long an editor waits, in `routekaart serve`, between saving a file and
// seeing the change in the browser (README, "Performance").
//
//   node bench/reload.mjs [build/routekaart] [--saves 7]
//
// Copies content/ of this tree to a temporary folder, serves it, opens a page
// in Debian's chromium (playwright-core, as the browser tests) and saves
// region.yaml the way editors do (a temporary file renamed over the old one),
// with another region name each time. For the region page (the map, the
// largest page) and a provision page it prints, in milliseconds after the
// save: when the reload starts, when the new HTML has arrived, when the page
// is parsed, and its first paint, which is when the editor sees the change:
// minimum, median and maximum over the saves. Times come from the new page's
// own Navigation and Paint Timing, on the same clock as the save.
//
// Not part of the test suite: the figures depend on the machine. RAW=1 also
// prints every save's times (to standard error).
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { SOURCE_DIR, CHROMIUM, CHROMIUM_ARGS, DESKTOP } from "../tests/browser/site.mjs";

const args = process.argv.slice(2);
const savesAt = args.indexOf("--saves");
const SAVES = savesAt >= 0 ? Number(args.splice(savesAt, 2)[1]) : 7;
const BINARY = resolve(args[0] || join(SOURCE_DIR, "build", "routekaart"));
const REGION = "utrecht-west";
const PAGES = [
  ["region page (the map)", `/${REGION}/`],
  ["provision page", `/${REGION}/mama-cafe-de-kroon.html`],
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

function saveByRename(file, text) {
  writeFileSync(file + ".tmp", text);
  renameSync(file + ".tmp", file);
}

// What the page now showing `name` measured of its own loading, as absolute
// times (ms since the epoch); null while the old page is still there.
const timingOf = (name) => {
  if (!document.body || !document.body.textContent.includes(name)) return null;
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-paint")[0];
  if (!nav || !paint || !nav.domContentLoadedEventEnd) return null;
  const at = (t) => performance.timeOrigin + t;
  return { start: at(0), html: at(nav.responseEnd), parsed: at(nav.domInteractive), painted: at(paint.startTime) };
};

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${sorted[0].toFixed(0)} / ${median.toFixed(0)} / ${sorted[sorted.length - 1].toFixed(0)}`;
}

const root = mkdtempSync(join(tmpdir(), "routekaart-reload-"));
cpSync(join(SOURCE_DIR, "content"), join(root, "content"), { recursive: true });
const file = join(root, "content", "regions", REGION, "region.yaml");
const original = readFileSync(file, "utf8");
const port = await freePort();
const server = spawn(BINARY, ["serve", root, "--port", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let failed = false;
try {
  const page = await browser.newPage(DESKTOP);
  for (let i = 0; i < 100; i++) {
    try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch { await sleep(100); }
  }
  console.log(`routekaart serve, the example site, ${SAVES} saves of ${REGION}/region.yaml per page;`);
  console.log("milliseconds after the save, min / median / max:\n");
  console.log("| page | reload starts | HTML arrived | parsed | first paint (the change seen) |");
  console.log("|---|---|---|---|---|");
  for (const [label, path] of PAGES) {
    await page.goto(`http://127.0.0.1:${port}${path}`, { waitUntil: "load" });
    await sleep(500); // the page's event stream is open
    const rows = { start: [], html: [], parsed: [], painted: [] };
    for (let i = 1; i <= SAVES; i++) {
      const name = `Utrecht West ${label.length}-${i}`;
      // The page is left alone until the new one has loaded: asking it
      // every few ms whether the change is there would run on the main
      // thread that parses and paints the new page, and so slow down what
      // is measured.
      const loaded = page.waitForEvent("load", { timeout: 5000 }).catch(() => null);
      const saved = Date.now();
      saveByRename(file, original.replace("\nname: Utrecht West\n", `\nname: ${name}\n`));
      await loaded;
      let t = null;
      for (let k = 0; k < 100 && !t; k++) {
        t = await page.evaluate(timingOf, name).catch(() => null);
        if (!t) await sleep(50);
      }
      if (!t) throw new Error(`${label}: the change did not show within 5 s of save ${i}`);
      for (const key of Object.keys(rows)) rows[key].push(t[key] - saved);
      await sleep(400);
    }
    if (process.env.RAW) console.error(label, JSON.stringify(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.map(Math.round)]))));
    console.log(`| ${label} | ${summary(rows.start)} | ${summary(rows.html)} | ${summary(rows.parsed)} | ${summary(rows.painted)} |`);
  }
} catch (e) {
  console.error(`reload: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  server.kill("SIGINT");
  rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
