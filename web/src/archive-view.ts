// The archive pane: the header, each image's XML information, and the
// anomalies of the image being browsed.
import { el, facts, section, untrusted } from "./dom";
import { formatCount, formatSize, formatSizeExact, formatTime } from "./format";
import type { Archive, ImageInfo, ImageSummary, Windows } from "./protocol";

function when(iso?: string): string {
  const t = formatTime(iso);
  return t.utc ? `${t.utc} (${t.local} local)` : "";
}

function text(s?: string): HTMLElement | "" {
  return s ? untrusted(s) : "";
}

export function headerView(a: Archive, fileNames: string[], size: number): HTMLElement {
  const parts = a.missingParts?.length
    ? el("span", { class: "warn-text" }, `${a.totalParts} (missing: ${a.missingParts.join(", ")})`)
    : String(a.totalParts);
  return section(
    "Header",
    facts([
      ["File", untrusted(fileNames.join(", "))],
      ["File size", formatSizeExact(size)],
      ["Version", `${a.version}${a.version === "0xe00" ? " (solid, ESD)" : ""}`],
      ["Compression", `${a.compression}${a.solid ? " + solid blocks" : ""}`],
      ["Chunk size", a.chunkSize ? formatSize(a.chunkSize) : ""],
      ["Parts", parts],
      ["Images", a.missingParts?.includes(1) ? `${a.images.length}, their file trees in part 1, which isn't open` : String(a.imageCount)],
      ["Boot index", a.bootIndex ? String(a.bootIndex) : "none"],
      ["Integrity table", a.hasIntegrity ? "present" : "none"],
      ["Pipable", a.pipable ? "yes" : ""],
      ["Blobs", a.blobs ? formatCount(a.blobs) : ""],
      ["GUID", el("code", {}, a.guid)],
      ["Flags", a.flags.join(", ")],
    ]),
  );
}

export function imageView(im: ImageInfo, boot: boolean, zip?: () => void): HTMLElement {
  const w = im.windows;
  return section(
    `Image ${im.index}${boot ? " (boot)" : ""}`,
    zip ? el("div", { class: "actions" }, el("button", { type: "button", on: { click: zip } }, `Download image ${im.index} as .zip`)) : "",
    facts([
      ["Name", text(im.name)],
      ["Description", text(im.description)],
      ["Display name", text(im.displayName)],
      ["Edition", text(w?.editionId)],
      ["Product", text(w?.productName)],
      ["Flags", text(im.flags)],
      ["Version", w ? `${w.version}${w.spLevel ? ` SP${w.spLevel}` : ""}` : ""],
      ["Architecture", w?.arch ?? ""],
      ["Installation type", text(w?.installationType)],
      ["Languages", w ? text(languages(w)) : ""],
      ["System root", text(w?.systemRoot)],
      ["HAL", text(w?.hal)],
      ["Folders", formatCount(im.dirCount)],
      ["Files", formatCount(im.fileCount)],
      ["Total size", formatSizeExact(im.totalBytes)],
      ["Hard-linked size", im.hardLinkBytes ? formatSizeExact(im.hardLinkBytes) : ""],
      ["Created", when(im.creationTime)],
      ["Modified", when(im.lastModificationTime)],
      ["WIMBoot", im.wimboot ? "yes" : ""],
    ]),
  );
}

/** "en-US, de-DE (default en-US)"; an XML with only a default says so. */
export function languages(w: Windows): string {
  const list = w.languages?.filter(Boolean) ?? [];
  const def = w.defaultLanguage ? `default ${w.defaultLanguage}` : "";
  if (!list.length) return def && `none listed; ${def}`;
  return list.join(", ") + (def ? ` (${def})` : "");
}

export function anomaliesView(s: ImageSummary): HTMLElement | null {
  if (s.anomalyCount === 0) return null;
  const more = s.anomalyCount - s.anomalies.length;
  return section(
    `Problems in image ${s.index} (${formatCount(s.anomalyCount)})`,
    el("ul", { class: "anomalies" }, ...s.anomalies.map((a) => el("li", {}, el("code", {}, untrusted(a.path)), " ", el("strong", {}, a.kind), ": ", untrusted(a.detail)))),
    more > 0 ? el("p", { class: "muted" }, `and ${formatCount(more)} more`) : null,
  );
}

/** The raw XML, one click away, never parsed by the page. */
export function rawXmlView(xml: string): HTMLElement {
  return el("details", { class: "card raw-xml" }, el("summary", {}, "Raw XML"), el("pre", {}, untrusted(xml, "", true)));
}
