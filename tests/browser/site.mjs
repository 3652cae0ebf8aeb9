// Shared by run.mjs and validate.mjs: build the example site with a given
// routekaart binary under a sub-path, and serve it from a small static server
// that sends a strict Content-Security-Policy on every response.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname, extname, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
// The source tree: ROUTEKAART_SOURCE_DIR when set (ctest), else two folders up.
export const SOURCE_DIR = resolve(process.env.ROUTEKAART_SOURCE_DIR || join(HERE, "..", ".."));
// run.mjs --area NAME (one ctest test per area, side by side) writes to
// tests/out/NAME/, so no two processes write the same file.
const AREA = process.argv.includes("--area") ? process.argv[process.argv.indexOf("--area") + 1] : null;
export const OUT_DIR = join(SOURCE_DIR, "tests", "out", ...(AREA ? [AREA] : []));
export const BASE = "/kaart/";
// Framing as scripts/nginx.conf allows it (tests/browser/nginx.mjs checks
// that the two agree): a region's embed.html by any site, nothing else.
export const CSP = "default-src 'self'; frame-ancestors 'none'";
export const EMBED_CSP = "default-src 'self'; frame-ancestors *";
const isEmbed = (path) => /\/embed\.html$/.test(path);

// How the browser tests launch Debian's chromium; without the networking
// flags it floods a closed network with connection attempts.
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const DESKTOP = { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 };

// Build source (SOURCE_DIR unless given) into a fresh temporary folder with
// base_url /kaart/.
export function buildSite(binary, source = SOURCE_DIR) {
  if (!binary) throw new Error("usage: node tests/browser/run.mjs /path/to/routekaart");
  const root = mkdtempSync(join(tmpdir(), "routekaart-browser-"));
  const out = join(root, "site");
  const r = spawnSync(resolve(binary), ["build", source, "-o", out, "--base-url", BASE], {
    encoding: "utf8",
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`routekaart build failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return { root, dir: out, log: (r.stdout + r.stderr).trim() };
}

// Every file below dir, relative paths with '/', sorted.
export function listFiles(dir, ext) {
  const found = [];
  const walk = (d, rel) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const r = rel ? rel + "/" + name : name;
      if (statSync(full).isDirectory()) walk(full, r);
      else if (!ext || name.endsWith(ext)) found.push(r);
    }
  };
  walk(dir, "");
  return found;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

// Serve dir under /kaart/ on 127.0.0.1 (random port). /__axe/axe.min.js is
// axe-core from node_modules, so the tests can inject it under the CSP.
// { csp: null } leaves the Content-Security-Policy header out (to see what
// content could do in a browser without one).
// Returns { origin, base, close(), log } where log lists every request.
export function serve(dir, { csp = CSP } = {}) {
  const axePath = join(SOURCE_DIR, "node_modules", "axe-core", "axe.min.js");
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    log.push({ method: req.method, path: url.pathname + url.search });
    const policy = csp === CSP && isEmbed(path) ? EMBED_CSP : csp;
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, {
        "Content-Type": type,
        ...(policy ? { "Content-Security-Policy": policy } : {}),
        ...(isEmbed(path) ? {} : { "X-Frame-Options": "DENY" }),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        ...extra,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (path === "/__axe/axe.min.js") {
      return send(200, TYPES[".js"], readFileSync(axePath));
    }
    if (path === "/kaart") return send(301, TYPES[".txt"], "moved", { Location: BASE + url.search });
    if (!path.startsWith(BASE)) return send(404, TYPES[".txt"], "not under " + BASE);
    let file = normalize(join(dir, path.slice(BASE.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return send(403, TYPES[".txt"], "forbidden");
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        return send(301, TYPES[".txt"], "moved", { Location: url.pathname + "/" + url.search });
      }
      file = join(file, "index.html");
    }
    if (!existsSync(file) || !statSync(file).isFile()) return send(404, TYPES[".txt"], "not found");
    send(200, TYPES[extname(file)] || "application/octet-stream", readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      ok({
        origin,
        base: origin + BASE,
        log,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
  });
}
