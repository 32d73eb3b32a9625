/**
 * The variants file: it reads back what it writes, `deno fmt` leaves it
 * as written, and what it cannot read is named by file and line.
 *
 * @module
 */

import assert from "node:assert/strict";
import { BankFileError, formatBankFile, parseBankFile, type VariantPatch } from "./bank_file.ts";

const variants: Omit<VariantPatch, "line">[] = [
  {
    name: "range_includes_end",
    mistake: "off by one: `<=` lets the end itself through, so range(2, 5) gives 2, 3, 4, 5, " +
      "and this sentence goes on long enough to need a second line in the file, *emphasis* kept.",
    check: "range agrees with a native generator on generated bounds, steps and scripts",
    graderSays: "received: [ 0, 1, 2, 3 ] with *stars* and __underscores__",
    hunks: [
      {
        label: "export class Range implements Iterable<number> {",
        lines: [
          { kind: " ", text: "      next(): IteratorResult<number> {" },
          { kind: "-", text: "        const more = step > 0 ? next < end : next > end;" },
          { kind: "+", text: "        const more = step > 0 ? next <= end : next >= end;" },
          { kind: " ", text: "" },
          { kind: " ", text: "        if (finished || !more) {" },
        ],
      },
      { label: "", lines: [{ kind: "-", text: "" }, { kind: "+", text: "```" }] },
    ],
  },
  {
    name: "range_no_return",
    mistake: "no return()",
    graderSays: "return()",
    hunks: [{ label: "", lines: [{ kind: " ", text: "a" }, { kind: "-", text: "b" }] }],
  },
];
const contents = {
  exercise: "01-iterators/range",
  reference: "solutions/01-iterators/a_reference_with_a_rather_long_name_to_wrap_the_prose.ts",
  variants,
};

Deno.test("parseBankFile() reads back what formatBankFile() writes", () => {
  const text = formatBankFile(contents);
  const back = parseBankFile(text, "range.variants.md").map(({ line: _, ...v }) => v);
  assert.deepEqual(back, variants);
});

Deno.test("deno fmt leaves a written variants file as it is", async () => {
  const text = formatBankFile(contents);
  const fmt = new Deno.Command("deno", {
    args: ["fmt", "--ext=md", "--line-width=100", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = fmt.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { stdout } = await fmt.output();
  assert.equal(new TextDecoder().decode(stdout), text);
});

Deno.test("parseBankFile() names the file and line of what it cannot read", () => {
  const bad = (body: string[], heading = "## `x_y`") => () =>
    parseBankFile([heading, "", ...body].join("\n"), "x.variants.md");
  const variant = ["```diff", "Mistake: m", "Grader says: g", "@@", "-a", "```"];
  assert.doesNotThrow(bad(variant));
  assert.throws(
    bad(variant.slice(0, -1)),
    /^BankFileError: x\.variants\.md:3: variant x_y: its ``` block is never closed/,
  );
  assert.throws(
    bad(["```diff", "Grader says: g", "@@", "-a", "```"]),
    /x\.variants\.md:3: variant x_y needs a "Mistake:" line/,
  );
  assert.throws(bad(["```diff", "Mistake: m", "@@", "-a", "```"]), /needs a "Grader says:" line/);
  assert.throws(
    bad(["```diff", "Mistake: m", "Grader says: g", "```"]),
    /x\.variants\.md:3: variant x_y has no hunk/,
  );
  assert.throws(
    bad(["```diff", "Mistake: m", "Grader says: g", "@@", " a", "```"]),
    /hunk 1 changes nothing/,
  );
  assert.throws(
    bad(["```diff", "Mistake: m", "Grader says: g", "@@", "*a", "```"]),
    /x\.variants\.md:7: variant x_y: a hunk line must start with " ", "-" or "\+"/,
  );
  assert.throws(
    bad(["```diff", "Mistake: m", "Chek: c", "Grader says: g", "@@", "-a", "```"]),
    /x\.variants\.md:5: variant x_y: expected "Mistake:", "Check:", "Grader says:" or a hunk/,
  );
  assert.throws(bad(["no block"]), /x\.variants\.md:1: variant x_y has no ```diff block/);
  assert.throws(
    bad([...variant, "## `x_y`", ...variant]),
    /x\.variants\.md:\d+: variant x_y is defined twice/,
  );
  assert.throws(bad(variant.slice(0, -1)), BankFileError);
});
