// The tree as data: which nodes are known, which folders are open, and the
// flat list of rows the view draws. Expanding splices a folder's visible
// descendants in after it and collapsing cuts them out, so the view only
// ever draws a window onto one array.
import type { Entry } from "./protocol";

export interface TreeNode extends Required<Entry> {
  parent: number; // -1 for the root
  depth: number; // 1 for the root's children (aria-level)
  kids?: number[]; // loaded children, folders first
  index: number; // among its parent's kids, for aria-posinset
  expanded: boolean;
}

export const ROOT = 0;

/** Folders first, each group in the order given (the image's name order). */
export function foldersFirst(entries: Entry[]): Entry[] {
  return [...entries.filter((e) => e.dir), ...entries.filter((e) => !e.dir)];
}

/** A node with every field set, so all nodes share one shape: copying
 * 150k entries with object spread instead is twenty times slower. */
function makeNode(e: Entry, parent: number, depth: number, index: number, kids: number[] | undefined): TreeNode {
  return {
    id: e.id,
    name: e.name,
    dir: e.dir ?? false,
    size: e.size ?? 0,
    children: e.children ?? 0,
    reparse: e.reparse ?? false,
    hidden: e.hidden ?? false,
    anomaly: e.anomaly ?? false,
    missing: e.missing ?? false,
    parent,
    depth,
    index,
    kids,
    expanded: false,
  };
}

export class TreeModel {
  // Indexed by id: the worker hands out small consecutive ids.
  private store: (TreeNode | undefined)[] = [];
  /** Visible node ids, top to bottom. */
  rows: number[] = [];

  constructor(root: Entry) {
    const n = makeNode(root, -1, 0, 0, undefined);
    n.expanded = true;
    this.store[root.id] = n;
  }

  has(id: number): boolean {
    return this.store[id] !== undefined;
  }

  node(id: number): TreeNode {
    const n = this.store[id];
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  loaded(id: number): boolean {
    return this.node(id).kids !== undefined;
  }

  /** Records a folder's children; the root's become the top rows. */
  setChildren(id: number, entries: Entry[]): void {
    const parent = this.node(id);
    const sorted = foldersFirst(entries);
    sorted.forEach((e, index) => {
      this.store[e.id] = makeNode(e, id, parent.depth + 1, index, this.store[e.id]?.kids);
    });
    parent.kids = sorted.map((e) => e.id);
    if (id === ROOT) this.rows = this.visibleBelow(ROOT);
  }

  /** Brings a folder's known children up to date with entries listed
   * again (the same ids, the whole image's answer over its top's),
   * keeping what is loaded and open below them. */
  update(id: number, entries: Entry[]): void {
    const parent = this.node(id);
    for (const e of entries) {
      const n = this.store[e.id];
      if (n?.parent !== id) continue;
      const fresh = makeNode(e, id, parent.depth + 1, n.index, n.kids);
      fresh.expanded = n.expanded;
      this.store[e.id] = fresh;
    }
  }

  /** Opens a loaded folder; returns false when its children must be
   * loaded first. */
  expand(id: number): boolean {
    const n = this.node(id);
    if (!n.dir || n.expanded) return true;
    if (!n.kids) return false;
    n.expanded = true;
    const at = this.rows.indexOf(id);
    // Not splice(...rows): spreading 150k arguments is slow, or too many.
    if (at >= 0) this.rows = this.rows.slice(0, at + 1).concat(this.visibleBelow(id), this.rows.slice(at + 1));
    return true;
  }

  collapse(id: number): void {
    const n = this.node(id);
    if (!n.expanded || id === ROOT) return;
    const at = this.rows.indexOf(id);
    n.expanded = false;
    if (at < 0) return;
    let end = at + 1;
    while (end < this.rows.length && this.node(this.rows[end]).depth > n.depth) end++;
    this.rows.splice(at + 1, end - at - 1);
  }

  /** The rows an open folder shows below itself. Iterative: a hostile
   * image can nest thousands of levels deep. */
  private visibleBelow(id: number): number[] {
    const out: number[] = [];
    const stack = [...(this.node(id).kids ?? [])].reverse();
    while (stack.length) {
      const k = stack.pop()!;
      out.push(k);
      const n = this.node(k);
      if (n.expanded && n.kids) for (let i = n.kids.length - 1; i >= 0; i--) stack.push(n.kids[i]);
    }
    return out;
  }

  /** The position of a node among its siblings (aria-posinset, 1-based)
   * and their count (aria-setsize). */
  position(id: number): { pos: number; size: number } {
    const n = this.node(id);
    return { pos: n.index + 1, size: this.node(n.parent).kids?.length ?? 1 };
  }
}

/** The rows to draw for a scroll position, with some beyond each edge so
 * fast scrolling shows no gaps. */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 10,
): { start: number; end: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + viewport) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

/** The scroll position that shows row index whole, moving as little as
 * possible. */
export function scrollToShow(index: number, scrollTop: number, viewport: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return scrollTop;
}

/** Type-ahead: the next row after `from` (wrapping) whose name starts
 * with prefix, ignoring case; -1 when none. */
export function typeahead(names: (i: number) => string, count: number, from: number, prefix: string): number {
  if (count === 0) return -1;
  const p = prefix.toLocaleLowerCase();
  // Typing the same letter again moves on; a longer prefix may match the
  // current row itself.
  const start = prefix.length > 1 ? 0 : 1;
  for (let k = start; k <= count; k++) {
    const i = (from + k) % count;
    if (names(i).toLocaleLowerCase().startsWith(p)) return i;
  }
  return -1;
}
