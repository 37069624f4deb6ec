import { describe, expect, it } from "vitest";
import { formatCount, formatCounted, formatPercent, formatSize, formatSizeExact, formatTime, itemCount } from "./format";

describe("formatting", () => {
  it("counts with their nouns", () => {
    expect(formatCounted(1, "blob")).toBe("1 blob");
    expect(formatCounted(0, "blob")).toBe("0 blobs");
    expect(formatCounted(2064, "file")).toBe("2,064 files");
    expect(formatCounted(1, "entry", "entries")).toBe("1 entry");
    expect(formatCounted(3, "entry", "entries")).toBe("3 entries");
    expect(formatCounted(1, "match", "matches")).toBe("1 match");
    expect(formatCounted(1000, "match", "matches")).toBe("1,000 matches");
    expect(itemCount(0)).toBe("empty");
    expect(itemCount(1)).toBe("1 item");
    expect(itemCount(1234)).toBe("1,234 items");
  });

  it("sizes", () => {
    expect(formatSize(0)).toBe("0 bytes");
    expect(formatSize(1)).toBe("1 byte");
    expect(formatSize(1536)).toBe("1.5 KiB");
    expect(formatSize(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(formatSize(300 * 1024 ** 2)).toBe("300 MiB");
    expect(formatSizeExact(1536)).toBe("1.5 KiB (1,536 bytes)");
    expect(formatPercent(1, 200)).toBe("0.50%");
    expect(formatPercent(50, 200)).toBe("25.0%");
    expect(formatPercent(1, 0)).toBe("0%");
  });
  it("times in UTC, with the 100 ns digits kept", () => {
    expect(formatTime("2021-05-06T07:08:09.1234567Z").utc).toBe("2021-05-06 07:08:09.1234567 UTC");
    expect(formatTime("1601-01-01T00:00:00Z").utc).toBe("1601-01-01 00:00:00 UTC");
    expect(formatTime("").utc).toBe("");
    expect(formatTime("2021-05-06T07:08:09Z").local).not.toBe("");
  });
});

describe("formatCount", () => {
  it("groups digits by three, as en-US does", () => {
    for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890123, -4321]) {
      expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
