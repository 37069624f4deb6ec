import { describe, expect, it } from "vitest";
import type { Entry } from "./protocol";
import { ROOT, TreeModel, foldersFirst, scrollToShow, typeahead, visibleRange } from "./tree-model";

const root: Entry = { id: ROOT, name: "", dir: true, children: 3 };
const dir = (id: number, name: string, children = 1): Entry => ({ id, name, dir: true, children });
const file = (id: number, name: string, size = 1): Entry => ({ id, name, size });

function names(m: TreeModel): string[] {
  return m.rows.map((id) => `${"  ".repeat(m.node(id).depth - 1)}${m.node(id).name}`);
}

describe("TreeModel", () => {
  it("puts folders first, keeping the image's order within each group", () => {
    expect(foldersFirst([file(1, "a"), dir(2, "b"), file(3, "c"), dir(4, "d")]).map((e) => e.id)).toEqual([2, 4, 1, 3]);
  });

  it("flattens open folders into rows and cuts them out again", () => {
    const m = new TreeModel(root);
    m.setChildren(ROOT, [file(1, "a.txt"), dir(2, "Windows"), dir(3, "Users")]);
    expect(names(m)).toEqual(["Windows", "Users", "a.txt"]);
    expect(m.expand(2)).toBe(false); // not loaded yet
    m.setChildren(2, [file(4, "notepad.exe"), dir(5, "System32")]);
    expect(m.expand(2)).toBe(true);
    expect(names(m)).toEqual(["Windows", "  System32", "  notepad.exe", "Users", "a.txt"]);
    m.setChildren(5, [file(6, "cmd.exe")]);
    m.expand(5);
    expect(names(m)).toEqual(["Windows", "  System32", "    cmd.exe", "  notepad.exe", "Users", "a.txt"]);
    m.collapse(2);
    expect(names(m)).toEqual(["Windows", "Users", "a.txt"]);
    // Reopening restores what was open inside.
    m.expand(2);
    expect(names(m)).toEqual(["Windows", "  System32", "    cmd.exe", "  notepad.exe", "Users", "a.txt"]);
    expect(m.node(6).depth).toBe(3);
    expect(m.position(4)).toEqual({ pos: 2, size: 2 });
  });

  it("updates listed rows in place with the whole image's answer", () => {
    const m = new TreeModel(root);
    m.setChildren(ROOT, [file(1, "a.txt"), dir(2, "Windows", 2), dir(3, "loop", 4)]);
    m.setChildren(2, [file(4, "notepad.exe")]);
    m.expand(2);
    // The full parse found "loop" lists another folder's children: a cycle.
    m.update(ROOT, [file(1, "a.txt"), dir(2, "Windows", 2), { id: 3, name: "loop", dir: true, anomaly: true }]);
    expect(names(m)).toEqual(["Windows", "  notepad.exe", "loop", "a.txt"]);
    expect(m.node(3)).toMatchObject({ children: 0, anomaly: true, index: 1 });
    expect(m.node(2)).toMatchObject({ expanded: true, kids: [4] });
  });

  it("ignores expanding files and collapsing the root", () => {
    const m = new TreeModel(root);
    m.setChildren(ROOT, [file(1, "a")]);
    expect(m.expand(1)).toBe(true);
    m.collapse(ROOT);
    expect(m.rows).toEqual([1]);
    expect(() => m.node(99)).toThrow();
  });

  it("opens a folder of 150k entries quickly", () => {
    const m = new TreeModel(root);
    m.setChildren(ROOT, [dir(1, "big", 150_000), file(2, "after")]);
    const entries = Array.from({ length: 150_000 }, (_, i) => (i % 10 === 0 ? dir(10 + i, `d${i}`) : file(10 + i, `f${i}`)));
    const t0 = performance.now();
    m.setChildren(1, entries);
    m.expand(1);
    const t1 = performance.now();
    expect(m.rows.length).toBe(150_002);
    expect(m.rows.at(-1)).toBe(2);
    expect(m.node(m.rows[1]).dir).toBe(true);
    m.collapse(1);
    expect(m.rows).toEqual([1, 2]);
    expect(t1 - t0).toBeLessThan(500);
  });

  it("survives a deep chain without recursion", () => {
    const m = new TreeModel(root);
    m.setChildren(ROOT, [dir(1, "l1")]);
    for (let d = 1; d < 20_000; d++) {
      m.setChildren(d, [dir(d + 1, `l${d + 1}`)]);
      m.node(d).expanded = true;
    }
    m.setChildren(20_000, []);
    m.collapse(1);
    m.expand(1);
    expect(m.rows.length).toBe(20_000);
  });
});

describe("virtual window", () => {
  it("draws the rows in view plus overscan, clipped to the list", () => {
    expect(visibleRange(0, 260, 26, 1000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(2600, 260, 26, 1000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleRange(25990, 260, 26, 1000, 5)).toEqual({ start: 994, end: 1000 });
    expect(visibleRange(0, 260, 26, 0)).toEqual({ start: 0, end: 0 });
  });
  it("scrolls as little as needed to show a row", () => {
    expect(scrollToShow(5, 0, 260, 26)).toBe(0); // already in view
    expect(scrollToShow(20, 0, 260, 26)).toBe(21 * 26 - 260); // below: align bottom
    expect(scrollToShow(2, 260, 260, 26)).toBe(52); // above: align top
  });
});

describe("typeahead", () => {
  const list = ["Boot", "bootmgr", "Program Files", "ProgramData", "Windows"];
  const at = (i: number) => list[i];
  it("finds the next match after the current row, wrapping, ignoring case", () => {
    expect(typeahead(at, list.length, 0, "b")).toBe(1);
    expect(typeahead(at, list.length, 1, "b")).toBe(0);
    expect(typeahead(at, list.length, 0, "w")).toBe(4);
    expect(typeahead(at, list.length, 2, "programd")).toBe(3);
    expect(typeahead(at, list.length, 2, "program")).toBe(2); // a longer prefix may stay
    expect(typeahead(at, list.length, 0, "z")).toBe(-1);
    expect(typeahead(at, 0, 0, "a")).toBe(-1);
  });
});
