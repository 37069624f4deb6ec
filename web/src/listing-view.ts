// The listing: the selected folder's contents (or the image's files by
// size, or a search's hits) as a sortable table beside the tree, with
// breadcrumbs above and a file manager's keys. A WAI-ARIA grid drawn as a
// window of fixed-height rows over rows the worker sorts and sends a page
// at a time (listing-model.ts), so 150k entries cost a screenful.
import { el, untrusted } from "./dom";
import { type ExportFormat, exportListing, openSink } from "./export-listing";
import { formatCounted, formatSize, itemCount } from "./format";
import { PAGE, RowCache, type Sort, TypeAhead, ariaSort, attributeLetters, nextSort } from "./listing-model";
import type { ListScope, Row, Rows, SearchFilter, SortKey } from "./protocol";
import { runTask, saveBlob } from "./tasks";
import { scrollToShow, visibleRange } from "./tree-model";

export const LIST_ROW_HEIGHT = 26;

/** What is listed: a folder, the image's files, or a search's hits. */
export type Listed = { scope: "folder"; node: number; crumbs: Crumb[] } | { scope: "files" } | { scope: "search"; query: string; fuzzy: boolean; filter?: SearchFilter };

/** A breadcrumb: a folder from the root down; the root is id 0. */
export interface Crumb {
  id: number;
  name: string;
}

export interface ListingEvents {
  /** A window of the listing, from the worker. */
  rows(q: {
    scope: ListScope;
    node: number;
    sort: SortKey;
    desc: boolean;
    offset: number;
    limit: number;
    prefix?: string;
    find?: number;
    query?: string;
    fuzzy?: boolean;
  }): Promise<Rows>;
  /** The active row changed: show its details. */
  select(row: Row): void;
  /** Enter or double click: into a folder, a file's details. */
  open(row: Row): void;
  /** A breadcrumb, or Backspace's parent folder. */
  folder(id: number): void;
  error(err: unknown): void;
}

const COLUMNS: { key: SortKey; label: string; cls: string; title?: string }[] = [
  { key: "name", label: "Name", cls: "c-name" },
  { key: "size", label: "Size", cls: "c-size" },
  { key: "stored", label: "Stored", cls: "c-stored", title: "What the data takes in the file: its resource, or its share of a solid one" },
  { key: "modified", label: "Modified", cls: "c-modified", title: "Last written, in UTC" },
  { key: "attributes", label: "Attributes", cls: "c-attrs", title: "R read-only, H hidden, S system, D folder, A archive, C compressed, E encrypted, L reparse point, O offline, N not indexed" },
  { key: "sha1", label: "SHA-1", cls: "c-sha1" },
];

export class ListingView {
  readonly element: HTMLElement;
  private crumbs = el("nav", { class: "crumbs", attrs: { "aria-label": "Folder path" } });
  private grid: HTMLDivElement;
  private head: HTMLDivElement;
  private spacer = el("div", { class: "listing-spacer" });
  private count = el("span", { class: "listing-count muted" });
  private subfolders = el("input", { type: "checkbox" });
  private listed: Listed | null = null;
  /** The last folder listed, for Backspace from the files or a search. */
  private lastFolder: Extract<Listed, { scope: "folder" }> | null = null;
  private sort: Sort = { key: "name", desc: false };
  private cache: RowCache | null = null;
  private active = 0;
  private frame = 0;
  private typeAhead = new TypeAhead();
  private generation = 0;
  /** The rows on the page, by position. */
  private drawn = new Map<number, HTMLElement>();

  constructor(
    private image: () => number,
    private tasks: HTMLElement,
    private events: ListingEvents,
  ) {
    this.head = el(
      "div",
      { class: "lrow lhead", attrs: { role: "row", "aria-rowindex": 1 } },
      ...COLUMNS.map((c) =>
        el(
          "div",
          { class: `cell ${c.cls}`, attrs: { role: "columnheader", "aria-sort": "none", "data-key": c.key } },
          el("button", { type: "button", class: "sort", tabIndex: -1, title: c.title ?? "", on: { click: () => this.sortBy(c.key) } }, c.label),
        ),
      ),
    );
    this.grid = el(
      "div",
      {
        class: "listing-body",
        tabIndex: 0,
        attrs: { role: "grid", "aria-label": "Folder contents", "aria-rowcount": 1 },
        on: { scroll: () => this.schedule(), keydown: (e) => this.key(e), click: (e) => this.click(e), dblclick: (e) => this.click(e, true) },
      },
      el("div", { attrs: { role: "rowgroup" } }, this.head),
      el("div", { attrs: { role: "rowgroup" } }, this.spacer),
    );
    this.element = el(
      "section",
      { class: "listing", attrs: { "aria-label": "Listing" } },
      el(
        "div",
        { class: "listing-bar" },
        this.crumbs,
        el(
          "span",
          { class: "listing-actions" },
          this.count,
          el("button", { type: "button", class: "small", title: "Every file of the image, largest first", on: { click: () => this.showLargest() } }, "Largest files"),
          el("label", { class: "small-label", title: "Export the folder's subfolders too" }, this.subfolders, "Subfolders"),
          el("button", { type: "button", class: "small", on: { click: () => void this.export("csv") } }, "Export CSV"),
          el("button", { type: "button", class: "small", on: { click: () => void this.export("json") } }, "Export JSON"),
        ),
      ),
      this.grid,
    );
    new ResizeObserver(() => this.schedule()).observe(this.grid);
  }

  /** Lists a folder; active, when given, is a row to make active once it is
   * in the first pages (a file chosen in the tree). */
  showFolder(node: number, crumbs: Crumb[], active?: number): void {
    const same = this.listed?.scope === "folder" && this.listed.node === node;
    this.listed = this.lastFolder = { scope: "folder", node, crumbs };
    if (!same) {
      if (this.sort.key !== "name" && this.sort.key !== "size") this.sort = { key: "name", desc: false };
      this.reload();
    }
    this.drawCrumbs();
    if (active !== undefined) void this.findId(active);
  }

  showLargest(): void {
    this.listed = { scope: "files" };
    this.sort = { key: "size", desc: true };
    this.drawCrumbs();
    this.reload();
    this.grid.focus();
  }

  showSearch(query: string, fuzzy: boolean, filter?: SearchFilter): void {
    this.listed = { scope: "search", query, fuzzy, filter };
    this.drawCrumbs();
    this.reload();
  }

  /** Back to the folder listed before a search. */
  endSearch(): void {
    const f = this.lastFolder;
    if (this.listed?.scope === "search" && f) this.showFolder(f.node, f.crumbs);
  }

  /** Forgets what was listed: another file or image. */
  clear(): void {
    this.listed = this.lastFolder = null;
    this.cache = null;
    this.generation++;
    this.crumbs.replaceChildren();
    this.count.textContent = "";
    this.render();
  }

  /** The listing as the worker is asked for it. */
  private query(): { scope: ListScope; node: number; query?: string; fuzzy?: boolean; filter?: SearchFilter } {
    const l = this.listed!;
    if (l.scope === "folder") return { scope: "folder", node: l.node };
    if (l.scope === "files") return { scope: "files", node: 0 };
    return { scope: "search", node: 0, query: l.query, fuzzy: l.fuzzy, filter: l.filter };
  }

  private reload(): void {
    const gen = ++this.generation;
    const q = this.query();
    const sort = this.sort;
    this.active = 0;
    this.grid.scrollTop = 0;
    this.cache = new RowCache((offset, limit) => this.events.rows({ ...q, sort: sort.key, desc: sort.desc, offset, limit }));
    for (const h of this.head.children) h.setAttribute("aria-sort", ariaSort(sort, (h as HTMLElement).dataset.key as SortKey));
    this.cache.ensure(0, PAGE).then(
      () => {
        if (gen !== this.generation) return;
        this.count.textContent = itemCount(this.cache!.total);
        this.render();
        this.element.dataset.ready = String(gen);
      },
      (err) => gen === this.generation && this.events.error(err),
    );
    this.render();
  }

  private sortBy(key: SortKey): void {
    if (!this.listed) return;
    this.sort = nextSort(this.sort, key);
    this.reload();
    this.grid.focus();
  }

  private drawCrumbs(): void {
    const l = this.listed;
    const image = `Image ${this.image()}`;
    const crumb = (name: string, id: number | null, current: boolean) =>
      el(
        "button",
        { type: "button", class: "crumb", attrs: current ? { "aria-current": "location" } : {}, on: { click: () => id !== null && this.events.folder(id) } },
        untrusted(name),
      );
    const items: HTMLElement[] = [];
    if (!l) return void this.crumbs.replaceChildren();
    if (l.scope === "folder") {
      items.push(crumb(image, 0, l.crumbs.length === 0));
      l.crumbs.forEach((c, i) => items.push(crumb(c.name, c.id, i === l.crumbs.length - 1)));
    } else {
      items.push(crumb(image, 0, false), crumb(l.scope === "files" ? "Largest files" : `Search: ${l.query || "by filters"}`, null, true));
    }
    this.crumbs.replaceChildren(...items.flatMap((b, i) => (i ? [el("span", { class: "sep", attrs: { "aria-hidden": "true" } }, "›"), b] : [b])));
  }

  /** Makes the row of node id active, wherever the order puts it. */
  private async findId(id: number): Promise<void> {
    const gen = this.generation;
    const sort = this.sort;
    try {
      const r = await this.events.rows({ ...this.query(), sort: sort.key, desc: sort.desc, offset: 0, limit: 1, find: id });
      if (gen === this.generation && r.found >= 0) this.moveTo(r.found, false);
    } catch (err) {
      this.events.error(err);
    }
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()));
  }

  private render(): void {
    const c = this.cache;
    const total = c?.total ?? 0;
    this.grid.setAttribute("aria-rowcount", String(total + 1));
    this.spacer.style.height = `${total * LIST_ROW_HEIGHT}px`;
    const { start, end } = visibleRange(Math.max(0, this.grid.scrollTop), this.grid.clientHeight || 600, LIST_ROW_HEIGHT, total);
    const drawn: HTMLElement[] = [];
    const kept = new Map<number, HTMLElement>();
    let missing = false;
    for (let i = start; i < end; i++) {
      const r = c!.row(i);
      if (!r) missing = true;
      // A row drawn in the last frame is kept while it shows the same: a
      // scroll then builds only the rows it brings in.
      const key = `${this.generation}:${r ? r.id : "-"}:${i === this.active}`;
      let e = this.drawn.get(i);
      if (e?.dataset.key !== key) (e = this.row(r, i)), (e.dataset.key = key);
      kept.set(i, e);
      drawn.push(e);
    }
    this.drawn = kept;
    this.spacer.replaceChildren(...drawn);
    if (c && total) {
      // Half a page beyond each edge is asked for ahead, so scrolling
      // meets rows that are already in.
      const gen = this.generation;
      void c.ensure(Math.max(0, start - PAGE / 2), Math.min(total, end + PAGE / 2)).then(
        () => missing && gen === this.generation && this.schedule(),
        (err) => gen === this.generation && this.events.error(err),
      );
    }
    if (total) this.grid.setAttribute("aria-activedescendant", `lrow-${this.active}`);
    else this.grid.removeAttribute("aria-activedescendant");
  }

  private row(r: Row | undefined, i: number): HTMLElement {
    const wide = this.listed?.scope !== "folder";
    const cls = ["lrow", r?.dir ? "dir" : "file", r?.reparse && "reparse", r?.hidden && "hidden", i === this.active && "active"];
    const cell = (c: string, ...kids: (Node | string)[]) => el("div", { class: `cell ${c}`, attrs: { role: "gridcell" } }, ...kids);
    const row = el(
      "div",
      { id: `lrow-${i}`, class: cls.filter(Boolean).join(" "), attrs: { role: "row", "aria-rowindex": i + 2, "aria-selected": i === this.active, "data-index": i } },
      r
        ? [
            cell(
              "c-name",
              el("span", { class: "icon", attrs: { "aria-hidden": "true" } }),
              untrusted(r.name, "name"),
              wide ? untrusted(r.path.slice(0, r.path.length - r.name.length), "muted where") : "",
            ),
            cell("c-size", r.dir ? itemCount(r.children ?? 0) : r.missing ? "size unknown" : formatSize(r.size ?? 0)),
            cell("c-stored", r.dir || !r.stored ? "" : formatSize(r.stored)),
            cell("c-modified", r.modified ? r.modified.slice(0, 16).replace("T", " ") : ""),
            cell("c-attrs", attributeLetters(r.attributes)),
            cell("c-sha1", r.sha1 ?? ""),
          ]
        : cell("c-name muted", "…"),
    );
    if (r) row.title = r.path;
    row.style.transform = `translateY(${i * LIST_ROW_HEIGHT}px)`;
    return row;
  }

  /** Makes row i active and shows it; report: tell the page (details). */
  private moveTo(i: number, report = true): void {
    const c = this.cache;
    if (!c || !c.total) return;
    this.active = Math.min(c.total - 1, Math.max(0, i));
    const body = this.grid.clientHeight - LIST_ROW_HEIGHT; // under the header
    this.grid.scrollTop = scrollToShow(this.active, this.grid.scrollTop, Math.max(LIST_ROW_HEIGHT, body), LIST_ROW_HEIGHT);
    this.render();
    if (!report) return;
    const gen = this.generation;
    const at = this.active;
    void c.ensure(at, at + 1).then(() => {
      const r = c.row(at);
      if (r && gen === this.generation && at === this.active) this.events.select(r);
    });
  }

  private click(e: MouseEvent, double = false): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>(".lrow[data-index]");
    if (!row) return;
    const i = Number(row.dataset.index);
    this.grid.focus();
    this.moveTo(i);
    const r = this.cache?.row(i);
    if (double && r) this.events.open(r);
  }

  private key(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || !this.cache) return;
    const page = Math.max(1, Math.floor(this.grid.clientHeight / LIST_ROW_HEIGHT) - 2);
    switch (e.key) {
      case "ArrowDown":
        this.moveTo(this.active + 1);
        break;
      case "ArrowUp":
        this.moveTo(this.active - 1);
        break;
      case "PageDown":
        this.moveTo(this.active + page);
        break;
      case "PageUp":
        this.moveTo(this.active - page);
        break;
      case "Home":
        this.moveTo(0);
        break;
      case "End":
        this.moveTo(this.cache.total - 1);
        break;
      case "Enter": {
        const r = this.cache.row(this.active);
        if (r) this.events.open(r);
        break;
      }
      case "Backspace": {
        const l = this.listed;
        if (l?.scope === "folder" && l.crumbs.length) this.events.folder(l.crumbs.at(-2)?.id ?? 0);
        else if (l?.scope !== "folder" && this.lastFolder) this.events.folder(this.lastFolder.crumbs.at(-1)?.id ?? 0);
        break;
      }
      default:
        if (e.key.length !== 1 || e.key === " ") return;
        void this.typeAheadTo(this.typeAhead.push(e.key, performance.now()));
    }
    e.preventDefault();
  }

  /** Type-ahead: the worker finds the next name starting with prefix. */
  private async typeAheadTo(prefix: string): Promise<void> {
    const gen = this.generation;
    const sort = this.sort;
    try {
      const r = await this.events.rows({ ...this.query(), sort: sort.key, desc: sort.desc, offset: this.active, limit: 1, prefix });
      if (gen === this.generation && r.found >= 0) this.moveTo(r.found);
    } catch (err) {
      this.events.error(err);
    }
  }

  /** Exports what is listed (a folder, with its subfolders when ticked)
   * in the order shown. */
  private async export(format: ExportFormat): Promise<void> {
    const l = this.listed;
    if (!l) return;
    const q = this.query();
    if (l.scope === "folder" && this.subfolders.checked) q.scope = "tree";
    const base = l.scope === "folder" ? (l.crumbs.at(-1)?.name ?? `image ${this.image()}`) : l.scope === "files" ? "files" : "search";
    const name = `${base}${q.scope === "tree" ? "-all" : ""}.${format}`;
    const sort = this.sort;
    try {
      const sink = await openSink(name, format === "csv" ? "text/csv" : "application/json", saveBlob);
      if (!sink) return;
      const n = await runTask(this.tasks, `Exporting ${name}`, (signal, progress) =>
        exportListing(
          format,
          (offset, limit) => {
            if (signal.aborted) throw new DOMException("cancelled", "AbortError");
            return this.events.rows({ ...q, sort: sort.key, desc: sort.desc, offset, limit });
          },
          sink,
          progress,
        ),
        (n) => formatCounted(n, "entry", "entries"),
      );
      this.element.dataset.exported = String(n);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === "AbortError")) this.events.error(err);
    }
  }
}
