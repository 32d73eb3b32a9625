/// <reference lib="dom" />
/**
 * Boxes that scroll sideways (code, tables, timelines) must be reachable by
 * keyboard, or their hidden part is out of reach without a mouse (WCAG
 * 2.1.1). A box that overflows gets `tabindex="0"`, so arrow keys scroll it
 * once focused; one that fits loses it again, so it costs no Tab stop.
 *
 * @module
 */

/** The boxes that may scroll sideways. */
export const SCROLL_BOXES = "pre, .table-wrap, .svg-wrap";

/**
 * Make the boxes under `root` that overflow focusable, and the others not
 * (only those this module made focusable).
 *
 * @example
 * ```ts ignore
 * markScrollable(document);
 * ```
 */
export function markScrollable(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>(SCROLL_BOXES)) {
    const overflows = box.scrollWidth > box.clientWidth + 1 ||
      box.scrollHeight > box.clientHeight + 1;
    if (overflows && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.dataset.scrollFocus = "";
    } else if (!overflows && box.dataset.scrollFocus !== undefined) {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollFocus;
    }
  }
}
