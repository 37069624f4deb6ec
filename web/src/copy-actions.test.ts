import { describe, expect, it } from "vitest";
import { contentSha1, windowsPath } from "./copy-actions";
import type { Details } from "./protocol";

describe("path forms", () => {
  it("writes the Windows form with backslashes and keeps the POSIX one", () => {
    expect(windowsPath("/Windows/System32/kernel32.dll")).toBe("\\Windows\\System32\\kernel32.dll");
    expect(windowsPath("/")).toBe("\\");
    expect(windowsPath("/Program Files/a b/c&d#e")).toBe("\\Program Files\\a b\\c&d#e");
  });
});

describe("contentSha1", () => {
  const d = (streams: Partial<Details["streams"][number]>[]) => ({ streams }) as unknown as Details;
  it("is the unnamed data stream's, none for a folder or an empty file", () => {
    const h = "a".repeat(40);
    expect(contentSha1(d([{ name: "alt", type: "data", sha1: "b".repeat(40) }, { name: "", type: "data", sha1: h }]))).toBe(h);
    expect(contentSha1(d([{ name: "", type: "data", sha1: "0".repeat(40) }]))).toBeNull();
    expect(contentSha1(d([{ name: "", type: "reparse", sha1: h }]))).toBeNull();
    expect(contentSha1(d([]))).toBeNull();
  });
});
