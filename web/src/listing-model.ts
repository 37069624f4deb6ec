// The listing's logic apart from the DOM: which way a header click sorts,
// type-ahead's buffer, and the rows fetched so far. Rows are sorted in the
// worker (wasm/api/listing.go) and come a page at a time, so a folder of
// 150k entries costs the rows on screen.
import type { Row, SortKey } from "./protocol";

export interface Sort {
  key: SortKey;
  desc: boolean;
}

/** Columns whose first click sorts largest or newest first, as people
 * look for big and recent files; names and the rest start ascending. */
const DESC_FIRST: SortKey[] = ["size", "stored", "modified", "created", "accessed"];

/** A header click: the same column again reverses, another starts in its
 * natural direction. */
export function nextSort(current: Sort, clicked: SortKey): Sort {
  if (current.key === clicked) return { key: clicked, desc: !current.desc };
  return { key: clicked, desc: DESC_FIRST.includes(clicked) };
}

/** aria-sort of a column header. */
export function ariaSort(current: Sort, column: SortKey): "ascending" | "descending" | "none" {
  if (current.key !== column) return "none";
  return current.desc ? "descending" : "ascending";
}

/** How long type-ahead waits for the next letter before starting over. */
export const TYPEAHEAD_MS = 1000;

/** Type-ahead's buffer: letters typed within TYPEAHEAD_MS of each other
 * add up; a pause starts a new prefix. */
export class TypeAhead {
  private typed = "";
  private at = -Infinity;

  push(ch: string, now: number): string {
    this.typed = now - this.at > TYPEAHEAD_MS ? ch : this.typed + ch;
    this.at = now;
    return this.typed;
  }
}

/** Rows fetched per request, and how many such pages stay cached. */
export const PAGE = 200;
const KEPT_PAGES = 40;

/** The rows of one listing (a scope in one order) fetched so far, by
 * page; pages far from the last asked are dropped, so scrolling through
 * 150k rows keeps a bounded number. */
export class RowCache {
  total = 0;
  private pages = new Map<number, Row[]>();
  private asked = new Map<number, Promise<void>>();

  constructor(private fetch: (offset: number, limit: number) => Promise<{ total: number; rows: Row[] }>) {}

  row(i: number): Row | undefined {
    return this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  }

  /** Fetches the pages rows [start, end) fall in; resolves when they are in. */
  ensure(start: number, end: number): Promise<void> {
    const want: Promise<void>[] = [];
    for (let p = Math.floor(start / PAGE); p <= Math.floor(Math.max(start, end - 1) / PAGE); p++) {
      if (this.pages.has(p)) continue;
      let ask = this.asked.get(p);
      if (!ask) {
        ask = this.fetch(p * PAGE, PAGE).then(
          (r) => {
            this.total = r.total;
            this.pages.set(p, r.rows);
            this.asked.delete(p);
            this.evict(p);
          },
          (err) => {
            this.asked.delete(p);
            throw err;
          },
        );
        this.asked.set(p, ask);
      }
      want.push(ask);
    }
    return Promise.all(want).then(() => {});
  }

  private evict(near: number): void {
    if (this.pages.size <= KEPT_PAGES) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const p of far.slice(0, this.pages.size - KEPT_PAGES)) this.pages.delete(p);
  }
}

/** Attributes as Explorer's letters: R H S D A, then C (compressed),
 * E (encrypted), L (reparse point), O (offline), N (not indexed). */
export function attributeLetters(a: number): string {
  const letters: [number, string][] = [
    [0x1, "R"],
    [0x2, "H"],
    [0x4, "S"],
    [0x10, "D"],
    [0x20, "A"],
    [0x800, "C"],
    [0x4000, "E"],
    [0x400, "L"],
    [0x1000, "O"],
    [0x2000, "N"],
  ];
  return letters
    .filter(([bit]) => a & bit)
    .map(([, l]) => l)
    .join("");
}
