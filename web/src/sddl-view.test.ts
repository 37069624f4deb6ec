import { describe, expect, it } from "vitest";
import type { ACE } from "./protocol";
import { aceKey, aclNote, aclRows, changedAces, typeLabel } from "./sddl-view";

// ACEs as core/view sends them (its Go tests check the words against the
// SDDL; here, how the page lays them out).
const TI = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
const aces: ACE[] = [
  { type: "deny", flags: ["inherited"], principal: { sid: "S-1-1-0", name: "Everyone" }, mask: "0x120116", rights: ["Write"] },
  { type: "allow", flags: ["files inherit", "folders inherit"], principal: { sid: TI, name: "NT SERVICE\\TrustedInstaller" }, mask: "0x1f01ff", rights: ["Full control"] },
  { type: "allow", principal: { sid: "S-1-2-3" }, mask: "0x10003", rights: ["read data / list folder", "write data / add file", "delete"] },
  { type: "0x16", flags: ["files inherit"] },
];

describe("aclRows", () => {
  it("lays out type, rights and inheritance in words, and no optional column when no ACE needs one", () => {
    const { headers, rows } = aclRows(aces);
    expect(headers).toEqual(["Type", "Principal", "Rights", "Inheritance"]);
    expect(rows.map((r) => r.cells)).toEqual([
      ["Deny", "Write", "inherited"],
      ["Allow", "Full control", "files inherit, folders inherit"],
      ["Allow", "read data / list folder, write data / add file, delete", ""],
      ["0x16", "", "files inherit"],
    ]);
    expect(rows[1].ace.principal?.sid).toBe(TI);
  });

  it("adds a column for conditions, claims and object types, and keeps them whole", () => {
    const cond = '((@USER.Title == "PM)(;") && (Member_of {SID(BA)}))';
    const { headers, rows } = aclRows([
      { type: "allow conditional", principal: { sid: "S-1-1-0", name: "Everyone" }, mask: "0x1f01ff", rights: ["Full control"], condition: cond },
      { type: "allow object", principal: { sid: "S-1-5-11" }, mask: "0x100", rights: ["write attributes"], objectType: "02579902-d046-9a11-8000-aa00404f80be" },
      { type: "resource attribute", flags: ["folders inherit"], principal: { sid: "S-1-1-0" }, mask: "0x0", attribute: '("Project",TS,0x0,"Windows")' },
    ]);
    expect(headers).toEqual(["Type", "Principal", "Rights", "Inheritance", "Object type", "Condition", "Attribute"]);
    expect(rows.map((r) => r.cells)).toEqual([
      ["Allow conditional", "Full control", "", "", cond, ""],
      ["Allow object", "write attributes", "", "02579902-d046-9a11-8000-aa00404f80be", "", ""],
      ["Resource attribute", "", "folders inherit", "", "", '("Project",TS,0x0,"Windows")'],
    ]);
  });
});

describe("labels", () => {
  it("capitalizes types and says what an ACL's flags mean", () => {
    expect(typeLabel("mandatory label")).toBe("Mandatory label");
    expect(typeLabel("0x16")).toBe("0x16");
    expect(aclNote({ protected: true, autoInherited: true })).toBe("protected (does not inherit), auto-inherited");
    expect(aclNote({ autoInheritRequired: true })).toBe("auto-inherit required");
    expect(aclNote({ null: true })).toBe("");
  });
});

describe("changedAces", () => {
  it("marks the ACEs one side has and the other has not, by what they grant", () => {
    const old = { aces: [aces[0], aces[1]] };
    const neu = { aces: [aces[1], { ...aces[0], mask: "0x1f01ff", rights: ["Full control"] }] };
    expect([...changedAces(old, neu)]).toEqual([aceKey(aces[0])]);
    expect([...changedAces(neu, old)]).toEqual([aceKey(neu.aces[1])]);
    expect(changedAces(old, old).size).toBe(0);
    // A side without the ACL: every ACE of the other is a change.
    expect(changedAces(old, undefined).size).toBe(2);
  });
});
