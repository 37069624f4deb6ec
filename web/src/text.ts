// Names and strings from a WIM are untrusted. They only ever reach the page
// as text nodes (see dom.ts), so markup in them stays literal; this module
// makes the characters that would otherwise hide or disguise themselves
// visible: controls, bidi overrides (U+202E turns "gpj.exe" around),
// zero-width and other invisible characters, and unusual spaces.

/** A run of a string: as is, or one invisible character spelled out. */
export interface Piece {
  text: string;
  marked: boolean;
}

// Cc: controls; Cf: format characters (bidi controls, zero-width joiners,
// soft hyphen, BOM, tags); Zl/Zp: line and paragraph separators; Zs other
// than the plain space; Co: private use; and letters and symbols that draw
// as nothing (Hangul fillers, the Braille blank, the Khmer inherent vowels).
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\ufffc]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

/** ⟨U+202E⟩ for one character. */
export function marker(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

/** Splits s into plain runs and marked characters; multiline text keeps
 * its line breaks and tabs. */
export function pieces(s: string, multiline = false): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of s.matchAll(INVISIBLE_ALL)) {
    if (multiline && (m[0] === "\n" || m[0] === "\r" || m[0] === "\t")) continue;
    if (m.index > last) out.push({ text: s.slice(last, m.index), marked: false });
    out.push({ text: marker(m[0]), marked: true });
    last = m.index + m[0].length;
  }
  if (last < s.length || out.length === 0) out.push({ text: s.slice(last), marked: false });
  return out;
}

/** s with every invisible character spelled out, as one plain string. */
export function visible(s: string): string {
  return s.replace(INVISIBLE_ALL, marker);
}

/** Whether s holds anything visible() would spell out. */
export function hasInvisible(s: string): boolean {
  return INVISIBLE.test(s);
}

/**
 * A name safe to offer as a download's file name: invisible characters and
 * the characters Windows and other systems refuse become "_".
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(INVISIBLE_ALL, "_").replace(/[<>:"/\\|?*]/g, "_").replace(/^[. ]+|[. ]+$/g, "");
  return cleaned || "download";
}
