// The Space tab: what takes room in the image, as a squarified treemap on
// a canvas (no element per rectangle: a folder can hold 100k files), sized
// by uncompressed or by stored bytes; beside it, dedup's savings per top
// folder and the archive's compression. The worker sends a bounded tree
// (core/space), measured from metadata alone. Names are the image's
// (hostile): on the canvas they are drawn text, invisible characters
// spelled out; elsewhere text nodes.
import { el, facts, section, table, untrusted } from "./dom";
import { formatCount, formatCounted, formatPercent, formatSize, formatSizeExact } from "./format";
import type { Space, SpaceNode } from "./protocol";
import { type Rect, squarify } from "./squarify";
import { visible } from "./text";
import type { WorkerClient } from "./worker-client";

/** A rectangle drawn: what it stands for, where, and how deep. */
export interface Tile {
  node: SpaceNode;
  parent: SpaceNode | null;
  path: string;
  rect: Rect;
  depth: number;
  hue: number;
}

/** A folder's name strip, when the folder is big enough to carry one. */
const HEADER = 16;
const PAD = 2;

export function weight(n: SpaceNode, stored: boolean): number {
  return stored ? n.stored : n.size;
}

export function label(n: SpaceNode): string {
  return n.other ? `${formatCounted(n.other, "other item")}` : visible(n.name);
}

function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** Lays the tree out in r: the root's kids tile r, a folder's kids tile it
 * below its name strip. Tiles come parents first. */
export function layout(root: SpaceNode, path: string, r: Rect, stored: boolean): Tile[] {
  const tiles: Tile[] = [];
  const place = (n: SpaceNode, dir: string, box: Rect, depth: number, hue: number) => {
    const kids = (n.kids ?? []).filter((k) => weight(k, stored) > 0);
    const rects = squarify(
      kids.map((k) => weight(k, stored)),
      box,
    );
    kids.forEach((k, i) => {
      const rect = rects[i];
      const h = depth === 0 ? (i * 47) % 360 : hue;
      const p = k.other ? dir : join(dir, k.name);
      tiles.push({ node: k, parent: n, path: p, rect, depth, hue: h });
      if (k.kids?.length && rect.w > 4 * PAD + 8 && rect.h > HEADER + 2 * PAD + 8) {
        const head = rect.h > 40 && rect.w > 40 ? HEADER : PAD;
        place(k, p, { x: rect.x + PAD, y: rect.y + head, w: rect.w - 2 * PAD, h: rect.h - head - PAD }, depth + 1, h);
      }
    });
  };
  place(root, path, r, 0, 0);
  return tiles;
}

/** The deepest tile under (x, y). */
export function hit(tiles: Tile[], x: number, y: number): Tile | null {
  for (let i = tiles.length - 1; i >= 0; i--) {
    const r = tiles[i].rect;
    if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return tiles[i];
  }
  return null;
}

/** "3.2 : 1": how many bytes each stored byte holds. */
export function ratio(bytes: number, stored: number): string {
  return stored > 0 ? `${(bytes / stored).toFixed(bytes / stored < 10 ? 2 : 1)} : 1` : "none stored";
}

export class SpaceView {
  readonly element = el("div", { class: "space" });
  private image = 0;
  private token = 0;
  private stored = false;
  private data: Space | null = null;
  private tiles: Tile[] = [];
  private hover: Tile | null = null;

  private crumbs = el("nav", { class: "space-crumbs", attrs: { "aria-label": "Folder shown" } });
  private sizeBtn = el("button", { type: "button", attrs: { "aria-pressed": "true" }, on: { click: () => this.setStored(false) } }, "Uncompressed");
  private storedBtn = el("button", { type: "button", attrs: { "aria-pressed": "false" }, on: { click: () => this.setStored(true) } }, "Stored");
  private canvas = el("canvas", { class: "space-canvas", attrs: { "aria-hidden": "true" } });
  private overlay = el("canvas", { class: "space-overlay", attrs: { "aria-hidden": "true" } });
  private tip = el("div", { class: "space-tip", hidden: true, attrs: { role: "status" } });
  private map = el("div", { class: "space-map" }, this.canvas, this.overlay, this.tip);
  private list = el("ol", { class: "space-list" });
  private side = el("div", { class: "space-side" });

  constructor(
    private client: WorkerClient,
    private onError: (err: unknown) => void = () => {},
  ) {
    // Drawn again at each size, and when the tab shows it.
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.draw()).observe(this.map);
    this.overlay.addEventListener("mousemove", (e) => this.move(e));
    this.overlay.addEventListener("mouseleave", () => this.highlight(null));
    this.overlay.addEventListener("click", (e) => this.click(e));
    this.reset();
  }

  /** Forgets what was shown: another file or image is open. */
  reset(): void {
    this.token++;
    this.image = 0;
    this.data = null;
    this.tiles = [];
    this.element.dataset.state = "";
    this.element.replaceChildren(el("p", { class: "muted" }, "What takes room in the image shows here."));
  }

  /** Shows image's root, unless the image is the one shown. data-state
   * says where it stands (reading, drawn, failed); data-ms how long the
   * last map took from asking to drawn, for tests and the benchmark. */
  async show(image: number): Promise<void> {
    if (image === this.image) return;
    this.image = image;
    this.element.replaceChildren(
      el(
        "div",
        { class: "space-main" },
        el("div", { class: "space-bar" }, this.crumbs, el("span", { class: "space-toggle", attrs: { role: "group", "aria-label": "Size by" } }, this.sizeBtn, this.storedBtn)),
        this.map,
        el("h3", { class: "space-list-title" }, "Largest here"),
        this.list,
      ),
      this.side,
    );
    await this.load(0);
  }

  private setStored(stored: boolean): void {
    if (stored === this.stored) return;
    this.stored = stored;
    this.sizeBtn.setAttribute("aria-pressed", String(!stored));
    this.storedBtn.setAttribute("aria-pressed", String(stored));
    void this.load(this.data?.crumbs.at(-1)?.dir ?? 0);
  }

  private async load(dir: number): Promise<void> {
    const token = ++this.token;
    const start = performance.now();
    this.element.dataset.state = "reading";
    try {
      const data = await this.client.call({ op: "space", image: this.image, dir, stored: this.stored });
      if (token !== this.token) return;
      this.data = data;
      this.drawCrumbs();
      this.drawList();
      this.drawSide();
      this.draw();
      this.element.dataset.ms = String(Math.round(performance.now() - start));
      this.element.dataset.state = "drawn";
    } catch (err) {
      if (token !== this.token) return;
      this.onError(err);
      this.image = 0; // asked again when the tab is opened again
      this.element.dataset.state = "failed";
      this.element.replaceChildren(el("p", { class: "warn-text" }, "The image's space could not be measured."));
    }
  }

  private drawCrumbs(): void {
    const d = this.data!;
    this.crumbs.replaceChildren(
      ...d.crumbs.flatMap((c, i) => {
        const name = i === 0 ? `Image ${d.image}` : untrusted(c.name);
        const last = i === d.crumbs.length - 1;
        const b = last
          ? el("span", { class: "space-crumb", attrs: { "aria-current": "location" } }, name)
          : el("button", { type: "button", class: "space-crumb link", on: { click: () => void this.load(c.dir) } }, name);
        return i ? [el("span", { class: "muted", attrs: { "aria-hidden": "true" } }, " › "), b] : [b];
      }),
    );
  }

  /** The root's items as a list: the map's equivalent for keyboards and
   * screen readers; folders zoom, and focus or hover marks the item. */
  private drawList(): void {
    const d = this.data!;
    const total = weight(d.root, this.stored);
    this.list.replaceChildren(
      ...(d.root.kids ?? []).slice(0, 30).map((k) => {
        const text = [label(k), ` — ${formatSize(weight(k, this.stored))} (${formatPercent(weight(k, this.stored), total)})`];
        const mark = () => this.highlight(this.tiles.find((t) => t.node === k) ?? null);
        const on = { focus: mark, mouseenter: mark, blur: () => this.highlight(null), mouseleave: () => this.highlight(null) };
        const item = k.dir
          ? el("button", { type: "button", class: "link", on: { ...on, click: () => void this.load(k.dir!) } }, untrusted(text[0]), text[1])
          : el("span", { tabIndex: 0, on }, untrusted(text[0]), text[1]);
        return el("li", {}, item);
      }),
    );
  }

  private drawSide(): void {
    const d = this.data!;
    const a = d.archive;
    const w = d.whole;
    const saved = w.size - w.unique;
    this.side.replaceChildren(
      section(
        "Compression",
        facts([
          ["Ratio", ratio(a.bytes, a.stored)],
          ["Blobs", formatCount(a.blobs)],
          ["Uncompressed", formatSizeExact(a.bytes)],
          ["Stored", `${formatSizeExact(a.stored)} (${formatPercent(a.stored, a.bytes)})`],
        ]),
        el("p", { class: "muted" }, "The archive's file data, each blob once."),
      ),
      section(
        `Dedup in image ${d.image}`,
        facts([
          ["Every path", formatSizeExact(w.size)],
          ["Each blob once", formatSizeExact(w.unique)],
          ["Saved by dedup", `${formatSize(saved)} (${formatPercent(saved, w.size)})`],
          ["Stored", formatSizeExact(w.stored)],
          ["Files", formatCount(w.files ?? 0)],
        ]),
        table(
          ["Top folder", "Every path", "Stored", "Dedup saves"],
          d.top.map((t) => [
            t.other ? label(t) : untrusted(t.name),
            formatSize(t.size),
            formatSize(t.stored),
            t.size > t.unique ? formatSize(t.size - t.unique) : "—",
          ]),
          "grid space-top",
        ),
        el("p", { class: "muted" }, "A blob used by several paths (hard links, copies) is counted once in “Once”, its bytes shared among them."),
      ),
    );
  }

  /** Lays out and paints the map at the canvas's size. */
  private draw(): void {
    const d = this.data;
    if (!d) return;
    this.fit();
    const { width, height } = this.map.getBoundingClientRect();
    if (width <= 0 || height <= 0) return; // hidden: drawn when shown
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.overlay]) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    this.tiles = layout(d.root, d.path, { x: 0, y: 0, w: width, h: height }, this.stored);
    const ctx = this.canvas.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(this.element);
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    ctx.fillStyle = css.getPropertyValue("--panel") || "#fff";
    ctx.fillRect(0, 0, width, height);
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "top";
    for (const t of this.tiles) {
      const { x, y, w, h } = t.rect;
      if (w < 0.5 || h < 0.5) continue;
      const light = dark ? 30 + t.depth * 7 : 78 - t.depth * 7;
      ctx.fillStyle = t.node.other ? (dark ? "#3a3f48" : "#d5d9e0") : `hsl(${t.hue} ${t.node.dir ? 45 : 60}% ${light}%)`;
      ctx.fillRect(x, y, w, h);
      ctx.strokeStyle = dark ? "rgba(0,0,0,.55)" : "rgba(255,255,255,.8)";
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      if (w > 36 && h > 14) {
        ctx.fillStyle = dark ? "#e6e8ec" : "#1d2330";
        ctx.save();
        ctx.beginPath();
        ctx.rect(x + 2, y, w - 4, Math.min(h, HEADER));
        ctx.clip();
        ctx.fillText(label(t.node), x + 4, y + 2);
        ctx.restore();
      }
    }
    this.highlight(this.hover);
  }

  /** Makes the map as tall as the pane shows below its top, within
   * bounds, so that it needs no scrolling to be seen whole. */
  private fit(): void {
    const pane = this.element.closest(".panels");
    if (!pane) return;
    const avail = pane.getBoundingClientRect().bottom - this.map.getBoundingClientRect().top - 12;
    const h = `${Math.round(Math.min(640, Math.max(260, avail)))}px`;
    if (this.map.style.height !== h) this.map.style.height = h;
  }

  /** Outlines a tile on the overlay; null clears it. */
  private highlight(t: Tile | null): void {
    this.hover = t;
    const ctx = this.overlay.getContext("2d")!;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (!t) {
      this.tip.hidden = true;
      return;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = getComputedStyle(this.element).getPropertyValue("--accent") || "#2456d3";
    ctx.lineWidth = 2;
    ctx.strokeRect(t.rect.x + 1, t.rect.y + 1, t.rect.w - 2, t.rect.h - 2);
    this.showTip(t);
  }

  private showTip(t: Tile): void {
    const d = this.data!;
    const n = t.node;
    const of = (total: number) => formatPercent(weight(n, this.stored), total);
    this.tip.replaceChildren(
      el("strong", {}, untrusted(n.other ? `${t.path} (${label(n)})` : t.path)),
      el("div", {}, `${formatSize(n.size)} uncompressed · ${formatSize(n.stored)} stored`),
      el("div", {}, `${of(t.parent ? weight(t.parent, this.stored) : 0)} of ${t.depth ? "its folder" : "this folder"} · ${of(weight(d.whole, this.stored))} of the image`),
      n.dir || n.other ? el("div", { class: "muted" }, formatCounted(n.files ?? 0, "file")) : "",
    );
    this.tip.hidden = false;
    const box = this.map.getBoundingClientRect();
    const tw = this.tip.offsetWidth;
    const th = this.tip.offsetHeight;
    const cx = t.rect.x + t.rect.w / 2;
    this.tip.style.left = `${Math.max(0, Math.min(box.width - tw, cx - tw / 2))}px`;
    this.tip.style.top = `${t.rect.y + t.rect.h + th + 4 < box.height ? t.rect.y + Math.min(t.rect.h, 24) + 4 : Math.max(0, t.rect.y - th - 4)}px`;
  }

  private at(e: MouseEvent): Tile | null {
    const box = this.overlay.getBoundingClientRect();
    return hit(this.tiles, e.clientX - box.left, e.clientY - box.top);
  }

  private move(e: MouseEvent): void {
    const t = this.at(e);
    if (t !== this.hover) this.highlight(t);
    this.overlay.style.cursor = t && this.zoomTarget(t) ? "zoom-in" : "default";
  }

  /** The folder a click on t zooms into: t's, or the nearest folder
   * around it other than the one shown. */
  private zoomTarget(t: Tile): number {
    if (t.node.dir) return t.node.dir;
    for (let i = this.tiles.indexOf(t); i >= 0; i--) {
      const p = this.tiles[i];
      if (p.node === t.parent) return p.node.dir ?? 0;
    }
    return 0;
  }

  private click(e: MouseEvent): void {
    const t = this.at(e);
    const dir = t && this.zoomTarget(t);
    if (dir) void this.load(dir);
  }
}
