// The Registry tab: a hive file of the image opened as a registry ("Open
// as registry" in its details). Its keys are the file tree's TreeModel
// and TreeView (a key is a folder when it claims subkeys), loaded a key at
// a time in pages; the selected key's values are a table beside it; a
// search over key and value names lists its hits, which stay while one
// is opened. Everything from the hive is hostile: text nodes only,
// invisible characters spelled out.
import { type Child, el, facts, table, untrusted } from "./dom";
import { formatCount, formatCounted, formatSize, formatTime } from "./format";
import type { Entry, RegHive, RegKey, RegSearch, RegValue } from "./protocol";
import { ROOT, TreeModel } from "./tree-model";
import { TreeView } from "./tree-view";
import type { WorkerClient } from "./worker-client";

/** Subkeys asked for in one regList; the worker caps it too. */
const PAGE = 5000;
/** Hits a search lists at most. */
const HITS = 500;

/** A number's or other data's text: "0x00000d6e (3438)", or the bytes
 * in hex pairs, cut ones said so with the whole size. */
export function dataText(v: RegValue): string {
  if (v.decimal !== undefined) return `${v.hex} (${v.decimal})`;
  if (!v.hex) return "(no data)";
  const pairs = v.hex.match(/../g) ?? [];
  return pairs.join(" ") + (v.cut ? ` … the first ${formatCount(pairs.length)} of ${formatCounted(v.size, "byte")}` : "");
}

/** A value's data: strings as they are (hostile text), a list's one a
 * line, the rest as dataText says. */
function valueData(v: RegValue): Child {
  if (v.error) return el("span", { class: "warn-text" }, "cannot be read: ", untrusted(v.error.message));
  if (v.text !== undefined) return untrusted(v.text, "reg-text");
  if (v.strings) return el("ol", { class: "reg-strings" }, ...v.strings.map((s) => el("li", {}, untrusted(s))));
  return el("code", { class: v.hex && v.decimal === undefined ? "reg-hex" : "" }, dataText(v));
}

function valuesTable(k: RegKey): HTMLElement {
  const rows = k.values.map((v) => [
    v.name ? untrusted(v.name) : el("span", { class: "muted" }, "(Default)"),
    v.type,
    valueData(v),
  ]);
  const t = table(["Name", "Type", "Data"], rows, "grid reg-values");
  // Rows name their value, so a search hit can mark its row.
  t.querySelectorAll("tbody tr").forEach((tr, i) => tr.setAttribute("data-value", k.values[i].name));
  return t;
}

export class RegistryView {
  readonly element: HTMLElement;
  private head = el("div", { class: "registry-head" });
  // Not type=search: the page's file search is the one search box.
  private query = el("input", {
    type: "text",
    class: "registry-query",
    placeholder: "Search key and value names",
    attrs: { "aria-label": "Search key and value names" },
  });
  private hits = el("div", { class: "registry-hits" });
  private values = el("div", { class: "registry-values", attrs: { "aria-live": "polite" } });
  // Holds the tree only while a hive is open: the page has one tree
  // until then.
  private treeBox = el("div", { class: "registry-tree" });
  private tree: TreeView;
  private hive: RegHive | null = null;
  private model: TreeModel | null = null;
  private token = 0; // the key whose values are asked for last
  private searchTimer = 0;
  private searchAbort: AbortController | null = null;

  constructor(
    private client: WorkerClient,
    private onError: (err: unknown) => void,
  ) {
    this.tree = new TreeView(
      {
        load: (id) => this.load(id),
        select: (id) => void this.showKey(id),
        activate: () => {},
      },
      {
        label: "Registry keys",
        idPrefix: "regkey",
        className: "key-tree",
        note: (n) => (n.dir ? formatCounted(n.children, "subkey") : ""),
      },
    );
    this.query.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => void this.search(), 250);
    });
    this.element = el(
      "div",
      { class: "registry", attrs: { "data-state": "empty" } },
      this.head,
      el("div", { class: "registry-search" }, this.query, this.hits),
      el("div", { class: "registry-body" }, this.treeBox, this.values),
    );
    this.reset();
  }

  private set state(s: "empty" | "opening" | "ready" | "failed") {
    this.element.dataset.state = s;
  }

  /** Forgets the hive: a new file or image is shown. */
  reset(): void {
    this.hive = null;
    this.model = null;
    this.tree.setModel(null);
    this.treeBox.replaceChildren();
    this.treeBox.hidden = true;
    this.query.value = "";
    this.query.disabled = true;
    this.hits.replaceChildren();
    this.values.replaceChildren();
    this.head.replaceChildren(
      el("p", { class: "muted" }, "Select a registry hive (Windows\\System32\\config\\SOFTWARE, SYSTEM, …, or an NTUSER.DAT) and choose Open as registry in its details."),
    );
    this.state = "empty";
  }

  /** Opens an image's file (a node of its tree) as a hive. */
  async open(image: number, node: number): Promise<void> {
    this.reset();
    this.state = "opening";
    this.head.replaceChildren(el("p", { class: "muted" }, "Opening the hive…"));
    try {
      const h = await this.client.call({ op: "regOpen", image, node });
      this.hive = h;
      const model = new TreeModel(h.root);
      model.setChildren(ROOT, await this.load(ROOT));
      this.model = model;
      this.treeBox.replaceChildren(this.tree.element);
      this.treeBox.hidden = false;
      this.tree.setModel(model);
      this.head.replaceChildren(
        el("h2", {}, untrusted(h.name)),
        facts([
          ["File", el("code", {}, untrusted(h.file))],
          ["Size", formatSize(h.size)],
          ["Last written", formatTime(h.lastWritten).utc],
        ]),
        ...h.warnings.map((w) => el("p", { class: "warn-text" }, untrusted(w.message))),
      );
      this.query.disabled = false;
      this.state = "ready";
      void this.showKey(ROOT);
    } catch (err) {
      this.state = "failed";
      this.head.replaceChildren(el("p", { class: "warn-text" }, "This file cannot be read as a registry hive."));
      this.onError(err);
    }
  }

  /** A key's subkeys, page by page. */
  private async load(id: number): Promise<Entry[]> {
    const hive = this.hive!.id;
    const out: Entry[] = [];
    for (;;) {
      const l = await this.client.call({ op: "regList", hive, node: id, offset: out.length, limit: PAGE });
      out.push(...l.entries);
      if (l.error && out.length >= l.total) this.onError(new Error(l.error.message));
      if (l.entries.length === 0 || out.length >= l.total) return out;
    }
  }

  /** The values of a key, beside the tree. */
  private async showKey(id: number, value?: string): Promise<void> {
    if (!this.hive) return;
    const token = ++this.token;
    try {
      const k = await this.client.call({ op: "regKey", hive: this.hive.id, node: id });
      if (token !== this.token) return;
      const t = valuesTable(k);
      this.values.replaceChildren(
        el("h3", { class: "reg-path" }, untrusted(k.path)),
        facts([
          ["Last written", formatTime(k.lastWritten).utc],
          ["Class", k.class ? untrusted(k.class) : ""],
        ]),
        k.error ? el("p", { class: "warn-text" }, untrusted(k.error.message)) : "",
        k.values.length ? t : el("p", { class: "muted" }, "No values."),
      );
      if (value !== undefined) {
        const row = [...t.querySelectorAll<HTMLElement>("tbody tr")].find((r) => r.dataset.value === value);
        row?.classList.add("reg-hit");
        row?.scrollIntoView({ block: "nearest" });
      }
    } catch (err) {
      if (token === this.token) this.onError(err);
    }
  }

  private async search(): Promise<void> {
    this.searchAbort?.abort();
    const query = this.query.value.trim();
    if (!this.hive || !query) {
      this.hits.replaceChildren();
      return;
    }
    const abort = (this.searchAbort = new AbortController());
    this.hits.replaceChildren(el("p", { class: "muted" }, "Searching…"));
    let r: RegSearch;
    try {
      r = await this.client.call({ op: "regSearch", hive: this.hive.id, query, limit: HITS }, { signal: abort.signal });
    } catch (err) {
      if (!abort.signal.aborted) this.onError(err);
      return;
    }
    const items = r.hits.map((h) =>
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", class: "link", on: { click: () => void this.reveal(h.path, h.isValue ? h.value : undefined) } },
          untrusted(h.path || "(root)"),
          h.isValue ? [" › ", untrusted(h.value || "(Default)", "reg-hit-value")] : null,
        ),
      ),
    );
    this.hits.replaceChildren(
      el(
        "p",
        { class: "muted" },
        `${formatCounted(r.hits.length, "match", "matches")}${r.more ? ` (the first ${formatCount(HITS)})` : ""} among ${formatCounted(r.keys, "key")}`,
      ),
      r.error ? el("p", { class: "warn-text" }, "Some keys could not be searched: ", untrusted(r.error.message)) : "",
      items.length ? el("ul", { class: "registry-hit-list" }, ...items) : "",
    );
  }

  /** Opens the keys down to a path (names from the root, `\`-separated)
   * and selects it, marking a value when one is named. */
  private async reveal(path: string, value?: string): Promise<void> {
    const m = this.model;
    if (!m) return;
    let id = ROOT;
    for (const name of path ? path.split("\\") : []) {
      await this.tree.toggle(id, true);
      if (id === ROOT && !m.loaded(ROOT)) return;
      const kids = m.node(id).kids ?? [];
      const next = kids.find((k) => m.node(k).name === name) ?? kids.find((k) => m.node(k).name.toLowerCase() === name.toLowerCase());
      if (next === undefined) return;
      id = next;
    }
    if (id === ROOT) {
      void this.showKey(ROOT, value);
      return;
    }
    this.tree.select(id, true);
    void this.showKey(id, value);
  }
}
