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

/** Columns of the terminal, or 80 when output is not a terminal. */
export function terminalWidth(): number {
  try {
    if (Deno.stdout.isTerminal()) return Math.max(20, Deno.consoleSize().columns);
  } catch { /* no console size: a pipe */ }
  return 80;
}

/**
 * Wrap `text` at word boundaries to `width` columns (colour codes do not
 * count), keeping each line's own indent on its continuation lines. A word
 * longer than a line is left whole rather than cut.
 */
export function wrap(text: string, width = terminalWidth()): string {
  // deno-lint-ignore no-control-regex
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;
  return text.split("\n").map((line) => {
    const indentText = /^\s*/.exec(line)![0];
    const words = line.slice(indentText.length).split(" ");
    const out: string[] = [];
    let current = indentText;
    for (const word of words) {
      const candidate = current.trim() === "" ? current + word : `${current} ${word}`;
      if (visible(candidate) > width && current.trim() !== "") {
        out.push(current);
        current = indentText + word;
      } else current = candidate;
    }
    out.push(current);
    return out.join("\n");
  }).join("\n");
}
