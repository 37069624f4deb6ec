import { describe, expect, it } from "vitest";
import { hexRows } from "./hex";

describe("hex rows", () => {
  it("shows offset, hex and printable ASCII", () => {
    const rows = hexRows(new TextEncoder().encode("Hello, WIM!\x00\x01\x7fabcdef"), 0x100);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe("00000100  48 65 6c 6c 6f 2c 20 57  49 4d 21 00 01 7f 61 62  |Hello, WIM!...ab|");
    expect(rows[1]).toBe(`00000110  63 64 65 66 ${"   ".repeat(4)} ${"   ".repeat(8)} |cdef|`);
  });
});

