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
  cancelled: ["Cancelled", ""],
  error: ["Something went wrong", ""],
};

/** A title and a hint for an error. */
export function describeError(e: ErrorInfo): { title: string; hint: string } {
  const [title, hint] = TITLES[e.kind] ?? TITLES.error;
  return { title, hint };
}
