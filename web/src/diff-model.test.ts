import { describe, expect, it } from "vitest";
import { csvField, diffCSV, diffJSON, filterChanges, inFolder, likelyOther } from "./diff-model";
import type { Change, ChangeKind, Compared } from "./protocol";

const change = (kind: ChangeKind, path: string, extra: Partial<Change> = {}): Change => ({ kind, path, dir: false, sizeDelta: 0, ...extra });

const compared: Compared = {
  summary: { added: 1, deleted: 1, modified: 1, renamed: 1, bytesAdded: 0, bytesRemoved: 0 },
  byFolder: {},
  changes: [
    change("A", "/Windows/new.dll"),
    change("D", "/Windows2/old.txt"),
    change("M", "/boot.ini"),
    change("R", "/Users/b.txt", { oldPath: "/Windows/a.txt" }),
  ],
  nodes: [
    [-1, 5],
    [3, -1],
    [1, 1],
    [7, 8],
  ],
};

describe("filters", () => {
  it("places paths in top-level folders", () => {
    expect(inFolder("/Windows/x", "/Windows")).toBe(true);
    expect(inFolder("/Windows", "/Windows")).toBe(true);
    expect(inFolder("/Windows2/x", "/Windows")).toBe(false);
    expect(inFolder("/boot.ini", "/")).toBe(true);
    expect(inFolder("/Windows/x", "/")).toBe(false);
    expect(inFolder("/anything/at/all", "")).toBe(true);
  });
  it("keeps the kinds and the folder asked for", () => {
    const all = new Set<ChangeKind>(["A", "D", "M", "R"]);
    expect(filterChanges(compared, all, "")).toEqual([0, 1, 2, 3]);
    expect(filterChanges(compared, new Set<ChangeKind>(["A", "R"]), "")).toEqual([0, 3]);
    expect(filterChanges(compared, all, "/Windows")).toEqual([0]); // a rename counts where it went
    expect(filterChanges(compared, all, "/")).toEqual([2]);
    expect(filterChanges(compared, new Set<ChangeKind>(), "")).toEqual([]);
  });
});

describe("export", () => {
  it("escapes CSV fields", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1,2")).toBe(`"'-1,2"`);
    expect(csvField(-42)).toBe("-42"); // numbers are not formulas
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("true");
  });
  it("writes one row per change", () => {
    const rows = diffCSV(compared.changes).split("\r\n");
    expect(rows[0]).toBe("kind,path,oldPath,dir,reasons,sizeDelta,oldSize,newSize,oldSha1,newSha1,oldSddl,newSddl");
    expect(rows[4]).toBe("R,/Users/b.txt,/Windows/a.txt,false,,0,,,,,,");
    expect(rows).toHaveLength(6); // header, 4 changes, and the final line end
  });
  it("leaves the node ids out of JSON", () => {
    const doc = JSON.parse(diffJSON(compared));
    expect(doc.nodes).toBeUndefined();
    expect(doc.changes).toHaveLength(4);
  });
});

describe("likelyOther", () => {
  const images = [{ index: 1 }, { index: 2 }, { index: 3 }];
  it("picks an image other than the one browsed", () => {
    expect(likelyOther(images.slice(0, 2), 2, false)).toBe("1:1"); // opened on its boot image, 2
    expect(likelyOther(images, 1, false)).toBe("1:2");
    expect(likelyOther(images, 3, false)).toBe("1:1");
    expect(likelyOther([{ index: 1 }], 1, false)).toBe("");
    expect(likelyOther(images, 2, true)).toBe("2:1");
  });
});
