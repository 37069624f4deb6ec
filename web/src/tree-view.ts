// The file tree: a WAI-ARIA tree (role tree/treeitem, aria-level,
// aria-expanded, arrow keys, Home/End, type-ahead) drawn as a window of
// fixed-height rows over TreeModel.rows, so 150k entries cost what a
// screenful does. Focus stays on the tree element; the active row is named
// by aria-activedescendant and is always drawn.
import { el, untrusted } from "./dom";
import { formatSize, itemCount } from "./format";
import { REFS_MEANING } from "./details-view";
import { ROOT, type TreeModel, type TreeNode, scrollToShow, typeahead, visibleRange } from "./tree-model";
import type { Entry } from "./protocol";

export const ROW_HEIGHT = 26;

export interface TreeEvents {
  /** Children of a folder, loaded on first expansion. */
  load(id: number): Promise<Entry[]>;
  /** The active row changed. */
  select(id: number): void;
  /** Enter or double click on a file. */
  activate(id: number): void;
}

/** What the tree's marks mean, under it: a person new to the page sees
 * dimmed names and a badge and nothing else says why. */
export function treeLegend(): HTMLElement {
  return el(
    "p",
    { class: "tree-legend" },
    el("span", {}, el("span", { class: "hidden-sample" }, "Dimmed"), ": hidden or system"),
    el("span", {}, el("span", { class: "badge warn" }, "!"), " something is wrong; see its details"),
    el("span", {}, el("span", { class: "icon legend-reparse", attrs: { "aria-hidden": "true" } }), " link or reparse point"),
    el("span", {}, `Refs, in the details: ${REFS_MEANING}`),
  );
}

/** What differs between the trees drawn: the file tree's defaults, or
 * a registry's keys (registry-view.ts). */
export interface TreeOptions {
  /** The tree's accessible name. */
  label?: string;
  /** Prefix of the rows' element ids, unique on the page. */
  idPrefix?: string;
  /** The tree element's class; "tree", the file tree's, by default. */
  className?: string;
  /** The text at a row's end, where a file's size is. */
  note?: (n: TreeNode) => string;
}

export class TreeView {
  readonly element: HTMLDivElement;
  /** The tree and its legend, as the left pane shows them. */
  readonly pane: HTMLElement;
  private spacer: HTMLDivElement;
  private model: TreeModel | null = null;
  private active = -1; // node id
  private typed = "";
  private typedAt = 0;
  private frame = 0;
  /** Why a file's data is missing, said where its size would be. */
  missingWhy = "its data is not in the file";

  private prefix: string;

  constructor(
    private events: TreeEvents,
    private opts: TreeOptions = {},
  ) {
    this.prefix = opts.idPrefix ?? "node";
    this.spacer = el("div", { class: "tree-spacer" });
    this.element = el(
      "div",
      {
        class: opts.className ?? "tree",
        tabIndex: 0,
        attrs: { role: "tree", "aria-label": opts.label ?? "Files in the image" },
        on: {
          scroll: () => this.schedule(),
          keydown: (e) => this.key(e),
          click: (e) => this.click(e),
          dblclick: (e) => this.click(e, true),
        },
      },
      this.spacer,
    );
    this.pane = el("div", { class: "tree-pane" }, this.element, treeLegend());
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setModel(model: TreeModel | null): void {
    this.model = model;
    this.active = model?.rows[0] ?? -1;
    this.element.scrollTop = 0;
    this.render();
  }

  get activeId(): number {
    return this.active;
  }

  /** Redraws after the model changed. */
  refresh(): void {
    this.render();
  }

  /** Makes a node the active row, scrolls to it and reports it. */
  select(id: number, focus = false): void {
    if (!this.model) return;
    const i = this.model.rows.indexOf(id);
    if (i < 0) return;
    this.active = id;
    this.element.scrollTop = scrollToShow(i, this.element.scrollTop, this.element.clientHeight, ROW_HEIGHT);
    this.render();
    if (focus) this.element.focus();
    this.events.select(id);
  }

  async toggle(id: number, open?: boolean): Promise<void> {
    const m = this.model;
    if (!m) return;
    const n = m.node(id);
    if (!n.dir) return;
    if (open === false || (open === undefined && n.expanded)) {
      m.collapse(id);
      this.render();
      return;
    }
    if (!m.expand(id)) {
      m.setChildren(id, await this.events.load(id));
      m.expand(id);
    }
    this.render();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()));
  }

  private render(): void {
    const m = this.model;
    const rows = m?.rows ?? [];
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const { start, end } = visibleRange(this.element.scrollTop, this.element.clientHeight || 600, ROW_HEIGHT, rows.length);
    const drawn: HTMLElement[] = [];
    for (let i = start; i < end; i++) drawn.push(this.row(m!, rows[i], i));
    this.spacer.replaceChildren(...drawn);
    if (this.active >= 0 && m?.has(this.active)) this.element.setAttribute("aria-activedescendant", `${this.prefix}-${this.active}`);
    else this.element.removeAttribute("aria-activedescendant");
  }

  private row(m: TreeModel, id: number, index: number): HTMLElement {
    const n = m.node(id);
    const { pos, size } = m.position(id);
    const attrs: Record<string, string | number | boolean> = {
      role: "treeitem",
      "aria-level": n.depth,
      "aria-setsize": size,
      "aria-posinset": pos,
      "aria-selected": id === this.active,
      "data-id": id,
    };
    if (n.dir) attrs["aria-expanded"] = n.expanded;
    const cls = ["tree-row", n.dir ? "dir" : "file", n.reparse && "reparse", n.hidden && "hidden", n.anomaly && "anomaly", id === this.active && "active"];
    const row = el(
      "div",
      { id: `${this.prefix}-${id}`, class: cls.filter(Boolean).join(" "), attrs },
      el("span", { class: "twisty", attrs: { "aria-hidden": "true" } }, n.dir ? (n.expanded ? "▾" : "▸") : ""),
      el("span", { class: "icon", attrs: { "aria-hidden": "true" } }),
      Object.assign(untrusted(n.name, "name"), { title: n.hidden ? "hidden or system" : "" }),
      n.anomaly ? el("span", { class: "badge warn", title: "something about this entry is wrong; see its details" }, "!") : null,
      this.opts.note
        ? el("span", { class: "size" }, this.opts.note(n))
        : el(
            "span",
            { class: n.missing ? "size warn-text" : "size", title: n.missing ? `Size unknown: ${this.missingWhy}` : "" },
            n.dir ? itemCount(n.children) : n.missing ? "size unknown" : formatSize(n.size),
          ),
    );
    row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    row.style.paddingLeft = `${(n.depth - 1) * 18 + 6}px`;
    return row;
  }

  private rowId(e: Event): number | undefined {
    const row = (e.target as HTMLElement).closest<HTMLElement>("[role=treeitem]");
    return row ? Number(row.dataset.id) : undefined;
  }

  private click(e: MouseEvent, double = false): void {
    const id = this.rowId(e);
    if (id === undefined || !this.model) return;
    this.select(id, true);
    const onTwisty = (e.target as HTMLElement).classList.contains("twisty");
    if (this.model.node(id).dir && (double || onTwisty)) void this.toggle(id);
    else if (double) this.events.activate(id);
  }

  private key(e: KeyboardEvent): void {
    const m = this.model;
    if (!m || m.rows.length === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const rows = m.rows;
    const i = Math.max(0, rows.indexOf(this.active));
    const n = m.node(rows[i]);
    const page = Math.max(1, Math.floor(this.element.clientHeight / ROW_HEIGHT) - 1);
    const go = (j: number) => this.select(rows[Math.min(rows.length - 1, Math.max(0, j))]);
    switch (e.key) {
      case "ArrowDown":
        go(i + 1);
        break;
      case "ArrowUp":
        go(i - 1);
        break;
      case "PageDown":
        go(i + page);
        break;
      case "PageUp":
        go(i - page);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(rows.length - 1);
        break;
      case "ArrowRight":
        if (n.dir && !n.expanded) void this.toggle(n.id, true);
        else if (n.dir && n.kids?.length) go(i + 1);
        break;
      case "ArrowLeft":
        if (n.dir && n.expanded) void this.toggle(n.id, false);
        else if (n.parent !== ROOT) this.select(n.parent);
        break;
      case "Enter":
        if (n.dir) void this.toggle(n.id);
        else this.events.activate(n.id);
        break;
      case "*":
        // Expands every folder beside the active one, as the pattern says.
        for (const sib of m.node(n.parent).kids ?? []) if (m.node(sib).dir) void this.toggle(sib, true);
        break;
      default:
        if (e.key.length !== 1 || e.key === " ") return;
        this.typeAhead(e.key, i);
    }
    e.preventDefault();
  }

  private typeAhead(ch: string, from: number): void {
    const now = performance.now();
    this.typed = now - this.typedAt > 600 ? ch : this.typed + ch;
    this.typedAt = now;
    const m = this.model!;
    const j = typeahead((k) => m.node(m.rows[k]).name, m.rows.length, from, this.typed);
    if (j >= 0) this.select(m.rows[j]);
  }
}
