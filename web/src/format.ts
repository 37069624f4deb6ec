// How numbers and times read on the page.

const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/** 1536 → "1.5 KiB"; below 1 KiB, "512 bytes". */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? "byte" : "bytes"}`;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

/** "1 blob", "2,064 blobs", "1 entry", "3 entries": a count and its noun,
 * plural unless one. Every count the page says with a noun goes through
 * here; plural is for nouns that do not just take an s. */
export function formatCounted(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** 1234567 → "1,234,567". Not toLocaleString: its first call sets up
 * Intl's number formatting, which held the page's thread for about 90 ms
 * while the first file opened. */
export function formatCount(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  let out = "";
  for (let i = s.length; i > 0; i -= 3) out = s.slice(Math.max(0, i - 3), i) + (out ? "," + out : "");
  return (n < 0 ? "-" : "") + out;
}

/** "1.5 KiB (1,536 bytes)": the short form and the exact count. */
export function formatSizeExact(n: number): string {
  return n < 1024 ? formatSize(n) : `${formatSize(n)} (${formatCount(n)} bytes)`;
}

/** A folder's size in the tree: how many entries it holds. */
export function itemCount(n: number): string {
  return n === 0 ? "empty" : formatCounted(n, "item");
}

/** What share of total n is, for the bytes-read readout. */
export function formatPercent(n: number, total: number): string {
  if (total <= 0) return "0%";
  const p = (100 * n) / total;
  return `${p < 1 ? p.toFixed(2) : p.toFixed(1)}%`;
}

/** An RFC 3339 time as UTC and as local time; "" for none. */
export function formatTime(iso: string | undefined): { utc: string; local: string } {
  if (!iso) return { utc: "", local: "" };
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { utc: iso, local: "" };
  // Sub-second digits of Windows times are kept from the string: Date
  // has only milliseconds, FILETIME has 100 ns.
  const frac = /\.(\d+)/.exec(iso)?.[1] ?? "";
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac && !/^0+$/.test(frac) ? "." + frac : ""} UTC`;
  return { utc, local: d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) };
}
