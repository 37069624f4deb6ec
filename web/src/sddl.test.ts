import { describe, expect, it } from "vitest";
import { aceFlagNames, aceTypeName, parseSddl, rightsNames, sidName } from "./sddl";

const TI = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";

describe("parseSddl", () => {
  it("reads owner, group and a protected DACL", () => {
    const d = parseSddl("O:SYG:SYD:P(A;OICI;FA;;;BA)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)");
    expect(d.owner).toBe("SY");
    expect(d.group).toBe("SY");
    expect(d.dacl?.flags).toEqual(["P"]);
    expect(d.dacl?.aces.map((a) => [a.type, a.flags.join(","), a.rights, a.sid])).toEqual([
      ["A", "OI,CI", "FA", "BA"],
      ["A", "OI,CI,IO", "GA", "CO"],
      ["A", "OI,CI", "0x1200a9", "BU"],
    ]);
  });

  it("reads full SIDs, which hold no alias-like break", () => {
    const d = parseSddl(`O:${TI}G:${TI}D:PAI(A;;FA;;;${TI})(A;;0x1301bf;;;SY)`);
    expect(d.owner).toBe(TI);
    expect(d.group).toBe(TI);
    expect(d.dacl?.flags).toEqual(["P", "AI"]);
    expect(d.dacl?.aces[0].sid).toBe(TI);
    expect(parseSddl("O:S-1-0x0000000000ff-5G:BA").owner).toBe("S-1-0x0000000000ff-5");
  });

  it("reads SACLs, object ACEs, and NULL and empty DACLs", () => {
    const d = parseSddl("O:SYG:SYD:P(A;OICI;FA;;;SY)S:P(AU;OICISAFA;FA;;;WD)(ML;;NW;;;HI)");
    expect(d.sacl?.aces.map((a) => [a.type, a.flags.join(","), a.sid])).toEqual([
      ["AU", "OI,CI,SA,FA", "WD"],
      ["ML", "", "HI"],
    ]);
    const o = parseSddl("O:BAG:BAD:(OA;;CR;02579902-d046-9a11-8000-aa00404f80be;;AU)");
    expect(o.dacl?.aces[0].objectType).toBe("02579902-d046-9a11-8000-aa00404f80be");
    expect(parseSddl("O:WDG:WD").dacl).toBeUndefined();
    expect(parseSddl("O:BAG:BAD:P").dacl).toEqual({ flags: ["P"], nullAcl: false, aces: [] });
    expect(parseSddl("D:NO_ACCESS_CONTROL").dacl?.nullAcl).toBe(true);
  });

  it("keeps conditions whole, parentheses and quoted text included", () => {
    const raw = '(XA;;FA;;;WD;(@User.Title == "PM)(;" && (Member_of {SID(BA)})))';
    const d = parseSddl(`D:${raw}(A;;FR;;;BU)`);
    expect(d.dacl?.aces).toHaveLength(2);
    expect(d.dacl?.aces[0].raw).toBe(raw);
    expect(d.dacl?.aces[0].sid).toBe("WD");
    expect(d.dacl?.aces[0].extra).toBe('(@User.Title == "PM)(;" && (Member_of {SID(BA)}))');
  });

  it("fails clearly on what it cannot read", () => {
    expect(() => parseSddl("O:")).toThrow(/character 2/);
    expect(() => parseSddl("D:(A;;FA;;;BA")).toThrow(/not closed/);
    expect(() => parseSddl("X:BA")).toThrow(/unexpected/);
  });
});

describe("names", () => {
  it("names types, flags, rights and SIDs", () => {
    expect(aceTypeName("A")).toBe("Allow");
    expect(aceTypeName("D")).toBe("Deny");
    expect(aceTypeName("0x15")).toBe("0x15");
    expect(aceFlagNames(["OI", "CI", "ID"])).toEqual(["files inherit", "folders inherit", "inherited"]);
    expect(rightsNames("FA")).toEqual(["Full control"]);
    expect(rightsNames("0x1200a9")).toEqual(["Read & execute"]);
    expect(rightsNames("0x1301bf")).toEqual(["Modify"]);
    expect(rightsNames("GXGR")).toEqual(["generic execute", "generic read"]);
    expect(rightsNames("0x10003")).toEqual(["read data / list folder", "write data / add file", "delete"]);
    expect(rightsNames("0x200")).toEqual(["0x200"]);
    expect(sidName("BA")).toBe("Administrators");
    expect(sidName(TI)).toBe("NT SERVICE\\TrustedInstaller");
    expect(sidName("S-1-5-21-1-2-3-500")).toBe("Administrator");
    expect(sidName("S-1-5-21-1-2-3-1001")).toMatch(/account 1001/);
    expect(sidName("S-1-2-3")).toBe("");
  });
});
