import { describe, expect, it, vi } from "vitest";
import { FileStreams } from "./file-streams";

const file = (n: number, seed: number) => new Blob([new Uint8Array(n).map((_, i) => (i * seed + (i >> 8)) & 255)]);
const bytes = async (b: Blob, start: number, length: number) => new Uint8Array(await b.slice(start, start + length).arrayBuffer());

describe("FileStreams", () => {
  it("goes on with a file's stream where the last read stopped, and opens one elsewhere", async () => {
    const a = file(300_000, 7);
    const b = file(200_000, 13);
    const slices = { a: vi.spyOn(a, "slice"), b: vi.spyOn(b, "slice") };
    const s = new FileStreams(2);
    // a's reads in order, b's between them, one of a's elsewhere, and a
    // read of nothing.
    const reads: [Blob, number, number, number][] = [
      [a, 1, 0, 65_536],
      [b, 2, 1_000, 50_000],
      [a, 1, 65_536, 100_000],
      [b, 2, 51_000, 10],
      [a, 1, 165_536, 134_464],
      [a, 1, 7, 3],
      [b, 2, 51_010, 0],
    ];
    for (const [f, key, start, length] of reads) {
      const got = new Uint8Array(await s.read(f, key, start, length, new ArrayBuffer(length + 5)), 0, length);
      expect(got).toEqual(await bytes(f, start, length));
    }
    // The slices the reads made (the checks above slice too, two-sided).
    const opened = (spy: typeof slices.a) => spy.mock.calls.filter((c) => c.length === 1).map((c) => c[0]);
    expect(opened(slices.a)).toEqual([0, 7]);
    expect(opened(slices.b)).toEqual([1_000]);
  });

  it("keeps max streams open, closing the least recently used", async () => {
    const fs = [file(1000, 3), file(1000, 5), file(1000, 9)];
    const spies = fs.map((f) => vi.spyOn(f, "slice"));
    const s = new FileStreams(2);
    for (const [i, f] of fs.entries()) await s.read(f, i, 0, 10, new ArrayBuffer(10));
    // fs[0]'s stream was closed for fs[2]'s; fs[1]'s and fs[2]'s go on.
    for (const i of [1, 2, 0]) await s.read(fs[i], i, 10, 10, new ArrayBuffer(10));
    expect(spies.map((spy) => spy.mock.calls.length)).toEqual([2, 1, 1]);
  });

  it("says where a file ends early", async () => {
    const s = new FileStreams();
    await expect(s.read(file(100, 3), 1, 50, 80, new ArrayBuffer(80))).rejects.toThrow("the file ended after 100 of 130 bytes");
  });
});
