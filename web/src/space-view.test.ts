import { describe, expect, it } from "vitest";
import type { SpaceNode } from "./protocol";
import { hit, label, layout, ratio } from "./space-view";

const file = (name: string, size: number, stored = size / 2): SpaceNode => ({ name, size, unique: size, stored });
const folder = (name: string, dir: number, kids: SpaceNode[]): SpaceNode => ({
  name,
  dir,
  folder: true,
  kids,
  size: kids.reduce((s, k) => s + k.size, 0),
  unique: kids.reduce((s, k) => s + k.unique, 0),
  stored: kids.reduce((s, k) => s + k.stored, 0),
});

const tree = folder("", 0, [
  folder("Windows", 1, [file("a.dll", 600), file("b.dll", 300), { ...file("", 100), other: 7 }]),
  file("pagefile.sys", 500),
  folder("Users", 2, [file("c", 40), file("d", 0)]),
]);

describe("layout", () => {
  const box = { x: 0, y: 0, w: 800, h: 500 };
  const tiles = layout(tree, "/", box, false);

  it("tiles the box with the root's items, by size", () => {
    const top = tiles.filter((t) => t.depth === 0);
    expect(top.map((t) => t.node.name)).toEqual(["Windows", "pagefile.sys", "Users"]);
    const area = top.reduce((s, t) => s + t.rect.w * t.rect.h, 0);
    expect(area).toBeCloseTo(800 * 500, 6);
    expect(top[0].rect.w * top[0].rect.h).toBeCloseTo((1000 / 1540) * 800 * 500, 6);
  });

  it("puts a folder's items inside it, below its name, paths joined", () => {
    const win = tiles.find((t) => t.node.name === "Windows")!;
    const kids = tiles.filter((t) => t.parent === win.node);
    expect(kids.map((t) => t.path)).toEqual(["/Windows/a.dll", "/Windows/b.dll", "/Windows"]);
    for (const k of kids) {
      expect(k.rect.x).toBeGreaterThanOrEqual(win.rect.x);
      expect(k.rect.y).toBeGreaterThanOrEqual(win.rect.y + 16);
      expect(k.rect.x + k.rect.w).toBeLessThanOrEqual(win.rect.x + win.rect.w + 1e-9);
      expect(k.rect.y + k.rect.h).toBeLessThanOrEqual(win.rect.y + win.rect.h + 1e-9);
      expect(k.hue).toBe(win.hue);
    }
    // Empty items take no room.
    expect(tiles.some((t) => t.node.name === "d")).toBe(false);
  });

  it("finds the deepest tile under a point", () => {
    const a = tiles.find((t) => t.node.name === "a.dll")!;
    expect(hit(tiles, a.rect.x + 1, a.rect.y + 1)?.node.name).toBe("a.dll");
    const win = tiles.find((t) => t.node.name === "Windows")!;
    expect(hit(tiles, win.rect.x + 1, win.rect.y + 1)?.node.name).toBe("Windows");
    expect(hit(tiles, -1, -1)).toBeNull();
  });

  it("sizes by stored bytes when asked", () => {
    const stored = layout(tree, "/", box, true);
    const page = stored.find((t) => t.node.name === "pagefile.sys")!;
    expect(page.rect.w * page.rect.h).toBeCloseTo((250 / 770) * 800 * 500, 6);
  });
});

describe("words", () => {
  it("spells out a hostile name and names 'other'", () => {
    expect(label(file("a\u202Etxt.exe", 1))).toBe("a⟨U+202E⟩txt.exe");
    expect(label({ ...file("", 1), other: 3 })).toBe("3 other items");
    expect(ratio(300, 100)).toBe("3.00 : 1");
    expect(ratio(1, 0)).toBe("none stored");
  });
});
