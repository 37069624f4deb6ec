// Exporting a listing as CSV or JSON: the rows come from the worker a page
// at a time, each page becomes text at once and goes to the file (or to a
// Blob part), so a 150k-entry export never holds the rows, let alone the
// rows and the text, all at once.
import type { Row } from "./protocol";

export type ExportFormat = "csv" | "json";

/** The columns of an export, in order. */
export const COLUMNS = ["path", "size", "stored", "created", "modified", "accessed", "attributes", "sha1"] as const;

/** What an exported row holds: the path, sizes, times (ISO 8601 UTC), the
 * attributes by name and the data's SHA-1. */
export function exported(r: Row): Record<(typeof COLUMNS)[number], string | number> {
  return {
    path: r.path,
    size: r.size ?? 0,
    stored: r.stored,
    created: r.created,
    modified: r.modified,
    accessed: r.accessed,
    attributes: r.attributeNames.join(" "),
    sha1: r.sha1 ?? "",
  };
}

/** One CSV cell per RFC 4180 (quoted when it holds a quote, comma or line
 * break, quotes doubled), with formula injection defused: a spreadsheet
 * runs a cell starting with = + - @ (or a tab or carriage return, which
 * some strip first), so such text gets a leading apostrophe. Names in an
 * image are hostile; numbers are ours and left as they are. */
export function csvCell(v: string | number): string {
  if (typeof v === "number") return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The text of a page of rows, and the text before and after them. */
export function encoder(format: ExportFormat): { head: string; page: (rows: Row[], first: boolean) => string; tail: string } {
  if (format === "csv")
    return {
      head: COLUMNS.join(",") + "\r\n",
      page: (rows) => rows.map((r) => Object.values(exported(r)).map(csvCell).join(",") + "\r\n").join(""),
      tail: "",
    };
  return {
    head: "[",
    page: (rows, first) => rows.map((r, i) => (first && i === 0 ? "\n" : ",\n") + JSON.stringify(exported(r))).join(""),
    tail: "\n]\n",
  };
}

/** Where the text goes. */
export interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  /** The export failed or was cancelled: nothing is kept. */
  abort?(): Promise<void>;
}

/** Pages through a listing and writes it to sink; onProgress hears rows
 * done out of total. Rows the worker describes are dropped page by page. */
export async function exportListing(
  format: ExportFormat,
  fetch: (offset: number, limit: number) => Promise<{ total: number; rows: Row[] }>,
  sink: Sink,
  onProgress: (done: number, total: number) => void = () => {},
  pageSize = 2000,
): Promise<number> {
  const enc = encoder(format);
  let done = 0;
  try {
    await sink.write(enc.head);
    for (;;) {
      const { total, rows } = await fetch(done, pageSize);
      if (rows.length) await sink.write(enc.page(rows, done === 0));
      done += rows.length;
      onProgress(done, total);
      if (!rows.length || done >= total) break;
    }
    await sink.write(enc.tail);
  } catch (err) {
    await sink.abort?.().catch(() => {});
    throw err;
  }
  await sink.close();
  return done;
}

/** The File System Access API's writable file, as far as used here. */
interface FileWritable {
  write(s: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** A sink that writes to a file the person picks, as the text comes
 * (showSaveFilePicker: Chromium), or else gathers the text as Blob parts,
 * which the browser may hold outside the JS heap, and saves the Blob at
 * the end. Must be called in the click's handler: the picker needs it.
 * null: the person cancelled the picker. */
export async function openSink(name: string, type: string, save: (b: Blob, name: string) => void): Promise<Sink | null> {
  const picker = (globalThis as { showSaveFilePicker?: (o: object) => Promise<{ createWritable(): Promise<FileWritable> }> }).showSaveFilePicker;
  if (picker) {
    try {
      const handle = await picker({ suggestedName: name });
      const w = await handle.createWritable();
      return { write: (s) => w.write(s), close: () => w.close(), abort: () => w.abort() };
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") return null;
      // A picker refused (no user gesture left, a sandbox): fall back.
    }
  }
  const parts: Blob[] = [];
  return {
    write: async (s) => void (s && parts.push(new Blob([s]))),
    close: async () => save(new Blob(parts, { type }), name),
  };
}
