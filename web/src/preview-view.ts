// The preview pane: text (UTF-8 or UTF-16) up to a cap, a paged hex view,
// or an image drawn from a blob: URL. Only the bytes shown are read.
import { el, untrusted } from "./dom";
import { formatCount, formatSize } from "./format";
import { HEX_ROW, hexRows } from "./hex";
import type { Details } from "./protocol";
import { type TextEncoding, autoMode, autoModeLabel, decodeText, imageType } from "./sniff";
import type { WorkerClient } from "./worker-client";

export const TEXT_CAP = 512 * 1024;
export const IMAGE_CAP = 32 * 1024 * 1024;
export const HEX_PAGE = 256 * HEX_ROW;
const SNIFF = 64 * 1024;

type Mode = "auto" | "utf-8" | "utf-16le" | "hex" | "image";

export class PreviewView {
  readonly element = el("div", { class: "preview" });
  private url: string | null = null;
  private shown = 0; // the latest show(); older loads that finish late are dropped

  constructor(
    private client: WorkerClient,
    private onError: (err: unknown) => void,
  ) {}

  clear(message = "Select a file to preview it."): void {
    this.shown++;
    this.revoke();
    this.element.replaceChildren(el("p", { class: "muted" }, message));
  }

  async show(image: number, d: Details, stream = "", mode: Mode = "auto", hexOffset = 0): Promise<void> {
    const token = ++this.shown;
    if (d.dir) return this.clear("Folders have no contents to preview; select a file.");
    const size = d.streams.find((s) => s.type === "data" && s.name === stream)?.size ?? 0;
    const bar = this.toolbar(image, d, stream, mode);
    this.element.replaceChildren(bar, el("p", { class: "muted" }, "Reading…"));
    try {
      const head = (await this.client.read(image, d.id, 0, Math.min(size, SNIFF), stream)).data;
      if (token !== this.shown) return;
      let body: HTMLElement;
      const chosen: Exclude<Mode, "auto"> = mode !== "auto" ? mode : autoMode(head, size, IMAGE_CAP, !!d.reparse);
      if (chosen === "image") body = await this.image(image, d.id, stream, size, imageType(head) ?? "application/octet-stream");
      else if (chosen === "hex") body = await this.hex(image, d, stream, size, hexOffset, mode);
      else body = await this.text(image, d.id, stream, size, chosen);
      if (token !== this.shown) return;
      // Auto says what it chose, and for a reparse point where its target is.
      const said =
        mode === "auto"
          ? el(
              "p",
              { class: "muted auto-mode", attrs: { "data-mode": chosen } },
              `Auto: shown ${autoModeLabel(chosen)}`,
              d.reparse ? ", as this is a reparse point, whose data is binary" : "",
              ". Pick another way above.",
              d.reparse?.target ? [" Its target: ", untrusted(d.reparse.target), "."] : "",
            )
          : "";
      this.element.replaceChildren(bar, said, body);
    } catch (err) {
      if (token === this.shown) this.element.replaceChildren(bar, el("p", { class: "warn-text" }, "Could not read this file."));
      this.onError(err);
    }
  }

  private toolbar(image: number, d: Details, stream: string, mode: Mode): HTMLElement {
    const modes: [Mode, string][] = [
      ["auto", "Auto"],
      ["utf-8", "Text (UTF-8)"],
      ["utf-16le", "Text (UTF-16)"],
      ["hex", "Hex"],
      ["image", "Image"],
    ];
    const bar = el("div", { class: "toolbar", attrs: { role: "toolbar", "aria-label": "Preview as" } });
    for (const [m, label] of modes)
      bar.append(el("button", { type: "button", class: "small", attrs: { "aria-pressed": m === mode }, on: { click: () => void this.show(image, d, stream, m) } }, label));
    const data = d.streams.filter((s) => s.type === "data");
    if (data.length > 1) {
      const pick = el(
        "select",
        { attrs: { "aria-label": "Stream" }, on: { change: () => void this.show(image, d, pick.value, mode) } },
        ...data.map((s) => el("option", { value: s.name, selected: s.name === stream }, s.name ? `:${s.name}` : "(contents)")),
      );
      bar.append(pick);
    }
    return bar;
  }

  private async text(image: number, node: number, stream: string, size: number, enc: TextEncoding): Promise<HTMLElement> {
    const { data } = await this.client.read(image, node, 0, Math.min(size, TEXT_CAP), stream);
    const note = size > TEXT_CAP ? el("p", { class: "muted" }, `Showing the first ${formatSize(TEXT_CAP)} of ${formatSize(size)}.`) : null;
    return el("div", {}, note, el("pre", { class: "text-preview" }, decodeText(data, enc)));
  }

  private async image(image: number, node: number, stream: string, size: number, type: string): Promise<HTMLElement> {
    if (size > IMAGE_CAP) return el("p", { class: "muted" }, `Images over ${formatSize(IMAGE_CAP)} are not previewed.`);
    const { data } = await this.client.read(image, node, 0, size, stream);
    this.revoke();
    this.url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type }));
    const caption = el("p", { class: "muted image-caption" }, `${type}, ${formatSize(size)}`);
    const img = el("img", { src: this.url, alt: "preview of the file's image" });
    img.addEventListener("load", () => {
      img.classList.toggle("small", img.naturalWidth < 96);
      caption.textContent = `${img.naturalWidth} × ${img.naturalHeight} px, ${type}, ${formatSize(size)}`;
    });
    img.addEventListener("error", () => (caption.textContent = `The browser cannot draw this ${type} image.`));
    return el("div", {}, el("div", { class: "image-preview" }, img), caption);
  }

  private async hex(image: number, d: Details, stream: string, size: number, offset: number, mode: Mode): Promise<HTMLElement> {
    const { data } = await this.client.read(image, d.id, offset, HEX_PAGE, stream);
    const lastPage = size > 0 ? Math.floor((size - 1) / HEX_PAGE) * HEX_PAGE : 0;
    const go = (o: number) => void this.show(image, d, stream, mode, Math.max(0, Math.min(o, lastPage)));
    const nav = el(
      "div",
      { class: "hex-nav" },
      el("button", { type: "button", class: "small", disabled: offset === 0, on: { click: () => go(offset - HEX_PAGE) } }, "◀ Previous"),
      el("span", {}, size ? `bytes ${formatCount(offset)}–${formatCount(offset + data.length - 1)} of ${formatCount(size)}` : "empty"),
      el("button", { type: "button", class: "small", disabled: offset + HEX_PAGE >= size, on: { click: () => go(offset + HEX_PAGE) } }, "Next ▶"),
    );
    return el("div", {}, nav, el("pre", { class: "hex" }, hexRows(data, offset).join("\n")));
  }

  private revoke(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
