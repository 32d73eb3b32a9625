/**
 * Writing for a person at a terminal: colour only when it is a terminal and
 * NO_COLOR is unset, a progress bar, and status marks.
 *
 * @module
 */

const useColor = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
const paint = (code: number) => (text: string) => useColor ? `\x1b[${code}m${text}\x1b[0m` : text;

/** Text styles; plain text when colour is off. */
export const style = {
  bold: paint(1),
  dim: paint(2),
  red: paint(31),
  green: paint(32),
  yellow: paint(33),
  cyan: paint(36),
};

/** `[██████░░░░░░] 6/12 (50 %)`. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  const bar = style.green("█".repeat(filled)) + style.dim("░".repeat(width - filled));
  return `[${bar}] ${done}/${total} (${percent} %)`;
}

/** Indent every line of `text` by `by` spaces. */
export function indent(text: string, by = 4): string {
  return text.split("\n").map((line) => " ".repeat(by) + line).join("\n");
}

/** Clear the screen (watch mode redraws). */
export function clearScreen(): void {
  if (Deno.stdout.isTerminal()) console.log("\x1b[2J\x1b[H");
}

/**
 * How this learner runs a task: `deno task <args>`, or, when the course was
 * started through npx on a machine with only Node.js (npx sets
 * `npm_command=exec`), `npx -y deno@2 task <args>`, so the printed next
 * command is one they can paste as is.
 */
export function taskCommand(args: string): string {
  const viaNpx = Deno.env.get("npm_command") === "exec";
  return `${viaNpx ? "npx -y deno@2" : "deno"} task ${args}`;
}
