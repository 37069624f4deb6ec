import { describe, expect, it } from "vitest";
import type { WinDiff } from "./protocol";
import { winDiffCSV, winDiffRows } from "./windiff-model";

const d: WinDiff = {
  old: { image: 1, build: "19045.3803" },
  new: { image: 2, build: "19045.4170" },
  version: [{ name: "UBR", old: "3803", new: "4170" }],
  packages: [{ kind: "changed", name: "OpenSSH", kb: "777778", oldState: "staged", newState: "installed" }],
  drivers: [],
  services: [
    { kind: "changed", name: "wuauserv", oldStart: "manual", newStart: "disabled" },
    { kind: "added", name: "flt", newStart: "system", newType: "file system driver", newImagePath: "flt.sys" },
  ],
  apps: [],
  boot: [
    {
      path: "Windows\\Boot\\EFI\\bootmgfw.efi",
      old: { path: "b", present: true, signers: [{ signer: "P", issuer: "CA 2011", digest: "SHA-256", nested: false }] },
      new: { path: "b", present: true, signers: [{ signer: "P", issuer: "CA 2023", digest: "SHA-256", nested: false }] },
    },
  ],
  winre: [],
  files: { changes: [{ path: "/Windows/System32/ntdll.dll", old: "10.0.22621.4317", new: "10.0.22621.4460" }], checked: 1, limit: 5000, omitted: 0 },
  registry: [
    {
      hive: "SYSTEM",
      file: "f",
      identical: false,
      changes: [{ kind: "value-changed", key: "HKLM\\SYSTEM\\X", value: "=cmd", oldType: "REG_SZ", old: "a,b", newType: "REG_SZ", new: 'say "hi"' }],
      total: 1,
      limit: 5000,
      keys: 3,
      problems: [],
    },
  ],
  problems: [],
};

describe("winDiffRows", () => {
  it("lists only what changed, one row a change, old → new", () => {
    const rows = winDiffRows(d);
    expect(rows.map((r) => r.section)).toEqual(["Version", "Packages", "Services", "Services", "Boot files", "PE file versions", "Registry"]);
    expect(rows[2]).toMatchObject({ item: "wuauserv", old: "manual", new: "disabled", detail: "start" });
    expect(rows[3]).toMatchObject({ kind: "added", item: "flt", old: "", new: "system", detail: "file system driver · flt.sys" });
    expect(rows[4]).toMatchObject({ old: "P (CA 2011)", new: "P (CA 2023)", detail: "signers" });
    expect(rows[5]).toMatchObject({ old: "10.0.22621.4317", new: "10.0.22621.4460" });
  });
});

describe("winDiffCSV", () => {
  it("quotes and defuses hostile cells", () => {
    const csv = winDiffCSV(d).split("\r\n");
    expect(csv[0]).toBe("section,kind,item,old,new,detail");
    expect(csv[7]).toBe(`Registry,value-changed,HKLM\\SYSTEM\\X › =cmd,"REG_SZ a,b","REG_SZ say ""hi""",SYSTEM`);
  });
});
