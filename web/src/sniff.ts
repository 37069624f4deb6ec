// Deciding how to preview a file from its first bytes, and decoding text.

/** Image types browsers draw, by magic number; SVG is left out on purpose
 * (it is a document, shown as text). */
const IMAGE_MAGIC: [string, number[]][] = [
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/gif", [0x47, 0x49, 0x46, 0x38]],
  ["image/bmp", [0x42, 0x4d]],
  ["image/x-icon", [0x00, 0x00, 0x01, 0x00]],
  ["image/webp", [0x52, 0x49, 0x46, 0x46]], // RIFF; WEBP checked below
];

export function imageType(b: Uint8Array): string | undefined {
  for (const [type, magic] of IMAGE_MAGIC) {
    if (magic.every((v, i) => b[i] === v)) {
      if (type === "image/webp" && String.fromCharCode(...b.subarray(8, 12)) !== "WEBP") continue;
      return type;
    }
  }
  return undefined;
}

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be";

/** The encoding a text file seems to use, or undefined for binary data. */
export function textEncoding(b: Uint8Array): TextEncoding | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b.length === 0) return "utf-8";
  // Windows text without a BOM is often UTF-16LE: ASCII with a zero in
  // every odd byte.
  const n = Math.min(b.length, 4096) & ~1;
  let oddZeros = 0;
  let evenZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  if (n >= 4 && oddZeros > n / 4 && evenZeros < n / 32) return "utf-16le";
  return looksLikeUtf8Text(b.subarray(0, 4096)) ? "utf-8" : undefined;
}

/** Valid UTF-8 (a sequence cut at the end is allowed) with few controls. */
function looksLikeUtf8Text(b: Uint8Array): boolean {
  let controls = 0;
  for (const c of b) if (c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) controls++;
  if (controls > b.length / 100) return false;
  // Drop up to 3 trailing bytes of a sequence the sample cut in half.
  let end = b.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const c = b[end - k];
    if (c >= 0xc0) {
      end -= k;
      break;
    }
    if (c < 0x80) break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** How Auto shows a file. */
export type AutoMode = "image" | "utf-8" | "utf-16le" | "hex";

/** Auto's choice for data whose first bytes are head: an image the
 * browser draws (when not over imageCap), text in the encoding it seems
 * to use, else hex. A reparse point's data is binary whatever it looks
 * like: its names are UTF-16, so as text it read as a path among
 * garbage. UTF-16BE is shown as hex: browsers decode it, but Windows
 * images hardly hold it and a guess of it is mostly wrong. */
export function autoMode(head: Uint8Array, size: number, imageCap: number, reparse = false): AutoMode {
  if (reparse) return "hex";
  if (imageType(head) && size <= imageCap) return "image";
  const enc = textEncoding(head);
  return enc === "utf-8" || enc === "utf-16le" ? enc : "hex";
}

/** What Auto chose, as the preview says it. */
export function autoModeLabel(m: AutoMode): string {
  return { image: "as an image", "utf-8": "as UTF-8 text", "utf-16le": "as UTF-16LE text", hex: "as hex" }[m];
}

/** Decodes text; invalid sequences become U+FFFD. */
export function decodeText(b: Uint8Array, enc: TextEncoding): string {
  return new TextDecoder(enc).decode(b);
}

/** Whether data starts as a WIM does: "MSWIM\0\0\0", or "WLPWM\0\0\0"
 * for a pipable one. */
export function isWim(b: Uint8Array): boolean {
  const magic = String.fromCharCode(...b.subarray(0, 8));
  return magic === "MSWIM\0\0\0" || magic === "WLPWM\0\0\0";
}
