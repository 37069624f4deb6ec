// The Compare tab: the browsed image (A) against another image of the same
// file or of a second file (B): the summary, filters by kind and folder,
// the changes, and both versions of the selected one side by side.
import { diffCSV, diffJSON, filterChanges, KINDS, likelyOther } from "./diff-model";
import { append, el, table, untrusted } from "./dom";
import { formatCount, formatCounted, formatSizeExact } from "./format";
import type { Change, ChangeKind, Compared, DiffOther, Side, ImageInfo } from "./protocol";
import { securityChangeView } from "./sddl-view";
import { download, runTask, saveBlob } from "./tasks";
import { visible } from "./text";
import { winDiffView } from "./windiff-view";
import type { WorkerClient } from "./worker-client";

/** Rows drawn at most: past this the filters narrow the list. Building
 * rows is the cost; a comparison of two builds can list 100k changes. */
const MAX_ROWS = 2000;

export interface DiffHost {
  /** The image being browsed: the old side. */
  image(): number;
  error(err: unknown): void;
  /** Where long work shows its progress. */
  tasks: HTMLElement;
}

export class DiffView {
  readonly element: HTMLElement;
  private images: ImageInfo[] = [];
  private secondImages: ImageInfo[] = [];
  private secondName = "";
  private base = el("strong", { class: "diff-base" });
  private other = el("select", { attrs: { "aria-label": "Compare with" } });
  private times = el("input", { type: "checkbox" });
  private fileInput = el("input", { type: "file", multiple: true, accept: ".wim,.esd,.swm", class: "visually-hidden", id: "diff-file-input" });
  private result = el("div", { class: "diff-result" });
  private compared: Compared | null = null;
  // Whether the person chose what to compare with; until then the choice
  // follows the browsed image.
  private chosen = false;
  private oldImage = 1;
  private against: DiffOther = { image: 1 };
  private kinds = new Set<ChangeKind>(KINDS.map((k) => k.kind));
  private folder = el("select", { attrs: { "aria-label": "Folder" } });
  private list = el("div", { class: "diff-list", attrs: { role: "listbox", "aria-label": "Changes" } });
  private sides = el("div", { class: "diff-sides" });
  // The Windows view of the same comparison (windiff-view.ts), asked for
  // when first shown.
  private filesPane = el("div");
  private windowsPane = el("div", { class: "windiff-pane" });

  constructor(
    private client: WorkerClient,
    private host: DiffHost,
  ) {
    this.fileInput.addEventListener("change", () => {
      const files = [...(this.fileInput.files ?? [])];
      this.fileInput.value = "";
      if (files.length) void this.openSecond(files);
    });
    this.folder.addEventListener("change", () => this.drawList());
    this.other.addEventListener("change", () => (this.chosen = true));
    this.element = el(
      "div",
      { class: "diff-view" },
      el(
        "div",
        { class: "actions" },
        el("label", {}, "Compare ", this.base, " with ", this.other),
        el("label", { class: "button", htmlFor: "diff-file-input" }, "Open another file…"),
        this.fileInput,
        el("label", {}, this.times, " Times"),
        el("button", { type: "button", class: "primary", on: { click: () => void this.run() } }, "Compare"),
      ),
      this.result,
    );
  }

  /** Starts over for a newly opened file, which closed any second one. */
  reset(images: ImageInfo[]): void {
    this.images = images;
    this.secondImages = [];
    this.compared = null;
    this.chosen = false;
    this.result.replaceChildren();
    this.fillChoices();
  }

  /** Names the browsed image, the old side, as the tab comes into view. */
  show(): void {
    const n = this.host.image();
    const im = this.images.find((i) => i.index === n);
    this.base.replaceChildren();
    append(this.base, `image ${n}`, im?.name ? [": ", untrusted(im.name)] : "");
    if (!this.chosen) this.other.value = likelyOther(this.images, n, this.secondImages.length > 0);
  }

  private fillChoices(): void {
    // Options hold plain text only: invisible characters are spelled out.
    const opt = (value: string, label: string) => el("option", { value }, label);
    this.other.replaceChildren(
      ...this.images.map((im) => opt(`1:${im.index}`, `Image ${im.index}: ${visible(im.name) || "(unnamed)"}`)),
      ...this.secondImages.map((im) => opt(`2:${im.index}`, `${visible(this.secondName)}, image ${im.index}: ${visible(im.name) || "(unnamed)"}`)),
    );
    this.other.value = likelyOther(this.images, this.host.image(), this.secondImages.length > 0);
  }

  /** Opens a second file to compare the browsed image with. */
  async openSecond(files: File[]): Promise<void> {
    try {
      const opened = await this.client.openSecond(files);
      this.secondImages = opened.archive.images;
      this.secondName = files[0].name;
      this.fillChoices();
    } catch (err) {
      this.host.error(err);
    }
  }

  private async run(): Promise<void> {
    const [file, image] = this.other.value.split(":").map(Number);
    this.against = { second: file === 2, image };
    this.oldImage = this.host.image();
    try {
      this.compared = await runTask(this.host.tasks, "Comparing", (signal, onProgress) =>
        this.client.call({ op: "diff", image: this.oldImage, other: this.against, times: this.times.checked }, { signal, onProgress }),
      );
      this.draw();
    } catch (err) {
      this.host.error(err);
    }
  }

  private draw(): void {
    const c = this.compared!;
    const counts: Record<ChangeKind, number> = { A: c.summary.added, D: c.summary.deleted, M: c.summary.modified, R: c.summary.renamed };
    const filters = KINDS.map(({ kind, label }) => {
      const box = el("input", { type: "checkbox", checked: this.kinds.has(kind), attrs: { "data-kind": kind } });
      box.addEventListener("change", () => {
        if (box.checked) this.kinds.add(kind);
        else this.kinds.delete(kind);
        this.drawList();
      });
      return el("label", { class: `kind kind-${kind}` }, box, ` ${label} `, el("strong", { attrs: { "data-count": kind } }, String(counts[kind])));
    });
    this.folder.replaceChildren(
      el("option", { value: "" }, "All folders"),
      ...Object.keys(c.byFolder)
        .sort()
        .map((f) => el("option", { value: f }, visible(f))),
    );
    const files = el("button", { type: "button", attrs: { "aria-pressed": "true" } }, "Files");
    const windows = el("button", { type: "button", attrs: { "aria-pressed": "false" } }, "Windows");
    const pick = (win: boolean) => {
      files.setAttribute("aria-pressed", String(!win));
      windows.setAttribute("aria-pressed", String(win));
      this.filesPane.hidden = win;
      this.windowsPane.hidden = !win;
      if (win && !this.windowsPane.hasChildNodes()) void this.runWindows();
    };
    files.addEventListener("click", () => pick(false));
    windows.addEventListener("click", () => pick(true));
    this.windowsPane.replaceChildren();
    this.windowsPane.hidden = true;
    this.filesPane.hidden = false;
    this.filesPane.replaceChildren(
      el("div", { class: "diff-summary actions" }, ...filters, this.folder),
      el(
        "div",
        { class: "actions" },
        el("button", { type: "button", on: { click: () => saveBlob(new Blob([diffJSON(c)], { type: "application/json" }), "diff.json") } }, "Export JSON"),
        el("button", { type: "button", on: { click: () => saveBlob(new Blob([diffCSV(c.changes)], { type: "text/csv" }), "diff.csv") } }, "Export CSV"),
      ),
      el("div", { class: "diff-panes" }, this.list, this.sides),
    );
    this.result.replaceChildren(el("div", { class: "actions diff-mode", attrs: { role: "group", "aria-label": "View" } }, files, windows), this.filesPane, this.windowsPane);
    this.sides.replaceChildren(el("p", { class: "muted" }, c.changes.length ? "Select a change to see both versions." : "The images are the same."));
    this.drawList();
  }

  /** Asks what changed in Windows between the images just compared. */
  private async runWindows(): Promise<void> {
    this.windowsPane.replaceChildren(el("p", { class: "muted" }, "Reading both images' Windows…"));
    try {
      const d = await runTask(this.host.tasks, "Comparing Windows", (signal, onProgress) =>
        this.client.call({ op: "windiff", image: this.oldImage, other: this.against }, { signal, onProgress }),
      );
      this.windowsPane.replaceChildren(winDiffView(d));
    } catch (err) {
      this.windowsPane.replaceChildren();
      this.host.error(err);
    }
  }

  private drawList(): void {
    const c = this.compared!;
    const shown = filterChanges(c, this.kinds, this.folder.value);
    const rows = shown.slice(0, MAX_ROWS).map((i) => {
      const ch = c.changes[i];
      return el(
        "button",
        { type: "button", class: `diff-row kind-${ch.kind}`, attrs: { role: "option", "data-path": ch.path }, on: { click: () => this.select(i) } },
        el("span", { class: "kind-letter" }, ch.kind),
        " ",
        untrusted(ch.path),
        ch.oldPath ? el("span", { class: "muted" }, " ← ", untrusted(ch.oldPath)) : null,
      );
    });
    const cut = shown.length > MAX_ROWS ? el("p", { class: "muted" }, `Showing ${formatCount(MAX_ROWS)} of ${formatCounted(shown.length, "change")}: narrow them with the filters.`) : null;
    this.list.replaceChildren(...rows, cut ?? "");
  }

  private select(i: number): void {
    const c = this.compared!;
    const ch = c.changes[i];
    const [oldNode, newNode] = c.nodes[i];
    for (const r of this.list.querySelectorAll("[aria-selected]")) r.removeAttribute("aria-selected");
    this.list.querySelector(`[data-path="${CSS.escape(ch.path)}"]`)?.setAttribute("aria-selected", "true");
    const download = (side: Side | undefined, node: number, which: "old" | "new") =>
      side && !ch.dir && node >= 0
        ? el("button", { type: "button", class: "small", on: { click: () => void this.download(ch, node, which) } }, `Download ${which}`)
        : "";
    this.sides.replaceChildren(
      el("h4", {}, untrusted(ch.path), ch.reasons?.length ? el("span", { class: "muted" }, ` — ${ch.reasons.join(", ")}`) : null),
      table(
        ["", "Old", "New"],
        [
          ["Path", untrusted(ch.oldPath ?? (ch.old ? ch.path : "")), untrusted(ch.new ? ch.path : "")],
          ...sideRows(ch.old, ch.new),
          ["", download(ch.old, oldNode, "old"), download(ch.new, newNode, "new")],
        ],
        "grid diff-sides-table",
      ),
      ch.old?.security && ch.new?.security ? securityChangeView(ch.old.security, ch.new.security) : "",
    );
  }

  private async download(ch: Change, node: number, which: "old" | "new"): Promise<void> {
    const path = which === "old" ? (ch.oldPath ?? ch.path) : ch.path;
    const name = path.slice(path.lastIndexOf("/") + 1);
    const [image, second] = which === "old" ? [this.oldImage, false] : [this.against.image, !!this.against.second];
    const size = (which === "old" ? ch.old : ch.new)?.size;
    try {
      await download(this.host.tasks, this.client, name, { image, node, second, size });
    } catch (err) {
      this.host.error(err);
    }
  }
}

/** The rows comparing two versions; a side that does not exist is blank. */
function sideRows(a: Side | undefined, b: Side | undefined): [string, Node | string, Node | string][] {
  const cell = (s: Side | undefined, f: (s: Side) => Node | string) => (s ? f(s) : "");
  const code = (v: string | undefined, cls: string) => el("code", { class: cls }, untrusted(v ?? ""));
  const streams = (s: Side) =>
    el("span", {}, ...(s.streams ?? []).map((st) => el("div", {}, untrusted(st.name), ` ${formatSizeExact(st.size)} `, el("code", { class: "hash" }, st.sha1))));
  return [
    ["Size", cell(a, (s) => formatSizeExact(s.size)), cell(b, (s) => formatSizeExact(s.size))],
    ["SHA-1", cell(a, (s) => code(s.sha1, "hash")), cell(b, (s) => code(s.sha1, "hash"))],
    ["Attributes", cell(a, (s) => s.attributes.join(", ")), cell(b, (s) => s.attributes.join(", "))],
    ["Modified", cell(a, (s) => s.modified), cell(b, (s) => s.modified)],
    ["SDDL", cell(a, (s) => code(s.sddl, "sddl sddl-old")), cell(b, (s) => code(s.sddl, "sddl sddl-new"))],
    ["Named streams", cell(a, streams), cell(b, streams)],
  ];
}
