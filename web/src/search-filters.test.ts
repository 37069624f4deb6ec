import { describe, expect, it } from "vitest";
import { NO_FILTER, filterCount, parseSize, toFilter } from "./search-filters";

describe("the search filters as the worker's request", () => {
  it("sends nothing when nothing is set", () => {
    expect(toFilter(NO_FILTER)).toEqual({});
  });

  it("reads sizes with their units, 1024-based", () => {
    expect(parseSize("", "KiB")).toBeNull();
    expect(parseSize("2000", "bytes")).toBe(2000);
    expect(parseSize("1.5", "KiB")).toBe(1536);
    expect(parseSize(" 4 ", "MiB")).toBe(4 << 20);
    expect(parseSize("-1", "bytes")).toEqual({ error: '"-1" is not a size' });
    expect(parseSize("1e3", "bytes")).toEqual({ error: '"1e3" is not a size' });
    expect(parseSize("99999999", "TiB")).toEqual({ error: "99999999 TiB is too large" });
  });

  it("sends the CLI's fields", () => {
    expect(
      toFilter({ ...NO_FILTER, minSize: "2000", minUnit: "bytes", maxSize: "4", maxUnit: "KiB", attributes: ["HIDDEN", "SYSTEM"], streams: true, reparse: true, sha1: " " + "AB".repeat(20) }),
    ).toEqual({ filter: { minSize: 2000, maxSize: 4096, attributes: ["HIDDEN", "SYSTEM"], streams: true, reparse: true, sha1: "ab".repeat(20) } });
    expect(toFilter({ ...NO_FILTER, minSize: "0" })).toEqual({}); // at least 0 bytes is everything
  });

  it("says which field is wrong", () => {
    expect(toFilter({ ...NO_FILTER, minSize: "x" }).error).toMatch(/^Smallest size/);
    expect(toFilter({ ...NO_FILTER, maxSize: "0" }).error).toMatch(/^Largest size: 0 is no bound/);
    expect(toFilter({ ...NO_FILTER, minSize: "2", maxSize: "1" }).error).toBe("The largest size is below the smallest");
    expect(toFilter({ ...NO_FILTER, sha1: "abc" }).error).toMatch(/^SHA-1/);
  });

  it("counts what is set", () => {
    expect(filterCount(undefined)).toBe(0);
    expect(filterCount({ minSize: 1, attributes: ["HIDDEN", "SYSTEM"], reparse: true })).toBe(4);
  });
});
