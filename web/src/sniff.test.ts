import { describe, expect, it } from "vitest";
import { decodeText, imageType, isWim, textEncoding } from "./sniff";

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
