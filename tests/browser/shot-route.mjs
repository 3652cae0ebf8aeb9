// Screenshots of a route view at the four sizes, scrolled to the map and to
// the route's journey, for a person to look at:
// node tests/browser/shot-route.mjs PUBLIC_DIR PATH [OUT_PREFIX]
// (a helper for development; the checks live in run.mjs).
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, serve } from "./site.mjs";

const [dir, path, prefix = "/tmp/shots/route"] = process.argv.slice(2);
const sizes = [[1024, 768], [1366, 768], [1920, 1080], [390, 844]];
const server = await serve(dir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (const [width, height] of sizes) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(server.base + path);
  await page.evaluate(() => (document.querySelector(".map-area") || document.body).scrollIntoView());
  await page.waitForTimeout(100);
  await page.screenshot({ path: `${prefix}-${width}-map.png` });
  await page.evaluate(() => (document.querySelector("#route-strip") || document.body).scrollIntoView());
  await page.waitForTimeout(100);
  await page.screenshot({ path: `${prefix}-${width}-journey.png` });
  await page.close();
}
await browser.close();
await server.close();
