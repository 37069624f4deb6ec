// The Compare tab's Windows view: what changed in Windows between the two
// images (core/windiff, as wimlens diff --windows prints it), section by
// section, only what changed, exportable as JSON and CSV. Every string is
// an image's (hostile): text nodes only, invisible characters spelled out.
import { el, table, untrusted } from "./dom";
import type { WinDiff } from "./protocol";
import { saveBlob } from "./tasks";
import { SECTIONS, winDiffCSV, winDiffJSON, winDiffRows } from "./windiff-model";

/** Rows a section draws at most; the exports hold them all. Drawing is
 * the cost: a hive's comparison lists up to 5,000 changes. */
export const SHOWN_ROWS = 500;

export function winDiffView(d: WinDiff): HTMLElement {
  const rows = winDiffRows(d);
  const out = el(
    "div",
    { class: "windiff" },
    el("p", {}, `Image ${d.old.image} (build `, untrusted(d.old.build || "unknown"), `) → image ${d.new.image} (build `, untrusted(d.new.build || "unknown"), ")"),
    ...d.problems.map((p) => el("p", { class: "warn-text" }, `The ${p.side} image's ${p.section} could not be read: `, untrusted(p.error.message))),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "button", on: { click: () => saveBlob(new Blob([winDiffJSON(d)], { type: "application/json" }), "windows-diff.json") } }, "Export JSON"),
      el("button", { type: "button", on: { click: () => saveBlob(new Blob([winDiffCSV(d)], { type: "text/csv" }), "windows-diff.csv") } }, "Export CSV"),
    ),
  );
  for (const name of SECTIONS) {
    const mine = rows.filter((r) => r.section === name);
    const notes: (HTMLElement | string)[] = [];
    if (name === "PE file versions" && d.files.omitted > 0)
      notes.push(el("p", { class: "muted" }, `${d.files.omitted} modified files not looked at (at most ${d.files.limit} are).`));
    if (name === "Registry")
      for (const h of d.registry) {
        const what = h.identical ? "the same file" : `${h.keys} keys compared, ${h.total} changes`;
        notes.push(el("p", { class: "muted" }, `${h.hive} (`, untrusted(h.file), `): ${what}`, h.total > h.changes.length ? `; the first ${h.changes.length} listed` : ""));
        if (h.error) notes.push(el("p", { class: "warn-text" }, "Cannot be compared: ", untrusted(h.error.message)));
        for (const p of h.problems) notes.push(el("p", { class: "warn-text" }, untrusted(p.message)));
      }
    out.append(
      el(
        "section",
        { class: "windiff-section", attrs: { "aria-label": name, "data-section": name } },
        el("h4", {}, name, el("span", { class: "muted" }, mine.length ? ` (${mine.length})` : ": no change")),
        ...notes,
        mine.length
          ? table(
              ["", "Item", "Old", "New", ""],
              mine.slice(0, SHOWN_ROWS).map((r) => [r.kind, untrusted(r.item), untrusted(r.old), untrusted(r.new), untrusted(r.detail)]),
              "grid windiff-table",
            )
          : "",
        mine.length > SHOWN_ROWS ? el("p", { class: "muted" }, `Showing ${SHOWN_ROWS} of ${mine.length}: the exports hold them all.`) : "",
      ),
    );
  }
  return out;
}
