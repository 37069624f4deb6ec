// Reads the SDDL text core/sddl prints (as Windows does) into a table of
// ACEs with readable names, for the details pane. The text itself comes
// from a file in the WIM, so parsing never trusts it: anything it cannot
// follow is kept raw rather than guessed at.

export interface Ace {
  raw: string; // the ACE as written, parentheses included
  type: string; // SDDL type: A, D, AU, ML, ...
  flags: string[]; // SDDL flags: OI, CI, ID, ...
  rights: string; // SDDL rights: FA, 0x1200a9, CCDC...
  objectType: string;
  inheritedObjectType: string;
  sid: string; // alias (BA) or S-1-... string
  extra: string; // condition or claim of callback and attribute ACEs
}

export interface Acl {
  flags: string[]; // P, AR, AI
  nullAcl: boolean; // NO_ACCESS_CONTROL: everyone may do anything
  aces: Ace[];
}

export interface Sddl {
  owner?: string;
  group?: string;
  dacl?: Acl;
  sacl?: Acl;
}

const SID_RE = /^(?:S-\d+-(?:0x[0-9a-fA-F]{12}|\d+)(?:-\d+)*|[A-Z]{2})/;

/** Parses SDDL; throws an Error naming the position it could not read. */
export function parseSddl(s: string): Sddl {
  const out: Sddl = {};
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`cannot read SDDL at character ${i}: ${why}`);
  };
  while (i < s.length) {
    const key = s.slice(i, i + 2);
    i += 2;
    if (key === "O:" || key === "G:") {
      const m = SID_RE.exec(s.slice(i)) ?? fail("expected a SID");
      if (key === "O:") out.owner = m[0];
      else out.group = m[0];
      i += m[0].length;
    } else if (key === "D:" || key === "S:") {
      const acl: Acl = { flags: [], nullAcl: false, aces: [] };
      for (let m; (m = /^(P|AR|AI)/.exec(s.slice(i))); i += m[0].length) acl.flags.push(m[0]);
      if (s.startsWith("NO_ACCESS_CONTROL", i)) {
        acl.nullAcl = true;
        i += "NO_ACCESS_CONTROL".length;
      }
      while (s[i] === "(") {
        const end = closing(s, i) ?? fail("an ACE is not closed");
        acl.aces.push(parseAce(s.slice(i, end + 1)));
        i = end + 1;
      }
      if (key === "D:") out.dacl = acl;
      else out.sacl = acl;
    } else {
      i -= 2;
      fail(`unexpected "${key}"`);
    }
  }
  return out;
}

/** The index of the ")" closing the "(" at start, skipping nested
 * parentheses and string literals of conditions. */
function closing(s: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      const q = s.indexOf('"', i + 1);
      if (q < 0) return undefined;
      i = q;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return undefined;
}

function parseAce(raw: string): Ace {
  const body = raw.slice(1, -1);
  // The first five ';' split the fixed fields; the rest is the SID and
  // whatever condition or claim follows it (which may hold ';' itself).
  const fields: string[] = [];
  let at = 0;
  for (let k = 0; k < 5; k++) {
    const j = body.indexOf(";", at);
    if (j < 0) break;
    fields.push(body.slice(at, j));
    at = j + 1;
  }
  const rest = body.slice(at);
  const semi = rest.indexOf(";");
  const [type = "", flags = "", rights = "", objectType = "", inheritedObjectType = ""] = fields;
  return {
    raw,
    type,
    flags: flags.match(/../g) ?? [],
    rights,
    objectType,
    inheritedObjectType,
    sid: semi < 0 ? rest : rest.slice(0, semi),
    extra: semi < 0 ? "" : rest.slice(semi + 1),
  };
}

const ACE_TYPES: Record<string, string> = {
  A: "Allow",
  D: "Deny",
  AU: "Audit",
  AL: "Alarm",
  OA: "Allow (object)",
  OD: "Deny (object)",
  OU: "Audit (object)",
  OL: "Alarm (object)",
  XA: "Allow (conditional)",
  XD: "Deny (conditional)",
  ZA: "Allow (conditional object)",
  XU: "Audit (conditional)",
  ML: "Integrity label",
  RA: "Resource attribute",
  SP: "Scoped policy",
  TL: "Trust label",
  FL: "Access filter",
};

const ACE_FLAGS: Record<string, string> = {
  OI: "files inherit",
  CI: "folders inherit",
  NP: "no propagation",
  IO: "inherit only",
  ID: "inherited",
  SA: "audit success",
  FA: "audit failure",
  CR: "critical",
  TP: "trust protected",
};

// Whole masks with a name of their own, as the Windows security dialog
// names them.
const RIGHTS_ALIASES: Record<string, string> = {
  FA: "Full control",
  FR: "Read",
  FW: "Write",
  FX: "Read & execute",
  "0x1301bf": "Modify",
  "0x1200a9": "Read & execute",
  KA: "Full control (registry)",
  KR: "Read (registry)",
  KW: "Write (registry)",
  GA: "Generic all",
  GR: "Generic read",
  GW: "Generic write",
  GX: "Generic execute",
};

// File meanings of the two-letter rights, which SDDL borrows from the
// directory service.
const RIGHTS_CODES: Record<string, string> = {
  CC: "read data / list folder",
  DC: "write data / add file",
  LC: "append data / add folder",
  SW: "read extended attributes",
  RP: "write extended attributes",
  WP: "execute / traverse",
  DT: "delete child",
  LO: "read attributes",
  CR: "write attributes",
  SD: "delete",
  RC: "read permissions",
  WD: "change permissions",
  WO: "take ownership",
  GA: "generic all",
  GX: "generic execute",
  GW: "generic write",
  GR: "generic read",
  NW: "no write up",
  NR: "no read up",
  NX: "no execute up",
};

// Bit meanings of a hex mask on a file or folder.
const MASK_BITS: [number, string][] = [
  [0x1, "read data / list folder"],
  [0x2, "write data / add file"],
  [0x4, "append data / add folder"],
  [0x8, "read extended attributes"],
  [0x10, "write extended attributes"],
  [0x20, "execute / traverse"],
  [0x40, "delete child"],
  [0x80, "read attributes"],
  [0x100, "write attributes"],
  [0x10000, "delete"],
  [0x20000, "read permissions"],
  [0x40000, "change permissions"],
  [0x80000, "take ownership"],
  [0x100000, "synchronize"],
  [0x1000000, "access system security"],
  [0x10000000, "generic all"],
  [0x20000000, "generic execute"],
  [0x40000000, "generic write"],
  [0x80000000, "generic read"],
];

const SIDS: Record<string, string> = {
  WD: "Everyone",
  CO: "CREATOR OWNER",
  CG: "CREATOR GROUP",
  OW: "OWNER RIGHTS",
  NU: "NETWORK",
  IU: "INTERACTIVE",
  SU: "SERVICE",
  AN: "ANONYMOUS LOGON",
  ED: "ENTERPRISE DOMAIN CONTROLLERS",
  PS: "SELF",
  AU: "Authenticated Users",
  RC: "RESTRICTED",
  SY: "SYSTEM",
  LS: "LOCAL SERVICE",
  NS: "NETWORK SERVICE",
  WR: "WRITE RESTRICTED",
  BA: "Administrators",
  BU: "Users",
  BG: "Guests",
  PU: "Power Users",
  AO: "Account Operators",
  SO: "Server Operators",
  PO: "Print Operators",
  BO: "Backup Operators",
  RE: "Replicator",
  RU: "Pre-Windows 2000 Compatible Access",
  RD: "Remote Desktop Users",
  NO: "Network Configuration Operators",
  MU: "Performance Monitor Users",
  LU: "Performance Log Users",
  IS: "IIS_IUSRS",
  CY: "Cryptographic Operators",
  ER: "Event Log Readers",
  CD: "Certificate Service DCOM Access",
  RA: "RDS Remote Access Servers",
  ES: "RDS Endpoint Servers",
  MS: "RDS Management Servers",
  HA: "Hyper-V Administrators",
  AA: "Access Control Assistance Operators",
  RM: "Remote Management Users",
  UD: "User-Mode Drivers",
  AC: "ALL APPLICATION PACKAGES",
  LW: "Low integrity",
  ME: "Medium integrity",
  MP: "Medium Plus integrity",
  HI: "High integrity",
  SI: "System integrity",
  AS: "Authentication authority asserted identity",
  SS: "Service asserted identity",
  "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464": "NT SERVICE\\TrustedInstaller",
  "S-1-15-2-2": "ALL RESTRICTED APPLICATION PACKAGES",
  "S-1-5-32-562": "Distributed COM Users",
  "S-1-5-32-583": "Device Owners",
};

// Relative IDs of a machine's or domain's own accounts (S-1-5-21-…-RID).
const DOMAIN_RIDS: Record<string, string> = {
  "500": "Administrator",
  "501": "Guest",
  "503": "DefaultAccount",
  "504": "WDAGUtilityAccount",
  "512": "Domain Admins",
  "513": "Domain Users",
};

export function aceTypeName(t: string): string {
  return ACE_TYPES[t] ?? t;
}

export function aceFlagNames(flags: string[]): string[] {
  return flags.map((f) => ACE_FLAGS[f] ?? f);
}

/** The rights an ACE grants, in words. */
export function rightsNames(rights: string): string[] {
  if (RIGHTS_ALIASES[rights]) return [RIGHTS_ALIASES[rights]];
  if (/^0x[0-9a-f]+$/i.test(rights)) {
    const mask = Number.parseInt(rights, 16);
    const names = MASK_BITS.filter(([bit]) => (mask & bit) >>> 0 === bit).map(([, n]) => n);
    const known = MASK_BITS.reduce((m, [bit]) => m | bit, 0) >>> 0;
    const unknown = (mask & ~known) >>> 0;
    if (unknown) names.push(`0x${unknown.toString(16)}`);
    return names;
  }
  return (rights.match(/../g) ?? []).map((c) => RIGHTS_CODES[c] ?? c);
}

/** A SID's name when well known, else "" (the SID string says the rest). */
export function sidName(sid: string): string {
  if (SIDS[sid]) return SIDS[sid];
  const m = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid);
  if (m) return DOMAIN_RIDS[m[1]] ?? `account ${m[1]} of a machine or domain`;
  if (/^S-1-5-80-/.test(sid)) return "a service (NT SERVICE\\…)";
  if (/^S-1-15-3-/.test(sid)) return "an app capability";
  return "";
}
