// The open data of issue 21: the HSDS 3.0 API (<region>/hsds/, hsds/) and
// the national index.json.
//
//   node tests/hsds/validate.mjs /path/to/routekaart
//
// Builds the example site twice and the hostile sites once, then:
//  - validates EVERY file under **/hsds/ against the HSDS 3.0 schemas of
//    tests/hsds/schema/ with ajv, $refs resolved by file name: services/*
//    and organizations/* as service and organization, each Page's shape and
//    each item of its contents, the API root's fields and endpoints;
//  - checks each field mapping on every provision of the example against
//    its data.json, and on one known provision against literal values;
//  - checks that identifiers are the same in both builds and distinct
//    across regions;
//  - checks that every URL of index.json names a file the build wrote.
// Prints the files and objects validated; exits 1 on any failure.
import Ajv from "ajv";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SOURCE_DIR, buildSite, listFiles } from "../browser/site.mjs";

const SCHEMA_DIR = join(SOURCE_DIR, "tests", "hsds", "schema");

const failures = [];
const fail = (message) => failures.push(message);
function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// ---- the validator -------------------------------------------------------

// The schemas' own keywords (Frictionless table metadata) are annotations
// to ajv; the formats they use are checked here, as ajv-formats would.
function makeValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(["name", "path", "datapackage_metadata", "tabular_required", "constraints", "example",
    "datapackage_type", "order", "core"]);
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:[^\s]+$/i);
  ajv.addFormat("date-time", (s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) &&
    !Number.isNaN(Date.parse(s)));
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".json")))
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, file), "utf8")), file);
  return { service: ajv.getSchema("service.json"), organization: ajv.getSchema("organization.json") };
}

const PAGE_KEYS = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
  "contents"];

// ---- validating a build's hsds/ folders ----------------------------------

// Validates every file of every hsds/ folder under dir; returns the
// counts and the parsed files by path.
function validateTree(dir, validators, label) {
  const files = listFiles(dir).filter((f) => /(^|\/)hsds\//.test(f));
  const parsed = new Map();
  let objects = 0;
  const check = (kind, object, where) => {
    objects++;
    if (!validators[kind](object))
      fail(`${label} ${where}: not a valid ${kind}: ${validators[kind].errors.slice(0, 3)
        .map((e) => `${e.instancePath} ${e.message}`).join("; ")}`);
  };
  for (const file of files) {
    let value;
    try {
      value = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch (e) {
      fail(`${label} ${file}: not JSON: ${e.message}`);
      continue;
    }
    parsed.set(file, value);
    const kind = file.match(/hsds\/(services|organizations)(\/[^/]+)?\.json$/);
    if (file.endsWith("hsds/index.json")) checkRoot(dir, file, value, label);
    else if (kind && kind[2]) check(kind[1] === "services" ? "service" : "organization", value, file);
    else if (kind) {
      checkPage(file, value, label);
      (value.contents || []).forEach((item, i) =>
        check(kind[1] === "services" ? "service" : "organization", item, `${file} contents[${i}]`));
    } else fail(`${label} ${file}: a file the API does not list`);
  }
  checkItemsHaveFiles(parsed, label);
  return { files: files.length, objects, parsed };
}

function checkPage(file, page, label) {
  expectEqual(Object.keys(page), PAGE_KEYS, `${label} ${file} keys`);
  const n = (page.contents || []).length;
  expectEqual([page.total_items, page.size, page.total_pages, page.page_number, page.first_page, page.last_page,
    page.empty], [n, n, 1, 1, true, true, n === 0], `${label} ${file} page fields`);
}

// The API root: HSDS version and profile, and its endpoints under it.
function checkRoot(dir, file, root, label) {
  expectEqual(root.version, "3.0", `${label} ${file} version`);
  if (!/^https:\/\//.test(root.profile || "")) fail(`${label} ${file}: no profile URL`);
  expectEqual((root.endpoints || []).map((e) => e.path),
    ["/services", "/services/{id}", "/organizations", "/organizations/{id}"], `${label} ${file} endpoints`);
  const folder = file.slice(0, -"index.json".length);
  for (const e of root.endpoints || []) {
    const tail = e.path.slice(1).replace("{id}", "");
    if (!e.url.endsWith(folder + tail + (tail.endsWith("/") ? "{id}.json" : ".json")))
      fail(`${label} ${file}: endpoint ${e.path} at ${e.url}, not under ${folder}`);
  }
}

// Every item of a Page has its own file, with the same content, and no
// file is left out of its Page.
function checkItemsHaveFiles(parsed, label) {
  for (const [file, value] of parsed) {
    const m = file.match(/^(.*hsds\/)(services|organizations)\.json$/);
    if (!m) continue;
    const ids = new Set();
    for (const item of value.contents || []) {
      ids.add(item.id);
      expectEqual(parsed.get(`${m[1]}${m[2]}/${item.id}.json`), item, `${label} ${m[1]}${m[2]}/${item.id}.json`);
    }
    const own = [...parsed.keys()].filter((f) => f.startsWith(`${m[1]}${m[2]}/`));
    if (own.length !== ids.size) fail(`${label} ${file}: ${ids.size} items but ${own.length} files`);
  }
}


// ---- identifiers ----------------------------------------------------------

// uuid_for of gen/uuid.c, written again from RFC 9562 §5.5: the SHA-1 of
// routekaart's namespace and "<kind>/<region>/<id>", version 5.
const NAMESPACE = Buffer.from("0b1f6a3e6c1d4d529a2e72f0c1a5e8b4", "hex");
function uuidFor(kind, region, id) {
  const hash = createHash("sha1").update(NAMESPACE).update(`${kind}/${region}/${id}`, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Every "id" anywhere in a value.
function collectIds(value, into = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => collectIds(v, into));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "id" && typeof v === "string") into.add(v);
      else collectIds(v, into);
    }
  return into;
}

// ---- the mapping, against data.json --------------------------------------

// What each service must say, from the region's data.json: the mapping
// the README's table gives.
function expectedService(p, data) {
  const cost = Object.fromEntries(data.model.costs.map((c) => [c.id, c]));
  const labels = p.costs.map((id) => cost[id].label).join(", ");
  const fees = [labels, p.cost_note].filter(Boolean).join(". ");
  const text = [p.summary, p.description].filter(Boolean).join("\n\n");
  return {
    id: uuidFor("service", data.region.id, p.id), name: p.title, description: text || undefined,
    url: p.more || undefined, status: "active", application_process: p.referral || undefined,
    fees_description: fees || undefined, eligibility_description: p.audience || undefined,
    assured_date: p.checked, last_modified: `${p.checked}T00:00:00Z`,
    service_areas: data.region.municipalities,
    cost_options: p.costs.map((id) => [cost[id].label, cost[id].explanation]),
    organization: p.provider ? [uuidFor("organization", data.region.id, p.provider.id), p.provider.name,
      p.provider.email || undefined, p.provider.url || undefined, p.provider.phone ? [p.provider.phone] : []] : undefined,
    address: p.provider && p.provider.address ? p.provider.address : undefined,
  };
}

function actualService(s) {
  const org = s.organization;
  const address = (s.service_at_locations || []).map((sal) => sal.location.addresses[0])
    .map((a) => a.address_1 + (a.postal_code || a.city ? ", " : "") + [a.postal_code, a.city].filter(Boolean).join(" "));
  return {
    id: s.id, name: s.name, description: s.description, url: s.url, status: s.status,
    application_process: s.application_process, fees_description: s.fees_description,
    eligibility_description: s.eligibility_description, assured_date: s.assured_date,
    last_modified: s.last_modified, service_areas: s.service_areas.map((a) => a.name),
    cost_options: s.cost_options.map((c) => [c.option, c.amount_description]),
    organization: org && [org.id, org.name, org.email, org.website, org.phones.map((p) => p.number)],
    address: address[0],
  };
}

function checkMappings(dir, parsed) {
  let checked = 0;
  for (const region of readdirSync(dir).filter((d) => existsSync(join(dir, d, "data.json")))) {
    const data = JSON.parse(readFileSync(join(dir, region, "data.json"), "utf8"));
    const page = parsed.get(`${region}/hsds/services.json`) || { contents: [] };
    expectEqual(page.contents.length, data.provisions.length, `${region} services`);
    data.provisions.forEach((p, i) => {
      expectEqual(actualService(page.contents[i] || {}), expectedService(p, data), `${region}/${p.id} mapping`);
      checked++;
    });
  }
  return checked;
}

// One provision of the example, against what its region.yaml says, so a
// mistake shared by data.json and the HSDS files shows too.
function checkKnownProvision(parsed) {
  const s = parsed.get("utrecht-west/hsds/services.json")?.contents.find((x) => x.name === "Preconceptieconsult");
  if (!s) return fail("utrecht-west: no service named Preconceptieconsult");
  expectEqual(s.id, "d3656e8b-a73d-523a-8a07-2aff7736110e", "preconceptieconsult id");
  expectEqual(s.description.split("\n\n")[0], "Een gesprek met de huisarts of verloskundige voordat u zwanger wordt.",
    "preconceptieconsult description (summary)");
  expectEqual(s.url, "https://example.nl/preconceptieconsult", "preconceptieconsult url (more)");
  expectEqual(s.eligibility_description, "Iedereen die zwanger wil worden, en de partner.", "eligibility (audience)");
  expectEqual(s.application_process, "Bel de eigen huisarts voor een afspraak van twintig minuten. Een verwijzing " +
    "is niet nodig.", "application_process (referral)");
  expectEqual(s.fees_description.split(". ")[0], "Vrij verzekerd", "fees_description (cost tag label)");
  if (!s.fees_description.includes("Via de huisarts valt het gesprek onder de basisverzekering"))
    fail("fees_description lacks the cost_note");
  expectEqual(s.cost_options.map((c) => c.option), ["Vrij verzekerd"], "cost_options (cost tags)");
  expectEqual(s.service_areas.map((a) => a.name), ["Woerden", "Montfoort", "Oudewater"], "service_areas");
  expectEqual([s.assured_date, s.last_modified], ["2026-09-15", "2026-09-15T00:00:00Z"], "checked → dates");
  expectEqual([s.organization.name, s.organization.phones[0].number, s.organization.email, s.organization.website],
    ["Huisartsencoöperatie Utrecht West", "0348 000 010", "huisartsen@example.nl",
      "https://example.nl/huisartsen-utrecht-west"], "provider → organization");
  const a = s.service_at_locations[0].location.addresses[0];
  expectEqual([a.address_1, a.postal_code, a.city, a.state_province, a.country],
    ["Rijnstraat 10", "3441 AB", "Woerden", "Utrecht", "NL"],
    "provider address → location address");
  const unchecked = parsed.get("utrecht-west/hsds/services.json")?.contents.find((x) => x.name === "Foliumzuur slikken");
  expectEqual(unchecked && unchecked.assured_date, "2026-10-01", "Foliumzuur: no checked → region updated");
}

// The same identifiers in two builds; none shared between regions; the
// national API the regions' together.
function checkIdentifiers(first, second) {
  const regions = [...first.keys()].filter((f) => /^[^/]+\/hsds\/index\.json$/.test(f)).map((f) => f.split("/")[0]);
  for (const [file, value] of first)
    if (JSON.stringify(second.get(file)) !== JSON.stringify(value)) fail(`${file} differs between two builds`);
  if (first.size !== second.size) fail(`two builds wrote ${first.size} and ${second.size} hsds files`);
  const seen = new Map();
  for (const region of regions) {
    for (const kind of ["services", "organizations"])
      for (const id of collectIds(first.get(`${region}/hsds/${kind}.json`)?.contents)) {
        if (seen.has(id) && seen.get(id) !== region) fail(`id ${id} in ${seen.get(id)} and ${region}`);
        seen.set(id, region);
      }
  }
  for (const kind of ["services", "organizations"])
    expectEqual(first.get(`hsds/${kind}.json`)?.contents,
      regions.flatMap((r) => first.get(`${r}/hsds/${kind}.json`)?.contents), `national hsds/${kind}.json`);
  return { regions: regions.length, ids: seen.size };
}

// ---- index.json ------------------------------------------------------------

// Every region with its data.json's name, municipalities, date and counts;
// every URL in it names a file the build wrote.
function checkIndex(dir, label) {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  const regions = readdirSync(dir).filter((d) => existsSync(join(dir, d, "data.json"))).sort();
  expectEqual(index.regions.map((r) => r.id), regions, `${label} index.json regions`);
  let urls = 0;
  for (const entry of index.regions) {
    const data = JSON.parse(readFileSync(join(dir, entry.id, "data.json"), "utf8"));
    expectEqual([entry.name, entry.municipalities, entry.updated],
      [data.region.name, data.region.municipalities, data.region.updated], `${label} index.json ${entry.id}`);
    expectEqual(entry.counts, { provisions: data.provisions.length, routes: data.routes.length,
      gaps: data.gaps.empty.length, missing: data.gaps.missing.length }, `${label} index.json ${entry.id} counts`);
    expectEqual(Object.keys(entry.urls), ["map", "data", "hsds", "feed"], `${label} index.json ${entry.id} urls`);
  }
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === "object") return Object.values(v).forEach(walk);
    if (typeof v !== "string" || !/^(https?:|\/)/.test(v)) return;
    urls++;
    if (!v.startsWith(index.url)) return fail(`${label} index.json: ${v} is not under ${index.url}`);
    const rel = v.slice(index.url.length) + (v.endsWith("/") ? "index.html" : "");
    if (!existsSync(join(dir, rel))) fail(`${label} index.json: ${v} names no file of the build (${rel})`);
  };
  walk(index);
  return urls;
}

// ---- main -------------------------------------------------------------------

function main() {
  const binary = process.argv[2];
  const validators = makeValidator();
  const first = buildSite(binary), second = buildSite(binary);
  const a = validateTree(first.dir, validators, "example");
  const b = validateTree(second.dir, validators, "example (second build)");
  console.log(`example: ${a.files} files, ${a.objects} objects valid against the HSDS 3.0 schemas`);
  console.log(`example: ${checkMappings(first.dir, a.parsed)} services mapped as data.json says`);
  checkKnownProvision(a.parsed);
  const ids = checkIdentifiers(a.parsed, b.parsed);
  console.log(`example: ${ids.ids} identifiers in ${ids.regions} regions, none shared, the same in two builds`);
  console.log(`example: ${checkIndex(first.dir, "example")} URLs in index.json`);
  // minimal: a region without `updated` and provisions without `checked`.
  for (const name of ["hostile", "hostile-browser", "minimal"]) {
    const site = buildSite(binary, join(SOURCE_DIR, "tests", "sites", name));
    const h = validateTree(site.dir, validators, name);
    JSON.parse(readFileSync(join(site.dir, "index.json"), "utf8"));
    checkIndex(site.dir, name);
    console.log(`${name}: ${h.files} files, ${h.objects} objects valid`);
    rmSync(site.root, { recursive: true, force: true });
  }
  for (const site of [first, second]) rmSync(site.root, { recursive: true, force: true });
  for (const f of failures.slice(0, 400)) console.log(`not ok - ${f}`);
  if (failures.length > 400) console.log(`... and ${failures.length - 400} more`);
  console.log(failures.length ? `${failures.length} failure(s)` : "ok");
  process.exitCode = failures.length ? 1 : 0;
}

main();
