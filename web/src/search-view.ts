// Search results: the hits of the query in the search box, in tree order.
// Choosing one reveals it in the tree.
import { el, untrusted } from "./dom";
import { formatCount, formatCounted, formatSize } from "./format";
import type { Found, Results } from "./protocol";

export function resultsView(r: Results, reveal: (hit: Found) => void): HTMLElement {
  const head = el(
    "p",
    { class: "results-head", attrs: { role: "status" } },
    r.hits.length === 0
      ? "No matches."
      : r.more
        ? `${formatCount(r.hits.length)}+ matches (showing the first)`
        : formatCounted(r.hits.length, "match", "matches"),
  );
  const list = el("ul", { class: "results", attrs: { "aria-label": "Search results" } });
  for (const h of r.hits) {
    list.append(
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", class: `hit ${h.dir ? "dir" : "file"}`, attrs: { "data-path": h.path }, on: { click: () => reveal(h) } },
          el("span", { class: "icon", attrs: { "aria-hidden": "true" } }),
          untrusted(h.name, "name"),
          el("span", { class: "size" }, h.dir ? "" : formatSize(h.size ?? 0)),
          el("span", { class: "path" }, untrusted(h.path)),
        ),
      ),
    );
  }
  return el("div", { class: "results-pane", attrs: { "data-query": r.query } }, head, list);
}
