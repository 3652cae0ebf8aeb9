// The tiny test runner shared by run.mjs and serve.mjs.
//
//   const { say, note, test, finish } = runner; // after: const runner = new Runner(...)
//
// say(line) prints a line and keeps it for the log; note(line) does the same
// with "# " in front. test(name, fn, { timeoutMs, after }) runs one named
// check and prints "ok - name" or "not ok - name: reason"; with timeoutMs it
// fails a check that takes HANG_FACTOR times longer (below), and after()
// (async) runs once the check is done, pass or fail. Options not given fall back to the ones passed to
// new Runner(). runner.current is the name of the check running now
// ("(setup)" before the first). finish(logFileName) prints
// "N passed, M failed", writes the log to OUT_DIR/logFileName and exits
// with status 1 when anything failed, else 0.
//
// While working on one check: ROUTEKAART_TEST_ONLY=text runs only the checks
// whose name holds that text (setup and the final checks still run).
//
// Areas (run.mjs): with new Runner({ areas: [...], area: "map" }), area(name)
// says that the checks after it belong to that area, everyArea() that they
// belong to every area (the final checks on what the pages did), and only
// the checks of the chosen area run (all of them when none is chosen), so
// ctest runs each area as a test of its own, side by side. A check before
// any area(), or an area() not in the list, fails in every area's run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT_DIR } from "./site.mjs";

const EVERY_AREA = Symbol("every area");
// A check's timeoutMs is what it may take on a quiet machine, with room. On a
// busy one (the areas run side by side, beside other work) it takes longer
// without being wrong, so it fails only at HANG_FACTOR times that: a hang.
const HANG_FACTOR = 4;

export class Runner {
  constructor({ timeoutMs = 0, after = null, areas = null, area = null } = {}) {
    this.results = [];
    this.current = "(setup)";
    this.areas = areas;        // the names area() accepts; null: checks have no areas
    this.chosenArea = area;    // run only this area's checks; null: all
    this.currentArea = null;   // the area of the checks from here on; EVERY_AREA for the final checks
    this.outLog = [];
    this.defaults = { timeoutMs, after };
    // Usable as plain functions: const { say, note, test, finish } = runner.
    this.say = this.say.bind(this);
    this.note = this.note.bind(this);
    this.test = this.test.bind(this);
    this.finish = this.finish.bind(this);
    this.area = this.area.bind(this);
    this.everyArea = this.everyArea.bind(this);
    if (area && areas && !areas.includes(area)) throw new Error(`no area "${area}"; the areas are ${areas.join(", ")}`);
  }

  area(name) {
    if (!this.areas.includes(name)) throw new Error(`area("${name}") is not one of ${this.areas.join(", ")}`);
    this.currentArea = name;
  }
  everyArea() { this.currentArea = EVERY_AREA; }

  // Whether the check `name` runs in this process; a check without an area
  // fails here, whichever area runs.
  inArea(name) {
    if (!this.areas) return true;
    if (this.currentArea == null) {
      this.results.push({ name, ok: false, reason: "no area: put an area() before it" });
      this.say(`not ok - ${name}: no area: put an area() before it`);
      return false;
    }
    return !this.chosenArea || this.currentArea === EVERY_AREA || this.currentArea === this.chosenArea;
  }

  say(line) { console.log(line); this.outLog.push(line); }
  note(line) { this.say("# " + line); }

  async test(name, fn, { timeoutMs = this.defaults.timeoutMs, after = this.defaults.after } = {}) {
    const only = process.env.ROUTEKAART_TEST_ONLY;
    if (only && !name.includes(only)) return;
    if (!this.inArea(name)) return;
    this.current = name;
    let timer;
    try {
      if (timeoutMs) {
        await Promise.race([
          fn(),
          new Promise((_, fail) => {
            timer = setTimeout(() => fail(new Error(`no end after ${HANG_FACTOR * timeoutMs} ms (${HANG_FACTOR} times its ${timeoutMs} ms): a hang`)),
              HANG_FACTOR * timeoutMs);
          }),
        ]);
      } else {
        await fn();
      }
      this.results.push({ name, ok: true });
      this.say(`ok - ${name}`);
    } catch (e) {
      const reason = String(e && e.message ? e.message : e).replace(/\s+/g, " ").trim();
      this.results.push({ name, ok: false, reason });
      this.say(`not ok - ${name}: ${reason}`);
    } finally {
      clearTimeout(timer);
      if (after) await after();
    }
  }

  // Prints the counts, writes the log and ends the process (a server or
  // browser still around must not keep it alive).
  finish(logFileName) {
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    this.say(`${passed} passed, ${failed} failed`);
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, logFileName), this.outLog.join("\n") + "\n");
    const code = failed ? 1 : 0;
    process.exit(code);
    return code; // not reached
  }
}
