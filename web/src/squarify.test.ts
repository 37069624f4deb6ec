import { describe, expect, it } from "vitest";
import { type Rect, squarify } from "./squarify";

const area = (r: Rect) => r.w * r.h;
const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

function check(values: number[], box: Rect): Rect[] {
  const rs = squarify(values, box);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  let sum = 0;
  rs.forEach((r, i) => {
    // Inside the box, of the value's share of its area.
    expect(r.x).toBeGreaterThanOrEqual(box.x - 1e-9);
    expect(r.y).toBeGreaterThanOrEqual(box.y - 1e-9);
    expect(r.x + r.w).toBeLessThanOrEqual(box.x + box.w + 1e-6);
    expect(r.y + r.h).toBeLessThanOrEqual(box.y + box.h + 1e-6);
    expect(area(r)).toBeCloseTo((Math.max(values[i], 0) / total) * area(box), 6);
    sum += area(r);
  });
  // Tiles the box exactly, with no overlaps.
  expect(sum).toBeCloseTo(area(box), 6);
  for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) expect(overlap(rs[i], rs[j])).toBeLessThan(1e-6);
  return rs;
}

describe("squarify", () => {
  it("tiles a box with the example of the paper", () => {
    const rs = check([6, 6, 4, 3, 2, 2, 1], { x: 0, y: 0, w: 6, h: 4 });
    // The paper's first row: the two sixes stacked on the left.
    expect(rs[0]).toEqual({ x: 0, y: 0, w: 3, h: 2 });
    expect(rs[1]).toEqual({ x: 0, y: 2, w: 3, h: 2 });
  });

  it("keeps aspect ratios bounded for even values", () => {
    const rs = check(Array(100).fill(1), { x: 10, y: 20, w: 800, h: 500 });
    for (const r of rs) expect(Math.max(r.w / r.h, r.h / r.w)).toBeLessThan(3);
  });

  it("tiles skewed and random values, zeros last", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) ** 4;
    const values = Array.from({ length: 300 }, rand).sort((a, b) => b - a);
    const rs = check([...values, 0, 0], { x: 0, y: 0, w: 1400, h: 900 });
    expect(area(rs[rs.length - 1])).toBe(0);
    // Squarified: most rectangles are near square.
    const squat = rs.slice(0, 300).filter((r) => Math.max(r.w / r.h, r.h / r.w) < 4).length;
    expect(squat).toBeGreaterThan(250);
  });

  it("gives empty rectangles when there is nothing to show", () => {
    expect(squarify([0, 0], { x: 0, y: 0, w: 10, h: 10 }).map(area)).toEqual([0, 0]);
    expect(squarify([], { x: 0, y: 0, w: 10, h: 10 })).toEqual([]);
    check([5], { x: 1, y: 2, w: 3, h: 4 });
  });
});
