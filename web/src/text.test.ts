import { describe, expect, it } from "vitest";
import { hasInvisible, marker, pieces, safeFileName, visible } from "./text";

describe("visible", () => {
  it("leaves ordinary names alone, markup included", () => {
    for (const s of ["notepad.exe", "<img src=x onerror=alert(1)>", "Café.txt", "שלום.txt", "file-😀.txt", "a b"]) {
      expect(visible(s)).toBe(s);
      expect(hasInvisible(s)).toBe(false);
    }
  });
  it("spells out bidi overrides, zero-width and control characters", () => {
    expect(visible("invoice\u202etxt.exe")).toBe("invoice⟨U+202E⟩txt.exe");
    expect(visible("zero\u200bwidth\u200djoiner")).toBe("zero⟨U+200B⟩width⟨U+200D⟩joiner");
    expect(visible("tab\there\nnl\u0000")).toBe("tab⟨U+0009⟩here⟨U+000A⟩nl⟨U+0000⟩");
    expect(visible("\ufeffbom\u00a0nbsp\u2066iso\u2069")).toBe("⟨U+FEFF⟩bom⟨U+00A0⟩nbsp⟨U+2066⟩iso⟨U+2069⟩");
    expect(visible("hangul\u3164filler")).toBe("hangul⟨U+3164⟩filler");
    expect(hasInvisible("x\u202ey")).toBe(true);
  });
  it("names code points beyond the BMP with all their digits", () => {
    expect(marker("\u{e0041}")).toBe("⟨U+E0041⟩");
    expect(visible("tag\u{e0041}")).toBe("tag⟨U+E0041⟩");
  });
});

describe("pieces", () => {
  it("splits into plain and marked runs", () => {
    expect(pieces("a\u202eb")).toEqual([
      { text: "a", marked: false },
      { text: "⟨U+202E⟩", marked: true },
      { text: "b", marked: false },
    ]);
    expect(pieces("")).toEqual([{ text: "", marked: false }]);
    expect(pieces("\u200b")).toEqual([{ text: "⟨U+200B⟩", marked: true }]);
  });
  it("keeps line breaks and tabs of multiline text", () => {
    expect(pieces("a\r\n\tb\u202e", true).map((p) => p.text).join("")).toBe("a\r\n\tb⟨U+202E⟩");
  });
});

describe("safeFileName", () => {
  it("replaces what file systems refuse and hides nothing", () => {
    expect(safeFileName("invoice\u202etxt.exe")).toBe("invoice_txt.exe");
    expect(safeFileName("a/b\\c:d*e?.txt")).toBe("a_b_c_d_e_.txt");
    expect(safeFileName("<img src=x onerror=alert(1)>")).toBe("_img src=x onerror=alert(1)_");
    expect(safeFileName(" trailing. ")).toBe("trailing");
    expect(safeFileName("...")).toBe("download");
  });
});
