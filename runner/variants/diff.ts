/**
 * A line diff: which runs of a reference's lines a variant replaces, and
 * with what. Longest common subsequence over lines, after the common head
 * and tail are set aside (a known-wrong variant differs in a few lines, so
 * the table stays small).
 *
 * @module
 */

/** One run of lines that differ: the reference's lines `[from, to)` become `lines`. */
export interface Change {
  /** First reference line replaced (0-based). */
  from: number;
  /** One past the last reference line replaced; `from === to` for an insertion. */
  to: number;
  /** The variant's lines in their place; empty for a deletion. */
  lines: string[];
  /** Index in the variant of the first of `lines`. */
  at: number;
}

/**
 * The runs of lines where `b` differs from `a`, in order.
 *
 * @example
 * ```ts
 * import { changesBetween } from "./diff.ts";
 * changesBetween(["a", "b", "c"], ["a", "B", "c"]); // [{ from: 1, to: 2, lines: ["B"], at: 1 }]
 * ```
 */
export function changesBetween(a: string[], b: string[]): Change[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head && tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);

  // lcs[i * (m + 1) + j]: length of the longest common subsequence of x[i..] and y[j..].
  const n = x.length;
  const m = y.length;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = x[i] === y[j]
        ? lcs[(i + 1) * (m + 1) + j + 1] + 1
        : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    }
  }

  const changes: Change[] = [];
  let open: Change | undefined;
  const close = () => {
    if (open) changes.push(open);
    open = undefined;
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      close();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j])) {
      open ??= { from: head + i, to: head + i, lines: [], at: head + j };
      open.lines.push(y[j++]);
    } else {
      open ??= { from: head + i, to: head + i, lines: [], at: head + j };
      open.to = head + ++i;
    }
  }
  close();
  return changes;
}
