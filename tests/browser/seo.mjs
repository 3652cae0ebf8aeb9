// Search engines and feeds in chromium (area "seo", run by run.mjs): the
// JSON-LD data blocks of the map and a provision page are in the head, parse
// as JSON and cause no CSP violation under the tests' strict policy (a data
// block is not a script the browser runs); the site's own script still runs
// (script-src 'self'); the map's Atom link names a feed the server sends,
// which parses as XML with one entry per provision.
import assert from "node:assert/strict";

export default async function seoChecks({ area, test, open, U, REGION, data }) {
  area("seo");

  // What the page reports: console errors (open() turns every CSP
  // violation into one) and page errors.
  const watched = async (path) => {
    const errors = [];
    const page = await open(null);
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(U(path), { waitUntil: "load" });
    return { page, errors };
  };

  for (const [label, path, type] of [["region map", `${REGION}/`, "Dataset"],
    ["provision page", `${REGION}/kraamzorg.html`, "GovernmentService"]]) {
    await test(`seo: the ${label}'s JSON-LD parses, sits in the head and causes no CSP violation; the site's script runs`, async () => {
      const { page, errors } = await watched(path);
      // The site's script ran: it marks the map, and shows the flyer's print button.
      await page.waitForFunction(() => document.documentElement.classList.contains("js") ||
        (document.querySelector(".print-action") && !document.querySelector(".print-action").hidden));
      await page.waitForTimeout(200); // a violation is reported after the element is parsed
      const blocks = await page.evaluate(() => [...document.querySelectorAll('script[type="application/ld+json"]')]
        .map((s) => ({ inHead: s.parentElement === document.head, text: s.text })));
      assert.equal(blocks.length, 1, "one data block");
      assert.ok(blocks[0].inHead, "the data block is in the head");
      const ld = JSON.parse(blocks[0].text);
      assert.equal(ld["@type"], type);
      assert.deepEqual(errors, [], "console errors (CSP violations) or page errors");
    });
  }

  await test("seo: the map links its Atom feed, which the server sends and which parses with one entry per provision", async () => {
    const { page } = await watched(`${REGION}/`);
    const href = await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', "href");
    assert.ok(href, "no link rel=alternate type=application/atom+xml");
    const feed = await page.evaluate(async (url) => {
      const r = await fetch(url);
      const doc = new DOMParser().parseFromString(await r.text(), "application/xml");
      return { status: r.status, error: !!doc.querySelector("parsererror"), root: doc.documentElement.localName,
        entries: doc.getElementsByTagName("entry").length };
    }, href);
    assert.deepEqual(feed, { status: 200, error: false, root: "feed", entries: data.provisions.length });
  });
}
