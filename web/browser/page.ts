/// <reference lib="dom" />
/**
 * What every page of the site runs (`assets/page.js`): the lessons menu
 * button of narrow screens, and keyboard access to boxes that scroll.
 *
 * On a narrow screen `site.css` hides the lesson list behind the header's
 * "Lessons" button (only when this script runs: the `js` class on `<html>`
 * says so, so without scripts the list stays in view). The button shows and
 * hides it; Escape hides it again and gives the focus back to the button.
 *
 * @module
 */

import { markScrollable } from "./scroll_boxes.ts";

const button = document.querySelector<HTMLButtonElement>("header.top button.menu");
const list = document.getElementById("lesson-nav");

function setOpen(open: boolean): void {
  if (button === null || list === null) return;
  button.setAttribute("aria-expanded", String(open));
  list.classList.toggle("open", open);
}

if (button !== null && list !== null) {
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open) list.querySelector<HTMLElement>("a[aria-current], a")?.focus();
  });
  list.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && list.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
}

markScrollable();
let queued = false;
addEventListener("resize", () => {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    markScrollable();
  });
});
