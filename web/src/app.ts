// The inspector page: opening files, the tree, the panes, and the status
// bar, wired to the worker client. Views draw; this decides what to ask
// the worker and what to show next.
import { anomaliesView, headerView, imageView, rawXmlView } from "./archive-view";
import { CopyStatus, contentSha1, copyButtons, openCopyMenu, windowsPath } from "./copy-actions";
import { detailsView } from "./details-view";
import { DiffView } from "./diff-view";
import { el, untrusted } from "./dom";
import { describeError, missingPartsMessage } from "./errors";
import { formatCounted, formatPercent, formatSize } from "./format";
import { type Level, levelTabs } from "./level-tabs";
import { type Crumb, ListingView } from "./listing-view";
import { PreviewView } from "./preview-view";
import { RegistryView } from "./registry-view";
import type { Details, ErrorInfo, Opened, PE, ReadStats } from "./protocol";
import { type Change, type Inner, type Route, Router, sameInner } from "./route";
import { SearchFilters } from "./search-filters";
import { SearchPane } from "./search-pane";
import { isWim } from "./sniff";
import { SpaceView } from "./space-view";
import { Tabs } from "./tabs";
import { download, runTask, saveBlob } from "./tasks";
import { ROOT, TreeModel } from "./tree-model";
import { TreeView } from "./tree-view";
import { VerifyView } from "./verify-view";
import { WindowsView } from "./windows-view";
import { type WorkerClient, WorkerError } from "./worker-client";

/** Where the sample WIM is served, beside index.html. */
const SAMPLE_URL = "sample.wim";

/** A WIM header is 208 bytes: a shorter file is not offered as one. */
const WIM_HEADER_BYTES = 208;

export class App {
  private image = 1;
  private model: TreeModel | null = null;
  private details: Details | null = null;
  private searchAbort: AbortController | null = null;
  private searchTimer = 0;
  private statToken = 0;
  private fileNames: string[] = [];
  private files: File[] = [];
  private opening = false; // the engine is opening files
  private levels: Level[] = [];
  private level = 0;
  private levelTabs = el("div", { class: "level-tabs", attrs: { role: "tablist", "aria-label": "Open archives" }, hidden: true });
  /** The error of the engine's last death, which onLost has shown. */
  private lostErr: unknown = null;
  // Adds parts to what is open: a split WIM's missing ones.
  private addInput = el("input", { type: "file", multiple: true, accept: ".swm,.wim,.esd", class: "visually-hidden", id: "add-parts-input" });

  private banners = el("div", { class: "banners", attrs: { "aria-live": "polite" } });
  private fileInput = el("input", { type: "file", multiple: true, accept: ".wim,.esd,.swm", class: "visually-hidden", id: "file-input" });
  private imageSelect = el("select", { attrs: { "aria-label": "Image" }, hidden: true });
  private search = el("input", {
    type: "search",
    placeholder: "Search names: notepad, *.dll, Windows/**/*.exe",
    disabled: true,
    attrs: { "aria-label": "Search file names" },
  });
  // Fuzzy ranks names by closeness (typos, half-remembered names).
  private fuzzy = el("input", { type: "checkbox", attrs: { "aria-label": "Fuzzy search" } });
  private tree: TreeView;
  private listing: ListingView;
  private left = el("div", { class: "left" });
  private detailsPanel = el("div", { class: "panel" });
  private archivePanel = el("div", { class: "panel" });
  private preview: PreviewView;
  private verify: VerifyView;
  private windows: WindowsView;
  private space: SpaceView;
  private registry: RegistryView;
  private compare: DiffView;
  private tabs: Tabs;
  private welcome: HTMLElement;
  private workspace: HTMLElement;
  private readStats = el("span", { class: "read-stats" });
  private tasks = el("div", { class: "tasks" });
  // Deep links (route.ts): the place in the fragment, and the link the
  // page was opened with until a file is picked.
  private router: Router;
  /** The GUID of the file picked (level 0), the image count of the
   * archive shown, and where each WIM opened inside it lies: inners[k] in
   * level k opened level k + 1. */
  private guid = "";
  private imageCount = 0;
  private inners: Inner[] = [];
  private linked: Route;
  /** Above 0 while the page follows a link or history: what it selects
   * then is not a new place of the user's. */
  private following = 0;
  private copyStatus = new CopyStatus();
  private filters = new SearchFilters();
  private results: SearchPane;

  constructor(
    private root: HTMLElement,
    private client: WorkerClient,
  ) {
    this.tree = new TreeView({
      load: async (id) => (await this.client.call({ op: "list", image: this.image, node: id })).entries,
      select: (id) => {
        // Choosing a file in the tree is asking about it.
        if (["archive", "space", "windows", "registry", "verify", "compare"].includes(this.tabs.current)) this.quietly(() => this.tabs.select("details"));
        void this.select(id, "move");
        this.syncListing(id);
      },
      activate: () => this.tabs.select("preview"),
    });
    this.listing = new ListingView(() => this.image, this.tasks, {
      rows: (q) => this.client.call({ op: "rows", image: this.image, ...q }),
      select: (row) => {
        if (["archive", "windows", "verify", "compare"].includes(this.tabs.current)) this.quietly(() => this.tabs.select("details"));
        void this.select(row.id, "move");
      },
      open: (row) => {
        if (row.dir) this.openFolder(row.id);
        else this.quietly(() => this.tabs.select("details")), void this.select(row.id, "push");
      },
      folder: (id) => this.openFolder(id),
      error: (err) => this.error(err),
    });
    this.preview = new PreviewView(client, (err) => this.error(err));
    this.verify = new VerifyView(client, (err) => this.error(err));
    this.windows = new WindowsView(client, (err) => this.error(err));
    this.space = new SpaceView(client, (err) => this.error(err));
    this.registry = new RegistryView(client, (err) => this.error(err));
    this.compare = new DiffView(client, { image: () => this.image, error: (err) => this.error(err), tasks: this.tasks });
    this.tabs = new Tabs([
      { id: "details", label: "Details", panel: this.detailsPanel },
      { id: "preview", label: "Preview", panel: el("div", { class: "panel" }, this.preview.element) },
      { id: "archive", label: "Archive", panel: this.archivePanel },
      { id: "space", label: "Space", panel: el("div", { class: "panel" }, this.space.element) },
      { id: "windows", label: "Windows", panel: el("div", { class: "panel" }, this.windows.element) },
      { id: "registry", label: "Registry", panel: el("div", { class: "panel" }, this.registry.element) },
      { id: "verify", label: "Verify", panel: el("div", { class: "panel" }, this.verify.element) },
      { id: "compare", label: "Compare", panel: el("div", { class: "panel" }, this.compare.element) },
    ]);
    this.tabs.onChange = (id) => {
      this.record("push");
      if (id === "preview" && this.details) void this.preview.show(this.image, this.details);
      if (id === "compare") this.compare.show();
      if (id === "windows" && this.model) void this.windows.show(this.image);
      if (id === "space" && this.model) void this.space.show(this.image);
    };
    this.router = new Router((r) => void this.follow(r));
    this.linked = this.router.current();
    this.results = new SearchPane(this.left, this.tree.pane, {
      open: (h) => {
        if (!["details", "preview"].includes(this.tabs.current)) this.quietly(() => this.tabs.select("details"));
        void this.select(h.id, "push");
      },
      reveal: (h) => this.reveal(h.id, h.ancestors),
    });
    this.filters.onChange = () => this.queueSearch();
    this.treeCopying();
    // Escape in the details of a search hit goes back to the list.
    this.detailsPanel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.results.active) this.results.restore();
    });
    this.welcome = this.welcomeView();
    this.workspace = el("div", { class: "workspace", hidden: true }, this.left, el("div", { class: "right" }, this.listing.element, this.tabs.list, this.tabs.panels));
    client.onStats = (s) => this.showStats(s);
    client.onLost = (err) => this.lost(err);
    this.addInput.addEventListener("change", () => {
      const more = [...(this.addInput.files ?? [])].filter((f) => !this.files.some((g) => g.name === f.name && g.size === f.size));
      this.addInput.value = "";
      if (more.length) void this.open([...this.files, ...more]);
    });
    this.fileInput.addEventListener("change", () => {
      const files = [...(this.fileInput.files ?? [])];
      this.fileInput.value = "";
      if (files.length) void this.open(files);
    });
    this.imageSelect.addEventListener("change", () => {
      this.setState("opening");
      void this.loadImage(Number(this.imageSelect.value)).then(() => this.record("push"));
    });
    this.search.addEventListener("input", () => this.queueSearch());
    this.fuzzy.addEventListener("change", () => this.queueSearch());
    this.search.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        this.search.value = "";
        this.queueSearch();
      }
    });
    this.dropTarget();
    root.replaceChildren(
      el(
        "header",
        { class: "topbar" },
        el("h1", { class: "logo" }, el("span", { class: "logo-text" }, "wimlens")),
        el("label", { class: "button primary", htmlFor: "file-input" }, "Open files…"),
        this.fileInput,
        this.addInput,
        el("button", { type: "button", on: { click: () => void this.openSample() } }, "Open sample"),
        this.imageSelect,
        this.search,
        el("label", { class: "fuzzy" }, this.fuzzy, "Fuzzy"),
        this.filters.toggle,
      ),
      this.filters.element,
      this.banners,
      this.levelTabs,
      el("main", { class: "main" }, this.welcome, this.workspace),
      el("footer", { class: "statusbar" }, this.readStats, this.copyStatus.element, this.tasks),
    );
  }

  private welcomeView(): HTMLElement {
    return el(
      "div",
      { class: "welcome" },
      el("h2", {}, "Look inside Windows image files"),
      el("p", {}, "Open a .wim, .esd or .swm file — or all the parts of a split WIM at once — by dropping it anywhere on this page or with Open files…"),
      el("p", { class: "muted" }, "Your files never leave this computer: they are read in place by code running in this page, and nothing is uploaded."),
      this.linked.path || this.linked.image
        ? el(
            "p",
            { class: "link-note" },
            "This link leads to ",
            this.linked.path ? el("code", {}, untrusted(this.linked.path)) : "an image",
            this.linked.image ? ` in image ${this.linked.image}` : "",
            ": open the file it was made from to go there.",
          )
        : null,
    );
  }

  /** Opens files by drag and drop anywhere on the page. */
  private dropTarget(): void {
    const overlay = el("div", { class: "drop-overlay", hidden: true }, el("p", {}, "Drop WIM, ESD or SWM files to open them"));
    document.body.append(overlay);
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") ?? false;
    document.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener("dragleave", () => {
      if (--depth <= 0) (depth = 0), (overlay.hidden = true);
    });
    document.addEventListener("dragover", (e) => {
      if (hasFiles(e)) e.preventDefault();
    });
    document.addEventListener("drop", (e) => {
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void this.open(files);
    });
  }

  private async openSample(): Promise<void> {
    // Opening starts with the fetch, so a page that waits for "ready" does
    // not take the previous file's state for the sample's.
    this.setState("opening");
    try {
      const res = await fetch(SAMPLE_URL);
      if (!res.ok) throw new Error(`the sample is not available (${res.status})`);
      await this.open([new File([await res.blob()], "sample.wim")]);
    } catch (err) {
      this.setState("failed");
      this.error(err);
    }
  }

  /** data-state on the page root says where opening stands, for tests
   * and the benchmark: opening, ready (a tree is drawn), or failed. */
  private setState(state: "opening" | "ready" | "failed"): void {
    this.root.dataset.state = state;
  }

  async open(files: File[]): Promise<void> {
    performance.mark("wimlens-open");
    this.setState("opening");
    this.fileNames = files.map((f) => f.name);
    this.files = files;
    this.banners.replaceChildren();
    this.levels = [];
    this.drawLevels();
    this.guid = "";
    this.resetViews(files);
    this.welcome.hidden = true;
    this.workspace.hidden = false;
    let opened: Opened;
    this.opening = true;
    try {
      opened = await this.client.open(files);
      performance.mark("wimlens-opened");
    } catch (err) {
      const kind = err instanceof WorkerError ? err.info.kind : "error";
      // Two WIMs picked together: open the first and compare the other.
      this.error(
        err,
        kind === "different-wims" && files.length === 2
          ? [el("button", { type: "button", class: "small", on: { click: () => void this.compareFiles(files[0], files[1]) } }, `Open ${files[0].name} and compare`)]
          : [],
      );
      const partial = err instanceof WorkerError ? (err.partial as Opened | undefined) : undefined;
      this.detailsPanel.replaceChildren(el("p", { class: "muted" }, "Nothing to browse."));
      this.left.replaceChildren(el("p", { class: "muted empty-pane" }, "No file tree: the file could not be opened."));
      this.archivePanel.replaceChildren(
        partial?.archive.guid
          ? headerView(partial.archive, this.fileNames, partial.stats.size)
          : el("p", { class: "muted" }, kind === "engine" ? "The engine stopped while reading the file: nothing of it can be shown." : "Not even a header could be read."),
      );
      this.tabs.select("archive");
      this.setState("failed");
      return;
    } finally {
      this.opening = false;
    }
    this.levels = [{ names: this.fileNames, tab: this.fileNames.join(", "), size: opened.stats.size, image: 0 }];
    this.level = 0;
    // The link the page was opened with, or the place in the fragment
    // when the same file is picked again.
    const a = opened.archive;
    const fromLoad = this.linked.path || this.linked.image ? this.linked : null;
    const linked = fromLoad ?? this.router.current();
    this.linked = {};
    this.guid = a.guid;
    this.inners = [];
    const follow = linked.wim === a.guid || (!linked.wim && !!(linked.path || linked.image));
    if (linked.wim && !follow && fromLoad)
      this.banner("warn", "The link is for another file", "This file is not the one the link was made from (their GUIDs differ): it opens at its start.", "link");
    this.following++;
    try {
      const image = linked.inner?.length ? linked.inner[0].image : linked.image;
      await this.showArchive(opened, follow && image && image <= a.imageCount ? image : 0);
    } finally {
      this.following--;
    }
    if (follow) await this.follow(linked);
    else this.record("replace");
  }

  /** Shows an opened archive, the current level: its header, and image
   * (else its boot image). */
  private async showArchive(opened: Opened, image = 0): Promise<void> {
    const lv = this.levels[this.level];
    const a = opened.archive;
    this.imageCount = a.imageCount;
    for (const w of a.warnings ?? []) this.banner("warn", "Warning", w);
    const missing = a.missingParts ?? [];
    if (missing.length)
      this.banner("warn", describeError({ kind: "missing-part", message: "" }).title, missingPartsMessage(a.totalParts, missing), "missing-part", [this.addPartsButton(missing)]);
    this.tree.missingWhy = missing.length ? "its data is in a part that isn't open" : "its data is not in the file";
    this.imageSelect.replaceChildren(
      ...a.images.map((im) => el("option", { value: String(im.index) }, `Image ${im.index}: ${im.name || "(unnamed)"}`)),
    );
    this.imageSelect.hidden = a.imageCount < 2;
    this.compare.reset(a.images);
    this.archivePanel.replaceChildren(
      headerView(a, lv.names, lv.size),
      ...a.images.map((im) => imageView(im, im.index === a.bootIndex, a.imageCount ? () => void this.zip(im.index, 0, `image ${im.index}`) : undefined)),
      opened.xml ? rawXmlView(opened.xml) : "",
    );
    if (a.imageCount === 0) {
      this.detailsPanel.replaceChildren(el("p", { class: "muted" }, "No image to browse."));
      if (missing.includes(1))
        this.left.replaceChildren(
          el("div", { class: "muted empty-pane" }, el("p", {}, "Part 1 of this split WIM holds the file tree, and it isn't open."), this.addPartsButton([1])),
        );
      this.tabs.select("archive");
      this.setState("failed");
      return;
    }
    await this.loadImage(image >= 1 && image <= a.imageCount ? image : a.bootIndex >= 1 && a.bootIndex <= a.imageCount ? a.bootIndex : 1);
  }

  /** Whether a file's data is a WIM, read from its first bytes. */
  private wimOf(d: Details): Promise<boolean> | undefined {
    const data = d.streams.find((s) => s.type === "data" && !s.name);
    if (d.dir || !data || data.missing || data.size < WIM_HEADER_BYTES) return undefined;
    return this.client.read(this.image, d.id, 0, 8).then(({ data }) => isWim(data));
  }

  /** Opens a file of the current level as a WIM, in a tab of its own after
   * it (replacing those that were opened from it). */
  private async openInner(d: Details): Promise<void> {
    const outer = this.levels[this.level];
    outer.image = this.image;
    try {
      const opened = await this.client.call({ op: "openInner", image: this.image, node: d.id });
      const label = `${outer.names.join(", ")} › image ${this.image} › ${d.path}`;
      this.levels = [...this.levels.slice(0, this.level + 1), { names: [label], tab: `${outer.tab} › ${d.name}`, size: d.size, image: 0 }];
      this.inners = [...this.inners.slice(0, this.level), { image: this.image, path: d.path }];
      this.following++;
      try {
        await this.enterLevel(this.levels.length - 1, opened);
      } finally {
        this.following--;
      }
      this.record("push");
    } catch (err) {
      this.error(err);
    }
  }

  /** Goes back to level n, or closes it (and those opened from it) and
   * goes back to the one it was opened from. */
  private async showLevel(n: number, close = false): Promise<void> {
    this.levels[this.level].image = this.image;
    try {
      const opened = await this.client.call(close ? { op: "closeLevel", level: n } : { op: "showLevel", level: n });
      if (close) this.levels = this.levels.slice(0, n--);
      this.inners = this.inners.slice(0, this.levels.length - 1);
      this.following++;
      try {
        await this.enterLevel(n, opened);
      } finally {
        this.following--;
      }
      this.record("push");
    } catch (err) {
      this.error(err);
    }
  }

  /** Empties the views for another archive; files are those the verify
   * engines open (none for a WIM inside an image: it verifies alone). */
  private resetViews(files: File[]): void {
    this.clearSearch();
    this.search.disabled = true;
    this.filters.enabled = false;
    this.imageSelect.hidden = true;
    this.model = null;
    this.details = null;
    this.tree.setModel(null);
    this.listing.clear();
    this.detailsPanel.replaceChildren(el("p", { class: "muted" }, "Opening…"));
    this.archivePanel.replaceChildren();
    this.preview.clear();
    this.verify.reset(files);
    this.windows.reset();
    this.space.reset();
    this.registry.reset();
  }

  private async enterLevel(n: number, opened: Opened): Promise<void> {
    this.level = n;
    this.drawLevels();
    this.resetViews(n === 0 ? this.files : []);
    await this.showArchive(opened, this.levels[n].image);
  }

  private drawLevels(): void {
    levelTabs(this.levelTabs, this.levels, this.level, (i, close) => void this.showLevel(i, close));
  }
  private async loadImage(i: number): Promise<void> {
    this.image = i;
    this.windows.reset();
    this.space.reset();
    this.registry.reset();
    this.clearSearch();
    this.imageSelect.value = String(i);
    this.details = null;
    this.preview.clear();
    // A tab picked while the image loads is what the person wants to see.
    const tab = this.tabs.current;
    let model: TreeModel | null = null;
    try {
      let sum = await this.client.call({ op: "image", image: i });
      performance.mark("wimlens-image");
      model = new TreeModel(sum.root);
      model.setChildren(ROOT, (await this.client.call({ op: "list", image: i, node: ROOT })).entries);
      this.model = model;
      this.tree.setModel(model);
      this.listing.clear();
      performance.mark("wimlens-tree");
      if (sum.pending) {
        // The first rows came from the image's top alone: the whole
        // image's parse (checksum, counts, anomalies) stands over them.
        sum = await this.client.call({ op: "settled", image: i });
        if (this.model !== model || this.image !== i) return; // another file or image was picked
        model.update(ROOT, (await this.client.call({ op: "list", image: i, node: ROOT })).entries);
        this.tree.refresh();
      }
      this.setState("ready");
      this.search.disabled = false;
      this.filters.enabled = true;
      this.listing.showFolder(ROOT, []);
      this.archivePanel.querySelector(".image-anomalies")?.remove();
      const anomalies = anomaliesView(sum);
      if (anomalies) this.archivePanel.prepend(el("div", { class: "image-anomalies" }, anomalies));
      this.detailsPanel.replaceChildren(
        el("p", { class: "muted" }, `Image ${i}: ${formatCounted(sum.dirs, "folder")} and ${formatCounted(sum.files, "file")}. Select one to see its details.`),
      );
      if (this.tabs.current === tab && tab !== "archive") this.quietly(() => this.tabs.select("details"));
      if (model.rows.length) await this.select(model.rows[0], "replace");
    } catch (err) {
      if (model && this.model !== model) return; // another file or image is shown
      this.error(err);
      this.model = null;
      this.tree.setModel(null);
      // An engine's death has said so there already.
      if (err !== this.lostErr) this.left.replaceChildren(el("p", { class: "muted empty-pane" }, `No file tree: image ${i} could not be read.`));
      this.detailsPanel.replaceChildren(el("p", { class: "muted" }, "This image cannot be browsed."));
      this.tabs.select("archive");
      this.setState("failed");
    }
  }

  private async select(id: number, change: Change): Promise<void> {
    const token = ++this.statToken;
    const record = this.following === 0;
    try {
      const d = await this.client.call({ op: "stat", image: this.image, node: id });
      if (token !== this.statToken) return;
      this.details = d;
      if (record) this.record(change);
      this.detailsPanel.replaceChildren(
        detailsView(d, {
          download: (stream) => void this.download(d, stream),
          zip: () => void this.zip(this.image, d.id, d.name),
          preview: () => this.tabs.select("preview"),
          reveal: (target) => void this.revealId(target),
          missingWhy: this.tree.missingWhy,
          pe: this.peOf(d),
          wim: this.wimOf(d),
          openWim: () => void this.openInner(d),
          more: [copyButtons(this.copyable(d), this.copyStatus)],
          hive: this.isHive(d),
          openRegistry: () => {
            this.tabs.select("registry");
            void this.registry.open(this.image, d.id);
          },
          allLinks: () =>
            this.client.call({ op: "links", image: this.image, node: id }).catch((err) => {
              this.error(err);
              throw err;
            }),
        }),
      );
      if (this.tabs.current === "preview") void this.preview.show(this.image, d);
    } catch (err) {
      if (token === this.statToken) this.error(err);
    }
  }

  /** What a file's data says as a PE file, for its details: asked only of
   * a file whose data is there and could hold PE headers. */
  private peOf(d: Details): Promise<PE | null> | undefined {
    const data = d.streams.find((s) => s.type === "data" && !s.name);
    if (d.dir || !data || data.missing || data.size < 64) return undefined;
    return this.client.call({ op: "pe", image: this.image, node: d.id }).catch((err) => {
      this.error(err);
      throw err;
    });
  }

  /** Whether a file's data starts with a registry hive's signature,
   * "regf" (the data is sniffed, not the name): only a file long enough
   * for a hive's base block and first bin is asked. */
  private isHive(d: Details): Promise<boolean> | undefined {
    const data = d.streams.find((s) => s.type === "data" && !s.name);
    if (d.dir || !data || data.missing || data.size < 4096 + 32) return undefined;
    return this.client.read(this.image, d.id, 0, 4).then(
      ({ data }) => String.fromCharCode(...data) === "regf",
      () => false,
    );
  }

  /** Opens the folders down to a node and selects it; focus: move the
   * keyboard to the tree (not when the listing asked). */
  private async reveal(id: number, ancestors: number[], focus = true): Promise<void> {
    if (!this.model) return;
    if (!this.left.contains(this.tree.pane)) this.left.replaceChildren(this.tree.pane);
    for (const a of ancestors) await this.tree.toggle(a, true);
    this.tree.select(id, focus);
  }

  private async revealId(id: number, focus = true): Promise<void> {
    const d = await this.client.call({ op: "stat", image: this.image, node: id });
    await this.reveal(id, d.ancestors, focus);
  }

  /** The listing follows the tree: a folder's contents, or a file's
   * folder with the file active. */
  private syncListing(id: number): void {
    const m = this.model;
    if (!m?.has(id)) return;
    const n = m.node(id);
    const dir = n.dir ? id : n.parent;
    const crumbs: Crumb[] = [];
    for (let x = dir; x !== ROOT && m.has(x); x = m.node(x).parent) crumbs.unshift({ id: x, name: m.node(x).name });
    this.listing.showFolder(dir, crumbs, n.dir ? undefined : id);
  }

  /** Into a folder from the listing: the tree reveals it, the listing
   * follows, and the keyboard stays in the listing. */
  private openFolder(id: number): void {
    if (id === ROOT) {
      this.listing.showFolder(ROOT, []);
      void this.select(ROOT, "push");
      return;
    }
    this.revealId(id, false)
      .then(() => this.tree.toggle(id, true))
      .catch((err) => this.error(err));
  }

  private clearSearch(): void {
    // A search typed for the file or image before must not run later,
    // over what the pane shows then.
    clearTimeout(this.searchTimer);
    this.searchAbort?.abort();
    this.search.value = "";
    this.results.clear();
  }

  private queueSearch(): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => void this.runSearch(), 200);
  }

  private async runSearch(): Promise<void> {
    this.searchAbort?.abort();
    const query = this.search.value.trim();
    const filter = this.filters.filter;
    if (this.filters.invalid) return; // the panel says what is wrong
    if (!query && !filter) {
      // With no results shown, the pane holds the tree, or says why
      // there is none (a missing part 1): left as it is.
      if (this.results.active) this.results.clear();
      this.listing.endSearch();
      return;
    }
    const call = { op: "search", image: this.image, query, fuzzy: this.fuzzy.checked, filter, limit: 1000 } as const;
    const key = JSON.stringify(call);
    // The same search again (a filter undone and redone, the same text
    // typed): its list comes back as it was, not asked for anew.
    if (this.results.shows(key)) return this.results.restore(false);
    const abort = (this.searchAbort = new AbortController());
    try {
      const r = await this.client.call(call, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.results.show(r, key);
      this.listing.showSearch(query, this.fuzzy.checked, filter);
    } catch (err) {
      if (!(err instanceof WorkerError && err.info.kind === "cancelled")) this.error(err);
    }
  }

  private async download(d: Details, stream: string): Promise<void> {
    const name = stream ? `${d.name}_${stream}` : d.name;
    const size = stream ? d.streams.find((s) => s.name === stream)?.size : d.size;
    try {
      await download(this.tasks, this.client, name, { image: this.image, node: d.id, stream, size });
    } catch (err) {
      this.error(err);
    }
  }

  /** Zips folder node of image (node 0: the whole image) and saves it. */
  private async zip(image: number, node: number, name: string): Promise<void> {
    try {
      const { result, blob } = await runTask(this.tasks, `Zipping ${name || "the image"}`, (signal, onProgress) =>
        this.client.zip(image, node, { signal, onProgress }),
      );
      saveBlob(blob, `${result.name}.zip`);
      const left = [...result.refused, ...result.failed];
      if (left.length)
        this.banner("warn", `Left out of the zip: ${formatCounted(left.length, "entry", "entries")}`, left.slice(0, 5).map((p) => `${p.path}: ${p.error}`).join("\n"));
      // Links and named streams a zip cannot hold: counted, then the first few.
      if (result.notes.length)
        this.banner("warn", "Written differently in the zip", [result.noteSummary.join("; "), ...result.notes.slice(0, 5)].join("\n"), "zip-notes");
    } catch (err) {
      this.error(err);
    }
  }

  private showStats(s: ReadStats): void {
    this.readStats.textContent = `Read ${formatSize(s.bytesRead)} of ${formatSize(s.size)} (${formatPercent(s.bytesRead, s.size)}) in ${formatCounted(s.reads, "read")}`;
    this.readStats.dataset.bytesRead = String(s.bytesRead);
    this.readStats.dataset.size = String(s.size);
  }

  /** Shows an error in a banner, with buttons that act on it;
   * cancellations are not errors, and an engine's death shows once. */
  error(err: unknown, actions: HTMLElement[] = []): void {
    if (err !== this.lostErr) this.showError(err, actions);
  }

  private showError(err: unknown, actions: HTMLElement[]): void {
    const info: ErrorInfo = err instanceof WorkerError ? err.info : { kind: "error", message: String(err) };
    if (info.kind === "cancelled") return;
    const { title, hint } = describeError(info);
    this.banner("error", title, [info.message, hint].filter(Boolean).join("\n"), info.kind, actions);
  }

  private banner(level: "error" | "warn", title: string, message: string, kind = "", actions: HTMLElement[] = []): void {
    const b = el(
      "div",
      { class: `banner ${level}`, attrs: { role: level === "error" ? "alert" : "status", "data-kind": kind } },
      el("strong", {}, title),
      el("span", { class: "banner-text" }, untrusted(message, "", true)),
      actions.length ? el("span", { class: "banner-actions" }, ...actions) : null,
      el("button", { type: "button", class: "close", attrs: { "aria-label": "Dismiss" }, on: { click: () => b.remove() } }, "×"),
    );
    this.banners.append(b);
  }

  /** A button that asks for the missing parts and opens them with the
   * parts that are open. */
  private addPartsButton(missing: number[]): HTMLElement {
    const label = missing.length === 1 ? `Add part ${missing[0]}…` : "Add the missing parts…";
    return el("button", { type: "button", class: "small", on: { click: () => this.addInput.click() } }, label);
  }

  /** Opens one WIM and the other as the one to compare it with. */
  private async compareFiles(a: File, b: File): Promise<void> {
    await this.open([a]);
    if (this.root.dataset.state !== "ready") return;
    this.tabs.select("compare");
    await this.compare.openSecond([b]);
  }

  /** The engine died: what it held is gone. Files it had opened can be
   * opened again in the fresh one; files it died opening already failed. */
  private lost(err: unknown): void {
    this.lostErr = err;
    this.levels = [];
    this.drawLevels();
    const files = this.files;
    const again = files.length && !this.opening ? [el("button", { type: "button", class: "small", on: { click: () => void this.open(files) } }, "Open again")] : [];
    this.showError(err, again);
    if (!files.length) return;
    this.model = null;
    this.details = null;
    this.tree.setModel(null);
    this.listing.clear();
    this.search.disabled = true;
    this.filters.enabled = false;
    this.imageSelect.hidden = true;
    this.left.replaceChildren(el("p", { class: "muted empty-pane" }, "The engine stopped: open the file again to browse it."));
    this.detailsPanel.replaceChildren(el("p", { class: "muted" }, "Nothing to browse."));
    this.setState("failed");
  }

  /** Runs f, a change of place the page makes itself, without recording it. */
  private quietly(f: () => void): void {
    this.following++;
    try {
      f();
    } finally {
      this.following--;
    }
  }

  /** Where the page stands, as a link. */
  private place(): Route {
    if (!this.guid) return {};
    return { wim: this.guid, inner: this.inners.slice(0, this.level), image: this.image, path: this.details?.path, tab: this.tabs.current };
  }

  /** Records where the page stands in the fragment and the history. */
  private record(change: Change): void {
    if (this.following === 0 && this.guid) this.router.show(this.place(), change);
  }

  /** Goes where a link or the history says: the WIM inside the file
   * (opening each of the chain that is not open), the image, then the
   * entry, then the tab. A path the image lacks is said in
   * a banner, and the deepest folder of it that is there is shown instead. */
  private async follow(r: Route): Promise<void> {
    if (!this.guid) {
      this.linked = r; // no file yet: followed when one opens
      return;
    }
    if (r.wim && r.wim !== this.guid) {
      this.banner("warn", "That place is in another file", "The link or history entry is for a file other than the one open (their GUIDs differ).", "link");
      return;
    }
    this.following++;
    try {
      if (!(await this.enterInner(r.inner ?? []))) return;
      if (!this.model) return;
      if (r.image && r.image !== this.image) {
        if (r.image > this.imageCount) {
          this.banner("warn", "No such image", `The link names image ${r.image}, and this file holds ${formatCounted(this.imageCount, "image")}.`, "link");
        } else {
          this.setState("opening");
          await this.loadImage(r.image);
        }
      }
      if (r.path && r.path !== "/" && r.path !== this.details?.path) await this.goToPath(r.path);
      if (r.tab && r.tab !== this.tabs.current && document.getElementById(`tab-${r.tab}`)) this.tabs.select(r.tab);
    } finally {
      this.following--;
    }
    this.record("replace");
  }

  /** Shows the WIM inside the file that want names: a level already open
   * is gone back to, the rest opened from the last one there is. False
   * when a file of the chain is not there or does not open (said). */
  private async enterInner(want: Inner[]): Promise<boolean> {
    if (sameInner(want, this.inners.slice(0, this.level))) return true;
    let k = 0; // levels open that the chain shares
    while (k < want.length && k < this.inners.length && sameInner([want[k]], [this.inners[k]])) k++;
    if (k === want.length) {
      await this.showLevel(k);
      return this.level === k;
    }
    if (this.level !== k) await this.showLevel(k);
    for (const step of want.slice(k)) {
      if (step.image !== this.image) {
        if (step.image > this.imageCount) {
          this.banner("warn", "No such image", `The link names image ${step.image}, and this archive holds ${formatCounted(this.imageCount, "image")}.`, "link");
          return false;
        }
        await this.loadImage(step.image);
      }
      await this.goToPath(step.path);
      const d = this.details;
      if (d?.path !== step.path) return false; // goToPath said it is not there
      const level = this.level;
      await this.openInner(d);
      if (this.level !== level + 1) return false; // its banner says why
    }
    return true;
  }

  /** Opens the folders of path and selects its entry, or the deepest of
   * its folders that the image holds, saying so. */
  private async goToPath(path: string): Promise<void> {
    const model = this.model;
    if (!model) return;
    this.clearSearch();
    const names = path.split("/").slice(1);
    const ancestors: number[] = [];
    let at = ROOT;
    let found = 0;
    for (const name of names) {
      if (at !== ROOT) {
        await this.tree.toggle(at, true);
        if (this.model !== model) return; // another file or image came meanwhile
      }
      const next = (model.node(at).kids ?? []).find((k) => model.node(k).name === name);
      if (next === undefined) break;
      if (at !== ROOT) ancestors.push(at);
      at = next;
      found++;
    }
    if (found < names.length)
      this.banner(
        "warn",
        "Not in this image",
        `${path}\nis not in image ${this.image}${found ? `: showing /${names.slice(0, found).join("/")}, the deepest folder of it that is` : ""}.`,
        "link",
      );
    if (at === ROOT) return;
    this.tree.select(at, true);
    // The details the route records are those of the entry reached.
    await this.select(at, "replace");
  }

  /** What the details of d offer to copy. */
  private copyable(d: Details): { path: string; sha1: string | null; link: string } {
    const link = this.router.link({ wim: this.guid, inner: this.inners.slice(0, this.level), image: this.image, path: d.path, tab: "details" });
    return { path: d.path, sha1: contentSha1(d), link };
  }

  /** The tree's copy actions: a context menu (right click, the menu key,
   * Shift+F10) and Ctrl+Shift+C, Explorer's "Copy as path". */
  private treeCopying(): void {
    const entry = async (id: number): Promise<Details | null> => {
      if (!this.model?.has(id)) return null;
      return this.client.call({ op: "stat", image: this.image, node: id }).catch((err) => (this.error(err), null));
    };
    const menu = async (id: number, x: number, y: number): Promise<void> => {
      const d = await entry(id);
      if (d) openCopyMenu(this.copyable(d), this.copyStatus, x, y);
    };
    this.tree.element.addEventListener("contextmenu", (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>("[role=treeitem]");
      if (!row) return;
      e.preventDefault();
      const id = Number(row.dataset.id);
      if (id !== this.tree.activeId) this.tree.select(id, true);
      void menu(id, e.clientX, e.clientY);
    });
    this.tree.element.addEventListener("keydown", (e) => {
      const id = this.tree.activeId;
      if (id < 0) return;
      if (e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
        e.preventDefault();
        const r = document.getElementById(`node-${id}`)?.getBoundingClientRect();
        void menu(id, r ? r.left + 40 : 0, r ? r.bottom : 0);
      } else if (e.key.toLowerCase() === "c" && e.shiftKey && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void entry(id).then((d) => d && this.copyStatus.copy("the Windows path", windowsPath(d.path)));
      }
    });
  }
}
