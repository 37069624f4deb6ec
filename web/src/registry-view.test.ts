import { describe, expect, it } from "vitest";
import { dataText } from "./registry-view";

describe("dataText", () => {
  it("says numbers in hex and decimal, as wimlens reg does", () => {
    expect(dataText({ name: "n", type: "REG_DWORD", size: 4, decimal: "3438", hex: "0x00000d6e" })).toBe("0x00000d6e (3438)");
  });
  it("shows data in hex pairs, and says when it is cut", () => {
    expect(dataText({ name: "b", type: "REG_BINARY", size: 3, hex: "00ff10" })).toBe("00 ff 10");
    const cut = dataText({ name: "b", type: "REG_BINARY", size: 2000, hex: "00ff".repeat(512), cut: true });
    expect(cut.startsWith("00 ff 00 ff")).toBe(true);
    expect(cut).toMatch(/ … the first 1,024 of 2,000 bytes$/);
    expect(dataText({ name: "e", type: "REG_NONE", size: 0 })).toBe("(no data)");
  });
});
