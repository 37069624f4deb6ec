import { describe, expect, it } from "vitest";
import type { WindowsReport } from "./protocol";
import { holdsNoWindows, rowMatches, sourceText, versionLine } from "./windows-view";

const field = (name: string, value: string) => ({ name, value, source: { file: "Windows\\System32\\config\\SOFTWARE" } });

describe("versionLine", () => {
  it("says the display version and the build, as Settings does", () => {
    const rep = { version: { fields: [field("DisplayVersion", "23H2"), field("UBR", "4460")], build: "22631.4460" } } as WindowsReport;
    expect(versionLine(rep)).toBe("23H2 · build 22631.4460");
  });
  it("falls back to ReleaseId, and to what there is", () => {
    expect(versionLine({ version: { fields: [field("ReleaseId", "1809")], build: "17763" } } as WindowsReport)).toBe("1809 · build 17763");
    expect(versionLine({ version: { fields: [], build: "" } } as unknown as WindowsReport)).toBe("");
  });
});

describe("rowMatches", () => {
  const row = ["Package_for_KB5031455~31bf3856ad364e35~amd64~~22621.2506.1.7", "installed", "KB5031455"];
  it("finds every word in some cell, case ignored", () => {
    expect(rowMatches(row, "kb5031455 INSTALLED")).toBe(true);
    expect(rowMatches(row, "amd64 staged")).toBe(false);
    expect(rowMatches(row, "  ")).toBe(true);
  });
});

describe("sourceText", () => {
  it("joins what is known of a source", () => {
    expect(sourceText({ file: "Windows\\System32\\config\\SOFTWARE", key: "Microsoft\\Windows NT\\CurrentVersion", value: "UBR" })).toBe(
      "Windows\\System32\\config\\SOFTWARE › Microsoft\\Windows NT\\CurrentVersion › UBR",
    );
  });
});

describe("holdsNoWindows", () => {
  const none = {
    version: { fields: [], build: "" },
    languages: { installed: [], fields: [], default: "", source: { file: "" } },
    architecture: { arch: "", files: [{ path: "Windows\\System32\\kernel32.dll", present: false }] },
    boot: { files: [{ path: "Windows\\Boot\\EFI\\bootmgfw.efi", present: false }] },
    winre: { path: "", present: false, size: 0, image: 0, build: "", fields: [] },
  } as unknown as WindowsReport;
  it("is said when none of the files is there", () => expect(holdsNoWindows(none)).toBe(true));
  it("is not said when one is, even unreadable", () => {
    expect(holdsNoWindows({ ...none, boot: { files: [{ path: "Windows\\Boot\\EFI\\bootmgfw.efi", present: true }] } })).toBe(false);
    expect(holdsNoWindows({ ...none, version: { fields: [field("UBR", "1")], build: "" } })).toBe(false);
  });
});
