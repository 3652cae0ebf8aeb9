// The tiny test runner shared by run.mjs and serve.mjs.
//
//   const { say, note, test, finish } = runner; // after: const runner = new Runner(...)
//
// say(line) prints a line and keeps it for the log; note(line) does the same
// with "# " in front. test(name, fn, { timeoutMs, after }) runs one named
// check and prints "ok - name" or "not ok - name: reason"; with timeoutMs it
// fails a check that takes longer, and after() (async) runs once the check
// is done, pass or fail. Options not given fall back to the ones passed to
// new Runner(). runner.current is the name of the check running now
// ("(setup)" before the first). finish(logFileName) prints
// "N passed, M failed", writes the log to OUT_DIR/logFileName and exits
// with status 1 when anything failed, else 0.
//
// While working on one check: ROUTEKAART_TEST_ONLY=text runs only the checks
// whose name holds that text (setup and the final checks still run).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT_DIR } from "./site.mjs";

export class Runner {
  constructor({ timeoutMs = 0, after = null } = {}) {
    this.results = [];
    this.current = "(setup)";
    this.outLog = [];
    this.defaults = { timeoutMs, after };
    // Usable as plain functions: const { say, note, test, finish } = runner.
    this.say = this.say.bind(this);
    this.note = this.note.bind(this);
    this.test = this.test.bind(this);
    this.finish = this.finish.bind(this);
  }

  say(line) { console.log(line); this.outLog.push(line); }
  note(line) { this.say("# " + line); }

  async test(name, fn, { timeoutMs = this.defaults.timeoutMs, after = this.defaults.after } = {}) {
    const only = process.env.ROUTEKAART_TEST_ONLY;
    if (only && !name.includes(only)) return;
    this.current = name;
    let timer;
    try {
      if (timeoutMs) {
        await Promise.race([
          fn(),
          new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); }),
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
