import { describe, expect, it } from "vitest";
import { csvCell, encoder, exportListing } from "./export-listing";
import { PAGE, RowCache, TYPEAHEAD_MS, TypeAhead, ariaSort, attributeLetters, nextSort } from "./listing-model";
import type { Row } from "./protocol";

const row = (path: string, extra: Partial<Row> = {}): Row => ({
  id: 1,
  name: path.split("/").at(-1)!,
  path,
  size: 10,
  stored: 4,
  created: "2020-01-02T03:04:05Z",
  modified: "2021-01-02T03:04:05.1234567Z",
  accessed: "2022-01-02T03:04:05Z",
  attributes: 0x21,
  attributeNames: ["READONLY", "ARCHIVE"],
  sha1: "da39a3ee5e6b4b0d3255bfef95601890afd80709",
  ...extra,
});

describe("sorting", () => {
  it("reverses on the same column, starts sizes and dates largest first", () => {
    let s = nextSort({ key: "name", desc: false }, "name");
    expect(s).toEqual({ key: "name", desc: true });
    s = nextSort(s, "size");
    expect(s).toEqual({ key: "size", desc: true });
    expect(nextSort(s, "size")).toEqual({ key: "size", desc: false });
    expect(nextSort(s, "attributes")).toEqual({ key: "attributes", desc: false });
    expect(nextSort(s, "modified").desc).toBe(true);
    expect(ariaSort(s, "size")).toBe("descending");
    expect(ariaSort({ key: "size", desc: false }, "size")).toBe("ascending");
    expect(ariaSort(s, "name")).toBe("none");
  });
});

describe("type-ahead", () => {
  it("adds letters typed quickly and starts over after a pause", () => {
    const t = new TypeAhead();
    expect(t.push("n", 0)).toBe("n");
    expect(t.push("o", 300)).toBe("no");
    expect(t.push("t", 300 + TYPEAHEAD_MS - 1)).toBe("not");
    expect(t.push("w", 300 + 2 * TYPEAHEAD_MS + 1)).toBe("w");
  });
});

describe("row cache", () => {
  it("fetches a page once, by window, and keeps a bounded number", async () => {
    const asked: number[] = [];
    const total = PAGE * 100;
    const c = new RowCache(async (offset, limit) => {
      asked.push(offset);
      return { total, rows: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => row(`/f${offset + i}`)) };
    });
    await Promise.all([c.ensure(0, 10), c.ensure(5, PAGE + 1)]);
    expect(asked).toEqual([0, PAGE]);
    expect(c.row(PAGE)?.path).toBe(`/f${PAGE}`);
    expect(c.row(PAGE * 3)).toBeUndefined();
    for (let p = 0; p < 100; p++) await c.ensure(p * PAGE, p * PAGE + 1);
    expect(c.row(0)).toBeUndefined(); // dropped, far from the last asked
    expect(c.row(PAGE * 99 + 5)?.path).toBe(`/f${PAGE * 99 + 5}`);
  });
});

describe("attributes", () => {
  it("reads as Explorer's letters", () => {
    expect(attributeLetters(0x21)).toBe("RA");
    expect(attributeLetters(0x16)).toBe("HSD");
    expect(attributeLetters(0x420)).toBe("AL");
    expect(attributeLetters(0)).toBe("");
  });
});

describe("CSV", () => {
  it("quotes per RFC 4180", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvCell(12)).toBe("12");
  });
  it("defuses formulas in hostile names", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("/a=b")).toBe("/a=b");
  });
  it("writes a header and a line per row; hostile paths stay one cell", async () => {
    const chunks: string[] = [];
    const rows = [row("/Windows/a.txt"), row('/x/=cmd|"/c calc"!A0,\r\nevil', { sha1: undefined, size: undefined })];
    const n = await exportListing("csv", async (offset, limit) => ({ total: 2, rows: rows.slice(offset, offset + limit) }), {
      write: async (s) => void chunks.push(s),
      close: async () => {},
    }, undefined, 1);
    expect(n).toBe(2);
    const text = chunks.join("");
    expect(text).toBe(
      "path,size,stored,created,modified,accessed,attributes,sha1\r\n" +
        "/Windows/a.txt,10,4,2020-01-02T03:04:05Z,2021-01-02T03:04:05.1234567Z,2022-01-02T03:04:05Z,READONLY ARCHIVE,da39a3ee5e6b4b0d3255bfef95601890afd80709\r\n" +
        '"/x/=cmd|""/c calc""!A0,\r\nevil",0,4,2020-01-02T03:04:05Z,2021-01-02T03:04:05.1234567Z,2022-01-02T03:04:05Z,READONLY ARCHIVE,\r\n',
    );
    expect(chunks.length).toBe(4); // head, a page per row, tail ("")
  });
  it("aborts the sink when a page cannot be had", async () => {
    let aborted = false;
    let closed = false;
    const failing = exportListing("csv", async () => Promise.reject(new Error("engine died")), {
      write: async () => {},
      close: async () => void (closed = true),
      abort: async () => void (aborted = true),
    });
    await expect(failing).rejects.toThrow("engine died");
    expect([aborted, closed]).toEqual([true, false]);
  });
  it("writes JSON that parses back, page by page", async () => {
    const rows = [row("/a"), row("/b\u202e"), row("/c")];
    let text = "";
    await exportListing("json", async (offset, limit) => ({ total: 3, rows: rows.slice(offset, offset + limit) }), {
      write: async (s) => void (text += s),
      close: async () => {},
    }, undefined, 2);
    const back = JSON.parse(text);
    expect(back.map((r: { path: string }) => r.path)).toEqual(["/a", "/b\u202e", "/c"]);
    expect(back[0]).toEqual({ path: "/a", size: 10, stored: 4, created: "2020-01-02T03:04:05Z", modified: "2021-01-02T03:04:05.1234567Z", accessed: "2022-01-02T03:04:05Z", attributes: "READONLY ARCHIVE", sha1: "da39a3ee5e6b4b0d3255bfef95601890afd80709" });
    expect(encoder("json").page([], true)).toBe("");
    let empty = "";
    await exportListing("json", async () => ({ total: 0, rows: [] }), { write: async (s) => void (empty += s), close: async () => {} });
    expect(JSON.parse(empty)).toEqual([]);
  });
});
