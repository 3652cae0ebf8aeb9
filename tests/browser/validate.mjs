// html-validate over every generated page of the example site.
//
//   node tests/browser/validate.mjs /path/to/routekaart     build, then validate
//   node tests/browser/validate.mjs --dir /path/to/site     validate a built site
//
// Rules come from .htmlvalidate.json at the top of the source tree
// (extends html-validate:recommended). JSON config cannot hold comments, so
// the reasons for each rule that is configured differently from
// "recommended" are here:
//
//   form-dup-name  shared: + "checkbox". The filter form's lane and cost
//                  checkboxes share a name on purpose: one name per filter,
//                  several values (lane=steuntje&lane=extra-steun), which is
//                  what checkbox groups are for. Duplicate names of any other
//                  control type stay errors.
//   wcag/h32       off. H32 is about forms that are submitted. The filter form
//                  on the region page filters live on every change (the count
//                  in <output aria-live> updates), is never submitted (there is
//                  no server) and is hidden when JavaScript does not run.
//   no-trailing-whitespace  off. Generated output, not hand-written source:
//                  the layouts' rk-each/rk-if removal leaves indentation on
//                  otherwise empty lines. Whitespace between blocks is not
//                  rendered, so this is not a markup error.
//
// Everything else of "recommended" stays an error.
import { HtmlValidate, FileSystemConfigLoader } from "html-validate";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SOURCE_DIR, buildSite, listFiles } from "./site.mjs";

export const CONFIG_PATH = join(SOURCE_DIR, ".htmlvalidate.json");

// Validate every .html under dir. Returns [{file, line, column, rule, message, selector}].
export async function validateSite(dir) {
  const config = JSON.parse(readFileSync(CONFIG_PATH, "utf8"));
  delete config.$schema;
  const loader = new FileSystemConfigLoader(config);
  const htmlvalidate = new HtmlValidate(loader);
  const problems = [];
  const files = listFiles(dir, ".html");
  for (const rel of files) {
    const report = await htmlvalidate.validateFile(join(dir, rel));
    for (const result of report.results) {
      for (const m of result.messages) {
        if (m.severity < 2) continue;
        problems.push({
          file: rel, line: m.line, column: m.column, rule: m.ruleId,
          message: m.message, selector: m.selector || "",
        });
      }
    }
  }
  return { files, problems };
}

// One line per (rule, message), with the pages and the first locations.
export function summarize(problems) {
  const groups = new Map();
  for (const p of problems) {
    const key = `${p.rule}: ${p.message}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  const lines = [];
  for (const [key, list] of groups) {
    const pages = [...new Set(list.map((p) => p.file))];
    const first = list.slice(0, 3).map((p) => `${p.file}:${p.line}:${p.column} ${p.selector}`).join("; ");
    lines.push(`${key} — ${list.length}x on ${pages.length} page(s); e.g. ${first}`);
  }
  return lines;
}

async function main() {
  const args = process.argv.slice(2);
  let dir;
  if (args[0] === "--dir") dir = args[1];
  else dir = buildSite(args[0]).dir;
  const { files, problems } = await validateSite(dir);
  for (const line of summarize(problems)) console.log("  " + line);
  const bad = new Set(problems.map((p) => p.file));
  for (const f of files) {
    if (bad.has(f)) console.log(`not ok - html-validate ${f}: ${problems.filter((p) => p.file === f).length} error(s)`);
  }
  console.log(`${files.length - bad.size} passed, ${bad.size} failed`);
  process.exitCode = bad.size ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
