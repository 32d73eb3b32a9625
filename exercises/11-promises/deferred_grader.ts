/**
 * Grader for 11-promises/deferred. Run it: `deno task grade 11-promises/deferred`.
 *
 * The checks are Twisted's own rules for `Deferred`, each tried on a small
 * chain whose links write to a log: which links ran, with what, in what
 * order, and whether they ran inside the call that fired the Deferred.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore } from "../../runner/grading/explore.ts";
import { logLine } from "../../runner/grading/awaitables.ts";
import {
  runScript,
  scripts,
  scriptSnippet,
  TwistedRules,
} from "../../runner/grading/deferred_scripts.ts";
import type * as Exercise from "./deferred.ts";

type Deferred = Exercise.Deferred<unknown>;

/**
 * Add links that log what they get (`cb1(1)`, `eb2(Error: boom)`) and pass it
 * on unchanged: a callback returns its value, an errback rethrows its error,
 * so the result stays a success or a failure.
 */
function logged(d: Deferred, log: string[], links: ("cb" | "eb" | "both")[]): void {
  links.forEach((kind, i) => {
    const name = `${kind}${i + 1}`;
    const seen = (x: unknown) =>
      log.push(`${name}(${x instanceof Error ? `${x.name}: ${x.message}` : String(x)})`);
    if (kind === "cb") {
      d.addCallback((x) => {
        seen(x);
        return x;
      });
    } else if (kind === "eb") {
      d.addErrback((x) => {
        seen(x);
        throw x;
      });
    } else {
      d.addBoth((x) => {
        seen(x);
        return x;
      });
    }
  });
}

export default defineGrader<typeof Exercise>({
  "callbacks run in order, inside callback(), each getting the previous one's return": (
    { Deferred },
  ) => {
    const log: string[] = [];
    const d = new Deferred<number>();
    d.addCallback((n) => {
      log.push(`first got ${n}`);
      return n + 1;
    }).addCallback((n) => {
      log.push(`second got ${n}`);
      return n * 10;
    });
    log.push("before callback(1)");
    d.callback(1);
    log.push("after callback(1)");
    assert.deepEqual(
      log,
      ["before callback(1)", "first got 1", "second got 2", "after callback(1)"],
      "the log of d.addCallback(n => n + 1).addCallback(n => n * 10); d.callback(1)",
    );
    assert.equal(d.called, true, "d.called after callback(1)");
  },
  "addCallback, addErrback, addCallbacks and addBoth return the same Deferred": ({ Deferred }) => {
    const d = new Deferred();
    assert.equal(d.addCallback((x) => x), d, "d.addCallback(f) === d");
    assert.equal(d.addErrback((x) => x), d, "d.addErrback(f) === d");
    assert.equal(d.addCallbacks((x) => x, (e) => e), d, "d.addCallbacks(f, g) === d");
    assert.equal(d.addBoth((x) => x), d, "d.addBoth(f) === d");
    assert.equal(d.called, false, "d.called before firing");
  },
  "errbacks are skipped while the result is a success": ({ Deferred }) => {
    const log: string[] = [];
    const d = new Deferred();
    logged(d, log, ["cb", "eb", "cb"]);
    d.callback("ok");
    assert.deepEqual(log, ["cb1(ok)", "cb3(ok)"], "links run for callback('ok') on cb, eb, cb");
  },
  "a callback's throw switches the rest of the chain to errbacks": ({ Deferred }) => {
    const log: string[] = [];
    const d = new Deferred();
    d.addCallback(() => {
      log.push("cb0 throws");
      throw new Error("boom");
    });
    logged(d, log, ["cb", "cb", "eb", "cb", "eb"]);
    d.callback("go");
    if (log.includes("cb1(undefined)") || log.includes("cb1(go)")) {
      throw new Mistake(
        `a callback threw Error: boom, yet the next callback ran as if nothing happened (the log: ${
          log.join(", ")
        }): the throw was swallowed. What a callback throws is the new result, a failure, and only errbacks see it`,
      );
    }
    assert.deepEqual(
      log,
      ["cb0 throws", "eb3(Error: boom)", "eb5(Error: boom)"],
      "links run when the first callback throws, on cb, cb, eb, cb, eb (each eb rethrows)",
    );
  },
  "an errback's return switches the rest of the chain back to callbacks": ({ Deferred }) => {
    const log: string[] = [];
    const d = new Deferred();
    d.addErrback((error) => {
      log.push(`eb0 handles ${(error as Error).message}`);
      return "recovered";
    });
    logged(d, log, ["eb", "cb", "cb"]);
    d.errback(new Error("down"));
    assert.deepEqual(
      log,
      ["eb0 handles down", "cb2(recovered)", "cb3(recovered)"],
      "links run for errback(Error: down) when the first errback returns 'recovered'",
    );
  },
  "errback() fires the errback chain from the start; an errback's throw stays a failure": (
    { Deferred },
  ) => {
    const log: string[] = [];
    const d = new Deferred();
    logged(d, log, ["cb", "eb"]);
    d.addErrback(() => {
      log.push("eb3 rethrows");
      throw new TypeError("worse");
    });
    logged(d, log, ["cb", "eb"]);
    d.errback(new Error("first"));
    assert.deepEqual(
      log,
      ["eb2(Error: first)", "eb3 rethrows", "eb2(TypeError: worse)"],
      "links run for errback(Error: first) on cb, eb (rethrows), eb that throws TypeError, cb, eb",
    );
  },
  "addCallbacks(cb, eb) runs one of the pair, never both": ({ Deferred }) => {
    const log: string[] = [];
    const d = new Deferred();
    d.addCallbacks(() => {
      log.push("cb throws");
      throw new Error("from cb");
    }, (error) => {
      log.push(`eb of the same pair got ${(error as Error).message}`);
    });
    d.addErrback((error) => log.push(`next eb got ${(error as Error).message}`));
    d.callback(1);
    assert.deepEqual(
      log,
      ["cb throws", "next eb got from cb"],
      "addCallbacks(cb that throws, eb).addErrback(eb2); callback(1): eb2 sees the throw, eb does not",
    );
  },
  "addBoth runs on success and on failure": ({ Deferred }) => {
    const log: string[] = [];
    const ok = new Deferred();
    logged(ok, log, ["both"]);
    ok.callback("yes");
    const bad = new Deferred();
    logged(bad, log, ["both"]);
    bad.errback(new Error("no"));
    assert.deepEqual(
      log,
      ["both1(yes)", "both1(Error: no)"],
      "addBoth on callback('yes') and errback(Error: no)",
    );
  },
  "a link added after firing runs at once, on the current result": ({ Deferred }) => {
    const log: string[] = [];
    const d = new Deferred<number>();
    d.addCallback((n) => n * 2);
    d.callback(21);
    log.push("fired");
    d.addCallback((n) => {
      log.push(`late callback got ${n}`);
      return n + 1;
    });
    log.push("added");
    d.addCallback((n) => {
      throw new Error(`fail at ${n}`);
    });
    d.addErrback((error) => log.push(`late errback got ${(error as Error).message}`));
    if (log.length === 2) {
      throw new Mistake(
        `a callback added after the Deferred fired never ran (the log: ${
          log.join(", ")
        }): a fired Deferred runs each new link at once, inside addCallback()`,
      );
    }
    assert.deepEqual(
      log,
      ["fired", "late callback got 42", "added", "late errback got fail at 43"],
      "links added after callback(21) on a chain that doubles",
    );
  },
  "firing twice throws AlreadyCalledError, naming the second call, and runs nothing again": (
    { Deferred, AlreadyCalledError },
  ) => {
    const log: string[] = [];
    const d = new Deferred();
    logged(d, log, ["both"]);
    d.callback("once");
    for (
      const [name, fire] of [
        ["callback('twice')", () => d.callback("twice")],
        ["errback(Error: twice)", () => d.errback(new Error("twice"))],
      ] as const
    ) {
      let threw: unknown = undefined;
      try {
        fire();
      } catch (error) {
        threw = error;
      }
      if (!(threw instanceof AlreadyCalledError)) {
        throw new Mistake(
          `${name} on a Deferred that had already fired ${
            threw === undefined ? "did not throw" : `threw ${String(threw)}`
          }: firing twice is an error, throw AlreadyCalledError`,
        );
      }
      const call = name.slice(0, name.indexOf("("));
      if (!threw.message.includes(call)) {
        throw new Mistake(
          `${name} on a Deferred that callback('once') had fired threw an AlreadyCalledError whose message does not name ${call}(): ${
            JSON.stringify(threw.message)
          }. Name the call that came second (the one that threw), so the caller can find it`,
        );
      }
    }
    assert.deepEqual(log, ["both1(once)"], "links run by callback('once') and the two later calls");
  },
  "a callback may add links to its own Deferred; they run next, in order": ({ Deferred }) => {
    const log: string[] = [];
    const d = new Deferred<number>();
    d.addCallback((n) => {
      d.addCallback((m) => {
        log.push(`added inside got ${m}`);
        return m;
      });
      log.push("first");
      return n + 1;
    });
    d.addCallback((n) => {
      log.push(`second got ${n}`);
      return n + 1;
    });
    d.callback(1);
    assert.deepEqual(
      log,
      ["first", "second got 2", "added inside got 3"],
      "a link added by the first callback runs after the links already there",
    );
  },
  "Deferred follows Twisted's rules on generated scripts: links of every kind, falsy results, throws, links added inside links, firing twice":
    ({ Deferred, AlreadyCalledError }) =>
      explore({
        truth: "Twisted's rules",
        arbitrary: scripts,
        compare: (script) => {
          const truth = runScript(
            script,
            () => new TwistedRules(),
            (e) => e instanceof Error && e.name === "AlreadyCalledError",
          );
          const yours = runScript(
            script,
            () => new Deferred(),
            (e) => e instanceof AlreadyCalledError,
          );
          return JSON.stringify(truth) === JSON.stringify(yours)
            ? undefined
            : { truth: logLine(truth), yours: logLine(yours), what: "the log of the script" };
        },
        snippet: scriptSnippet,
        runs: 300,
      }),
});
