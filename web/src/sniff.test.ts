import { describe, expect, it } from "vitest";
import { autoMode, autoModeLabel, decodeText, imageType, isWim, textEncoding } from "./sniff";

describe("sniffing", () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it("knows image types by magic", () => {
    expect(imageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(imageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(imageType(new TextEncoder().encode("RIFF....WEBPVP8 "))).toBe("image/webp");
    expect(imageType(new TextEncoder().encode("RIFF....WAVEfmt "))).toBeUndefined();
    expect(imageType(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeUndefined();
  });
  it("tells text encodings from binary", () => {
    expect(textEncoding(new TextEncoder().encode("plain text\r\n"))).toBe("utf-8");
    expect(textEncoding(new TextEncoder().encode("Café ✓"))).toBe("utf-8");
    expect(textEncoding(bytes(0xff, 0xfe, 0x41, 0))).toBe("utf-16le");
    expect(textEncoding(bytes(0xfe, 0xff, 0, 0x41))).toBe("utf-16be");
    const utf16 = new Uint8Array([..."[Version]\r\nSignature"].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(textEncoding(utf16)).toBe("utf-16le");
    expect(decodeText(utf16, "utf-16le")).toBe("[Version]\r\nSignature");
    expect(textEncoding(bytes(0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0))).toBeUndefined();
    // A multi-byte character cut at the end of the sample is still text.
    expect(textEncoding(new TextEncoder().encode("abc✓").subarray(0, 5))).toBe("utf-8");
  });
  it("knows a WIM by its magic, pipable too", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(isWim(enc("MSWIM\0\0\0\xd0"))).toBe(true);
    expect(isWim(enc("WLPWM\0\0\0"))).toBe(true);
    expect(isWim(enc("MSWIM\0\0"))).toBe(false);
    expect(isWim(enc("MSWIMxxx"))).toBe(false);
    expect(isWim(enc(""))).toBe(false);
  });
});

describe("Auto's choice", () => {
  const cap = 1024;
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const utf16 = new Uint8Array([..."C:\\Windows\\System32"].flatMap((c) => [c.charCodeAt(0), 0]));
  // A symbolic link's reparse data: tag, lengths, then UTF-16 names.
  const symlink = new Uint8Array([0x0c, 0, 0, 0xa0, 0x40, 0, 0, 0, 0, 0, 0x20, 0, 0x20, 0, 0x20, 0, 0, 0, 0, 0, ...utf16]);
  it("draws images the browser can, up to the cap", () => {
    expect(autoMode(png, 100, cap)).toBe("image");
    expect(autoMode(png, cap + 1, cap)).toBe("hex");
  });
  it("shows text in the encoding it seems to use, and says which", () => {
    expect(autoMode(new TextEncoder().encode("hello\n"), 6, cap)).toBe("utf-8");
    expect(autoMode(utf16, utf16.length, cap)).toBe("utf-16le");
    expect(autoModeLabel("utf-16le")).toBe("as UTF-16LE text");
    expect(autoModeLabel("utf-8")).toBe("as UTF-8 text");
    expect(autoModeLabel("hex")).toBe("as hex");
  });
  it("shows a reparse point's data as hex, though its names look like UTF-16 text", () => {
    expect(autoMode(utf16, utf16.length, cap, true)).toBe("hex");
    expect(autoMode(symlink, symlink.length, cap, true)).toBe("hex");
  });
  it("shows UTF-16BE and binary data as hex", () => {
    expect(autoMode(new Uint8Array([0xfe, 0xff, 0, 0x41]), 4, cap)).toBe("hex");
    expect(autoMode(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]), 16, cap)).toBe("hex");
  });
});
