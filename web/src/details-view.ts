// The details pane: everything the worker knows about the selected entry.
import { el, facts, section, untrusted } from "./dom";
import { formatCount, formatCounted, formatSize, formatSizeExact, formatTime, itemCount } from "./format";
import { peSections } from "./pe-view";
import type { Details, Links, PE, Stream } from "./protocol";
import { sddlView } from "./sddl-view";
import { visibleRange } from "./tree-model";

export interface DetailsActions {
  download(stream: string): void;
  zip(): void;
  preview(): void;
  reveal(id: number): void;
  /** Every hard link of the entry; the details hold only the first ones. */
  allLinks(): Promise<Links>;
  /** Why a stream's data is missing (a part that isn't open), said in
   * place of its size. */
  missingWhy?: string;
  /** What the file's data says as a PE file, which comes after the
   * details (null: not one); its sections follow General. */
  pe?: Promise<PE | null>;
  /** Whether the file's data is a WIM (sniffed), to offer openWim. */
  wim?: Promise<boolean>;
  openWim?(): void;
  /** Whether the file's data is a registry hive (it starts "regf"):
   * then its actions offer Open as registry, which calls this. */
  hive?: Promise<boolean>;
  openRegistry?(): void;
  /** More buttons, after these (the copy actions). */
  more?: HTMLElement[];
}

function time(iso: string): HTMLElement {
  const t = formatTime(iso);
  return el("span", {}, t.utc, t.local ? el("span", { class: "muted" }, ` · ${t.local} local`) : null);
}

/** What the Refs column counts, said in its header and the legend. */
export const REFS_MEANING = "how many entries share this file's content";

/** The streams: a body per stream, a row of its facts and a row of its
 * SHA-1 across the table, so that a SHA-1 has its whole width and sizes
 * never wrap; narrow panes stack the facts (style.css). */
function streamRows(d: Details, act: DetailsActions): HTMLElement {
  // An empty cell has no text node, so that a narrow pane's :empty leaves it out.
  const cell = (label: string, c: Node | string) => el("td", { attrs: label ? { "data-label": label } : {} }, c || null);
  const size = (text: string) => el("span", { class: "size-cell" }, text);
  const bodies = d.streams.map((s: Stream) =>
    el(
      "tbody",
      {},
      el(
        "tr",
        { class: "facts-row" },
        cell("", s.name ? untrusted(s.name, "stream-name") : el("span", { class: "muted" }, s.type === "data" ? "(contents)" : `(${s.type})`)),
        cell("Size", s.missing ? el("span", { class: "warn-text" }, "missing") : size(formatSizeExact(s.size))),
        cell("Stored", s.storedSize ? size(`${formatSize(s.storedSize)}${s.solid ? " (solid block)" : ""}`) : ""),
        cell("Compression", s.compression ?? ""),
        cell("Refs", s.refCount ? String(s.refCount) : ""),
        cell(
          "",
          s.type === "data" && !s.missing && !d.dir
            ? el("button", { type: "button", class: "small", on: { click: () => act.download(s.name) } }, "Download")
            : "",
        ),
      ),
      el(
        "tr",
        { class: "hash-row" },
        el("td", { colSpan: 6 }, el("span", { class: "hash-label" }, "SHA-1"), el("code", { class: "hash" }, s.sha1 === "0".repeat(40) ? "— (empty)" : s.sha1)),
      ),
    ),
  );
  const head = el(
    "thead",
    {},
    el(
      "tr",
      {},
      ...["Stream", "Size", "Stored", "Compression", "Refs", ""].map((h) =>
        el("th", { attrs: { scope: "col" }, title: h === "Refs" ? `Refs: ${REFS_MEANING}` : "" }, h),
      ),
    ),
  );
  return el("table", { class: "grid streams" }, head, ...bodies);
}

/** A hard link: its path, a button that reveals it unless it is the entry
 * shown. */
function linkItem(path: string, id: number | undefined, self: number, act: DetailsActions): HTMLElement {
  const label = untrusted(path);
  return el("li", {}, id === undefined || id === self ? label : el("button", { type: "button", class: "link", on: { click: () => act.reveal(id) } }, label));
}

/** Height of a row of the full list of hard links (style.css). */
const LINK_ROW = 22;

/** Every hard link, in a scrolling window that draws only the rows in
 * view: laying out 60,000 buttons held the page for seconds. */
function allLinksList(l: Links, self: number, act: DetailsActions): HTMLElement {
  const paths = l.links ?? [];
  const list = el("ul", { class: "links all-links", attrs: { "data-count": paths.length } });
  list.style.height = `${paths.length * LINK_ROW}px`;
  const box = el("div", { class: "links-window" }, list);
  let frame = 0;
  const draw = (): void => {
    frame = 0;
    const { start, end } = visibleRange(box.scrollTop, box.clientHeight || 400, LINK_ROW, paths.length);
    const rows: HTMLElement[] = [];
    for (let i = start; i < end; i++) {
      const row = linkItem(paths[i], l.linkIds?.[i], self, act);
      row.style.transform = `translateY(${i * LINK_ROW}px)`;
      rows.push(row);
    }
    list.replaceChildren(...rows);
  };
  box.addEventListener("scroll", () => (frame ||= requestAnimationFrame(draw)));
  draw();
  return box;
}

/** The entry's hard links. A group can hold hundreds of thousands of
 * names: the details bring the first ones, and "Show all" asks for the
 * rest. */
function linksSection(d: Details, act: DetailsActions): HTMLElement {
  const shown = d.links ?? [];
  const count = d.linkCount ?? shown.length;
  const list = el("ul", { class: "links" }, ...shown.map((p, i) => linkItem(p, d.linkIds?.[i], d.id, act)));
  const card = section(`Hard links (${formatCounted(count, "name")})`, list);
  if (count > shown.length) {
    const label = `Show all ${formatCount(count)}`;
    const more: HTMLButtonElement = el(
      "button",
      {
        type: "button",
        class: "small secondary show-all-links",
        on: {
          click: async () => {
            more.disabled = true;
            more.textContent = "Loading…";
            try {
              const all = allLinksList(await act.allLinks(), d.id, act);
              list.replaceWith(all);
              note.remove();
              all.dispatchEvent(new Event("scroll")); // now that it has a size
            } catch {
              more.disabled = false;
              more.textContent = label;
            }
          },
        },
      },
      label,
    );
    const note = el("p", { class: "muted" }, `The first ${formatCount(shown.length)} of ${formatCounted(count, "name")}. `, more);
    card.append(note);
  }
  return card;
}

export function detailsView(d: Details, act: DetailsActions): HTMLElement {
  const kind = d.dir ? "Folder" : d.reparse ? "Reparse point" : "File";
  const actions = el(
    "div",
    { class: "actions" },
    d.dir
      ? el("button", { type: "button", on: { click: () => act.zip() } }, "Download folder as .zip")
      : [
          el("button", { type: "button", on: { click: () => act.download("") } }, "Download"),
          el("button", { type: "button", class: "secondary", on: { click: () => act.preview() } }, "Preview"),
        ],
    act.more,
  );
  if (act.wim && act.openWim) {
    const open = act.openWim;
    act.wim.then(
      (yes) => yes && actions.append(el("button", { type: "button", class: "open-wim", on: { click: open } }, "Open as WIM")),
      () => {}, // the read failed: its banner says why
    );
  }
  const out = el(
    "div",
    { class: "details", attrs: { "data-path": d.path } },
    el("h2", { class: "entry-name" }, el("span", { class: "kind" }, kind), untrusted(d.name || "(image root)")),
    actions,
    section(
      "General",
      facts([
        ["Path", el("code", {}, untrusted(d.path))],
        ["Short name", d.shortName ? untrusted(d.shortName) : ""],
        [
          "Size",
          d.dir
            ? itemCount(d.children ?? 0)
            : d.streams.some((s) => s.type === "data" && !s.name && s.missing)
              ? el("span", { class: "warn-text" }, `size unknown: ${act.missingWhy ?? "its data is not in the file"}`)
              : formatSizeExact(d.size),
        ],
        ["Attributes", d.attributeNames.length ? d.attributeNames.join(", ") : "none"],
        ["Created", time(d.created)],
        ["Modified", time(d.modified)],
        ["Accessed", time(d.accessed)],
        ["Object ID", d.objectId ? el("code", {}, d.objectId) : ""],
        ["UNIX", d.unix ? `uid ${d.unix.uid}, gid ${d.unix.gid}, mode ${d.unix.mode}` : ""],
      ]),
    ),
  );
  act.hive?.then(
    (yes) => {
      if (yes) actions.append(el("button", { type: "button", class: "secondary", on: { click: () => act.openRegistry?.() } }, "Open as registry"));
    },
    () => {}, // the read failed: its banner says why
  );
  if (act.pe) {
    const slot = el("div", { class: "pe-slot" });
    out.append(slot);
    // data-pe says, for tests, that the answer came: "shown", or "none"
    // for data that is not PE.
    act.pe.then(
      (pe) => {
        slot.dataset.pe = pe ? "shown" : "none";
        if (pe) slot.replaceChildren(...peSections(pe));
      },
      () => slot.remove(), // the request failed or was cancelled: its banner says why
    );
  }
  if (d.anomalies?.length)
    out.append(section("Problems", el("ul", { class: "anomalies" }, ...d.anomalies.map((a) => el("li", {}, el("strong", {}, a.kind), ": ", untrusted(a.detail))))));
  if (d.streams.length && !(d.dir && d.streams.every((s) => s.sha1 === "0".repeat(40)))) out.append(Object.assign(section("Streams and storage", streamRows(d, act)), { className: "card streams-card" }));
  if (d.reparse) {
    const r = d.reparse;
    out.append(
      section(
        "Reparse point",
        facts([
          ["Tag", `${r.tagName} (${r.tag})`],
          ["Target", r.target ? el("code", {}, untrusted(r.target)) : ""],
          ["Substitute name", r.substituteName ? el("code", {}, untrusted(r.substituteName)) : ""],
          ["Print name", r.printName ? el("code", {}, untrusted(r.printName)) : ""],
          ["Relative", r.relative ? "yes" : ""],
          ["Error", r.error ? el("span", { class: "warn-text" }, r.error) : ""],
        ]),
      ),
    );
  }
  if (d.links?.length) out.append(linksSection(d, act));
  const sec = d.sddl ? sddlView(d.security, d.sddl) : el("p", { class: "muted" }, d.securityId < 0 ? "No security descriptor." : "");
  if (d.sddlError) sec.prepend(el("p", { class: "warn-text" }, d.sddlError));
  out.append(section(`Security${d.securityId >= 0 ? ` (descriptor ${d.securityId})` : ""}`, sec));
  return out;
}
