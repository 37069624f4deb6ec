// The archives open in the session, as tabs above the workspace: the file,
// then each WIM opened inside the one before it ("Open as WIM"), read in
// place through it (wasm/api/nested.go). Shown only when there are two.
import { el, untrusted } from "./dom";

export interface Level {
  names: string[]; // the Archive tab's File row: both levels, for an inner one
  tab: string; // the tab's text
  size: number; // the file's, or the inner WIM's
  image: number; // the image shown when it was left
}

/** Draws levels into strip; show(i) goes to level i, show(i, true)
 * closes it (and those opened from it). Names come from images: text
 * only. */
export function levelTabs(strip: HTMLElement, levels: Level[], current: number, show: (i: number, close?: boolean) => void): void {
  strip.hidden = levels.length < 2;
  strip.replaceChildren(
    ...levels.map((lv, i) =>
      el(
        "span",
        { class: "level-tab" },
        el(
          "button",
          {
            type: "button",
            title: lv.names.join(", "),
            attrs: { role: "tab", "aria-selected": String(i === current) },
            on: { click: () => i !== current && show(i) },
          },
          untrusted(lv.tab),
        ),
        i > 0 ? el("button", { type: "button", class: "close", attrs: { "aria-label": `Close ${lv.tab}` }, on: { click: () => show(i, true) } }, "×") : null,
      ),
    ),
  );
}
