// What the diff view shows, without the DOM: which changes pass the
// filters, and the comparison as JSON and CSV for export.
import type { Change, ChangeKind, Compared } from "./protocol";

export const KINDS: { kind: ChangeKind; label: string }[] = [
  { kind: "A", label: "Added" },
  { kind: "D", label: "Deleted" },
  { kind: "M", label: "Modified" },
  { kind: "R", label: "Renamed" },
];

/** The comparison a person likely wants, as a "FILE:IMAGE" choice: the
 * second file's first image once one is open, else the first image that
 * is not the one browsed (a file opens on its boot image, often the last);
 * "" when there is no other. */
export function likelyOther(images: { index: number }[], browsed: number, secondOpen: boolean): string {
  if (secondOpen) return "2:1";
  const other = images.find((im) => im.index !== browsed);
  return other ? `1:${other.index}` : "";
}

/** Whether path lies in a top-level folder as the summary's byFolder
 * keys name them: "" is everywhere, "/" the root's own entries. */
export function inFolder(path: string, folder: string): boolean {
  if (folder === "") return true;
  if (folder === "/") return path.lastIndexOf("/") === 0;
  return path === folder || path.startsWith(folder + "/");
}

/** The indexes of the changes of the given kinds in folder, in order. A
 * change is where its new path lies, as the summary counts it. */
export function filterChanges(c: Compared, kinds: ReadonlySet<ChangeKind>, folder: string): number[] {
  const out: number[] = [];
  c.changes.forEach((ch, i) => {
    if (kinds.has(ch.kind) && inFolder(ch.path, folder)) out.push(i);
  });
  return out;
}

/** The comparison as `wimlens diff --json` prints it: the node ids only
 * mean something to this page's worker. */
export function diffJSON(c: Compared): string {
  const { nodes: _nodes, ...doc } = c;
  return JSON.stringify(doc, null, 2) + "\n";
}

const CSV_HEADER = ["kind", "path", "oldPath", "dir", "reasons", "sizeDelta", "oldSize", "newSize", "oldSha1", "newSha1", "oldSddl", "newSddl"];

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. Names are untrusted, and a spreadsheet runs a cell starting with
 * = + - @ (or a tab or CR) as a formula, so such text gets a leading '. */
export function csvField(v: string | number | boolean | undefined): string {
  if (v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvRow(ch: Change): string {
  return [
    ch.kind,
    ch.path,
    ch.oldPath,
    ch.dir,
    (ch.reasons ?? []).join(" "),
    ch.sizeDelta,
    ch.old?.size,
    ch.new?.size,
    ch.old?.sha1,
    ch.new?.sha1,
    ch.old?.sddl,
    ch.new?.sddl,
  ]
    .map(csvField)
    .join(",");
}

/** The changes as CSV, one row each, CRLF line ends as RFC 4180 has them. */
export function diffCSV(changes: Change[]): string {
  return [CSV_HEADER.join(","), ...changes.map(csvRow)].join("\r\n") + "\r\n";
}
