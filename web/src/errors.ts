// What each kind of error is called on the page, and what to do about it.
// The message itself comes from the engine and already says where.
import type { ErrorInfo, ErrorKind } from "./protocol";

const TITLES: Record<ErrorKind, [string, string]> = {
  "not-wim": ["This is not a WIM file", "Open a .wim, .esd or .swm file."],
  truncated: ["The file is cut short", "It may not have finished downloading or copying."],
  encrypted: [
    "Encrypted ESD",
    "Its contents are encrypted with a key only Microsoft's tools have; the header is shown below.",
  ],
  "missing-part": ["A part of this split WIM is missing", "Open all the .swm parts together (select them all at once)."],
  checksum: ["Data does not match its SHA-1", "The file is damaged."],
  unsupported: ["Not supported", "This file uses a feature wimlens cannot read yet."],
  "missing-blob": ["Data is missing", "The file refers to data it does not contain."],
  corrupt: ["Corrupt compressed data", "The file is damaged."],
  format: ["The file is damaged or malformed", ""],
  "different-wims": [
    "These are two different WIMs",
    "Open one of them; to see how they differ, compare it with the other in the Compare tab (Open another file…).",
  ],
  engine: ["The engine stopped", "What was open is closed. The next file opens in a fresh engine."],
  cancelled: ["Cancelled", ""],
  error: ["Something went wrong", ""],
};

/** A title and a hint for an error. */
export function describeError(e: ErrorInfo): { title: string; hint: string } {
  const [title, hint] = TITLES[e.kind] ?? TITLES.error;
  return { title, hint };
}

/** What killed the engine, in words, from what the Go runtime last wrote
 * (output: it says "fatal error: out of memory" or "panic: ..." before it
 * exits) and the exception that ended it, if any. */
export function describeDeath(output: string, cause?: unknown): string {
  const said = (re: RegExp) => re.exec(output)?.[0].trim();
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : cause === undefined ? "" : String(cause);
  const name = cause instanceof Error ? cause.name : "";
  const fatal = said(/^fatal error: .*$/m);
  const panic = said(/^panic: .*$/m);
  if (/out of memory/i.test(fatal ?? "") || /out of memory|allocation failed|Memory\.grow/i.test(text))
    return `the engine ran out of memory (${fatal ?? text}); the file may need more than this browser gives a page`;
  if (/call stack|stack overflow|stack exceeds/i.test(text + (fatal ?? "")))
    return `the engine ran out of stack (${fatal ?? text}); the file may nest folders too deep`;
  if (panic) return `the engine hit a bug (${panic})`;
  if (fatal) return `the engine failed (${fatal})`;
  if (name === "RuntimeError") return `the engine crashed (${text})`;
  return text ? `the engine stopped (${text})` : "the engine stopped";
}

/** 2 → "2"; 2, 3 → "2 and 3"; 2, 3, 4 → "2, 3 and 4". */
export function listNumbers(ns: number[]): string {
  return ns.length < 2 ? ns.join("") : `${ns.slice(0, -1).join(", ")} and ${ns.at(-1)}`;
}

/** What a split WIM opened without some of its parts can and cannot do. */
export function missingPartsMessage(total: number, missing: number[]): string {
  const parts = `${missing.length > 1 ? "Parts" : "Part"} ${listNumbers(missing)} of ${total} ${missing.length > 1 ? "are" : "is"} not open.`;
  if (missing.includes(1))
    return `${parts} Part 1 holds the file tree: add it to browse the files.`;
  return `${parts} Files whose data is stored there show "size unknown" and cannot be read: add the missing parts to read them.`;
}
