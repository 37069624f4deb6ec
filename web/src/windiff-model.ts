// The Compare tab's Windows view without the DOM: a WinDiff (what changed
// in Windows, wimlens diff --windows) as rows, one a change, by section,
// which the view draws and the CSV export writes.
import { csvField } from "./diff-model";
import type { WinDiff, WinPEFile } from "./protocol";

/** One change: its section, kind ("added", "removed", "changed", or the
 * registry's "key-added"...), what changed, old → new, and details. */
export interface WinRow {
  section: string;
  kind: string;
  item: string;
  old: string;
  new: string;
  detail: string;
}

/** The sections in the order the CLI prints them. */
export const SECTIONS = ["Version", "Packages", "Drivers", "Services", "Apps", "Boot files", "WinRE", "PE file versions", "Registry"];

function signers(f: WinPEFile): string {
  if (!f.present) return "(absent)";
  const s = (f.signers ?? []).map((g) => `${g.signer} (${g.issuer})`);
  return s.length ? s.join(", ") : "(unsigned)";
}

const dated = (v?: string, d?: string) => [v, d].filter(Boolean).join(" ");

/** Every change of d as a row, section by section. */
export function winDiffRows(d: WinDiff): WinRow[] {
  const rows: WinRow[] = [];
  const add = (section: string, kind: string, item: string, o = "", n = "", detail = "") => rows.push({ section, kind, item, old: o, new: n, detail });
  for (const v of d.version) add("Version", "changed", v.name, v.old, v.new);
  for (const p of d.packages) add("Packages", p.kind, p.name, p.oldState ?? "", p.newState ?? "", [p.kb ? `KB${p.kb}` : "", p.releaseType ?? ""].filter(Boolean).join(" · "));
  for (const x of d.drivers)
    add("Drivers", x.kind, x.path, dated(x.oldVersion, x.oldDate), dated(x.newVersion, x.newDate), [x.class, x.provider, x.oldPath ? `was ${x.oldPath}` : ""].filter(Boolean).join(" · "));
  for (const s of d.services) {
    // An added or removed service is one row (its start, then its type
    // and image path); a changed one a row for each thing that changed.
    if (s.kind !== "changed") {
      add("Services", s.kind, s.name, s.oldStart ?? "", s.newStart ?? "", [s.oldType ?? s.newType, s.oldImagePath ?? s.newImagePath].filter(Boolean).join(" · "));
      continue;
    }
    const what: [string, string, string][] = [
      ["start", s.oldStart ?? "", s.newStart ?? ""],
      ["image path", s.oldImagePath ?? "", s.newImagePath ?? ""],
      ["type", s.oldType ?? "", s.newType ?? ""],
    ];
    for (const [name, o, n] of what) if (o !== n) add("Services", s.kind, s.name, o, n, name);
  }
  for (const a of d.apps) add("Apps", a.kind, a.name || a.newFullName || a.oldFullName || "", a.oldVersion ?? "", a.newVersion ?? "", a.architecture ?? "");
  for (const b of d.boot) {
    const version = (f: WinPEFile) => (f.present ? (f.fileVersion ?? "(none)") : "(absent)");
    if (version(b.old) !== version(b.new)) add("Boot files", "changed", b.path, version(b.old), version(b.new), "version");
    if (signers(b.old) !== signers(b.new)) add("Boot files", "changed", b.path, signers(b.old), signers(b.new), "signers");
  }
  for (const v of d.winre) add("WinRE", "changed", v.name, v.old, v.new);
  for (const f of d.files.changes) add("PE file versions", "changed", f.path, f.old, f.new);
  for (const h of d.registry)
    for (const c of h.changes) {
      const value = c.value !== undefined || c.default ? (c.default ? "(default)" : c.value) : "";
      const typed = (t?: string, v?: string) => (t ? `${t} ${v ?? ""}`.trim() : "");
      const keyCounts = c.kind.startsWith("key-") ? `${c.subkeys ?? 0} subkeys, ${c.values ?? 0} values` : "";
      add("Registry", c.kind, value ? `${c.key} › ${value}` : c.key, typed(c.oldType, c.old), typed(c.newType, c.new), [h.hive, keyCounts].filter(Boolean).join(" · "));
    }
  return rows;
}

/** The comparison as wimlens diff --windows --json prints it. */
export function winDiffJSON(d: WinDiff): string {
  return JSON.stringify(d, null, 2) + "\n";
}

/** The changes as CSV, one row each (RFC 4180, CRLF). */
export function winDiffCSV(d: WinDiff): string {
  const head = ["section", "kind", "item", "old", "new", "detail"];
  const lines = winDiffRows(d).map((r) => [r.section, r.kind, r.item, r.old, r.new, r.detail].map(csvField).join(","));
  return [head.join(","), ...lines].join("\r\n") + "\r\n";
}
